//! Policy Sentry's CRUD template, read strictly from spanned values.

use kms_json::{Json, Spanned};

use super::{WriteCode, WriteDiagnostic};
use crate::AccessLevel;
use crate::policy::Effect;

/// One string of the template, with where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The text (never empty: `''` placeholders are dropped when read).
    pub text: String,
    /// Byte span in the template's text.
    pub span: (usize, usize),
}

/// A CRUD template, as [`super::write()`] takes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    /// `effect` (default Allow).
    pub effect: Effect,
    /// `name`, if given (not written into the policy).
    pub name: Option<String>,
    /// `read`, `write`, `list`, `tagging`, `permissions-management`: ARNs.
    pub levels: Vec<(AccessLevel, Vec<Entry>)>,
    /// `wildcard-only.single-actions`.
    pub single_actions: Vec<Entry>,
    /// `wildcard-only.service-LEVEL`: service prefixes.
    pub service_levels: Vec<(AccessLevel, Vec<Entry>)>,
    /// `skip-resource-constraints`: actions.
    pub skip_resource_constraints: Vec<Entry>,
    /// `exclude-actions`: IAM action patterns.
    pub exclude_actions: Vec<Entry>,
    /// Every string under `sts`.
    pub sts: Vec<Entry>,
    /// The span of the whole template.
    pub span: (usize, usize),
}

/// The level each level section (and `service-` list) grants.
fn level_of(section: &str) -> Option<AccessLevel> {
    Some(match section {
        "read" => AccessLevel::Read,
        "write" => AccessLevel::Write,
        "list" => AccessLevel::List,
        "tagging" => AccessLevel::Tagging,
        "permissions-management" => AccessLevel::PermissionsManagement,
        _ => return None,
    })
}

impl Template {
    /// Reads a template: `mode: crud` and the sections Policy Sentry
    /// knows, each a list of strings (`null` is an empty list). An unknown
    /// key, a key given twice, a string where a list belongs, `mode` other
    /// than `crud` or an `effect` other than Allow or Deny is a `template`
    /// error; every one is reported.
    pub fn from_document(document: &Spanned) -> Result<Template, Vec<WriteDiagnostic>> {
        let mut errors = Vec::new();
        let mut template = Template {
            effect: Effect::Allow,
            name: None,
            levels: Vec::new(),
            single_actions: Vec::new(),
            service_levels: Vec::new(),
            skip_resource_constraints: Vec::new(),
            exclude_actions: Vec::new(),
            sts: Vec::new(),
            span: (document.start, document.end),
        };
        let Some(entries) = document.as_object() else {
            return Err(vec![error(
                document,
                format!(
                    "a CRUD template is a mapping (`mode: crud`, `read: [...]`, ...), not {}",
                    document.kind()
                ),
            )]);
        };
        let mut mode = None;
        for (index, (key, _, value)) in entries.iter().enumerate() {
            if entries[..index].iter().any(|(k, _, _)| k == key) {
                errors.push(error(value, format!("`{key}` is given twice")));
                continue;
            }
            match key.as_str() {
                "mode" => mode = Some(value),
                "name" => match &value.value {
                    Json::String(s) => template.name = Some(s.clone()),
                    Json::Null => {}
                    _ => errors.push(error(value, "`name` is a string".to_string())),
                },
                "effect" => match value.as_str() {
                    Some("Allow") => template.effect = Effect::Allow,
                    Some("Deny") => template.effect = Effect::Deny,
                    _ => errors.push(error(value, "`effect` is Allow or Deny".to_string())),
                },
                "wildcard-only" => wildcard_only(value, &mut template, &mut errors),
                "skip-resource-constraints" => {
                    template.skip_resource_constraints = list(key, value, &mut errors)
                }
                "exclude-actions" => template.exclude_actions = list(key, value, &mut errors),
                "sts" => strings_under(value, &mut template.sts, &mut errors, 0),
                section => match level_of(section) {
                    Some(level) => {
                        let entries = list(key, value, &mut errors);
                        template.levels.push((level, entries));
                    }
                    None => errors.push(error(
                        value,
                        format!(
                            "unknown template key `{key}`; a CRUD template has mode, name, effect, read, write, list, tagging, permissions-management, wildcard-only, skip-resource-constraints, exclude-actions, sts"
                        ),
                    )),
                },
            }
        }
        match mode {
            Some(value) if value.as_str() == Some("crud") => {}
            Some(value) => errors.push(error(
                value,
                "`mode` is `crud`: this writer reads Policy Sentry's CRUD templates only"
                    .to_string(),
            )),
            None => errors.push(error(
                document,
                "the template has no `mode`; add `mode: crud`".to_string(),
            )),
        }
        if errors.is_empty() {
            Ok(template)
        } else {
            errors.sort();
            Err(errors)
        }
    }
}

