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

/// The trait in `values::of` for one closed set, and the `Takes` impl
/// that routes the set's kind through it, so a wrong value's error is this
/// trait's: the enum's path, an example, its values.
fn accepts_trait(name: &proc_macro2::Ident, variants: &[Variant]) -> TokenStream {
    let first = &variants[0];
    let example = format!("{name}::{}", first.ident);
    let listed: Vec<String> = variants
        .iter()
        .map(|v| format!("`{}` ({})", v.ident, v.name))
        .collect();
    let pattern = match first.name.find('_') {
        Some(end) => format!("{}*", &first.name[..=end]),
        None => format!("{}*", first.name),
    };
    let message = format!(
        "`{{Self}}` is not a `values::{name}`, which condition key `{{K}}` takes with this operator"
    );
    let label = format!("write `values::{example}` (or an array, slice or `Vec` of them)");
    let values = format!("`values::{name}` is one of: {}", listed.join(", "));
    let like = format!(
        "to match the key's text by a pattern instead, use `op::StringLike` with \"{pattern}\""
    );
    let docs = format!(
        "A value of [`super::{name}`] (`values::{example}`), or an array, slice or `Vec` of them."
    );
    quote! {
        #[doc = #docs]
        #[diagnostic::on_unimplemented(
            message = #message,
            label = #label,
            note = #values,
            note = #like
        )]
        pub trait #name<K>: crate::policy::sealed::Sealed {
            /// The value(s) as IAM JSON.
            fn api_value(self) -> serde_json::Value;
        }
        crate::policy::value::closed_set_values!(#name);
    }
}

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
    let mut accepts = Vec::new();
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
        accepts.push(accepts_trait(&name, &variants));
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

            /// What a condition on a key with a closed set takes under
            /// `...Equals` operators, one trait per set: the enum, or an
            /// array, slice or `Vec` of it. Sealed. Each trait's compile
            /// error names its enum and lists its values, so a string
            /// (`"RSA2048"`) is answered with the variant to write.
            pub mod of {
                #(#accepts)*
            }
        }

        #[cfg(feature = "serde")]
        crate::serde_impls::by_name!(#(#types),*);
    })
}
