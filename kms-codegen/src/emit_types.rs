//! The type-level mirror of the model, for compile-time-checked policies:
//!
//! - `actions::X`: one zero-sized type per action;
//! - `patterns::XStar`: one per IAM wildcard pattern `kms:X*` that covers two
//!   or more actions, `X` a PascalCase word prefix of an action name
//!   (`patterns::GenerateDataKeyStar` is `kms:GenerateDataKey*`), one per
//!   verb of a name of two or more words even when it covers one action
//!   today (`patterns::PutStar`, `kms:Put*`, as AWS's default key policy
//!   writes it), and `patterns::All` for `kms:*`;
//! - `access::X`: one per access level (every action whose primary level it is);
//! - `keys::X`: one per condition key; a templated key is a tuple struct
//!   holding the name that replaces the placeholder;
//! - `AppliesTo<Key>` for exactly the (action set, key) pairs the model
//!   allows (a set only when every member accepts the key), and
//!   `KeyPolicyAllows<Key>` for the pairs that are not "IAM policies only".

use std::collections::{BTreeMap, BTreeSet};

use kms_spec::{ConditionKey, ConditionType, PolicyType, Spec, ValueType};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::ident;

/// A set of actions that gets a type: a single action, a pattern, an access level.
pub(crate) struct ActionSetType {
    pub(crate) module: &'static str,
    pub(crate) ident: Ident,
    /// The strings the `Action` element gets (`kms:Generate*`, or each name).
    pub(crate) iam: Vec<String>,
    members: Vec<String>,
    doc: String,
}

impl ActionSetType {
    /// The path users write: `patterns::ReEncryptStar`.
    pub(crate) fn path(&self) -> String {
        format!("{}::{}", self.module, self.ident)
    }
}

/// One (action set, key) pair the builder accepts: `AppliesTo<key>` is
/// implemented for the set, and `KeyPolicyAllows<key>` too when
/// `in_key_policy`.
pub(crate) struct AcceptedPair<'a> {
    /// Index into the action sets.
    pub(crate) set: usize,
    pub(crate) key: &'a ConditionKey,
    pub(crate) in_key_policy: bool,
}

/// The rule of the type-level mirror, in one place: a set accepts a key
/// when every action it covers does, and allows it in a key policy when no
/// member restricts it to IAM policies.
pub(crate) fn accepted_pairs<'a>(spec: &'a Spec, sets: &[ActionSetType]) -> Vec<AcceptedPair<'a>> {
    // Per action: key name -> policy type restriction.
    let mut accepted: BTreeMap<&str, BTreeMap<&str, Option<PolicyType>>> = BTreeMap::new();
    for action in &spec.actions {
        let keys = accepted.entry(action.name.as_str()).or_default();
        for key in &action.condition_keys {
            keys.insert(key.key.as_str(), key.policy_type);
        }
    }
    let mut pairs = Vec::new();
    for (index, set) in sets.iter().enumerate() {
        for key in &spec.condition_keys {
            let restrictions: Option<Vec<Option<PolicyType>>> = set
                .members
                .iter()
                .map(|m| {
                    accepted
                        .get(m.as_str())
                        .and_then(|keys| keys.get(key.name.as_str()))
                        .copied()
                })
                .collect();
            let Some(restrictions) = restrictions else {
                continue;
            };
            pairs.push(AcceptedPair {
                set: index,
                key,
                in_key_policy: restrictions.iter().all(|r| *r != Some(PolicyType::IamOnly)),
            });
        }
    }
    pairs
}

/// The words of a PascalCase name (`GenerateDataKey` → Generate, Data, Key).
fn words(name: &str) -> Vec<usize> {
    name.char_indices()
        .filter(|&(i, c)| i > 0 && c.is_ascii_uppercase())
        .map(|(i, _)| i)
        .chain(std::iter::once(name.len()))
        .collect()
}