fn error(at: &Spanned, message: String) -> WriteDiagnostic {
    WriteDiagnostic::new(WriteCode::Template, (at.start, at.end), message)
}

/// A list of strings (`null`: empty); `''` placeholders are dropped.
fn list(key: &str, value: &Spanned, errors: &mut Vec<WriteDiagnostic>) -> Vec<Entry> {
    match &value.value {
        Json::Null => Vec::new(),
        Json::Array(items) => items
            .iter()
            .filter_map(|item| match &item.value {
                Json::String(s) if s.is_empty() => None,
                Json::String(s) => Some(Entry {
                    text: s.clone(),
                    span: (item.start, item.end),
                }),
                Json::Null => None,
                _ => {
                    errors.push(error(
                        item,
                        format!("`{key}` lists strings, not {}", item.kind()),
                    ));
                    None
                }
            })
            .collect(),
        _ => {
            errors.push(error(
                value,
                format!(
                    "`{key}` is a list (`{key}:` then `- ...` lines), not {}",
                    value.kind()
                ),
            ));
            Vec::new()
        }
    }
}

fn wildcard_only(value: &Spanned, template: &mut Template, errors: &mut Vec<WriteDiagnostic>) {
    if matches!(value.value, Json::Null) {
        return;
    }
    let Some(entries) = value.as_object() else {
        errors.push(error(
            value,
            format!(
                "`wildcard-only` is a mapping (single-actions, service-read, ...), not {}",
                value.kind()
            ),
        ));
        return;
    };
    for (index, (key, _, item)) in entries.iter().enumerate() {
        if entries[..index].iter().any(|(k, _, _)| k == key) {
            errors.push(error(item, format!("`wildcard-only.{key}` is given twice")));
            continue;
        }
        if key == "single-actions" {
            template.single_actions = list(key, item, errors);
            continue;
        }
        match key.strip_prefix("service-").and_then(level_of) {
            Some(level) => {
                let entries = list(key, item, errors);
                template.service_levels.push((level, entries));
            }
            None => errors.push(error(
                item,
                format!(
                    "unknown key `wildcard-only.{key}`; it has single-actions, service-read, service-write, service-list, service-tagging, service-permissions-management"
                ),
            )),
        }
    }
}

/// Every string under `value` (`sts` is a mapping of lists in Policy
/// Sentry's templates; any shape is read, since any entry is refused).
fn strings_under(
    value: &Spanned,
    out: &mut Vec<Entry>,
    errors: &mut Vec<WriteDiagnostic>,
    depth: usize,
) {
    if depth > 8 {
        errors.push(error(value, "`sts` is nested too deeply".to_string()));
        return;
    }
    match &value.value {
        Json::String(s) if s.is_empty() => {}
        Json::String(s) => out.push(Entry {
            text: s.clone(),
            span: (value.start, value.end),
        }),
        Json::Array(items) => {
            for item in items {
                strings_under(item, out, errors, depth + 1);
            }
        }
        Json::Object(entries) => {
            for (_, _, item) in entries {
                strings_under(item, out, errors, depth + 1);
            }
        }
        _ => {}
    }
}
