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

use crate::typed_api::typed_api;

/// How a change affects users of `kms-types`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "lowercase"))]
pub enum Impact {
    /// Descriptions only.
    Patch,
    /// Additions only.
    Minor,
    /// Removals or changes of meaning.
    Breaking,
}

/// What kind of thing changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
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
    /// An action set type that no longer accepts condition keys it accepted
    /// (subject: the type; detail: the keys).
    TypedPairRemoved,
    /// An action set type whose statements with these keys are no longer
    /// allowed in a `KeyPolicy` (subject: the type; detail: the keys).
    KeyPolicyPairRemoved,
    /// An operator form a key took and no longer takes.
    OperatorFormRemoved,
    /// What `...Equals` operators take for a key changed (text → a
    /// `values::` enum, or another enum): code passing the old kind stops
    /// compiling.
    EqualsValuesChanged,
    /// A value of a `values::` enum removed (subject: the enum).
    ValueRemoved,
    /// A value added to a `values::` enum (subject: the enum).
    ValueAdded,
    /// A new resource type (`ResourceType::X`).
    ResourceTypeAdded,
    /// A resource type that is gone.
    ResourceTypeRemoved,
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
            ChangeKind::TypedPairRemoved => {
                "Statements that no longer compile (action set type: condition keys it lost)"
            }
            ChangeKind::KeyPolicyPairRemoved => {
                "Statements no longer allowed in a KeyPolicy (action set type: condition keys)"
            }
            ChangeKind::OperatorFormRemoved => {
                "Operators a condition key no longer takes (family, qualifier)"
            }
            ChangeKind::EqualsValuesChanged => {
                "What ...Equals operators take changed (condition key: before → after)"
            }
            ChangeKind::ValueRemoved => "Values removed from a closed set (values enum: values)",
            ChangeKind::ValueAdded => "Values added to a closed set (values enum: values)",
            ChangeKind::ResourceTypeAdded => "Resource types added",
            ChangeKind::ResourceTypeRemoved => "Resource types removed",
        }
    }

    /// Whether code that compiled against the old crate can stop compiling
    /// because of this change: an item it names is gone, or a statement it
    /// builds is no longer accepted. The semver canary
    /// ([`crate::canary`]) fails to compile exactly when a diff has such a
    /// change. The other breaking kinds change what a name means (an
    /// access level, a resource requirement, a key's type where the same
    /// operators still fit) and compile as before.
    pub fn breaks_compilation(self) -> bool {
        matches!(
            self,
            ChangeKind::ActionRemoved
                | ChangeKind::ActionKeyRemoved
                | ChangeKind::KeyRemoved
                | ChangeKind::TypedPairRemoved
                | ChangeKind::KeyPolicyPairRemoved
                | ChangeKind::OperatorFormRemoved
                | ChangeKind::EqualsValuesChanged
                | ChangeKind::ValueRemoved
                | ChangeKind::ResourceTypeRemoved
        )
    }
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
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
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ModelDiff {
    /// Changes, grouped by kind, then by subject.
    pub changes: Vec<Change>,
    /// The strongest impact, or `None` when nothing changed.
    pub verdict: Option<Impact>,
    /// Whether some change makes code written for the old crate stop
    /// compiling ([`ChangeKind::breaks_compilation`]): what the semver
    /// canary checks by compiling.
    pub breaks_compilation: bool,
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
    let old_types: BTreeSet<&str> = old.resource_types.iter().map(|r| r.name.as_str()).collect();
    let new_types: BTreeSet<&str> = new.resource_types.iter().map(|r| r.name.as_str()).collect();
    for name in new_types.difference(&old_types) {
        push(
            &mut changes,
            ChangeKind::ResourceTypeAdded,
            name,
            String::new(),
            Impact::Minor,
        );
    }
    for name in old_types.difference(&new_types) {
        push(
            &mut changes,
            ChangeKind::ResourceTypeRemoved,
            name,
            String::new(),
            Impact::Breaking,
        );
    }
    diff_typed_api(old, new, &mut changes);
    changes.sort_by(|a, b| (a.kind, &a.subject).cmp(&(b.kind, &b.subject)));
    let verdict = changes.iter().map(|c| c.impact).max();
    let breaks_compilation = changes.iter().any(|c| c.kind.breaks_compilation());
    ModelDiff {
        changes,
        verdict,
        breaks_compilation,
    }
}

