//! Source documents as text with a line index: UTF-8 checked, CRLF read as LF.

use std::ops::Range;

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Location;

/// One input document, decoded.
#[derive(Debug, Clone)]
pub struct SourceText {
    /// The path used in diagnostics.
    pub path: String,
    /// The text, with every CRLF turned into LF so that both parse alike.
    pub text: String,
    /// SHA-256 of the bytes as stored, lowercase hex.
    pub sha256: String,
    index: kms_json::SourceIndex,
}

impl SourceText {
    /// Decodes bytes; invalid UTF-8 is an error pointing at the first bad byte.
    pub fn from_bytes(path: impl Into<String>, bytes: &[u8]) -> Result<SourceText, Diagnostic> {
        let path = path.into();
        let sha256 = hex(&hmac_sha256::Hash::hash(bytes));
        match std::str::from_utf8(bytes) {
            Ok(text) => Ok(SourceText::new(path, text, sha256)),
            Err(error) => {
                let valid = error.valid_up_to();
                // The valid prefix locates the bad byte; the line is shown lossily.
                let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
                let line_start = prefix.rfind('\n').map_or(0, |i| i + 1);
                let line_end = bytes[valid..]
                    .iter()
                    .position(|&b| b == b'\n')
                    .map_or(bytes.len(), |i| valid + i);
                let shown = String::from_utf8_lossy(&bytes[line_start..line_end]);
                let line = prefix.matches('\n').count() as u32 + 1;
                let column = prefix[line_start..].chars().count() as u32 + 1;
                Err(Diagnostic {
                    severity: Severity::Error,
                    file: path,
                    line,
                    column,
                    width: 1,
                    message: format!(
                        "the document is not valid UTF-8: invalid byte 0x{:02X}",
                        bytes[valid]
                    ),
                    source_line: shown.trim_end_matches('\r').to_string(),
                    excerpt_start: 0,
                    help: vec!["save the document as UTF-8 (the AWS pages are UTF-8)".into()],
                })
            }
        }
    }

    /// Wraps text that is already decoded.
    pub fn new(path: impl Into<String>, text: &str, sha256: String) -> SourceText {
        let text = if text.contains("\r\n") {
            text.replace("\r\n", "\n")
        } else {
            text.to_string()
        };
        SourceText {
            path: path.into(),
            index: kms_json::SourceIndex::new(&text),
            text,
            sha256,
        }
    }

    /// Decodes text given in memory (tests, fuzzing); the digest is of its bytes.
    pub fn from_str(path: impl Into<String>, text: &str) -> SourceText {
        SourceText::new(path, text, hex(&hmac_sha256::Hash::hash(text.as_bytes())))
    }

    /// 1-based line and character column of a byte offset.
    pub fn line_col(&self, offset: usize) -> (u32, u32) {
        let (line, column) = self.index.line_col(offset);
        (line as u32, column as u32)
    }

    /// The location of a byte offset.
    pub fn location(&self, offset: usize) -> Location {
        let (line, column) = self.line_col(offset);
        Location {
            file: self.path.clone(),
            line,
            column,
        }
    }

    /// The text of a 1-based line, without its ending.
    pub fn line_text(&self, line: u32) -> &str {
        &self.text[self.index.line_range(line as usize)]
    }

    /// Byte offset where a 1-based line starts.
    pub fn line_start(&self, line: u32) -> usize {
        self.index.line_range(line as usize).start
    }

    /// A diagnostic underlining `span` (clipped to its first line).
    pub fn diagnostic(
        &self,
        severity: Severity,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        let (line, column) = self.line_col(span.start);
        let source_line = self.line_text(line).to_string();
        let end = span.end.max(span.start).min(self.text.len());
        let line_end = self.line_start(line) + source_line.len();
        let underlined = self
            .index
            .char_count(span.start.min(line_end)..end.min(line_end));
        Diagnostic {
            severity,
            file: self.path.clone(),
            line,
            column,
            width: underlined.max(1) as u32,
            message: message.into(),
            source_line,
            excerpt_start: 0,
            help: Vec::new(),
        }
    }

    /// An error underlining `span`.
    pub fn error(&self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        self.diagnostic(Severity::Error, span, message)
    }

    /// A warning underlining `span`.
    pub fn warning(&self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        self.diagnostic(Severity::Warning, span, message)
    }
}

/// Lowercase hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
