//! The staleness pass: the action list against the KMS API's operations
//! (`kms/api-operations.json`), into the model and, one warning each,
//! into the report.

use crate::diagnostic::Diagnostic;
use crate::model::{Count, SourceDocument, SourceKind, Spec, StaleAction, Staleness};
use crate::read::api_operations::ApiOperations;
use crate::service::ServiceRules;
use crate::source::SourceText;

/// Which API operations have no IAM action of the same name, and which
/// actions have neither an operation nor a documented reason, by the
/// service's rules: an operation IAM splits (`ReEncrypt` →
/// `ReEncryptFrom` + `ReEncryptTo`) has its actions; an action in
/// [`ServiceRules::permission_only`] has its reason.
pub fn staleness(spec: &Spec, operations: &[String], rules: &ServiceRules) -> Staleness {
    let has_action = |name: &str| spec.action(name).is_some();
    let split = |operation: &str| {
        !rules.split_suffixes.is_empty()
            && rules
                .split_suffixes
                .iter()
                .all(|suffix| has_action(&format!("{operation}{suffix}")))
    };
    let operations_without_action = operations
        .iter()
        .filter(|op| !has_action(op) && !split(op))
        .cloned()
        .collect();
    let is_operation = |name: &str| {
        operations.iter().any(|op| op.eq_ignore_ascii_case(name))
            || rules.split_suffixes.iter().any(|suffix| {
                name.strip_suffix(suffix)
                    .is_some_and(|op| operations.iter().any(|o| o == op))
            })
    };
    let mut actions_without_operation = Vec::new();
    for action in &spec.actions {
        if is_operation(&action.name) {
            continue;
        }
        let reason = rules
            .permission_only
            .iter()
            .find(|(name, _)| *name == action.name)
            .map(|(_, reason)| reason.to_string());
        actions_without_operation.push(StaleAction {
            action: action.name.clone(),
            reason,
        });
    }
    Staleness {
        api_version: String::new(),
        operations: operations.len(),
        operations_without_action,
        actions_without_operation,
    }
}

/// The staleness pass: the action list against the API's operations, into
/// the model and, one warning each, into the report.
pub(crate) fn report_staleness(
    spec: &mut Spec,
    source: &SourceText,
    operations: &ApiOperations,
    documents: &[&SourceText],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let rules = crate::service::rules_for(&spec.service.prefix);
    let mut staleness = staleness(spec, &operations.operations, rules);
    staleness.api_version = operations.api_version.clone();
    for operation in &staleness.operations_without_action {
        let span = operations.spans.get(operation).cloned().unwrap_or(0..1);
        diagnostics.push(
            source
                .warning(
                    span,
                    format!("the KMS API has the operation `{operation}`, and no document has an IAM action of that name"),
                )
                .with_help("the action list lags the API: refresh the sources (scripts/refresh.sh) or wait for AWS to document the action"),
        );
    }
    for stale in staleness
        .actions_without_operation
        .iter()
        .filter(|s| s.reason.is_none())
    {
        let Some(action) = spec.action(&stale.action) else {
            continue;
        };
        let Some(document) = documents.iter().find(|d| d.path == action.location.file) else {
            continue;
        };
        let start = document.line_start(action.location.line);
        let end = start + document.line_text(action.location.line).len();
        diagnostics.push(
            document
                .warning(
                    start..end,
                    format!(
                        "`{}` is an IAM action with no KMS API operation of its name, and no documented reason",
                        stale.action
                    ),
                )
                .with_help("if AWS documents it as permission-only, add it with the reason to `permission_only` in kms-spec/src/service/kms.rs"),
        );
    }
    spec.report.counts.push(Count {
        kind: "API operations".to_string(),
        read: operations.operations.len(),
        modelled: operations.operations.len() - staleness.operations_without_action.len(),
        reported: staleness.operations_without_action.len(),
    });
    spec.service.sources.push(SourceDocument {
        kind: SourceKind::ApiModel,
        path: crate::API_OPERATIONS_PATH.to_string(),
        sha256: source.sha256.clone(),
        title: format!(
            "KMS API model (botocore): operations, {}",
            operations.api_version
        ),
        origins: Vec::new(),
    });
    spec.staleness = Some(staleness);
}
