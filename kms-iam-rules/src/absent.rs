//! How IAM evaluates a condition on a key that is absent from the request.
//!
//! An action that does not support a condition key never puts it in the
//! request context, so for that action the key is *absent*. IAM's rules
//! (IAM User Guide, "IAM JSON policy elements: Condition operators" and
//! "Single-valued vs. multivalued context keys"):
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
//! and what that does to a statement, for the requests that lack the key:
//!
//! | effect | condition false | condition true |
//! |---|---|---|
//! | Allow | the Allow never matches | the restriction is void: the Allow grants without it |
//! | Deny | the Deny never denies | the Deny always denies, whatever the value |
//!
//! The linter states these effects; a request evaluator decides with the
//! same function, [`on_absent_key`].

use crate::operator::{Family, Operator, Qualifier};

/// Which rule of the table decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AbsentRule {
    /// `Null` with this value.
    Null(bool),
    /// An `...IfExists` operator.
    IfExists,
    /// `ForAllValues:` over no values.
    ForAllValues,
    /// `ForAnyValue:` over no values.
    ForAnyValue,
    /// A negated operator.
    Negated,
    /// Any other operator.
    Matching,
}

/// Whether a condition holds when its key is absent, and by which rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Absent {
    /// Whether the condition holds.
    pub holds: bool,
    /// The rule that decided.
    pub rule: AbsentRule,
}

impl Absent {
    /// Why, in words, for the operator written `name`.
    pub fn explain(&self, name: &str) -> String {
        match self.rule {
            AbsentRule::Null(wanted) => format!("`Null: {wanted}` on an absent key is {wanted}"),
            AbsentRule::IfExists => format!("`{name}` is true when the key is absent"),
            AbsentRule::ForAllValues => format!("`{name}` over no values is true"),
            AbsentRule::ForAnyValue => format!("`{name}` over no values is false"),
            AbsentRule::Negated => {
                format!("the negated `{name}` is true when the key is absent")
            }
            AbsentRule::Matching => format!("`{name}` is false when the key is absent"),
        }
    }
}

/// Whether a condition with `operator` holds when its key is absent.
/// `null_value` is the value of a `Null` condition (`None` when it is not a
/// boolean, and then the answer is `None` for `Null`).
pub fn on_absent_key(operator: &Operator, null_value: Option<bool>) -> Option<Absent> {
    let (holds, rule) = if operator.family() == Family::Null {
        let wanted = null_value?;
        (wanted, AbsentRule::Null(wanted))
    } else if operator.if_exists {
        (true, AbsentRule::IfExists)
    } else if operator.qualifier == Some(Qualifier::ForAllValues) {
        (true, AbsentRule::ForAllValues)
    } else if operator.qualifier == Some(Qualifier::ForAnyValue) {
        (false, AbsentRule::ForAnyValue)
    } else if operator.negated() {
        (true, AbsentRule::Negated)
    } else {
        (false, AbsentRule::Matching)
    };
    Some(Absent { holds, rule })
}

/// What a statement does for a request that lacks the key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Allow, condition false.
    AllowNeverMatches,
    /// Allow, condition true: a security hole.
    AllowRestrictionVoid,
    /// Deny, condition false: the protection is absent.
    DenyNeverDenies,
    /// Deny, condition true.
    DenyAlwaysDenies,
}

impl Outcome {
    /// The outcome of a statement (`deny`: its effect is Deny) whose
    /// condition `holds`.
    pub fn of(deny: bool, holds: bool) -> Outcome {
        match (deny, holds) {
            (false, false) => Outcome::AllowNeverMatches,
            (false, true) => Outcome::AllowRestrictionVoid,
            (true, false) => Outcome::DenyNeverDenies,
            (true, true) => Outcome::DenyAlwaysDenies,
        }
    }

    /// The effect, for `them` (the actions).
    pub fn describe(self, them: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn holds(op: &str, null: Option<bool>) -> Option<bool> {
        on_absent_key(&Operator::parse(op).unwrap(), null).map(|a| a.holds)
    }

    #[test]
    fn the_table() {
        assert_eq!(holds("Null", Some(true)), Some(true));
        assert_eq!(holds("Null", Some(false)), Some(false));
        assert_eq!(holds("Null", None), None);
        assert_eq!(holds("StringEqualsIfExists", None), Some(true));
        assert_eq!(holds("ForAnyValue:StringEqualsIfExists", None), Some(true));
        assert_eq!(holds("ForAllValues:StringEquals", None), Some(true));
        assert_eq!(holds("ForAnyValue:StringNotEquals", None), Some(false));
        assert_eq!(holds("StringNotEquals", None), Some(true));
        assert_eq!(holds("NotIpAddress", None), Some(true));
        assert_eq!(holds("ArnLike", None), Some(false));
        assert_eq!(holds("Bool", None), Some(false));
    }
}
