//! The associations pass: which key applies to which action, and how (rules 3 and 6).

use super::*;

impl Reconciler<'_, '_> {
    /// The dated documents' resource tables: their keys apply to every action that takes the resource type, scoped to it.
    pub(crate) fn resource_table_keys(&mut self) {
        let dbs = self.dbs;
        let Reconciler {
            keys,
            associations,
            actions,
            ..
        } = self;
        // The database's resource table: its keys apply to every action that
        // takes the resource type, scoped to it.
        for dated in dbs.iter() {
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
    }

    /// Deprecated keys apply wherever their replacement does.
    pub(crate) fn deprecated_associations(&mut self, page: &ConditionKeyPage) {
        let Reconciler { associations, .. } = self;
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
    }

    /// The reconciled keys onto the actions.
    pub(crate) fn attach_keys(&mut self) {
        let page_source = self.page_source;
        let Reconciler {
            keys,
            associations,
            actions,
            diagnostics,
            ..
        } = self;
        // Attach the reconciled keys to actions.
        for (action_name, keys_of_action) in associations.iter() {
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
    }

    /// The resource types the actions take, with the dated documents' ARN formats and keys.
    pub(crate) fn resource_types(&mut self) {
        let dbs = self.dbs;
        let Reconciler {
            actions,
            resource_types,
            diagnostics,
            ..
        } = self;
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

        for dated in dbs.iter() {
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
    }
}
