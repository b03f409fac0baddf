//! Least-privilege KMS policies from a CRUD template: what Policy Sentry's
//! `write-policy` does, from this crate's tables, without its over-grants.
//!
//! ```
//! use kms_types::write::{Template, write};
//!
//! let template = kms_json::parse(r#"{
//!     "mode": "crud",
//!     "read": ["arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"],
//!     "wildcard-only": {"single-actions": ["kms:ListKeys"]}
//! }"#).unwrap();
//! let template = Template::from_document(&template).unwrap();
//! let written = write(&template);
//! assert!(!written.has_errors());
//! let sids: Vec<&str> = written.statements.iter().map(|s| s.sid.as_str()).collect();
//! assert_eq!(sids, ["MultMultNone", "KmsReadKey"]);
//! assert!(written.statements[1].actions.contains(&"kms:DescribeKey".to_string()));
//! ```
//!
//! The template is Policy Sentry's CRUD format (`mode: crud`, `effect`,
//! `read`, `write`, `list`, `tagging`, `permissions-management`,
//! `wildcard-only`, `skip-resource-constraints`, `exclude-actions`, `sts`),
//! read from any document [`kms_json`] values describe (JSON, or YAML
//! through a reader that yields them, as `kms-policy` does). The rules:
//!
//! - An ARN in a level section is a KMS key or alias ARN
//!   (`arn:PARTITION:kms:REGION:ACCOUNT:key/ID`, `…:alias/NAME`); another
//!   service is `not-kms`, a malformed one (empty region, account, id or
//!   name) `arn-format`, a wildcard in the resource-type part (`…:*`,
//!   `…:*/*`) `resource-type-wildcard`. Wildcards in region, account, id and
//!   name are kept. An AWS managed alias (`alias/aws/…`) is skipped with
//!   `managed-alias`: its policy is AWS's.
//! - An ARN of resource type K in section L gets exactly the actions whose
//!   **primary** access level is L and which take K: a secondary level never
//!   widens a section. An ARN that gets none: `no-action-for-resource`.
//!   "Take" is what the newest document describing the action says (a
//!   resource row only the older Policy Sentry page gives is not granted on).
//! - An action that needs two resource types (`CreateAlias` needs the alias
//!   and the key) granted on one only: `alias-op-incomplete`, naming the
//!   missing side. No ARN is invented.
//! - `wildcard-only.single-actions`: a KMS action that takes no resource, on
//!   `"*"`; one that takes a resource is `not-wildcard-only` and not granted;
//!   an unknown one `unknown-action`; another service `not-kms`; a name
//!   without `service:` `action-format`. `service-LEVEL: [kms]` grants every
//!   resource-less action of that level on `"*"`. `sts`: KMS only, so any
//!   entry is `not-kms`.
//! - `skip-resource-constraints`: each listed KMS action on `"*"`.
//! - `exclude-actions` (IAM patterns) apply **before** anything is derived;
//!   one that matches no KMS action is `exclude-matches-nothing`.
//! - Dependent actions (`kms:ReplicateKey` → `kms:CreateKey`, ...) are never
//!   granted: `dependent-not-granted` lists them.
//! - One pair, once: an action granted on `"*"` is not granted on an ARN too.
//! - Output: `Version` 2012-10-17; statements by (level, resource type) with
//!   Policy Sentry's Sids (`MultMultNone`, `KmsReadKey`, `KmsWriteAlias`,
//!   ..., `SkipResourceConstraints`) in that fixed order; `Action` and
//!   `Resource` always arrays, sorted, no wildcards in actions; the output
//!   does not depend on the order of sections or entries. Nothing granted
//!   is the empty policy, with `empty-policy`.
//!
//! `''` entries are placeholders, skipped wherever they are.

mod template;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;

use crate::policy::Effect;
use crate::policy::arn::Partition;
use crate::{AccessLevel, Action, ResourceType, SERVICE_PREFIX};

pub use template::{Entry, Template};

