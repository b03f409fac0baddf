//! What changed between two models, and what that means for `kms-types`' version.
//!
//! Every change has an [`Impact`]:
//! - **breaking**: something users can name or rely on disappears or changes
//!   meaning (an action, key or association removed; a key retyped, made
//!   multi-valued or deprecated; an access level or resource requirement changed);
//! - **minor**: only additions (new actions, keys, associations, dependent actions);
//! - **patch**: descriptions only.
//!
//! The semver verdict is the strongest impact of all changes.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

use kms_spec::{Action, ConditionKey, Spec};
use serde::Serialize;

/// How a change affects users of `kms-types`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Impact {
    /// Descriptions only.
    Patch,
    /// Additions only.
    Minor,
    /// Removals or changes of meaning.
    Breaking,
}

/// What kind of thing changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChangeKind {
    /// A new action.
    ActionAdded,
    /// An action that is gone.
    ActionRemoved,
    /// An action's access level(s).
    AccessLevelChanged,
    /// An action's description.
    DescriptionChanged,
    /// An action's resource rows (types or required flags).
    ResourcesChanged,
    /// An action's dependent actions.
    DependentActionsChanged,
    /// A key newly associated with an action.
    ActionKeyAdded,
    /// A key no longer associated with an action.
    ActionKeyRemoved,
    /// A new condition key.
    KeyAdded,
    /// A condition key that is gone.
    KeyRemoved,
    /// A key's condition type.
    KeyRetyped,
    /// A key changed between single- and multi-valued.
    KeyValueTypeChanged,
    /// A key newly deprecated.
    KeyDeprecated,
    /// A key's description.
    KeyDescriptionChanged,
}

impl ChangeKind {
    /// A heading for the human output.
    pub fn title(self) -> &'static str {
        match self {
            ChangeKind::ActionAdded => "Actions added",
            ChangeKind::ActionRemoved => "Actions removed",
            ChangeKind::AccessLevelChanged => "Access levels changed",
            ChangeKind::DescriptionChanged => "Action descriptions changed",
            ChangeKind::ResourcesChanged => "Resources changed",
            ChangeKind::DependentActionsChanged => "Dependent actions changed",
            ChangeKind::ActionKeyAdded => "Condition keys added to actions",
            ChangeKind::ActionKeyRemoved => "Condition keys removed from actions",
            ChangeKind::KeyAdded => "Condition keys added",
            ChangeKind::KeyRemoved => "Condition keys removed",
            ChangeKind::KeyRetyped => "Condition keys retyped",
            ChangeKind::KeyValueTypeChanged => "Single-/multi-valued changed",
            ChangeKind::KeyDeprecated => "Condition keys deprecated",
            ChangeKind::KeyDescriptionChanged => "Condition key descriptions changed",
        }
    }
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What kind of change.
    pub kind: ChangeKind,
    /// The action or key it is about.
    pub subject: String,
    /// Old → new, or what was added or removed.
    pub detail: String,
    /// Its effect on the crate's version.
    pub impact: Impact,
}

/// Every change from one model to another, and the verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ModelDiff {
    /// Changes, grouped by kind, then by subject.
    pub changes: Vec<Change>,
    /// The strongest impact, or `None` when nothing changed.
    pub verdict: Option<Impact>,
}

fn push(
    changes: &mut Vec<Change>,
    kind: ChangeKind,
    subject: &str,
    detail: String,
    impact: Impact,
) {
    changes.push(Change {
        kind,
        subject: subject.to_string(),
        detail,
        impact,
    });
}

fn list(items: &BTreeSet<String>) -> String {
    items.iter().cloned().collect::<Vec<_>>().join(", ")
}

