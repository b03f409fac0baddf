//! The fixed vocabularies, from the model's own enums: `AccessLevel`,
//! `ConditionType`, `ValueType`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{simple_variants, vocabulary_enum};

/// The three enums, in the order they are emitted.
pub(crate) fn emit() -> [TokenStream; 3] {
    let access_level = vocabulary_enum(
        &format_ident!("AccessLevel"),
        "access level",
        &["The access level IAM assigns an action.".into()],
        &simple_variants(kms_spec::AccessLevel::ALL.iter().map(|l| l.as_str())),
        quote!(self.name()),
        None,
        false,
    );
    let condition_type = vocabulary_enum(
        &format_ident!("ConditionType"),
        "condition type",
        &["The type of a condition key's value, as the condition-key page names it.".into()],
        &simple_variants(kms_spec::ConditionType::ALL.iter().map(|t| t.as_str())),
        quote!(self.name()),
        None,
        false,
    );
    let value_type = vocabulary_enum(
        &format_ident!("ValueType"),
        "value type",
        &[
            "Whether a key has one value or a set of values in the request context.".into(),
            String::new(),
            "Multi-valued keys need a set operator (`ForAnyValue`, `ForAllValues`); single-valued keys must not have one.".into(),
        ],
        &simple_variants(["Single-valued", "Multi-valued"]),
        quote!(self.name()),
        None,
        false,
    );
    [access_level, condition_type, value_type]
}
