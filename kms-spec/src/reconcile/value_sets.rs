//! Which condition keys take a closed set of values, and which enum shape
//! of the KMS API model that set is: written once, as data, with the
//! sentence of the condition-key page (or Policy Sentry's database) that
//! names the request parameter the key is compared with.
//!
//! Checked when the model is built: every mapped key and shape exists
//! (else an error); every value the page's prose lists ("Valid values for
//! Origin are AWS_KMS, AWS_CLOUDHSM, and EXTERNAL") is in the shape, and a
//! value the page lists that the API model lacks is reported and kept in
//! the set, not dropped. Keys not listed here stay free strings.

use crate::diagnostic::Diagnostic;
use crate::model::{Spec, ValueSet};
use crate::read::api_enums::ApiEnums;
use crate::source::SourceText;

pub use crate::service::kms::VALUE_SETS;

/// Attaches the value sets to the model's keys, checking them against the
/// API model and the page's prose.
pub fn attach(
    spec: &mut Spec,
    enums: &ApiEnums,
    enums_source: &SourceText,
    page_source: &SourceText,
    diagnostics: &mut Vec<Diagnostic>,
) {
    // Where each key's section starts and ends on the page, for its prose.
    let mut starts: Vec<u32> = spec
        .condition_keys
        .iter()
        .filter_map(|k| k.location.as_ref())
        .filter(|l| l.file == page_source.path)
        .map(|l| l.line)
        .collect();
    starts.sort();
    let last_line = page_source.text.lines().count() as u32;
    for (key_name, shape_name, reason) in VALUE_SETS {
        let Some(key) = spec
            .condition_keys
            .iter_mut()
            .find(|k| k.name.eq_ignore_ascii_case(key_name))
        else {
            // A key a newer vintage drops: not an error of the sources.
            continue;
        };
        let Some(shape) = enums.shapes.iter().find(|s| s.name == *shape_name) else {
            diagnostics.push(
                enums_source
                    .error(
                        0..1,
                        format!(
                            "the value set of `{key_name}` is the API shape `{shape_name}`, which `{}` does not have",
                            enums_source.path
                        ),
                    )
                    .with_help("update VALUE_SETS in kms-spec/src/service/kms.rs or refresh the API model"),
            );
            continue;
        };
        let mut values = shape.values.clone();
        let mut page_only = Vec::new();
        // The page's prose: "Valid values ... are A, B, and C."
        if let Some(location) = key.location.as_ref().filter(|l| l.file == page_source.path) {
            let end = starts
                .iter()
                .copied()
                .find(|&line| line > location.line)
                .unwrap_or(last_line + 1)
                .min(last_line + 1);
            for line in location.line..end {
                let text = page_source.line_text(line);
                let Some(at) = text.find("alid values") else {
                    continue;
                };
                let sentence = &text[at..];
                let sentence = &sentence[..sentence.find(". ").map_or(sentence.len(), |i| i + 1)];
                for token in sentence
                    .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .filter(|t| is_enum_token(t))
                {
                    if !values.iter().any(|v| v == token) {
                        let start = page_source.line_start(line) + at;
                        diagnostics.push(
                            page_source
                                .warning(
                                    start..start + sentence.len(),
                                    format!(
                                        "the page lists `{token}` for `{key_name}`, which the API model's `{shape_name}` lacks; kept in the set"
                                    ),
                                )
                                .with_help("a value the API has dropped, or one the API model does not have yet"),
                        );
                        values.push(token.to_string());
                        page_only.push(token.to_string());
                    }
                }
            }
        }
        key.value_set = Some(ValueSet {
            shape: shape_name.to_string(),
            values,
            page_only,
            reason: reason.to_string(),
        });
    }
}

/// An API enum value as the page writes it: capitals, digits and `_`, with
/// a capital (`AWS_KMS`, `RSA_2048`; not `KeyUsage`).
fn is_enum_token(token: &str) -> bool {
    token.len() >= 3
        && token.chars().any(|c| c.is_ascii_uppercase())
        && token
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}
