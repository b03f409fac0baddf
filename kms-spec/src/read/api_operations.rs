//! The KMS API's operation list (`kms/api-operations.json`, from the same
//! botocore `service-2.json` as the enum shapes): `{"apiVersion": "...",
//! "operations": ["CancelKeyDeletion", ...]}`, written by
//! `scripts/refresh-botocore-enums.sh`.
//!
//! With it, the model says which API operations have no IAM action of the
//! same name and which actions have neither an operation nor a documented
//! reason ([`staleness`]): the action list lagging the API shows.
//!
//! Read strictly: unknown, missing or repeated fields, a wrong type, a name
//! that is not an operation name, a repeated name are errors at their place.
//!
//! ```
//! use kms_spec::{api_operations, SourceText};
//! let text = r#"{"apiVersion": "2014-11-01", "operations": ["Decrypt", "ReEncrypt"]}"#;
//! let mut diagnostics = Vec::new();
//! let ops = api_operations::parse(&SourceText::from_str("api-operations.json", text), &mut diagnostics);
//! assert!(diagnostics.is_empty());
//! assert_eq!(ops.operations, ["Decrypt", "ReEncrypt"]);
//! ```

use std::collections::BTreeMap;

use crate::diagnostic::Diagnostic;
use crate::read::strict::Reader;
use crate::source::SourceText;

/// What the file says.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ApiOperations {
    /// The model's `metadata.apiVersion`.
    pub api_version: String,
    /// The operation names, in the model's order.
    pub operations: Vec<String>,
    /// Where each name is (its byte span, quotes included).
    pub spans: BTreeMap<String, std::ops::Range<usize>>,
}

/// Parses the file; problems go to `diagnostics` as errors.
pub fn parse(source: &SourceText, diagnostics: &mut Vec<Diagnostic>) -> ApiOperations {
    let mut out = ApiOperations::default();
    let Some(root) = crate::read::strict::parse_json(source, diagnostics) else {
        return out;
    };
    let mut r = Reader::new(source, diagnostics);
    let Some(top) = r.object(&root, "the operation list", &["apiVersion", "operations"]) else {
        return out;
    };
    out.api_version = top.string(&mut r, "apiVersion").unwrap_or_default();
    let mut seen = BTreeMap::new();
    for (name, span) in top.strings(&mut r, "operations").unwrap_or_default() {
        let valid = name.starts_with(|c: char| c.is_ascii_uppercase())
            && name.chars().all(|c| c.is_ascii_alphanumeric());
        if !valid {
            r.error(
                span,
                format!("`{name}` is not an API operation name"),
                Some("an operation name is ASCII letters and digits, starting with a capital"),
            );
        } else if r.unique_name(&mut seen, &name, span.start, "operation") {
            out.spans.insert(name.clone(), span);
            out.operations.push(name);
        }
    }
    out
}

pub use crate::reconcile::staleness::staleness;
