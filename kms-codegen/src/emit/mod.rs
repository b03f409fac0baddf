//! The model as Rust tokens: enums with one vocabulary, and static tables.
//!
//! The generated file is `include!`d by `kms-types`, which defines the table
//! row types (`ActionInfo`, `KeyInfo`, `ResourceRequirement`, ...) that the
//! statics here are made of.
//!
//! One module per kind of generated item; [`emit`] only assembles them:
//! [`vocabularies`] (`AccessLevel`, `ConditionType`, `ValueType`),
//! [`resources`], [`actions`] and [`keys`] (each enum with its table),
//! `crate::emit_types` (the type-level mirror for the policy builder) and
//! `crate::emit_values` (the `values` enums). Adding a kind of item means
//! adding a module here and one line in [`emit`].

mod actions;
mod keys;
mod resources;
mod vocabularies;

use std::collections::BTreeMap;

use kms_spec::Spec;
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

pub(crate) fn docs(lines: &[String]) -> TokenStream {
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
                crate::names::lookup(input, #prefix, Self::by_lowercase_name, Self::ALL, Self::name, #kind)
            }
        }
    };
    // `FromStr`'s index: a `match` on the name in lower case, which rustc
    // compiles to a switch on length and a few comparisons (declaration
    // order wins among names equal in lower case).
    let mut seen = std::collections::BTreeSet::new();
    let index_arms = variants.iter().filter_map(|v| {
        let lower = v.name.to_ascii_lowercase();
        if !seen.insert(lower.clone()) {
            return None;
        }
        let bytes = proc_macro2::Literal::byte_string(lower.as_bytes());
        let ident = &v.ident;
        Some(quote!(#bytes => Some(#name::#ident),))
    });
    let index = (!exact).then(|| {
        quote! {
            /// The variant whose name, in lower case, is `lower`: the index
            /// `FromStr` looks in.
            fn by_lowercase_name(lower: &[u8]) -> Option<#name> {
                match lower {
                    #(#index_arms)*
                    _ => None,
                }
            }
        }
    });
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
            #index

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

pub(crate) fn simple_variants<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<Variant> {
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

/// The identifiers of the model's names, checked for collisions, and the
/// lookups from a name in the model to the tokens that name it.
pub(crate) struct Names<'a> {
    pub(crate) prefix: &'a str,
    pub(crate) action_idents: BTreeMap<String, String>,
    pub(crate) key_idents: BTreeMap<String, String>,
    pub(crate) resource_idents: BTreeMap<String, String>,
    key_by_family: BTreeMap<String, Ident>,
}

impl<'a> Names<'a> {
    fn new(spec: &'a Spec) -> Result<Names<'a>, String> {
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
        // Keys are found by family: resource rows may use another spelling.
        let key_by_family = spec
            .condition_keys
            .iter()
            .map(|k| (k.parsed.family(), format_ident!("{}", key_idents[&k.name])))
            .collect();
        Ok(Names {
            prefix: &spec.service.prefix,
            action_idents,
            key_idents,
            resource_idents,
            key_by_family,
        })
    }

    /// The `Action` variant named `name`.
    pub(crate) fn action(&self, name: &str) -> Result<Ident, String> {
        self.action_idents
            .get(name)
            .map(|i| format_ident!("{i}"))
            .ok_or_else(|| format!("the model names an unknown action `{name}`"))
    }

    /// `ConditionKey::X` for a key name in any of its spellings.
    pub(crate) fn key(&self, name: &str) -> Result<TokenStream, String> {
        let family = kms_spec::KeyName::parse(name).map_err(|e| e.0)?.family();
        let ident = self
            .key_by_family
            .get(&family)
            .ok_or_else(|| format!("the model names an unknown condition key `{name}`"))?;
        Ok(quote!(ConditionKey::#ident))
    }

    /// `ResourceType::X` for a resource type name.
    pub(crate) fn resource(&self, name: &str) -> Result<TokenStream, String> {
        let ident = self
            .resource_idents
            .get(name)
            .ok_or_else(|| format!("the model names an unknown resource type `{name}`"))?;
        let ident = format_ident!("{ident}");
        Ok(quote!(ResourceType::#ident))
    }
}

/// Rust tokens for the whole model.
pub fn emit(spec: &Spec) -> Result<TokenStream, String> {
    // Identifiers, checked for collisions, and the lookups every part uses.
    let names = Names::new(spec)?;
    let key_idents = &names.key_idents;
    let [access_level, condition_type, value_type] = vocabularies::emit();
    let (resource_type, resource_rows) = resources::emit(spec, &names)?;
    let resource_count = unsuffixed(spec.resource_types.len());
    let (action_enum, action_rows) = actions::emit(spec, &names)?;
    let action_count = unsuffixed(spec.actions.len());
    let (key_enum, key_rows) = keys::emit(spec, &names)?;
    let key_count = unsuffixed(spec.condition_keys.len());

    let type_mirror = crate::emit_types::emit(spec, key_idents);
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

pub(crate) fn policy_type_variant(policy_type: kms_spec::PolicyType) -> TokenStream {
    match policy_type {
        kms_spec::PolicyType::IamOnly => quote!(PolicyType::IamOnly),
        kms_spec::PolicyType::KeyAndIam => quote!(PolicyType::KeyAndIam),
    }
}

pub(crate) fn policy_type_tokens(policy_type: Option<kms_spec::PolicyType>) -> TokenStream {
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
