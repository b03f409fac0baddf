//! What is specific to one AWS service, in one place that names it.
//!
//! The parsers and the reconciliation follow IAM's grammar and take every
//! service-specific rule from a [`ServiceRules`]: the service prefix, the
//! operation groups its condition-key page uses, and which API operations
//! IAM authorises as more than one action. [`KMS`] is the only service the
//! workspace ships, and [`kms`] holds every fact specific to it (document
//! paths, page headers, operation groups, permission-only actions, the
//! value-set mapping, the documents' titles); another service would be
//! another module there, not an edit elsewhere.

use std::collections::BTreeMap;

use crate::model::Action;

pub mod kms;

pub use kms::{CRYPTOGRAPHIC_OPERATIONS, KMS};

/// The service-specific rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceRules {
    /// The IAM service prefix (`kms`).
    pub prefix: &'static str,
    /// Operation groups the condition-key page names in its "API
    /// operations" cells, and the actions each stands for.
    pub operation_groups: &'static [(&'static str, Group)],
    /// An API operation that IAM authorises as two or more actions named
    /// by these suffixes (`ReEncrypt` → `ReEncryptFrom` + `ReEncryptTo`);
    /// applied when no action has the operation's own name.
    pub split_suffixes: &'static [&'static str],
    /// Actions with no API operation of their name, each with the
    /// documented reason (the staleness report leaves these out).
    pub permission_only: &'static [(&'static str, &'static str)],
}

/// How an operation group expands to actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    /// Every action with a resource row of this type ("look for a value of
    /// KMS key in the Resources column").
    ActionsWithResource(&'static str),
    /// These operations, each expanded like a cell naming it.
    Listed(&'static [&'static str]),
    /// Every action whose name contains this text.
    NameContains(&'static str),
}

/// Rules for a service this crate has none for: no operation groups, no
/// split operations (every cell must name an action).
pub const NONE: ServiceRules = ServiceRules {
    prefix: "",
    operation_groups: &[],
    split_suffixes: &[],
    permission_only: &[],
};

/// The rules for the service with IAM prefix `prefix` ([`NONE`] if unknown).
pub fn rules_for(prefix: &str) -> &'static ServiceRules {
    [&KMS]
        .into_iter()
        .find(|rules| rules.prefix == prefix)
        .unwrap_or(&NONE)
}

impl ServiceRules {
    /// Whether `key` (a condition key name) belongs to this service.
    pub fn owns_key(&self, key: &str) -> bool {
        key.split_once(':')
            .is_some_and(|(prefix, _)| prefix == self.prefix)
    }

    /// Expands one "API operations" cell to (actions, names no action
    /// defines), both sorted.
    pub fn expand(
        &self,
        operation: &str,
        actions: &BTreeMap<String, Action>,
    ) -> (Vec<String>, Vec<String>) {
        let mut matched = std::collections::BTreeSet::new();
        let mut unmatched = std::collections::BTreeSet::new();
        let find = |name: &str| actions.keys().find(|a| a.eq_ignore_ascii_case(name));
        let by_name = |name: &str,
                       matched: &mut std::collections::BTreeSet<String>,
                       unmatched: &mut std::collections::BTreeSet<String>| {
            if let Some(action) = find(name) {
                matched.insert(action.clone());
                return;
            }
            let parts: Vec<&String> = self
                .split_suffixes
                .iter()
                .filter_map(|suffix| find(&format!("{name}{suffix}")))
                .collect();
            if !parts.is_empty() && parts.len() == self.split_suffixes.len() {
                matched.extend(parts.into_iter().cloned());
            } else {
                unmatched.insert(name.to_string());
            }
        };
        match self
            .operation_groups
            .iter()
            .find(|(group, _)| *group == operation)
        {
            Some((_, Group::ActionsWithResource(resource))) => matched.extend(
                actions
                    .values()
                    .filter(|a| a.has_resource(resource))
                    .map(|a| a.name.clone()),
            ),
            Some((_, Group::Listed(names))) => {
                for name in names.iter() {
                    by_name(name, &mut matched, &mut unmatched);
                }
            }
            Some((_, Group::NameContains(text))) => {
                matched.extend(actions.keys().filter(|a| a.contains(text)).cloned())
            }
            None => by_name(operation, &mut matched, &mut unmatched),
        }
        if matched.is_empty() && unmatched.is_empty() {
            unmatched.insert(operation.to_string());
        }
        (
            matched.into_iter().collect(),
            unmatched.into_iter().collect(),
        )
    }
}
