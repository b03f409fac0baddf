//! Diagnostics that point at the input: file, line, column, the source line,
//! rendered the way rustc renders its errors (with `annotate-snippets`).

use std::fmt;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Severity {
    /// The input cannot be modelled faithfully: no model is produced.
    Error,
    /// Something was read that the model cannot place as it is; it is kept where possible.
    Warning,
    /// An irregularity handled by a documented rule.
    Note,
}

impl Severity {
    /// `error`, `warning` or `note`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// One problem found in an input document.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// The document, as its path was given.
    pub file: String,
    /// Line, from 1.
    pub line: u32,
    /// Column in characters, from 1.
    pub column: u32,
    /// How many characters of the line to underline (at least 1).
    pub width: u32,
    /// What is wrong, in one sentence.
    pub message: String,
    /// The source line the diagnostic points into, without its line ending.
    pub source_line: String,
    /// How many characters of the line come before `source_line`: 0 when
    /// it is the whole line, more when a long line is shown around the
    /// column only (the caret goes at `column - excerpt_start`, while the
    /// header still names `column`, the column in the file).
    pub excerpt_start: u32,
    /// Further help lines (`help: ...`).
    pub help: Vec<String>,
}

impl Diagnostic {
    /// Adds a help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help.push(help.into());
        self
    }

    /// Renders the diagnostic like rustc: header, `--> file:line:col`, the
    /// source line and a caret under the offending span.
    pub fn render(&self) -> String {
        use annotate_snippets::{Level, Renderer, Snippet};
        let level = match self.severity {
            Severity::Error => Level::Error,
            Severity::Warning => Level::Warning,
            Severity::Note => Level::Note,
        };
        let line = self.source_line.as_str();
        if line.trim().is_empty() {
            // Nothing to show under a caret (an empty document, a missing file).
            let mut out = format!(
                "{}: {}\n --> {}:{}:{}\n",
                self.severity.as_str(),
                self.message,
                self.file,
                self.line,
                self.column
            );
            for help in &self.help {
                out.push_str(&format!("  = help: {help}\n"));
            }
            return out;
        }
        // annotate-snippets counts spans in bytes; convert our character columns.
        let caret = self
            .column
            .saturating_sub(1)
            .saturating_sub(self.excerpt_start) as usize;
        let start = char_to_byte(line, caret);
        let end = char_to_byte(line, caret + self.width.max(1) as usize);
        // An empty line or a column past its end still gets a visible caret.
        let (snippet_text, start, end) = if start >= line.trim_end().len() {
            (format!("{line} "), line.len(), line.len() + 1)
        } else {
            (line.to_string(), start, end.max(start + 1))
        };
        let mut message = level.title(&self.message).snippet(
            Snippet::source(&snippet_text)
                .line_start(self.line as usize)
                .origin(&self.file)
                .annotation(level.span(start..end)),
        );
        for help in &self.help {
            message = message.footer(Level::Help.title(help));
        }
        let rendered = Renderer::plain().render(message).to_string();
        // Trailing spaces are noise in checked-in expectations.
        // annotate-snippets names the caret's column in the text it was
        // given; in an excerpt that is not the file's, so the arrow line is
        // written with the column in the file.
        let arrow = format!("--> {}:{}:{}", self.file, self.line, self.column);
        let mut arrow_done = false;
        let mut out: String = rendered
            .lines()
            .map(|l| {
                let l = l.trim_end();
                match l.trim_start().strip_prefix("--> ") {
                    Some(_) if !arrow_done => {
                        arrow_done = true;
                        format!("{}{arrow}", &l[..l.len() - l.trim_start().len()])
                    }
                    _ => l.to_string(),
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        out.push('\n');
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}: {}",
            self.file,
            self.line,
            self.column,
            self.severity.as_str(),
            self.message
        )
    }
}

fn char_to_byte(line: &str, chars: usize) -> usize {
    line.char_indices()
        .nth(chars)
        .map_or(line.len(), |(index, _)| index)
}

/// Renders a list of diagnostics, each followed by a blank line.
pub fn render_all(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| d.render() + "\n")
        .collect::<String>()
}

/// Sorts diagnostics by place, then severity and message, for stable output.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.severity, &a.message)
            .cmp(&(&b.file, b.line, b.column, b.severity, &b.message))
    });
}