/// What compiled against the old crate and does not against the new one.
/// Pairs whose action set type or key is gone are left out: the removal
/// itself is reported.
fn diff_typed_api(old: &Spec, new: &Spec, changes: &mut Vec<Change>) {
    let (before, after) = (typed_api(old), typed_api(new));
    let lost = |b: &BTreeSet<(String, String)>, a: &BTreeSet<(String, String)>| {
        b.difference(a)
            .filter(|(set, key)| after.sets.contains(set) && after.keys.contains(key))
            .cloned()
            .collect::<Vec<_>>()
    };
    // One change per action set type, naming every key it lost.
    let mut grouped = |kind: ChangeKind, pairs: Vec<(String, String)>| {
        let mut by_set: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (set, key) in pairs {
            by_set.entry(set).or_default().push(key);
        }
        for (set, keys) in by_set {
            push(changes, kind, &set, keys.join(", "), Impact::Breaking);
        }
    };
    grouped(
        ChangeKind::TypedPairRemoved,
        lost(&before.applies_to, &after.applies_to),
    );
    // A pair that no longer compiles at all is reported once, above.
    grouped(
        ChangeKind::KeyPolicyPairRemoved,
        lost(&before.key_policy, &after.key_policy)
            .into_iter()
            .filter(|pair| after.applies_to.contains(pair))
            .collect(),
    );
    for (key, kind) in &before.equals_values {
        if let Some(new) = after.equals_values.get(key)
            && new != kind
        {
            push(
                changes,
                ChangeKind::EqualsValuesChanged,
                key,
                format!("{kind} → {new}"),
                Impact::Breaking,
            );
        }
    }
    let mut removed: BTreeMap<&String, Vec<&String>> = BTreeMap::new();
    for (shape, value) in before.values.difference(&after.values) {
        if after.values.iter().any(|(s, _)| s == shape) {
            removed.entry(shape).or_default().push(value);
        }
    }
    for (shape, values) in removed {
        let values: Vec<&str> = values.iter().map(|v| v.as_str()).collect();
        push(
            changes,
            ChangeKind::ValueRemoved,
            shape,
            values.join(", "),
            Impact::Breaking,
        );
    }
    // A value added to an enum that was there before; a new enum comes
    // with its key (a key added or its Equals values changed).
    let mut added: BTreeMap<&String, Vec<&String>> = BTreeMap::new();
    for (shape, value) in after.values.difference(&before.values) {
        if before.values.iter().any(|(s, _)| s == shape) {
            added.entry(shape).or_default().push(value);
        }
    }
    for (shape, values) in added {
        let values: Vec<&str> = values.iter().map(|v| v.as_str()).collect();
        push(
            changes,
            ChangeKind::ValueAdded,
            shape,
            values.join(", "),
            Impact::Minor,
        );
    }
    for (key, form) in before.operators.difference(&after.operators) {
        if after.keys.contains(key) {
            push(
                changes,
                ChangeKind::OperatorFormRemoved,
                key,
                form.clone(),
                Impact::Breaking,
            );
        }
    }
}

/// Whether two descriptions differ by more than a final period (newer
/// vintages drop it everywhere).
fn description_changed(old: &str, new: &str) -> bool {
    old.trim_end().trim_end_matches('.') != new.trim_end().trim_end_matches('.')
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
        // The typed access sets (`access::Write`) hold actions by their
        // primary level: a level added beside an unchanged primary moves no
        // action between sets, so nothing stops compiling.
        let gained = old.access_level.primary == new.access_level.primary
            && old
                .access_level
                .all
                .iter()
                .all(|l| new.access_level.all.contains(l));
        push(
            changes,
            ChangeKind::AccessLevelChanged,
            name,
            format!("{} → {}", show(old), show(new)),
            if gained {
                Impact::Minor
            } else {
                Impact::Breaking
            },
        );
    }
    if description_changed(&old.description, &new.description) {
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
    if description_changed(&old.description, &new.description) {
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

/// How many changes of one kind the human output lists before folding.
pub const SHOWN_PER_KIND: usize = 12;

/// Human output: one section per kind of change (long lists folded), then
/// the verdict and, when breaking, the changes that make it so.
pub fn render(diff: &ModelDiff) -> String {
    let mut out = String::new();
    let mut kinds: Vec<ChangeKind> = diff.changes.iter().map(|c| c.kind).collect();
    kinds.dedup();
    for kind in kinds {
        let of_kind: Vec<&Change> = diff.changes.iter().filter(|c| c.kind == kind).collect();
        let _ = writeln!(out, "{} ({}):", kind.title(), of_kind.len());
        for change in of_kind.iter().take(SHOWN_PER_KIND) {
            if change.detail.is_empty() {
                let _ = writeln!(out, "  {}", change.subject);
            } else {
                let _ = writeln!(out, "  {}: {}", change.subject, change.detail);
            }
        }
        if of_kind.len() > SHOWN_PER_KIND {
            let _ = writeln!(out, "  … and {} more", of_kind.len() - SHOWN_PER_KIND);
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "semver verdict for kms-types: {}",
        verdict_text(diff.verdict)
    );
    if diff.verdict == Some(Impact::Breaking) {
        let _ = writeln!(
            out,
            "code written for the old version: {}",
            if diff.breaks_compilation {
                "some of it stops compiling (scripts/canary.sh checks this by compiling)"
            } else {
                "still compiles; what changed is meaning (scripts/canary.sh checks this by compiling)"
            }
        );
        let mut breaking: Vec<ChangeKind> = diff
            .changes
            .iter()
            .filter(|c| c.impact == Impact::Breaking)
            .map(|c| c.kind)
            .collect();
        breaking.dedup();
        let _ = writeln!(out, "breaking because of:");
        for kind in breaking {
            let subjects: Vec<&str> = diff
                .changes
                .iter()
                .filter(|c| c.kind == kind && c.impact == Impact::Breaking)
                .map(|c| c.subject.as_str())
                .collect();
            let mut line = subjects
                .iter()
                .take(3)
                .copied()
                .collect::<Vec<_>>()
                .join(", ");
            if subjects.len() > 3 {
                line.push_str(&format!(" … and {} more", subjects.len() - 3));
            }
            let _ = writeln!(out, "  {}: {line}", kind.title());
        }
    }
    out
}
