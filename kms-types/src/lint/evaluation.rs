//! What an absent key does to a finding's severity. Whether a condition
//! holds on an absent key, and what that does to the statement, are IAM's
//! rules (`kms_iam_rules::absent`, the table is there), which a request
//! evaluator reads too; here is only how serious each outcome is.

use super::Severity;
pub(crate) use kms_iam_rules::absent::{Outcome, on_absent_key};

/// How serious an outcome is: a void restriction in an Allow grants more
/// than written, whatever brought the action in; the rest are errors when
/// the action is named, warnings when only a wildcard brought it in, and
/// an always-denying Deny is a warning (it fails closed).
pub(crate) fn severity(outcome: Outcome, by_wildcard: bool) -> Severity {
    match outcome {
        Outcome::AllowRestrictionVoid => Severity::Error,
        Outcome::DenyAlwaysDenies => Severity::Warning,
        _ if by_wildcard => Severity::Warning,
        _ => Severity::Error,
    }
}