/// The largest set whose members are chained through `AppliesTo::Key`
/// (see `emit`): the patterns (seven members at most today), not the access
/// levels or `kms:*`, whose chains would nest tens of levels deep.
const CHAINED_MEMBERS: usize = 16;

/// Whether a set's `AppliesTo` and `KeyPolicyAllows` go through its
/// members (a pattern, or a small access level: an error names the member
/// that lacks the key), rather than one impl per key it accepts (one
/// action; a set over `CHAINED_MEMBERS`, whose error names the set).
fn chained(set: &ActionSetType) -> bool {
    set.module != "actions" && set.members.len() <= CHAINED_MEMBERS
}

pub(crate) fn action_sets(spec: &Spec) -> Vec<ActionSetType> {
    let prefix = &spec.service.prefix;
    let names: Vec<&str> = spec.actions.iter().map(|a| a.name.as_str()).collect();
    let mut sets = Vec::new();
    for action in &spec.actions {
        sets.push(ActionSetType {
            module: "actions",
            ident: format_ident!("{}", ident::action_variant(&action.name)),
            iam: vec![format!("{prefix}:{}", action.name)],
            members: vec![action.name.clone()],
            doc: format!("`{prefix}:{}`: {}", action.name, action.description),
        });
    }
    // Word prefixes that cover two or more actions, and every action's
    // verb (its first word, when the name has more): AWS's own policies
    // write `kms:Put*` and `kms:Revoke*` though each covers one action
    // today, and a later vintage may add a second.
    let mut prefixes = BTreeSet::new();
    let mut verbs = BTreeSet::new();
    for name in &names {
        let ends = words(name);
        if ends.len() > 1 {
            verbs.insert(&name[..ends[0]]);
        }
        for end in ends {
            prefixes.insert(&name[..end]);
        }
    }
    for word_prefix in prefixes {
        let members: Vec<String> = names
            .iter()
            .filter(|n| n.starts_with(word_prefix))
            .map(|n| n.to_string())
            .collect();
        if members.len() < 2 && !verbs.contains(word_prefix) {
            continue;
        }
        sets.push(ActionSetType {
            module: "patterns",
            ident: format_ident!("{}Star", ident::pascal(word_prefix)),
            iam: vec![format!("{prefix}:{word_prefix}*")],
            doc: format!("`{prefix}:{word_prefix}*`: {}.", members.join(", ")),
            members,
        });
    }
    sets.push(ActionSetType {
        module: "patterns",
        ident: format_ident!("All"),
        iam: vec![format!("{prefix}:*")],
        members: names.iter().map(|n| n.to_string()).collect(),
        doc: format!("`{prefix}:*`: every action."),
    });
    for level in kms_spec::AccessLevel::ALL {
        let members: Vec<String> = spec
            .actions
            .iter()
            .filter(|a| a.access_level.primary == level)
            .map(|a| a.name.clone())
            .collect();
        if members.is_empty() {
            continue;
        }
        sets.push(ActionSetType {
            module: "access",
            ident: format_ident!("{}", ident::pascal(level.as_str())),
            iam: members.iter().map(|m| format!("{prefix}:{m}")).collect(),
            doc: format!("Every {} action: {}.", level.as_str(), members.join(", ")),
            members,
        });
    }
    sets
}

/// The `policy::types` marker of a key's condition type.
pub(crate) fn type_marker(condition_type: Option<ConditionType>) -> &'static str {
    key_type(condition_type).marker()
}

/// The key type operators see (`kms_iam_rules::KeyType`); untyped when no
/// source types the key.
pub(crate) fn key_type(condition_type: Option<ConditionType>) -> kms_iam_rules::KeyType {
    condition_type.map_or(kms_iam_rules::KeyType::Untyped, ConditionType::key_type)
}

/// The `policy::types` marker of a key's multiplicity.
pub(crate) fn values_marker(value_type: Option<ValueType>) -> &'static str {
    match value_type {
        Some(ValueType::SingleValued) => "Single",
        Some(ValueType::MultiValued) => "Multi",
        None => "Unknown",
    }
}

