//! The `values` module: one enum per KMS API enum shape that some condition
//! key takes (`values::KeySpec::Rsa2048`), with the API's spelling as its
//! name, `FromStr` exactly as spelled (IAM's `StringEquals` is
//! case-sensitive) and suggestions for near misses.

use std::collections::BTreeMap;

use kms_spec::Spec;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::{Variant, vocabulary_enum};
use crate::ident;

/// The `values` module (empty when no key has a value set).
pub(crate) fn emit(spec: &Spec) -> Result<TokenStream, String> {
    // Shape → (values, the keys that take it), in shape order.
    let mut shapes: BTreeMap<&str, (&[String], Vec<&str>)> = BTreeMap::new();
    for key in &spec.condition_keys {
        if let Some(set) = &key.value_set {
            shapes
                .entry(set.shape.as_str())
                .or_insert((&set.values, Vec::new()))
                .1
                .push(key.name.as_str());
        }
    }
    let shape_idents = ident::assign(
        "value set",
        shapes.keys().map(|s| (s.to_string(), ident::pascal(s))),
    )?;
    let mut enums = Vec::new();
    let mut types = Vec::new();
    for (shape, (values, keys)) in &shapes {
        let name = format_ident!("{}", shape_idents[*shape]);
        let idents = ident::assign(
            &format!("value of {shape}"),
            values.iter().map(|v| (v.clone(), ident::pascal(v))),
        )?;
        let variants: Vec<Variant> = values
            .iter()
            .map(|value| Variant {
                ident: format_ident!("{}", idents[value]),
                name: value.clone(),
                docs: vec![format!("`{value}`")],
                deprecated: None,
            })
            .collect();
        let keys: Vec<String> = keys.iter().map(|k| format!("`{k}`")).collect();
        let docs = vec![
            format!("The values of the KMS API's `{shape}`: what {} compare with.", keys.join(", ")),
            String::new(),
            "`Display` and `name()` give the API's spelling (`RSA_2048`); `FromStr` takes exactly that, and suggests the nearest value otherwise.".to_string(),
        ];
        let kind = format!("{shape} value");
        let kind: &str = &kind;
        enums.push(vocabulary_enum(
            &name,
            kind,
            &docs,
            &variants,
            quote!(self.name()),
            None,
            true,
        ));
        enums.push(quote! {
            impl crate::policy::sealed::Sealed for #name {}
            impl crate::policy::value::ApiValue for #name {
                fn api_name(self) -> &'static str {
                    self.name()
                }
            }
        });
        types.push(quote!(values::#name));
    }
    if enums.is_empty() {
        return Ok(quote! {
            /// The closed value sets of condition keys: none in these sources
            /// (they have no KMS API model).
            pub mod values {}
        });
    }
    Ok(quote! {
        /// The closed value sets of condition keys (from the KMS API model),
        /// one enum per API shape: `values::KeySpec::Rsa2048` is `RSA_2048`.
        /// [`crate::ConditionKey::value_set`] gives a key's values as strings.
        pub mod values {
            #(#enums)*
        }

        #[cfg(feature = "serde")]
        crate::serde_impls::by_name!(#(#types),*);
    })
}
