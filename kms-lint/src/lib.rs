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
    sarif_with_failures(findings, &[])
}

/// An input the run could not read, for SARIF's invocation record.
pub struct InputFailure<'a> {
    /// The file named on the command line.
    pub file: &'a str,
    /// Why it could not be read.
    pub message: &'a str,
    /// Line, from 1.
    pub line: u32,
    /// Column, from 1.
    pub column: u32,
}

/// [`sarif`], with the inputs that could not be read: the run's
/// `invocations[0]` says `executionSuccessful: false` and carries a
/// notification per input, so that a code-scanning service does not read an
/// empty result as a clean one.
pub fn sarif_with_failures(findings: &[Located], failures: &[InputFailure]) -> serde_json::Value {
    let results = findings.iter().map(sarif_result).collect();
    sarif_log(failures, serde_json::Value::Array(results))
}

/// Writes [`sarif_with_failures`]'s log to `out`, one result at a time, so
/// that a run with many findings never holds them all as JSON values.
pub fn write_sarif(
    out: &mut impl std::io::Write,
    findings: &[Located],
    failures: &[InputFailure],
) -> std::io::Result<()> {
    // The log with a marker where the results go: the marker is a JSON
    // string after the `results` key, which no escaped value can contain.
    const MARKER: &str = "\"results\": \"kms-lint:results\"";
    let log = sarif_log(failures, json!("kms-lint:results"));
    let text = serde_json::to_string_pretty(&log).map_err(std::io::Error::other)?;
    let (before, after) = text
        .split_once(MARKER)
        .ok_or_else(|| std::io::Error::other("the SARIF marker is missing"))?;
    out.write_all(before.as_bytes())?;
    out.write_all(b"\"results\": [")?;
    for (i, located) in findings.iter().enumerate() {
        out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        serde_json::to_writer(&mut *out, &sarif_result(located)).map_err(std::io::Error::other)?;
    }
    out.write_all(b"\n]")?;
    out.write_all(after.as_bytes())?;
    out.write_all(b"\n")
}

/// One SARIF result.
fn sarif_result(located: &Located) -> serde_json::Value {
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
}

/// The SARIF log around `results`.
fn sarif_log(failures: &[InputFailure], results: serde_json::Value) -> serde_json::Value {
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
            "invocations": [{
                "executionSuccessful": failures.is_empty(),
                "toolExecutionNotifications": failures.iter().map(|f| json!({
                    "level": "error",
                    "message": { "text": f.message },
                    "locations": [{
                        "physicalLocation": {
                            "artifactLocation": { "uri": f.file },
                            "region": { "startLine": f.line, "startColumn": f.column },
                        }
                    }],
                })).collect::<Vec<_>>(),
            }],
        }]
    })
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Note => "note",
    }
}

/// A policy text with its [`kms_json::SourceIndex`], built once per text:
/// every finding's line and excerpt is found in O(log n), so rendering
/// many findings on one long line stays linear.
pub struct Lines<'a> {
    text: &'a str,
    index: kms_json::SourceIndex,
}

impl<'a> Lines<'a> {
    /// Indexes `text`.
    pub fn new(text: &'a str) -> Self {
        Lines {
            text,
            index: kms_json::SourceIndex::new(text),
        }
    }

    /// The line holding byte `offset`, as a diagnostic shows it: whole, or,
    /// when longer than a screen, about 200 characters around the offset
    /// with `…` where it is cut; and how many characters of the line come
    /// before what is shown ([`kms_spec::Diagnostic::excerpt_start`]).
    pub fn excerpt(&self, offset: usize) -> (String, u32) {
        let range = self.index.line_range(self.index.line(offset));
        let at = offset.clamp(range.start, range.end);
        if range.len() <= LONG_LINE {
            return (self.text[range].to_string(), 0);
        }
        let start = self.index.retreat(at, BEFORE).max(range.start);
        let end = self.index.advance(start, SHOWN).min(range.end);
        let mut shown = String::with_capacity(end - start + 8);
        let mut skipped = self.index.char_count(range.start..start) as u32;
        if start > range.start {
            shown.push('…');
            skipped -= 1;
        }
        shown.push_str(&self.text[start..end]);
        if end < range.end {
            shown.push('…');
        }
        (shown, skipped)
    }

    /// The 1-based line and character column of byte `offset`.
    pub fn line_col(&self, offset: usize) -> (u32, u32) {
        let (line, column) = self.index.line_col(offset);
        (line as u32, column as u32)
    }
}

/// Lines longer than this many bytes are shown around the finding only.
const LONG_LINE: usize = 240;
/// How many characters of a long line are shown before the finding.
const BEFORE: usize = 40;
/// How many characters of a long line are shown in all.
const SHOWN: usize = 200;

/// A finding rendered like rustc, with the policy line and a caret. The
/// header names the line and column in the file; a long line (a minified
/// policy) is shown around the finding, cut by byte offset, so that the
/// cost does not grow with the line.
pub fn render(file: &str, lines: &Lines, finding: &Finding) -> String {
    let range = lines.index.line_range(finding.line as usize);
    let at = finding.span.0.clamp(range.start, range.end);
    let (source_line, excerpt_start) = lines.excerpt(at);
    let caret = finding.column.saturating_sub(1 + excerpt_start);
    let available = (source_line.chars().count() as u32).saturating_sub(caret);
    let end = finding.span.1.clamp(at, range.end);
    let width = (lines.index.char_count(at..end) as u32).clamp(1, available.max(1));
    let diagnostic = kms_spec::Diagnostic {
        severity: match finding.severity {
            Severity::Error => kms_spec::Severity::Error,
            Severity::Warning => kms_spec::Severity::Warning,
            Severity::Note => kms_spec::Severity::Note,
        },
        file: file.to_string(),
        line: finding.line,
        column: finding.column,
        width,
        message: format!("[{}] {}", finding.code, finding.message),
        source_line,
        excerpt_start,
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

/// The text of `file`, or of standard input for `-`; an error says why
/// not (unreadable, not UTF-8).
pub fn read_input(file: &str) -> Result<String, String> {
    use std::io::Read;
    let bytes = if file == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| e.to_string())?;
        bytes
    } else {
        std::fs::read(file).map_err(|e| e.to_string())?
    };
    String::from_utf8(bytes).map_err(|e| format!("not UTF-8 ({e})"))
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
