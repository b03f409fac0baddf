//! Strongly typed AWS KMS IAM actions, resource types and condition keys,
//! generated at build time from the AWS documentation in the workspace's
//! `sources/` (the Policy Sentry page for KMS and the AWS "AWS KMS condition
//! keys" page).
//!
//! ```
//! use kms_types::{AccessLevel, Action, ConditionKey};
//!
//! let decrypt: Action = "kms:decrypt".parse().unwrap();
//! assert_eq!(decrypt, Action::Decrypt);
//! assert_eq!(decrypt.to_string(), "kms:Decrypt");
//! assert_eq!(decrypt.access_level(), AccessLevel::Write);
//! assert!(decrypt.accepts(ConditionKey::ViaService));
//!
//! let generate: Vec<Action> = Action::matching("kms:Generate*").collect();
//! assert!(generate.contains(&Action::GenerateDataKey));
//! ```
//!
//! Every enum has `ALL`, `COUNT`, `name()`, `Display` and `FromStr`
//! (case-insensitive; `kms:` optional). Tables are `static` data: no
//! allocation, no lazy initialisation. With the `serde` feature, every enum
//! serialises as its IAM name.
//!
//! The build script reads `$KMS_SOURCES_DIR` instead of the workspace's
//! `sources/` when it is set, so a newer copy of the AWS docs gives a newer
//! crate.
#![deny(missing_docs)]

pub mod lint;
mod names;
mod pattern;
pub mod policy;
#[cfg(feature = "serde")]
mod serde_impls;
mod tables;

pub use names::ParseNameError;
pub use pattern::Matching;
pub use tables::{
    ActionConditionKey, KeyOperation, KeyScope, Placeholder, PolicyType, Provenance,
    ResourceRequirement,
};

use tables::{ActionInfo, KeyInfo};

#[allow(deprecated)] // the tables name deprecated keys too
mod generated {
    use crate::tables::*;
    include!(concat!(env!("OUT_DIR"), "/kms.rs"));
}

use generated::{ACTION_INFO, KEY_INFO, RESOURCE_TYPE_INFO};
pub use generated::{AccessLevel, Action, ConditionKey, ConditionType, ResourceType, ValueType};
pub use generated::{access, actions, keys, patterns};

impl Action {
    fn info(self) -> &'static ActionInfo {
        &ACTION_INFO[self as usize]
    }

    /// The IAM name, with the service prefix (`kms:Decrypt`).
    pub fn iam_name(self) -> &'static str {
        self.info().iam_name
    }

    /// The description, as the Policy Sentry page gives it.
    pub fn description(self) -> &'static str {
        self.info().description
    }

    /// The primary access level (the first the source names).
    pub fn access_level(self) -> AccessLevel {
        self.info().access_levels[0]
    }

    /// Every access level of the action, the primary first (never empty).
    pub fn access_levels(self) -> &'static [AccessLevel] {
        self.info().access_levels
    }

    /// The resource rows: each resource type (or `None` for the action-wide
    /// row) with its required flag, condition keys and dependent actions.
    pub fn resources(self) -> &'static [ResourceRequirement] {
        self.info().resources
    }

    /// The resource types the action requires.
    pub fn required_resources(self) -> impl Iterator<Item = ResourceType> {
        self.resources()
            .iter()
            .filter(|r| r.required)
            .filter_map(|r| r.resource_type)
    }

    /// The reconciled condition keys, with where each association came from.
    pub fn condition_keys(self) -> &'static [ActionConditionKey] {
        self.info().condition_keys
    }

    /// Whether `key` applies to this action, by either source.
    pub fn accepts(self, key: ConditionKey) -> bool {
        self.condition_keys().iter().any(|k| k.key == key)
    }

    /// Actions (of this or other services) this action depends on, such as
    /// `cloudhsm:DescribeClusters`.
    pub fn dependent_actions(self) -> &'static [&'static str] {
        self.info().dependent_actions
    }

    /// The actions an IAM action pattern covers: `*` and `?` wildcards, case
    /// insensitive, with or without the `kms:` prefix, as IAM evaluates them.
    ///
    /// ```
    /// use kms_types::Action;
    /// assert_eq!(Action::matching("kms:ReEncrypt*").count(), 2);
    /// assert_eq!(Action::matching("*").count(), Action::COUNT);
    /// assert_eq!(Action::matching("s3:*").count(), 0);
    /// ```
    pub fn matching(pattern: &str) -> Matching<'_> {
        Matching::new(pattern)
    }
}

impl ConditionKey {
    fn info(self) -> &'static KeyInfo {
        &KEY_INFO[self as usize]
    }

    /// Every spelling the sources use for this key.
    pub fn spellings(self) -> &'static [&'static str] {
        self.info().spellings
    }

    /// The first paragraph the condition-key page gives for the key (empty if none).
    pub fn description(self) -> &'static str {
        self.info().description
    }

    /// The condition type, or `None` when no source types the key.
    pub fn condition_type(self) -> Option<ConditionType> {
        self.info().condition_type
    }

    /// Single- or multi-valued, or `None` when no source says.
    pub fn value_type(self) -> Option<ValueType> {
        self.info().value_type
    }

    /// Whether the key needs a set operator (`ForAnyValue` / `ForAllValues`).
    pub fn is_multi_valued(self) -> bool {
        self.value_type() == Some(ValueType::MultiValued)
    }

    /// The operations the condition-key page lists for the key, each with its
    /// policy type and the actions it expands to.
    pub fn operations(self) -> &'static [KeyOperation] {
        self.info().operations
    }

    /// The actions the key applies to, after reconciliation.
    pub fn actions(self) -> &'static [Action] {
        self.info().actions
    }

    /// The key to use instead, for a deprecated key.
    pub fn deprecated_by(self) -> Option<ConditionKey> {
        self.info().deprecated_by
    }

    /// The placeholder of a templated key (`context-key` in
    /// `kms:EncryptionContext:context-key`).
    pub fn placeholder(self) -> Option<Placeholder> {
        self.info().placeholder
    }

    /// The key a concrete policy key belongs to: `kms:EncryptionContext:AppName`
    /// gives [`ConditionKey::EncryptionContext`]; case-insensitive.
    pub fn for_policy_key(concrete: &str) -> Option<ConditionKey> {
        let (prefix, rest) = concrete.split_once(':')?;
        ConditionKey::ALL.iter().copied().find(|key| {
            let info = key.info();
            if !prefix.eq_ignore_ascii_case(info.prefix) {
                return false;
            }
            match info.placeholder {
                None => rest.eq_ignore_ascii_case(info.base_name),
                Some(p) => {
                    rest.get(..info.base_name.len())
                        .is_some_and(|head| head.eq_ignore_ascii_case(info.base_name))
                        && rest[info.base_name.len()..].starts_with(p.separator)
                        && rest.len() > info.base_name.len() + 1
                }
            }
        })
    }
}

impl ResourceType {
    /// The ARN format, where a source gives one.
    pub fn arn_format(self) -> Option<&'static str> {
        RESOURCE_TYPE_INFO[self as usize].arn_format
    }

    /// The actions that take this resource type.
    pub fn actions(self) -> &'static [Action] {
        RESOURCE_TYPE_INFO[self as usize].actions
    }
}
