//! A `CHANGELOG.md` entry's data part, written from a [`ModelDiff`]:
//! what was added (actions, keys, values, resource types), what changed,
//! and every breaking change named with the typed item it breaks
//! (`keys::X`, `patterns::GetStar` + `keys::ViaService`,
//! `values::KeySpec::MlDsa87`). `scripts/refresh.sh` puts the version,
//! the date and the documents around it.

use std::fmt::Write;

use crate::diff::{Change, ChangeKind, Impact, ModelDiff, verdict_text};
use crate::ident;

/// How the typed API names the subject or detail of a change.
struct Namer<'a> {
    prefix: &'a str,
}

impl Namer<'_> {
    fn action(&self, name: &str) -> String {
        format!("`actions::{}`", ident::action_variant(name))
    }

    /// `keys::X` for an IAM key name (a template by its family).
    fn key(&self, name: &str) -> String {
        match kms_spec::KeyName::parse(name) {
            Ok(parsed) => format!("`keys::{}`", ident::key_variant(&parsed, self.prefix)),
            Err(_) => format!("`{name}`"),
        }
    }

    fn keys(&self, list: &str) -> String {
        list.split(", ")
            .filter(|k| !k.is_empty())
            .map(|k| self.key(k.trim()))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn values(&self, shape: &str, list: &str) -> String {
        list.split(", ")
            .map(|v| format!("`{shape}::{}` ({v})", ident::pascal(v)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// One line for one change: the typed item first, then what changed.
    fn line(&self, change: &Change) -> String {
        let (subject, detail) = (change.subject.as_str(), change.detail.as_str());
        match change.kind {
            ChangeKind::ActionAdded => format!("{} (`{subject}`, {detail})", self.action(subject)),
            ChangeKind::ActionRemoved => format!(
                "{} and `Action::{}` (`{subject}`)",
                self.action(subject),
                ident::action_variant(subject)
            ),
            ChangeKind::AccessLevelChanged => {
                format!("{}: access level {detail}", self.action(subject))
            }
            ChangeKind::DescriptionChanged => format!("{}: description", self.action(subject)),
            ChangeKind::ResourcesChanged => format!("{}: resources {detail}", self.action(subject)),
            ChangeKind::DependentActionsChanged => {
                format!("{}: dependent actions {detail}", self.action(subject))
            }
            ChangeKind::ActionKeyAdded => {
                format!("{} now accepts {}", self.action(subject), self.keys(detail))
            }
            ChangeKind::ActionKeyRemoved => format!(
                "{} no longer accepts {}",
                self.action(subject),
                self.keys(detail)
            ),
            ChangeKind::KeyAdded => format!("{} (`{subject}`, {detail})", self.key(subject)),
            ChangeKind::KeyRemoved => format!("{} (`{subject}`)", self.key(subject)),
            ChangeKind::KeyRetyped => format!("{}: condition type {detail}", self.key(subject)),
            ChangeKind::KeyValueTypeChanged => {
                format!("{}: {detail} (operator qualifiers)", self.key(subject))
            }
            ChangeKind::KeyDeprecated => format!("{}: deprecated, {detail}", self.key(subject)),
            ChangeKind::KeyDescriptionChanged => format!("{}: description", self.key(subject)),
            ChangeKind::TypedPairRemoved => format!(
                "`{subject}` no longer accepts {} in `.condition(..)`",
                self.keys(detail)
            ),
            ChangeKind::KeyPolicyPairRemoved => format!(
                "`{subject}` with {}: no longer allowed in a `KeyPolicy`",
                self.keys(detail)
            ),
            ChangeKind::OperatorFormRemoved => {
                format!("{}: no longer takes {detail}", self.key(subject))
            }
            ChangeKind::EqualsValuesChanged => {
                format!("{}: `...Equals` operators take {detail}", self.key(subject))
            }
            ChangeKind::ValueRemoved => {
                format!("removed from `{subject}`: {}", self.values(subject, detail))
            }
            ChangeKind::ValueAdded => {
                format!("added to `{subject}`: {}", self.values(subject, detail))
            }
            ChangeKind::ResourceTypeAdded | ChangeKind::ResourceTypeRemoved => {
                format!("`ResourceType::{}` (`{subject}`)", ident::pascal(subject))
            }
        }
    }
}

/// Which section of an entry a change goes in.
fn section(change: &Change) -> &'static str {
    let addition = matches!(
        change.kind,
        ChangeKind::ActionAdded
            | ChangeKind::KeyAdded
            | ChangeKind::ValueAdded
            | ChangeKind::ResourceTypeAdded
            | ChangeKind::ActionKeyAdded
    );
    match change.impact {
        Impact::Breaking => "Breaking",
        Impact::Minor if addition => "Added",
        _ => "Changed",
    }
}

/// The data part of a changelog entry, in Markdown (`###` sections):
/// the verdict, then additions, other changes and breaking changes, each
/// change on a line of its own that names the typed item. `prefix` is the
/// service prefix (`kms`), for naming keys.
pub fn changelog(diff: &ModelDiff, prefix: &str) -> String {
    let namer = Namer { prefix };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "### Data (`kms-codegen diff` from the previous sources: {})\n",
        verdict_text(diff.verdict)
    );
    if diff.changes.is_empty() {
        out.push_str("No change to the model: only the documents' digests (`SOURCES`).\n");
        return out;
    }
    for title in ["Added", "Changed", "Breaking"] {
        let changes: Vec<&Change> = diff
            .changes
            .iter()
            .filter(|c| section(c) == title)
            .collect();
        // Rewordings are counted, not listed: a refresh can reword dozens.
        let reworded = |kind| changes.iter().filter(|c| c.kind == kind).count();
        let (actions, keys) = (
            reworded(ChangeKind::DescriptionChanged),
            reworded(ChangeKind::KeyDescriptionChanged),
        );
        let changes: Vec<&Change> = changes
            .into_iter()
            .filter(|c| {
                !matches!(
                    c.kind,
                    ChangeKind::DescriptionChanged | ChangeKind::KeyDescriptionChanged
                )
            })
            .collect();
        if changes.is_empty() && actions + keys == 0 {
            continue;
        }
        let _ = writeln!(out, "#### {title}\n");
        if title == "Breaking" {
            out.push_str(if diff.breaks_compilation {
                "Code written for the previous version stops compiling where it uses these\n(the semver canary, `scripts/canary.sh`, checks this by compiling):\n\n"
            } else {
                "Everything that compiled still compiles; these change what a name means:\n\n"
            });
        }
        for change in changes {
            let marker = if title == "Breaking" && change.kind.breaks_compilation() {
                " (stops compiling)"
            } else {
                ""
            };
            let _ = writeln!(out, "- {}{marker}", namer.line(change));
        }
        if actions + keys > 0 {
            let _ = writeln!(
                out,
                "- Descriptions reworded: {actions} actions, {keys} condition keys (the docs of their items; `kms-codegen diff` lists them)"
            );
        }
        out.push('\n');
    }
    out
}