/// What a diagnostic is about; its string form is stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WriteCode {
    /// The template's shape: unknown keys, a string where a list belongs,
    /// `mode` other than `crud`, an `effect` other than Allow or Deny.
    Template,
    /// An ARN or action of another service (or any `sts` entry).
    NotKms,
    /// A KMS ARN that is malformed.
    ArnFormat,
    /// A wildcard in an ARN's resource-type part.
    ResourceTypeWildcard,
    /// An AWS managed alias (`alias/aws/...`), skipped.
    ManagedAlias,
    /// An ARN that no action of its section takes.
    NoActionForResource,
    /// An action that needs two resource types, granted on one.
    AliasOpIncomplete,
    /// A `single-actions` action that takes a resource.
    NotWildcardOnly,
    /// An action name this crate does not know.
    UnknownAction,
    /// An action name without `service:`.
    ActionFormat,
    /// An `exclude-actions` pattern that matches no KMS action.
    ExcludeMatchesNothing,
    /// Dependent actions of a granted action, not granted.
    DependentNotGranted,
    /// Nothing was granted.
    EmptyPolicy,
}

impl WriteCode {
    /// The stable string form (`not-kms`).
    pub fn as_str(self) -> &'static str {
        match self {
            WriteCode::Template => "template",
            WriteCode::NotKms => "not-kms",
            WriteCode::ArnFormat => "arn-format",
            WriteCode::ResourceTypeWildcard => "resource-type-wildcard",
            WriteCode::ManagedAlias => "managed-alias",
            WriteCode::NoActionForResource => "no-action-for-resource",
            WriteCode::AliasOpIncomplete => "alias-op-incomplete",
            WriteCode::NotWildcardOnly => "not-wildcard-only",
            WriteCode::UnknownAction => "unknown-action",
            WriteCode::ActionFormat => "action-format",
            WriteCode::ExcludeMatchesNothing => "exclude-matches-nothing",
            WriteCode::DependentNotGranted => "dependent-not-granted",
            WriteCode::EmptyPolicy => "empty-policy",
        }
    }

    /// Whether a diagnostic with this code is an error (the template is
    /// wrong: nothing is written) or a warning (the policy is written).
    pub fn is_error(self) -> bool {
        matches!(
            self,
            WriteCode::Template
                | WriteCode::NotKms
                | WriteCode::ArnFormat
                | WriteCode::ResourceTypeWildcard
                | WriteCode::ActionFormat
        )
    }
}

impl fmt::Display for WriteCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem with a template, at the entry it is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct WriteDiagnostic {
    /// Byte span of the entry in the template's text.
    pub span: (usize, usize),
    /// What it is about.
    pub code: WriteCode,
    /// What is wrong, and what was done about it.
    pub message: String,
}

impl WriteDiagnostic {
    fn new(code: WriteCode, span: (usize, usize), message: impl Into<String>) -> Self {
        WriteDiagnostic {
            span,
            code,
            message: message.into(),
        }
    }

    /// Whether it is an error (nothing is written).
    pub fn is_error(&self) -> bool {
        self.code.is_error()
    }
}

/// One (action, resource) pair granted, and why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Grant {
    /// The action.
    pub action: Action,
    /// `"*"` or the ARN as the template gave it.
    pub resource: String,
    /// The template section (and entry) that asked for it.
    pub reason: String,
}

/// One statement of the written policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenStatement {
    /// Policy Sentry's name for the group (`KmsWriteKey`).
    pub sid: String,
    /// The template's effect.
    pub effect: Effect,
    /// IAM action names, sorted.
    pub actions: Vec<String>,
    /// Resources, sorted.
    pub resources: Vec<String>,
}

/// What [`write()`] made of a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// The statements, in the fixed order.
    pub statements: Vec<WrittenStatement>,
    /// Every (action, resource) pair, sorted, each once.
    pub grants: Vec<Grant>,
    /// Errors and warnings, in template order.
    pub diagnostics: Vec<WriteDiagnostic>,
}

