//! The actions pass: the Policy Sentry page folded through each dated document (rules 1 and 3).

use super::*;

impl Reconciler<'_, '_> {
    /// The actions: the page and each dated document merged (the newest defines), with the keys on their rows.
    pub(crate) fn actions(&mut self, ps: &PolicySentryPage) {
        let ps_source = self.ps_source;
        let dbs = self.dbs;
        let Reconciler {
            keys,
            associations,
            actions,
            tally,
            diagnostics,
            ..
        } = self;
        // Policy Sentry: actions, their rows and the keys on them. The database
        // (newer) defines the list, levels and keys per action; what only the
        // page (older) has is kept and reported.
        let merged = merge_actions(ps_source, ps, dbs, diagnostics);
        for ps_action in &merged {
            let assoc = associations.entry(ps_action.name.clone()).or_default();
            let mut dependent = BTreeSet::new();
            for row in &ps_action.resources {
                dependent.extend(row.dependent_actions.iter().cloned());
                for key_name in &row.condition_keys {
                    let key_sources = ps_action
                        .key_sources
                        .get(&(row.resource_type.clone(), key_name.clone()))
                        .cloned()
                        .unwrap_or_default();
                    tally.key_refs_read += 1;
                    let Ok(parsed) = KeyName::parse(key_name) else {
                        continue; // the parser has already reported it
                    };
                    let family = parsed.family();
                    let builder = keys
                        .entry(family.clone())
                        .or_insert_with(|| untyped_key(key_name, parsed));
                    if !builder.key.spellings.contains(key_name) {
                        builder.key.spellings.push(key_name.clone());
                        builder.key.spellings.sort();
                    }
                    if builder.key.typed_by == TypedBy::Untyped {
                        tally.key_refs_untyped += 1;
                    }
                    if builder.key.typed_by != TypedBy::Untyped {
                        tally.key_refs_typed += 1;
                    }
                    let association = assoc.entry(family).or_default();
                    association.sources.extend(key_sources);
                    association.scopes.insert(if row.resource_type.is_empty() {
                        KeyScope::Action
                    } else {
                        KeyScope::Resource(row.resource_type.clone())
                    });
                }
            }
            actions.insert(
                ps_action.name.clone(),
                Action {
                    name: ps_action.name.clone(),
                    description: ps_action.description.clone(),
                    access_level: ps_action.access_level.clone(),
                    resources: ps_action.resources.clone(),
                    dependent_actions: dependent.into_iter().collect(),
                    condition_keys: Vec::new(),
                    location: ps_action.location.clone(),
                    sources: ps_action.sources.clone(),
                },
            );
        }
    }
}

/// One Policy Sentry action after the page and the database are merged.
struct MergedAction {
    name: String,
    description: String,
    access_level: AccessLevels,
    resources: Vec<ResourceRequirement>,
    location: Location,
    sources: Vec<SourceKind>,
    /// (resource type, key as written) → which Policy Sentry documents list it.
    key_sources: BTreeMap<(String, String), BTreeSet<SourceKind>>,
}

/// What a merge step calls its two sides in diagnostics.
struct Sides<'a> {
    /// The older facts: "the Policy Sentry page", or "Policy Sentry" once
    /// the page and the database are one.
    older: &'a str,
    /// Where an older-only action is: "on the Policy Sentry page".
    older_on: &'a str,
    /// The newer document: "the database", "the Service Reference".
    newer: &'a str,
    /// Its path, for the help line.
    newer_path: &'a str,
}

/// One action of one document, as merge input: every key on its rows
/// attributed to that document.
fn merge_input(
    kind: SourceKind,
    name: &str,
    description: &str,
    access_level: &AccessLevels,
    resources: &[ResourceRequirement],
    location: &Location,
) -> MergedAction {
    let mut key_sources: BTreeMap<(String, String), BTreeSet<SourceKind>> = BTreeMap::new();
    for row in resources {
        for key in &row.condition_keys {
            key_sources
                .entry((row.resource_type.clone(), key.clone()))
                .or_default()
                .insert(kind);
        }
    }
    MergedAction {
        name: name.to_string(),
        description: description.to_string(),
        access_level: access_level.clone(),
        resources: resources.to_vec(),
        location: location.clone(),
        sources: vec![kind],
        key_sources,
    }
}

/// The actions of one database-shaped document, as merge input.
fn from_database(dated: &Dated) -> Vec<MergedAction> {
    let actions = dated.facts.actions.iter();
    actions
        .map(|a| {
            merge_input(
                dated.kind,
                &a.name,
                &a.description,
                &a.access_level,
                &a.resources,
                &a.location,
            )
        })
        .collect()
}

/// The Policy Sentry page's actions, as merge input.
fn from_page(ps: &PolicySentryPage) -> Vec<MergedAction> {
    let kind = SourceKind::PolicySentry;
    ps.actions
        .iter()
        .map(|a| {
            merge_input(
                kind,
                &a.name,
                &a.description,
                &a.access_level,
                &a.resources,
                &a.location,
            )
        })
        .collect()
}

