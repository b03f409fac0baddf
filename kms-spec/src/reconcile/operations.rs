//! The operations pass: the condition-key page's "API operations" cells as actions (rule 2).

use super::*;

impl Reconciler<'_, '_> {
    /// The condition-key page's operation cells, expanded to actions by the service's rules.
    pub(crate) fn operation_cells(&mut self, page: &ConditionKeyPage) {
        let page_source = self.page_source;
        let rules = self.rules;
        let Reconciler {
            keys,
            associations,
            actions,
            tally,
            diagnostics,
            ..
        } = self;
        // The page's operation cells.
        for table in &page.tables {
            let family = KeyName::parse(&table.key).expect("checked").family();
            let mut operations = Vec::new();
            for cell in &table.operations {
                let operation = &cell.operation;
                tally.cells_read += 1;
                let (matched, unmatched) = rules.expand(operation, actions);
                if unmatched.is_empty() {
                    tally.cells_modelled += 1;
                } else {
                    tally.cells_reported += 1;
                    let line = cell.location.line;
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
                    association.policy_types.insert(cell.policy_type);
                }
                operations.push(KeyOperation {
                    operation: operation.clone(),
                    policy_type: cell.policy_type,
                    policy_type_text: cell.policy_type_text.clone(),
                    actions: matched,
                    unmatched,
                });
            }
            if let Some(builder) = keys.get_mut(&family) {
                builder.key.operations = operations;
            }
        }
    }
}