impl Written {
    /// Whether any diagnostic is an error: then the policy must not be used.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(WriteDiagnostic::is_error)
    }

    /// The policy as JSON text: `Version`, then `Statement` with `Sid`,
    /// `Effect`, `Action`, `Resource` in that order, 4-space indent and a
    /// trailing newline.
    pub fn to_json_text(&self) -> String {
        let quote = |s: &str| serde_json::Value::String(s.to_string()).to_string();
        let list = |items: &[String], indent: &str| {
            let inner: Vec<String> = items
                .iter()
                .map(|i| format!("{indent}    {}", quote(i)))
                .collect();
            format!("[\n{}\n{indent}]", inner.join(",\n"))
        };
        let mut out = String::from("{\n    \"Version\": \"2012-10-17\",\n    \"Statement\": [");
        if self.statements.is_empty() {
            out.push_str("]\n}\n");
            return out;
        }
        let statements: Vec<String> = self
            .statements
            .iter()
            .map(|s| {
                format!(
                    "        {{\n            \"Sid\": {},\n            \"Effect\": {},\n            \"Action\": {},\n            \"Resource\": {}\n        }}",
                    quote(&s.sid),
                    quote(s.effect.as_str()),
                    list(&s.actions, "            "),
                    list(&s.resources, "            "),
                )
            })
            .collect();
        out.push('\n');
        out.push_str(&statements.join(",\n"));
        out.push_str("\n    ]\n}\n");
        out
    }
}

/// The levels of the template's sections, in output order, with their
/// section names.
const LEVELS: [(AccessLevel, &str); 5] = [
    (AccessLevel::Read, "read"),
    (AccessLevel::Write, "write"),
    (AccessLevel::List, "list"),
    (AccessLevel::Tagging, "tagging"),
    (AccessLevel::PermissionsManagement, "permissions-management"),
];

/// Writes the least-privilege policy a template asks for.
pub fn write(template: &Template) -> Written {
    let mut writer = Writer {
        excluded: BTreeSet::new(),
        diagnostics: Vec::new(),
        wildcard: BTreeMap::new(),
        skip: BTreeMap::new(),
        on_arns: BTreeMap::new(),
    };
    writer.exclusions(&template.exclude_actions);
    for entry in &template.sts {
        writer.diagnose(
            WriteCode::NotKms,
            entry,
            format!(
                "`{}`: `sts` asks for AWS STS actions; this writer writes KMS policies only",
                entry.text
            ),
        );
    }
    for entry in &template.single_actions {
        writer.single_action(entry);
    }
    for (level, entries) in &template.service_levels {
        for entry in entries {
            writer.service_level(*level, entry);
        }
    }
    for entry in &template.skip_resource_constraints {
        writer.skip_resource_constraint(entry);
    }
    for (level, entries) in &template.levels {
        for entry in entries {
            writer.arn(*level, entry);
        }
    }
    writer.finish(template)
}

/// Where a grant came from: the section and its entry's span.
#[derive(Debug, Clone)]
struct Origin {
    reason: String,
    span: (usize, usize),
}

struct Writer {
    excluded: BTreeSet<Action>,
    diagnostics: Vec<WriteDiagnostic>,
    /// `wildcard-only` grants on `"*"`.
    wildcard: BTreeMap<Action, Origin>,
    /// `skip-resource-constraints` grants on `"*"`.
    skip: BTreeMap<Action, Origin>,
    /// (level, resource type) → ARN → actions, with where each came from.
    on_arns: BTreeMap<(usize, ResourceType), BTreeMap<String, BTreeMap<Action, Origin>>>,
}

impl Writer {
    fn diagnose(&mut self, code: WriteCode, entry: &Entry, message: String) {
        self.diagnostics
            .push(WriteDiagnostic::new(code, entry.span, message));
    }

    fn exclusions(&mut self, entries: &[Entry]) {
        for entry in entries {
            let matched: Vec<Action> = Action::matching(entry.text.trim()).collect();
            if matched.is_empty() {
                self.diagnose(
                    WriteCode::ExcludeMatchesNothing,
                    entry,
                    format!(
                        "`{}` matches no KMS action, so it excludes nothing (patterns are IAM's: `kms:Replicate*`, `kms:ReplicateKey`)",
                        entry.text
                    ),
                );
            }
            self.excluded.extend(matched);
        }
    }

