//! The policy grammar (IAM User Guide, "IAM JSON policy element
//! reference" and "Grammar of the IAM JSON policy language").

/// The current policy language version.
pub const VERSION_2012: &str = "2012-10-17";
/// The older version: policy variables are taken literally under it.
pub const VERSION_2008: &str = "2008-10-17";

/// The elements of a policy document.
pub const POLICY_ELEMENTS: &[&str] = &["Version", "Id", "Statement"];

/// The elements of a statement.
pub const STATEMENT_ELEMENTS: &[&str] = &[
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
];

/// Pairs of which a statement holds at most one: `Action`/`NotAction` and
/// `Resource`/`NotResource` (exactly one of each), `Principal`/`NotPrincipal`.
pub const EXCLUSIVE: &[(&str, &str)] = &[
    ("Action", "NotAction"),
    ("Resource", "NotResource"),
    ("Principal", "NotPrincipal"),
];

/// The two effects.
pub const EFFECTS: &[&str] = &["Allow", "Deny"];

/// Whether `text` is an AWS account ID: twelve ASCII digits.
pub fn is_account_id(text: &str) -> bool {
    text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit())
}

/// Whether `name` is a policy element.
pub fn is_policy_element(name: &str) -> bool {
    POLICY_ELEMENTS.contains(&name)
}

/// Whether `name` is a statement element.
pub fn is_statement_element(name: &str) -> bool {
    STATEMENT_ELEMENTS.contains(&name)
}