/// The changes from `old` to `new`.
pub fn diff(old: &Spec, new: &Spec) -> ModelDiff {
    let mut changes = Vec::new();
    let old_actions: BTreeMap<&str, &Action> =
        old.actions.iter().map(|a| (a.name.as_str(), a)).collect();
    let new_actions: BTreeMap<&str, &Action> =
        new.actions.iter().map(|a| (a.name.as_str(), a)).collect();
    for (name, action) in &new_actions {
        match old_actions.get(name) {
            None => push(
                &mut changes,
                ChangeKind::ActionAdded,
                name,
                action.access_level.primary.as_str().to_string(),
                Impact::Minor,
            ),
            Some(before) => diff_action(before, action, &mut changes),
        }
    }
    for name in old_actions.keys().filter(|n| !new_actions.contains_key(*n)) {
        push(
            &mut changes,
            ChangeKind::ActionRemoved,
            name,
            String::new(),
            Impact::Breaking,
        );
    }
    // Keys compare by family, so a respelled template is the same key.
    let family = |k: &ConditionKey| k.parsed.family();
    let old_keys: BTreeMap<String, &ConditionKey> =
        old.condition_keys.iter().map(|k| (family(k), k)).collect();
    let new_keys: BTreeMap<String, &ConditionKey> =
        new.condition_keys.iter().map(|k| (family(k), k)).collect();
    for (f, key) in &new_keys {
        match old_keys.get(f) {
            None => {
                let ty = key.condition_type.map_or("untyped", |t| t.as_str());
                push(
                    &mut changes,
                    ChangeKind::KeyAdded,
                    &key.name,
                    ty.to_string(),
                    Impact::Minor,
                );
            }
            Some(before) => diff_key(before, key, &mut changes),
        }
    }
    for (f, key) in &old_keys {
        if !new_keys.contains_key(f) {
            push(
                &mut changes,
                ChangeKind::KeyRemoved,
                &key.name,
                String::new(),
                Impact::Breaking,
            );
        }
    }
    changes.sort_by(|a, b| (a.kind, &a.subject).cmp(&(b.kind, &b.subject)));
    let verdict = changes.iter().map(|c| c.impact).max();
    ModelDiff { changes, verdict }
}