    /// A KMS action named by `entry` (`kms:Name`), or a diagnostic.
    fn action(&mut self, entry: &Entry) -> Option<Action> {
        let text = entry.text.trim();
        let Some((service, _)) = kms_iam_rules::action_name::split(text) else {
            self.diagnose(
                WriteCode::ActionFormat,
                entry,
                format!("`{text}` is not an action name: write it as `kms:Name`"),
            );
            return None;
        };
        if !service.eq_ignore_ascii_case(SERVICE_PREFIX) {
            self.diagnose(
                WriteCode::NotKms,
                entry,
                format!("`{text}` is an action of `{service}`, not KMS; this writer writes KMS policies only"),
            );
            return None;
        }
        match text.parse::<Action>() {
            Ok(action) => Some(action),
            Err(error) => {
                self.diagnose(
                    WriteCode::UnknownAction,
                    entry,
                    format!("{error}; not granted"),
                );
                None
            }
        }
    }

    fn single_action(&mut self, entry: &Entry) {
        let Some(action) = self.action(entry) else {
            return;
        };
        if takes_resource(action) {
            let takes = resource_names(action);
            self.diagnose(
                WriteCode::NotWildcardOnly,
                entry,
                format!(
                    "{action} takes a resource ({takes}): not granted on \"*\"; list the ARN under `{}`",
                    section_of(action.access_level())
                ),
            );
            return;
        }
        self.grant_wildcard(action, "wildcard-only.single-actions", entry);
    }

    fn service_level(&mut self, level: AccessLevel, entry: &Entry) {
        let service = entry.text.trim();
        if !service.eq_ignore_ascii_case(SERVICE_PREFIX) {
            self.diagnose(
                WriteCode::NotKms,
                entry,
                format!("`{service}` is not KMS; this writer writes KMS policies only"),
            );
            return;
        }
        let section = format!("wildcard-only.service-{}", section_of(level));
        for &action in Action::ALL {
            if action.access_level() == level && !takes_resource(action) {
                self.grant_wildcard(action, &section, entry);
            }
        }
    }

    fn grant_wildcard(&mut self, action: Action, section: &str, entry: &Entry) {
        if self.excluded.contains(&action) {
            return;
        }
        self.wildcard.entry(action).or_insert_with(|| Origin {
            reason: section.to_string(),
            span: entry.span,
        });
    }

    fn skip_resource_constraint(&mut self, entry: &Entry) {
        let Some(action) = self.action(entry) else {
            return;
        };
        if self.excluded.contains(&action) {
            return;
        }
        self.skip.entry(action).or_insert_with(|| Origin {
            reason: "skip-resource-constraints".to_string(),
            span: entry.span,
        });
    }

    fn arn(&mut self, level: AccessLevel, entry: &Entry) {
        let arn = entry.text.trim();
        let resource_type = match kms_arn(arn) {
            Ok(ArnKind::Resource(resource_type)) => resource_type,
            Ok(ArnKind::ManagedAlias) => {
                self.diagnose(
                    WriteCode::ManagedAlias,
                    entry,
                    format!("`{arn}` is an AWS managed alias: its key policy is AWS's, and no identity policy is needed for it; skipped"),
                );
                return;
            }
            Err((code, why)) => {
                self.diagnose(code, entry, format!("`{arn}`: {why}"));
                return;
            }
        };
        let section = section_of(level);
        let candidates: Vec<Action> = Action::ALL
            .iter()
            .copied()
            .filter(|a| a.access_level() == level && takes(*a, resource_type))
            .collect();
        let actions: Vec<Action> = candidates
            .iter()
            .copied()
            .filter(|a| !self.excluded.contains(a))
            .collect();
        if actions.is_empty() {
            let why = if candidates.is_empty() {
                format!(
                    "no KMS action of level {} takes a resource of type `{}`",
                    level.name(),
                    resource_type.name()
                )
            } else {
                format!(
                    "`exclude-actions` removes every {} action that takes a resource of type `{}`",
                    level.name(),
                    resource_type.name()
                )
            };
            self.diagnose(
                WriteCode::NoActionForResource,
                entry,
                format!("{why}: `{arn}` gets nothing in `{section}`"),
            );
            return;
        }
        let index = LEVELS.iter().position(|(l, _)| *l == level).unwrap_or(0);
        let granted = self
            .on_arns
            .entry((index, resource_type))
            .or_default()
            .entry(arn.to_string())
            .or_default();
        for action in actions {
            granted.entry(action).or_insert_with(|| Origin {
                reason: format!("{section}: {arn}"),
                span: entry.span,
            });
        }
    }

