//! How IAM evaluates a condition on a key that is absent from the request,
//! written once: every finding about a key an action does not support
//! states the effect this model gives.
//!
//! An action that does not support a condition key never puts it in the
//! request context, so for that action the key is *absent*. IAM's rules
//! (the IAM User Guide, "Condition operators"):
//!
//! | operator | key absent |
//! |---|---|
//! | `Null: true` / `Null: false` | true / false |
//! | any `...IfExists` | true |
//! | `ForAllValues:...` | true (every one of no values matches) |
//! | `ForAnyValue:...` | false (no value matches) |
//! | a negated operator (`StringNotEquals`, `ArnNotLike`, `NotIpAddress`, ...) | true |
//! | any other operator | false |
//!
//! and what that does to the statement, for that action:
//!
//! | effect | condition false | condition true |
//! |---|---|---|
//! | Allow | the Allow never matches (error) | the restriction is void: the Allow grants the action without it (error: a security hole) |
//! | Deny | the Deny never denies (error: the protection is absent) | the Deny always denies, whatever the value (warning) |

use super::Severity;
use super::operators::{Family, Operator};

/// Whether a condition holds when its key is absent, and why. `null_value`
/// is the value of a `Null` condition when it is a boolean.
pub(crate) fn on_absent_key(
    operator: &Operator,
    null_value: Option<bool>,
) -> Option<(bool, String)> {
    let name = &operator.text;
    Some(match operator {
        Operator {
            family: Family::Null,
            ..
        } => {
            let wanted = null_value?;
            (
                wanted,
                format!("`Null: {wanted}` on an absent key is {wanted}"),
            )
        }
        Operator {
            if_exists: true, ..
        } => (true, format!("`{name}` is true when the key is absent")),
        Operator {
            qualifier: Some("ForAllValues"),
            ..
        } => (true, format!("`{name}` over no values is true")),
        Operator {
            qualifier: Some(_), ..
        } => (false, format!("`{name}` over no values is false")),
        Operator { negated: true, .. } => (
            true,
            format!("the negated `{name}` is true when the key is absent"),
        ),
        _ => (false, format!("`{name}` is false when the key is absent")),
    })
}

/// What a statement does for an action whose key is absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// Allow, condition false.
    AllowNeverMatches,
    /// Allow, condition true.
    AllowRestrictionVoid,
    /// Deny, condition false.
    DenyNeverDenies,
    /// Deny, condition true.
    DenyAlwaysDenies,
}

impl Outcome {
    /// The outcome of `effect` (`Allow`/`Deny`) when the condition is `holds`.
    pub(crate) fn of(effect: &str, holds: bool) -> Outcome {
        match (effect == "Deny", holds) {
            (false, false) => Outcome::AllowNeverMatches,
            (false, true) => Outcome::AllowRestrictionVoid,
            (true, false) => Outcome::DenyNeverDenies,
            (true, true) => Outcome::DenyAlwaysDenies,
        }
    }

    /// How serious it is: a void restriction in an Allow grants more than
    /// written, whatever brought the action in; the rest are errors when
    /// the action is named, warnings when only a wildcard brought it in,
    /// and an always-denying Deny is a warning (it fails closed).
    pub(crate) fn severity(self, by_wildcard: bool) -> Severity {
        match self {
            Outcome::AllowRestrictionVoid => Severity::Error,
            Outcome::DenyAlwaysDenies => Severity::Warning,
            _ if by_wildcard => Severity::Warning,
            _ => Severity::Error,
        }
    }

    /// The effect, for `them` (the actions).
    pub(crate) fn describe(self, them: &str) -> String {
        match self {
            Outcome::AllowNeverMatches => format!("this Allow never matches {them}"),
            Outcome::AllowRestrictionVoid => {
                format!("the restriction is void for {them}: this Allow grants {them} without it")
            }
            Outcome::DenyNeverDenies => format!("this Deny never denies {them}"),
            Outcome::DenyAlwaysDenies => {
                format!("this Deny always denies {them}, whatever the value")
            }
        }
    }
}
