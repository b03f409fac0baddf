//! The renderers of the `kms-lint` command, as a library so that they can
//! be tested on any input: findings like rustc (the policy line and a
//! caret) and as JSON objects.
#![deny(missing_docs)]

use kms_types::lint::{Finding, Severity};
use serde_json::json;

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
        "code": finding.code,
        "severity": finding.severity.as_str(),
        "path": finding.path,
        "line": finding.line,
        "column": finding.column,
        "message": finding.message,
    })
}