    fn finish(mut self, template: &Template) -> Written {
        // One pair, once: what is granted on "*" is not granted on an ARN,
        // and `wildcard-only` comes before `skip-resource-constraints`.
        let on_star: BTreeSet<Action> = self
            .wildcard
            .keys()
            .chain(self.skip.keys())
            .copied()
            .collect();
        let wildcard_actions: BTreeSet<Action> = self.wildcard.keys().copied().collect();
        self.skip
            .retain(|action, _| !wildcard_actions.contains(action));
        for arns in self.on_arns.values_mut() {
            for actions in arns.values_mut() {
                actions.retain(|action, _| !on_star.contains(action));
            }
        }
        let mut grants: Vec<Grant> = Vec::new();
        let mut statements = Vec::new();
        let mut origins: BTreeMap<Action, (usize, usize)> = BTreeMap::new();
        // The resource types each action is granted on by ARN.
        let mut arn_types: BTreeMap<Action, BTreeSet<ResourceType>> = BTreeMap::new();
        let mut star = |name: &str, map: &BTreeMap<Action, Origin>, grants: &mut Vec<Grant>| {
            if map.is_empty() {
                return None;
            }
            for (action, origin) in map {
                grants.push(Grant {
                    action: *action,
                    resource: "*".to_string(),
                    reason: origin.reason.clone(),
                });
                origins.entry(*action).or_insert(origin.span);
            }
            Some(WrittenStatement {
                sid: name.to_string(),
                effect: template.effect,
                actions: sorted_names(map.keys().copied()),
                resources: vec!["*".to_string()],
            })
        };
        statements.extend(star("MultMultNone", &self.wildcard, &mut grants));
        let skip_statement = star("SkipResourceConstraints", &self.skip, &mut grants);
        for ((level, resource_type), arns) in &self.on_arns {
            let mut actions = BTreeSet::new();
            let mut resources = BTreeSet::new();
            for (arn, granted) in arns {
                for (action, origin) in granted {
                    grants.push(Grant {
                        action: *action,
                        resource: arn.clone(),
                        reason: origin.reason.clone(),
                    });
                    origins.entry(*action).or_insert(origin.span);
                    arn_types.entry(*action).or_default().insert(*resource_type);
                    actions.insert(*action);
                    resources.insert(arn.clone());
                }
            }
            if actions.is_empty() {
                continue;
            }
            statements.push(WrittenStatement {
                sid: sid(LEVELS[*level].0, *resource_type),
                effect: template.effect,
                actions: sorted_names(actions.into_iter()),
                resources: resources.into_iter().collect(),
            });
        }
        statements.extend(skip_statement);
        // Each pair is made once: a level's actions are those whose primary
        // level it is, an ARN has one resource type, and what is on "*" was
        // taken off the ARNs above.
        grants.sort();
        self.incomplete_pairs(&arn_types, &origins);
        self.dependents(&origins);
        if statements.is_empty() && !self.diagnostics.iter().any(WriteDiagnostic::is_error) {
            self.diagnostics.push(WriteDiagnostic::new(
                WriteCode::EmptyPolicy,
                template.span,
                "the template grants nothing: the policy is empty",
            ));
        }
        self.diagnostics.sort();
        Written {
            statements,
            grants,
            diagnostics: self.diagnostics,
        }
    }

    /// Actions that need two resource types (the alias operations) granted
    /// on one of them only.
    fn incomplete_pairs(
        &mut self,
        arn_types: &BTreeMap<Action, BTreeSet<ResourceType>>,
        origins: &BTreeMap<Action, (usize, usize)>,
    ) {
        for (&action, granted) in arn_types {
            let Some(&span) = origins.get(&action) else {
                continue;
            };
            let required: Vec<ResourceType> = current_rows(action)
                .filter(|r| r.required)
                .filter_map(|r| r.resource_type)
                .collect();
            if required.len() < 2 {
                continue;
            }
            let missing: Vec<&str> = required
                .iter()
                .filter(|t| !granted.contains(t))
                .map(|t| t.name())
                .collect();
            if missing.is_empty() {
                continue;
            }
            let have: Vec<&str> = granted.iter().map(|t| t.name()).collect();
            self.diagnostics.push(WriteDiagnostic::new(
                WriteCode::AliasOpIncomplete,
                span,
                format!(
                    "{action} needs permission on both the {} and the {}; it is granted on the {} only: add the {} ARN to the `{}` section (no ARN is invented)",
                    required[0].name(),
                    required[1].name(),
                    have.join(" and "),
                    missing.join(" and "),
                    section_of(action.access_level()),
                ),
            ));
        }
    }

