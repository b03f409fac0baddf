//! What the generated crate accepts at compile time, as plain sets, so that
//! [`crate::diff`] can tell when a change to the documents makes code that
//! compiled before stop compiling, even when the model change is an
//! addition (an action added under `kms:ReEncrypt*` that lacks
//! `kms:ViaService` takes `kms:ViaService` away from `patterns::ReEncryptStar`).

use std::collections::{BTreeMap, BTreeSet};

use kms_iam_rules::Family;
use kms_spec::{ConditionKey, Spec};

use crate::emit_types::{accepted_pairs, action_sets, key_type, values_marker};

/// The typed API of one model.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TypedApi {
    /// Every action set type (`actions::Decrypt`, `patterns::ReEncryptStar`, ...).
    pub sets: BTreeSet<String>,
    /// What each action set type writes into `Action` (`kms:ReEncrypt*`,
    /// or each member's IAM name).
    pub set_actions: BTreeMap<String, Vec<String>>,
    /// Every condition key, templates by family (`kms:EncryptionContext:*`).
    pub keys: BTreeSet<String>,
    /// `(action set type, key)`: `.action(set).condition(_, key, _)` compiles.
    pub applies_to: BTreeSet<(String, String)>,
    /// `(action set type, key)`: such a statement may go into a `KeyPolicy`.
    pub key_policy: BTreeSet<(String, String)>,
    /// `(key, operator form)`: `String* (plain)`, `String* (ForAnyValue/ForAllValues)`, ...
    pub operators: BTreeSet<(String, String)>,
    /// What `...Equals` String operators take for each key: `text`, or
    /// `values::Shape` for a key with a closed set.
    pub equals_values: BTreeMap<String, String>,
    /// `(values enum, value)`: every variant of `kms_types::values`.
    pub values: BTreeSet<(String, String)>,
}

/// A key as the typed API names it: a template by its family
/// (`kms:EncryptionContext:*`), so that respelling the placeholder between
/// vintages is no change.
fn key_name(key: &ConditionKey) -> String {
    match &key.parsed.placeholder {
        Some(placeholder) => format!(
            "{}:{}{}*",
            key.parsed.prefix, key.parsed.name, placeholder.separator
        ),
        None => key.name.clone(),
    }
}

/// Every operator form a key takes, as the builder's `Fits` impls are
/// generated: each family IAM's rules fit to its type (`Null` fits every
/// key and is left out), plain for a single-valued key, under
/// `ForAnyValue`/`ForAllValues` (`true`) for a multivalued one, both when
/// the data does not say. The diff compares these sets; the canary writes
/// one statement per form.
pub(crate) fn operator_forms(key: &ConditionKey) -> Vec<(Family, bool)> {
    let ty = key_type(key.condition_type);
    let qualifiers: &[bool] = match values_marker(key.value_type) {
        "Single" => &[false],
        "Multi" => &[true],
        _ => &[false, true],
    };
    let mut forms = Vec::new();
    for (family, _) in kms_iam_rules::FAMILY_FITS {
        if kms_iam_rules::fit(*family, ty, "").is_fit() {
            forms.extend(qualifiers.iter().map(|&set| (*family, set)));
        }
    }
    forms
}

/// The typed API the generator emits for `spec`.
pub fn typed_api(spec: &Spec) -> TypedApi {
    let sets = action_sets(spec);
    let mut api = TypedApi {
        sets: sets.iter().map(|set| set.path()).collect(),
        set_actions: sets
            .iter()
            .map(|set| (set.path(), set.iam.clone()))
            .collect(),
        keys: spec.condition_keys.iter().map(key_name).collect(),
        ..TypedApi::default()
    };
    for pair in accepted_pairs(spec, &sets) {
        let entry = (sets[pair.set].path(), key_name(pair.key));
        if pair.in_key_policy {
            api.key_policy.insert(entry.clone());
        }
        api.applies_to.insert(entry);
    }
    for key in &spec.condition_keys {
        let kind = match &key.value_set {
            Some(set) => {
                for value in &set.values {
                    api.values
                        .insert((format!("values::{}", set.shape), value.clone()));
                }
                format!("values::{}", set.shape)
            }
            None => "text".to_string(),
        };
        api.equals_values.insert(key_name(key), kind);
        for (family, set) in operator_forms(key) {
            let qualifier = if set {
                "ForAnyValue/ForAllValues"
            } else {
                "plain"
            };
            api.operators
                .insert((key_name(key), format!("{}* ({qualifier})", family.name())));
        }
    }
    api
}