/// The type-level mirror, as tokens to put beside the enums.
pub fn emit(spec: &Spec, key_idents: &BTreeMap<String, String>) -> TokenStream {
    let sets = action_sets(spec);
    let mut modules: BTreeMap<&str, Vec<TokenStream>> = BTreeMap::new();
    for set in &sets {
        let ident = &set.ident;
        let doc = format!(" {}", crate::emit::doc_text(&set.doc));
        let iam = &set.iam;
        let members = set
            .members
            .iter()
            .map(|m| format_ident!("{}", ident::action_variant(m)));
        modules.entry(set.module).or_default().push(quote! {
            #[doc = #doc]
            #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
            pub struct #ident;

            impl crate::policy::sealed::Sealed for #ident {}

            impl crate::policy::ActionSet for #ident {
                const ACTIONS: &'static [crate::Action] = &[#(crate::Action::#members),*];
                const IAM_NAMES: &'static [&'static str] = &[#(#iam),*];
            }
        });
    }
    // The pair impls are hidden from rustdoc (they made `AppliesTo`'s page
    // hundreds of KB); each key type's page lists its pairs instead.
    let mut impls = Vec::new();
    let mut applies: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut iam_only: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for pair in accepted_pairs(spec, &sets) {
        let set = &sets[pair.set];
        let (module, ident) = (format_ident!("{}", set.module), &set.ident);
        let key_ident = format_ident!("{}", key_idents[&pair.key.name]);
        // Links from the `keys` module's pages to the set's page.
        let link = format!("[`{}`](super::{}::{})", set.path(), set.module, set.ident);
        // A templated key is generic over the type of its name.
        let (generics, key_ty) = if pair.key.parsed.placeholder.is_some() {
            (quote!(<N>), quote!(keys::#key_ident<N>))
        } else {
            (quote!(), quote!(keys::#key_ident))
        };
        // One action, an access level or `kms:*`: an impl per key it
        // accepts. A pattern: one impl below, through its members, so that
        // an error names the member that lacks the key.
        if !chained(set) {
            impls.push(quote!(#[doc(hidden)] impl #generics crate::policy::AppliesTo<#key_ty> for #module::#ident { type Key = #key_ty; }));
            if pair.in_key_policy {
                impls.push(quote!(#[doc(hidden)] impl #generics crate::policy::KeyPolicyAllows<#key_ty> for #module::#ident {}));
            }
        }
        if !pair.in_key_policy {
            iam_only
                .entry(pair.key.name.as_str())
                .or_default()
                .push(link.clone());
        }
        applies
            .entry(pair.key.name.as_str())
            .or_default()
            .push(link);
    }
    // A set of several actions accepts a key when every member does, and
    // allows it in a key policy when every member does: `accepted_pairs`'
    // rule, written as where-clauses. `Key` goes through every member's
    // `AppliesTo`, so a member that lacks the key leaves it unknown.
    for set in sets.iter().filter(|s| chained(s)) {
        let (module, ident) = (format_ident!("{}", set.module), &set.ident);
        let members: Vec<Ident> = set
            .members
            .iter()
            .map(|m| format_ident!("{}", ident::action_variant(m)))
            .collect();
        // Each member is asked about the key the previous one gave back:
        // the same key when it accepts it, an unknown type when not, so
        // only the first member that lacks the key reports, and the
        // key-policy check that follows sees no key.
        let mut bounds = Vec::new();
        let mut key = quote!(K);
        for m in &members {
            bounds.push(quote!(actions::#m: crate::policy::AppliesTo<#key>));
            key = quote!(<actions::#m as crate::policy::AppliesTo<#key>>::Key);
        }
        impls.push(quote! {
            #[doc(hidden)]
            impl<K: crate::policy::ConditionKeyType> crate::policy::AppliesTo<K> for #module::#ident
            where #(#bounds,)*
            {
                type Key = #key;
            }
            #[doc(hidden)]
            impl<K: crate::policy::ConditionKeyType> crate::policy::KeyPolicyAllows<K> for #module::#ident
            where #(actions::#members: crate::policy::KeyPolicyAllows<K>,)*
            {}
        });
    }
    let mut key_types = Vec::new();
    for key in &spec.condition_keys {
        let ident = format_ident!("{}", key_idents[&key.name]);
        let variant = ident.clone();
        let doc = format!(" `{}`: see [`crate::ConditionKey::{variant}`].", key.name);
        let applies_doc = match applies.get(key.name.as_str()) {
            Some(sets) => format!(
                " Applies to (compiles in a statement with): {}.",
                sets.join(", ")
            ),
            None => " Applies to no action set.".to_string(),
        };
        let iam_only_doc = iam_only.get(key.name.as_str()).map(|sets| {
            let text = format!(
                " IAM policies only (not in a `KeyPolicy`) with: {}.",
                sets.join(", ")
            );
            quote!(#[doc = ""] #[doc = #text])
        });
        let ty = format_ident!("{}", type_marker(key.condition_type));
        let values = format_ident!("{}", values_marker(key.value_type));
        let deprecated = key.deprecated_by.as_ref().map(|r| {
            let note = format!("use `{r}`: AWS deprecated `{}`", key.name);
            quote!(#[deprecated(note = #note)])
        });
        let name = &key.name;
        let (decl, policy_name, generics, bounds) = match &key.parsed.placeholder {
            Some(placeholder) => {
                let head = format!(
                    "{}:{}{}",
                    key.parsed.prefix, key.parsed.name, placeholder.separator
                );
                let field_doc = format!(
                    " The name that replaces `{}`: a `&str` or a `String`, known at compile time or not.",
                    placeholder.text
                );
                (
                    quote!(pub struct #ident<N = &'static str>(#[doc = #field_doc] pub N);),
                    quote!(format!("{}{}", #head, self.0.as_ref())),
                    quote!(<N>),
                    quote!(<N: AsRef<str>>),
                )
            }
            None => (
                quote!(pub struct #ident;),
                quote!(#name.to_string()),
                quote!(),
                quote!(),
            ),
        };
        let equals_value = match &key.value_set {
            Some(set) => {
                let shape = format_ident!("{}", ident::pascal(&set.shape));
                quote!(crate::policy::value::Enumerated<crate::values::#shape>)
            }
            None => quote!(crate::policy::value::Text),
        };
        key_types.push(quote! {
            #[doc = #doc]
            #[doc = ""]
            #[doc = #applies_doc]
            #iam_only_doc
            #deprecated
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
            #decl

            impl #generics crate::policy::sealed::Sealed for #ident #generics {}

            impl #bounds crate::policy::ConditionKeyType for #ident #generics {
                const KEY: crate::ConditionKey = crate::ConditionKey::#variant;
                type Type = crate::policy::types::#ty;
                type Values = crate::policy::types::#values;
                type EqualsValue = #equals_value;
                fn policy_name(&self) -> std::string::String {
                    #policy_name
                }
            }
        });
    }
    let actions = &modules["actions"];
    let patterns = modules.get("patterns").cloned().unwrap_or_default();
    let access = modules.get("access").cloned().unwrap_or_default();
    quote! {
        /// One zero-sized type per action, for [`crate::policy::Statement::action`].
        pub mod actions {
            #(#actions)*
        }

        /// IAM wildcard patterns (`kms:Generate*`) as types: each accepts a
        /// condition key only if every action it covers does.
        pub mod patterns {
            #(#patterns)*
        }

        /// Every action of one access level, as a type.
        pub mod access {
            #(#access)*
        }

        /// One type per condition key, for [`crate::policy::Statement::condition`].
        pub mod keys {
            #(#key_types)*
        }

        #(#impls)*
    }
}