    fn dependents(&mut self, origins: &BTreeMap<Action, (usize, usize)>) {
        for (&action, &span) in origins {
            let dependents = action.dependent_actions();
            if dependents.is_empty() {
                continue;
            }
            self.diagnostics.push(WriteDiagnostic::new(
                WriteCode::DependentNotGranted,
                span,
                format!(
                    "{action} may also need {} (its dependent actions); they are not granted: add what you need explicitly, on the resources it is for",
                    dependents.join(", ")
                ),
            ));
        }
    }
}

fn sorted_names(actions: impl Iterator<Item = Action>) -> Vec<String> {
    let mut names: Vec<String> = actions.map(|a| a.to_string()).collect();
    names.sort();
    names
}

/// Policy Sentry's Sid for a (level, resource type) group: `Kms`, the level
/// without spaces with only its first letter upper-case, the resource type
/// likewise (`KmsPermissionsmanagementKey`).
fn sid(level: AccessLevel, resource_type: ResourceType) -> String {
    let word = |text: &str| {
        let squashed: String = text.chars().filter(|c| c.is_alphanumeric()).collect();
        let mut chars = squashed.chars();
        match chars.next() {
            Some(first) => first
                .to_uppercase()
                .chain(chars.flat_map(char::to_lowercase))
                .collect(),
            None => String::new(),
        }
    };
    format!(
        "{}{}{}",
        word(SERVICE_PREFIX),
        word(level.name()),
        word(resource_type.name())
    )
}

fn section_of(level: AccessLevel) -> &'static str {
    LEVELS
        .iter()
        .find(|(l, _)| *l == level)
        .map_or("write", |(_, section)| section)
}

/// The resource rows of `action` that the newest document describing it
/// gives: Policy Sentry's database when it has the action (a row only the
/// older page gives, such as `ListRetirableGrants`'s `key`, is kept in the
/// model but not granted on), else every row.
fn current_rows(action: Action) -> impl Iterator<Item = &'static crate::ResourceRequirement> {
    let rows = action.resources();
    let newest = rows
        .iter()
        .any(|r| r.sources.contains(&crate::Source::PolicySentryDatabase));
    rows.iter()
        .filter(move |r| !newest || r.sources.contains(&crate::Source::PolicySentryDatabase))
}

fn takes(action: Action, resource_type: ResourceType) -> bool {
    current_rows(action).any(|r| r.resource_type == Some(resource_type))
}

fn takes_resource(action: Action) -> bool {
    current_rows(action).any(|r| r.resource_type.is_some())
}

fn resource_names(action: Action) -> String {
    let names: Vec<&str> = current_rows(action)
        .filter_map(|r| r.resource_type.map(|t| t.name()))
        .collect();
    names.join(", ")
}

/// What a KMS ARN in a level section names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ArnKind {
    Resource(ResourceType),
    ManagedAlias,
}