fn diff_action(old: &Action, new: &Action, changes: &mut Vec<Change>) {
    let name = new.name.as_str();
    if old.access_level != new.access_level {
        let show = |a: &Action| {
            a.access_level
                .all
                .iter()
                .map(|l| l.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        push(
            changes,
            ChangeKind::AccessLevelChanged,
            name,
            format!("{} → {}", show(old), show(new)),
            Impact::Breaking,
        );
    }
    if old.description != new.description {
        push(
            changes,
            ChangeKind::DescriptionChanged,
            name,
            format!("{:?} → {:?}", old.description, new.description),
            Impact::Patch,
        );
    }
    let rows = |a: &Action| -> BTreeSet<String> {
        a.resources
            .iter()
            .filter(|r| !r.resource_type.is_empty())
            .map(|r| {
                format!(
                    "{}{}",
                    r.resource_type,
                    if r.required { " (required)" } else { "" }
                )
            })
            .collect()
    };
    let (before, after) = (rows(old), rows(new));
    if before != after {
        let impact = if before.is_subset(&after)
            && after
                .iter()
                .all(|r| !r.ends_with("(required)") || before.contains(r))
        {
            Impact::Minor
        } else {
            Impact::Breaking
        };
        push(
            changes,
            ChangeKind::ResourcesChanged,
            name,
            format!("[{}] → [{}]", list(&before), list(&after)),
            impact,
        );
    }
    let deps = |a: &Action| a.dependent_actions.iter().cloned().collect::<BTreeSet<_>>();
    let (before, after) = (deps(old), deps(new));
    if before != after {
        let added: BTreeSet<String> = after.difference(&before).cloned().collect();
        let removed: BTreeSet<String> = before.difference(&after).cloned().collect();
        let mut detail = Vec::new();
        if !added.is_empty() {
            detail.push(format!("+ {}", list(&added)));
        }
        if !removed.is_empty() {
            detail.push(format!("- {}", list(&removed)));
        }
        let impact = if removed.is_empty() {
            Impact::Minor
        } else {
            Impact::Breaking
        };
        push(
            changes,
            ChangeKind::DependentActionsChanged,
            name,
            detail.join("; "),
            impact,
        );
    }
    let keys = |a: &Action| {
        a.condition_keys
            .iter()
            .map(|k| {
                kms_spec::KeyName::parse(&k.key).map_or_else(|_| k.key.clone(), |n| n.family())
            })
            .zip(a.condition_keys.iter().map(|k| k.key.clone()))
            .collect::<BTreeMap<String, String>>()
    };
    let (before, after) = (keys(old), keys(new));
    let added: BTreeSet<String> = after
        .iter()
        .filter(|(f, _)| !before.contains_key(*f))
        .map(|(_, k)| k.clone())
        .collect();
    let removed: BTreeSet<String> = before
        .iter()
        .filter(|(f, _)| !after.contains_key(*f))
        .map(|(_, k)| k.clone())
        .collect();
    if !added.is_empty() {
        push(
            changes,
            ChangeKind::ActionKeyAdded,
            name,
            list(&added),
            Impact::Minor,
        );
    }
    if !removed.is_empty() {
        push(
            changes,
            ChangeKind::ActionKeyRemoved,
            name,
            list(&removed),
            Impact::Breaking,
        );
    }
}

fn diff_key(old: &ConditionKey, new: &ConditionKey, changes: &mut Vec<Change>) {
    let name = new.name.as_str();
    if old.condition_type != new.condition_type {
        let show = |k: &ConditionKey| k.condition_type.map_or("untyped", |t| t.as_str());
        // Typing a key that was untyped only narrows what compiles: still breaking.
        push(
            changes,
            ChangeKind::KeyRetyped,
            name,
            format!("{} → {}", show(old), show(new)),
            Impact::Breaking,
        );
    }
    if old.value_type != new.value_type {
        let show = |k: &ConditionKey| k.value_type.map_or("unknown", |v| v.as_str());
        push(
            changes,
            ChangeKind::KeyValueTypeChanged,
            name,
            format!("{} → {}", show(old), show(new)),
            Impact::Breaking,
        );
    }
    if old.deprecated_by.is_none()
        && let Some(replacement) = &new.deprecated_by
    {
        push(
            changes,
            ChangeKind::KeyDeprecated,
            name,
            format!("use {replacement}"),
            Impact::Breaking,
        );
    }
    if old.description != new.description {
        push(
            changes,
            ChangeKind::KeyDescriptionChanged,
            name,
            format!("{:?} → {:?}", old.description, new.description),
            Impact::Patch,
        );
    }
}

/// The verdict as a sentence.
pub fn verdict_text(verdict: Option<Impact>) -> &'static str {
    match verdict {
        None => "no change: no new release needed",
        Some(Impact::Patch) => "patch: descriptions only",
        Some(Impact::Minor) => "minor: additions only",
        Some(Impact::Breaking) => "breaking: something was removed, retyped or changed meaning",
    }
}

/// Human output: one section per kind of change, then the verdict.
pub fn render(diff: &ModelDiff) -> String {
    let mut out = String::new();
    let mut kinds: Vec<ChangeKind> = diff.changes.iter().map(|c| c.kind).collect();
    kinds.dedup();
    for kind in kinds {
        let of_kind: Vec<&Change> = diff.changes.iter().filter(|c| c.kind == kind).collect();
        let _ = writeln!(out, "{} ({}):", kind.title(), of_kind.len());
        for change in of_kind {
            if change.detail.is_empty() {
                let _ = writeln!(out, "  {}", change.subject);
            } else {
                let _ = writeln!(out, "  {}: {}", change.subject, change.detail);
            }
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "semver verdict for kms-types: {}",
        verdict_text(diff.verdict)
    );
    out
}
