//! The key-types pass: which type each key has, and who says so (rules 4-6).

use super::*;

impl Reconciler<'_, '_> {
    /// Keys with a table on the condition-key page: typed by it.
    pub(crate) fn key_tables(&mut self, page: &ConditionKeyPage) {
        let Reconciler { keys, .. } = self;
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
    }

    /// Deprecated keys, typed like their replacement once every table is in.
    pub(crate) fn deprecated_keys(&mut self, page: &ConditionKeyPage) {
        let page_source = self.page_source;
        let Reconciler {
            keys, diagnostics, ..
        } = self;
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
    }

    /// The dated documents' condition types, for keys the page does not table.
    pub(crate) fn database_types(&mut self) {
        let page_source = self.page_source;
        let dbs = self.dbs;
        let Reconciler {
            keys, diagnostics, ..
        } = self;
        // The database's condition types: for keys the page has no table for;
        // where both type a key and disagree, the page wins and it is reported.
        for dated in dbs.iter().rev() {
            type_from_database(dated, page_source, keys, diagnostics);
        }
    }
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