/// Reads a KMS key or alias ARN; the error is the code and why.
fn kms_arn(arn: &str) -> Result<ArnKind, (WriteCode, String)> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let malformed = |why: &str| (WriteCode::ArnFormat, why.to_string());
    if parts.len() < 3 || parts[0] != "arn" {
        return Err(malformed(
            "not an ARN: expected arn:PARTITION:kms:REGION:ACCOUNT:key/ID or …:alias/NAME",
        ));
    }
    let service = parts[2];
    if service != SERVICE_PREFIX {
        return Err((
            WriteCode::NotKms,
            format!("an ARN of `{service}`, not KMS; this writer writes KMS policies only"),
        ));
    }
    let [_, partition, _, region, account, resource] = parts[..] else {
        return Err(malformed(
            "too few parts: expected arn:PARTITION:kms:REGION:ACCOUNT:key/ID or …:alias/NAME",
        ));
    };
    let wild = |s: &str| s.contains(['*', '?']);
    let partition_ok = if wild(partition) {
        Partition::ALL
            .iter()
            .any(|p| kms_iam_rules::action_name::glob(partition, p.as_str()))
    } else {
        Partition::from_str(partition).is_ok()
    };
    if !partition_ok {
        return Err(malformed(&format!(
            "`{partition}` is not an AWS partition (aws, aws-cn, aws-us-gov, ...)"
        )));
    }
    if region.is_empty() {
        return Err(malformed(
            "the region is empty; KMS keys and aliases are regional (use `*` for any region)",
        ));
    }
    if account.is_empty() {
        return Err(malformed(
            "the account is empty; use the 12-digit account ID or `*`",
        ));
    }
    let account_ok = kms_iam_rules::grammar::is_account_id(account)
        || (wild(account)
            && account
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b'*' || b == b'?'));
    if !account_ok {
        return Err(malformed(&format!(
            "`{account}` is not a 12-digit account ID"
        )));
    }
    let (type_part, id) = match resource.split_once('/') {
        Some((t, id)) => (t, Some(id)),
        None => (resource, None),
    };
    if wild(type_part) {
        return Err((
            WriteCode::ResourceTypeWildcard,
            format!(
                "`{resource}` has a wildcard in the resource type: name `key/...` or `alias/...` (a wildcard there would cover every kind of KMS resource)"
            ),
        ));
    }
    let Some(resource_type) = ResourceType::ALL
        .iter()
        .copied()
        .find(|t| t.name() == type_part)
    else {
        return Err(malformed(&format!(
            "`{type_part}` is not a KMS resource type: expected key/ID or alias/NAME"
        )));
    };
    let id = id.unwrap_or_default();
    if id.is_empty() {
        return Err(malformed(&format!(
            "the {} has no {}",
            resource_type.name(),
            if resource_type == ResourceType::Alias {
                "name"
            } else {
                "id"
            }
        )));
    }
    if resource_type == ResourceType::Alias && (id == "aws" || id.starts_with("aws/")) {
        return Ok(ArnKind::ManagedAlias);
    }
    Ok(ArnKind::Resource(resource_type))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arns() {
        let key = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        assert_eq!(kms_arn(key), Ok(ArnKind::Resource(ResourceType::Key)));
        assert_eq!(
            kms_arn("arn:aws:kms:*:*:alias/app/*"),
            Ok(ArnKind::Resource(ResourceType::Alias))
        );
        assert_eq!(
            kms_arn("arn:aws:kms:us-east-1:111122223333:alias/aws/s3"),
            Ok(ArnKind::ManagedAlias)
        );
        let code = |arn: &str| kms_arn(arn).unwrap_err().0;
        assert_eq!(code("arn:aws:s3:::bucket"), WriteCode::NotKms);
        assert_eq!(
            code("arn:aws:kms:us-east-1:111122223333:*"),
            WriteCode::ResourceTypeWildcard
        );
        assert_eq!(
            code("arn:aws:kms:us-east-1:111122223333:*/*"),
            WriteCode::ResourceTypeWildcard
        );
        assert_eq!(
            code("arn:aws:kms::111122223333:key/x"),
            WriteCode::ArnFormat
        );
        assert_eq!(code("arn:aws:kms:us-east-1::key/x"), WriteCode::ArnFormat);
        assert_eq!(
            code("arn:aws:kms:us-east-1:111122223333:key/"),
            WriteCode::ArnFormat
        );
        assert_eq!(
            code("arn:aws:kms:us-east-1:111122223333:alias/"),
            WriteCode::ArnFormat
        );
        assert_eq!(
            code("arn:aws:kms:us-east-1:12345:key/x"),
            WriteCode::ArnFormat
        );
        assert_eq!(
            code("arn:nope:kms:us-east-1:111122223333:key/x"),
            WriteCode::ArnFormat
        );
        assert_eq!(code("key/x"), WriteCode::ArnFormat);
    }

    #[test]
    fn sids_follow_policy_sentry() {
        assert_eq!(sid(AccessLevel::Read, ResourceType::Key), "KmsReadKey");
        assert_eq!(
            sid(AccessLevel::Write, ResourceType::Alias),
            "KmsWriteAlias"
        );
        assert_eq!(
            sid(AccessLevel::PermissionsManagement, ResourceType::Key),
            "KmsPermissionsmanagementKey"
        );
    }
}
