//! The `kms-lint` command's library: where policies live ([`inputs`]:
//! policy files, CloudFormation templates in JSON or YAML, Terraform plans)
//! and the renderers (findings like rustc with the policy line and a caret,
//! as JSON objects, and as SARIF 2.1.0 for code-scanning services), so that
//! they can be tested on any input.
#![deny(missing_docs)]

pub mod inputs;
pub mod yaml;

use kms_types::lint::{CODES, Finding, Severity};
use serde_json::json;

/// One finding with where it was found, as the renderers take it.
pub struct Located<'a> {
    /// The file named on the command line.
    pub file: &'a str,
    /// Where in the file the policy is (empty for a policy file).
    pub label: &'a str,
    /// Whether the finding's line and column are the file's (else they are
    /// the policy string's, in a Terraform plan).
    pub in_file: bool,
    /// The finding.
    pub finding: &'a Finding,
}

impl Located<'_> {
    /// The finding's path with the policy's place in the file before it.
    pub fn path(&self) -> String {
        format!("{}{}", self.label, self.finding.path)
    }
}

/// The findings of a run as one SARIF 2.1.0 log: one rule per finding code
/// (with its help text and default level), one result per finding with
/// file, line and column (a Terraform plan's findings name the resource as
/// a logical location: their lines are the policy string's).
pub fn sarif(findings: &[Located]) -> serde_json::Value {
    let rules: Vec<serde_json::Value> = CODES
        .iter()
        .map(|(code, severity, help)| {
            json!({
                "id": code,
                "name": code,
                "shortDescription": { "text": help },
                "fullDescription": { "text": help },
                "help": { "text": help },
                "defaultConfiguration": { "level": level(*severity) },
            })
        })
        .collect();
    let results: Vec<serde_json::Value> = findings
        .iter()
        .map(|located| {
            let finding = located.finding;
            let index = CODES
                .iter()
                .position(|(code, _, _)| *code == finding.code.as_str())
                .unwrap_or(0);
            let mut location = json!({
                "physicalLocation": {
                    "artifactLocation": { "uri": located.file },
                },
                "logicalLocations": [{ "fullyQualifiedName": located.path() }],
            });
            let mut message = finding.message.clone();
            if located.in_file {
                location["physicalLocation"]["region"] = json!({
                    "startLine": finding.line,
                    "startColumn": finding.column,
                });
            } else {
                message.push_str(&format!(
                    " (in {}, line {}, column {} of the policy)",
                    located.label, finding.line, finding.column
                ));
            }
            json!({
                "ruleId": finding.code.as_str(),
                "ruleIndex": index,
                "level": level(finding.severity),
                "message": { "text": message },
                "locations": [location],
            })
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "kms-lint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": "https://github.com/kms-types/kms-types",
                    "rules": rules,
                }
            },
            "results": results,
        }]
    })
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// Where each line of a file starts, computed once.
pub struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    /// Indexes `text`.
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { text, starts }
    }

    /// Line `line` (from 1) without its line break; empty past the end.
    pub fn line(&self, line: u32) -> &'a str {
        let index = line.saturating_sub(1) as usize;
        let Some(&start) = self.starts.get(index) else {
            return "";
        };
        let end = self
            .starts
            .get(index + 1)
            .map_or(self.text.len(), |next| next - 1);
        self.text[start..end].trim_end_matches('\r')
    }
}

/// A finding rendered like rustc, with the policy line and a caret.
pub fn render(file: &str, lines: &Lines, finding: &Finding) -> String {
    let line = lines.line(finding.line);
    // A very long line (a one-line policy) is shown around the finding only.
    const SHOWN: usize = 200;
    let chars = line.chars().count() as u32;
    let (source_line, column) = if chars as usize > SHOWN {
        let skip = finding.column.saturating_sub(40) as usize;
        let shown: String = line.chars().skip(skip).take(SHOWN).collect();
        (format!("…{shown}…"), finding.column - skip as u32 + 1)
    } else {
        (line.to_string(), finding.column)
    };
    let available =
        source_line.chars().count() as u32 + 1 - column.min(source_line.chars().count() as u32 + 1);
    let width = lines
        .text
        .get(finding.span.0..finding.span.1.min(lines.text.len()))
        .and_then(|s| s.split('\n').next())
        .map_or(1, |s| s.chars().count() as u32)
        .clamp(1, available.max(1));
    let diagnostic = kms_spec::Diagnostic {
        severity: match finding.severity {
            Severity::Error => kms_spec::Severity::Error,
            Severity::Warning => kms_spec::Severity::Warning,
        },
        file: file.to_string(),
        line: finding.line,
        column,
        width,
        message: format!("[{}] {}", finding.code, finding.message),
        source_line,
        help: vec![format!(
            "at {}",
            if finding.path.is_empty() {
                "/"
            } else {
                &finding.path
            }
        )],
    };
    diagnostic.render() + "\n"
}

/// A finding as a JSON object (`file`, `code`, `severity`, `path`, `line`,
/// `column`, `message`).
pub fn to_json(file: &str, finding: &Finding) -> serde_json::Value {
    json!({
        "file": file,
        "code": finding.code.as_str(),
        "severity": finding.severity.as_str(),
        "path": finding.path,
        "line": finding.line,
        "column": finding.column,
        "message": finding.message,
    })
}