/// The Policy Sentry page, then each database-shaped document from oldest
/// to newest, merged: the newest defines the action list, descriptions,
/// access levels and rows; an action, row, key or dependent action only an
/// older one has is kept and reported, as is a level or `required` flag
/// they disagree on.
fn merge_actions(
    ps_source: &SourceText,
    ps: &PolicySentryPage,
    dbs: &[Dated],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<MergedAction> {
    let mut merged = from_page(ps);
    let mut sources: Vec<&SourceText> = vec![ps_source];
    for (step, dated) in dbs.iter().enumerate() {
        let sides = Sides {
            older: if step == 0 {
                "the Policy Sentry page"
            } else {
                "Policy Sentry"
            },
            older_on: if step == 0 {
                "on the Policy Sentry page"
            } else {
                "in Policy Sentry"
            },
            newer: document_name(dated.kind),
            newer_path: dated.kind.path(),
        };
        merged = merge_step(merged, from_database(dated), &sides, &sources, diagnostics);
        sources.push(dated.source);
    }
    merged
}

/// One merge step: `newer` defines; what only `older` has is kept and
/// reported at its own place.
fn merge_step(
    older: Vec<MergedAction>,
    newer: Vec<MergedAction>,
    sides: &Sides,
    sources: &[&SourceText],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<MergedAction> {
    let at = |action: &MergedAction| {
        let source = sources
            .iter()
            .find(|s| s.path == action.location.file)
            .unwrap_or(&sources[0]);
        (*source, line_span(source, action.location.line))
    };
    let mut olders: BTreeMap<String, MergedAction> = older
        .into_iter()
        .map(|a| (a.name.to_ascii_lowercase(), a))
        .collect();
    let mut merged = Vec::new();
    for mut out in newer {
        let Some(old) = olders.remove(&out.name.to_ascii_lowercase()) else {
            merged.push(out);
            continue;
        };
        let (source, span) = at(&old);
        let help = format!(
            "`{}` (newer) is kept; the model's `sources` say which documents hold each fact",
            sides.newer_path
        );
        let mut report = |what: String| {
            diagnostics.push(source.warning(span.clone(), what).with_help(help.clone()));
        };
        compare_action(&old, &mut out, sides, &mut report);
        for kind in old.sources.iter().rev() {
            if !out.sources.contains(kind) {
                out.sources.insert(0, *kind);
            }
        }
        out.sources.sort();
        out.resources
            .sort_by(|a, b| a.resource_type.cmp(&b.resource_type));
        merged.push(out);
    }
    for old in olders.into_values() {
        let (source, span) = at(&old);
        diagnostics.push(
            source
                .warning(
                    span,
                    format!(
                        "`{}` is {} but not in the newer {}; kept",
                        old.name,
                        sides.older_on,
                        sides.newer.trim_start_matches("the ")
                    ),
                )
                .with_help("AWS may have removed it; check the Service Authorization Reference"),
        );
        merged.push(old);
    }
    merged
}

/// Compares one action's older facts with the newer ones, keeping in `out`
/// what only the older has; each difference goes to `report`.
fn compare_action(
    old: &MergedAction,
    out: &mut MergedAction,
    sides: &Sides,
    report: &mut impl FnMut(String),
) {
    let (older, newer, name) = (sides.older, sides.newer, out.name.clone());
    if old.name != out.name {
        report(format!(
            "{older} spells the action `{}`; {newer} spells it `{}`",
            old.name, out.name
        ));
    }
    if old.access_level != out.access_level {
        report(format!(
            "{older} gives `{name}` the access level {}; {newer} gives {}",
            levels(&old.access_level),
            levels(&out.access_level)
        ));
    }
    for old_row in &old.resources {
        let Some(row) = out
            .resources
            .iter_mut()
            .find(|r| r.resource_type == old_row.resource_type)
        else {
            report(format!(
                "only {older} gives `{name}` a `{}` resource row; kept",
                old_row.resource_type
            ));
            for key in &old_row.condition_keys {
                let kinds = old
                    .key_sources
                    .get(&(old_row.resource_type.clone(), key.clone()));
                out.key_sources
                    .entry((old_row.resource_type.clone(), key.clone()))
                    .or_default()
                    .extend(kinds.into_iter().flatten());
            }
            out.resources.push(old_row.clone());
            continue;
        };
        for kind in &old_row.sources {
            if !row.sources.contains(kind) {
                row.sources.push(*kind);
            }
        }
        row.sources.sort();
        if row.required != old_row.required {
            report(format!(
                "{older} marks `{name}`'s `{}` row required: {}; {}: {}",
                old_row.resource_type, old_row.required, newer, row.required
            ));
        }
        for key in &old_row.condition_keys {
            let kinds: Vec<SourceKind> = old
                .key_sources
                .get(&(old_row.resource_type.clone(), key.clone()))
                .into_iter()
                .flatten()
                .copied()
                .collect();
            let listed = match row.condition_keys.iter().find(|k| same_key(k, key)) {
                Some(listed) => listed.clone(),
                None => {
                    report(format!("only {older} lists `{key}` for `{name}`; kept"));
                    row.condition_keys.push(key.clone());
                    key.clone()
                }
            };
            out.key_sources
                .entry((row.resource_type.clone(), listed))
                .or_default()
                .extend(kinds);
        }
        for dependent in &old_row.dependent_actions {
            if !row.dependent_actions.contains(dependent) {
                report(format!(
                    "only {older} lists the dependent action `{dependent}` for `{name}`; kept"
                ));
                row.dependent_actions.push(dependent.clone());
            }
        }
    }
}

/// Two spellings of one key (same family).
fn same_key(a: &str, b: &str) -> bool {
    match (KeyName::parse(a), KeyName::parse(b)) {
        (Ok(a), Ok(b)) => a.family() == b.family(),
        _ => a == b,
    }
}

fn levels(levels: &AccessLevels) -> String {
    levels
        .all
        .iter()
        .map(|l| format!("`{}`", l.as_str()))
        .collect::<Vec<_>>()
        .join(" + ")
}
