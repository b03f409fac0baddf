//! `kms-lint`: lint KMS key policies and IAM policies.
//!
//! ```text
//! kms-lint [--kind auto|key|identity] [--format human|json] FILE...   (`-` reads stdin)
//! ```
//!
//! Exit status: 0 when no finding is an error, 1 when one is, 2 when an
//! input cannot be read or is not JSON.

use std::io::Read;
use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use kms_types::lint::{self, Finding, PolicyKind, Severity};
use serde_json::json;

#[derive(Parser)]
#[command(
    name = "kms-lint",
    version,
    about = "Lint AWS KMS key policies and IAM policies for KMS mistakes"
)]
struct Cli {
    /// Policy files; `-` reads standard input.
    #[arg(required = true)]
    files: Vec<String>,
    /// Which kind of policy the files are.
    #[arg(long, value_enum, default_value_t = Kind::Auto)]
    kind: Kind,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

#[derive(Clone, Copy, ValueEnum)]
enum Kind {
    /// A key policy if any statement has a Principal, else an IAM policy.
    Auto,
    /// A KMS key policy.
    Key,
    /// An identity-based (IAM) policy.
    Identity,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// Like rustc, showing the policy line.
    Human,
    /// A JSON array of findings.
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let kind = match cli.kind {
        Kind::Auto => PolicyKind::Auto,
        Kind::Key => PolicyKind::Key,
        Kind::Identity => PolicyKind::Identity,
    };
    let mut unreadable = false;
    let mut errors = false;
    let mut all = Vec::new();
    for file in &cli.files {
        let text = match read(file) {
            Ok(text) => text,
            Err(message) => {
                eprintln!("error: cannot read {file}: {message}");
                unreadable = true;
                continue;
            }
        };
        match lint::lint(&text, kind) {
            Ok(report) => {
                errors |= report.has_errors();
                match cli.format {
                    Format::Human => {
                        // Line starts once per file: rendering stays linear
                        // in the number of findings.
                        let lines = Lines::new(&text);
                        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
                        for finding in &report.findings {
                            let _ = std::io::Write::write_all(
                                &mut out,
                                render(file, &lines, finding).as_bytes(),
                            );
                        }
                    }
                    Format::Json => all.extend(report.findings.iter().map(|f| to_json(file, f))),
                }
            }
            Err(error) => {
                unreadable = true;
                let diagnostic = kms_spec::Diagnostic {
                    severity: kms_spec::Severity::Error,
                    file: file.clone(),
                    line: error.line,
                    column: error.column,
                    width: 1,
                    message: format!("not a JSON policy: {}", error.message),
                    source_line: Lines::new(&text).line(error.line).to_string(),
                    help: if error.path.is_empty() {
                        Vec::new()
                    } else {
                        vec![format!("while reading {}", error.path)]
                    },
                };
                eprint!("{}", diagnostic.render());
            }
        }
    }
    if let Format::Json = cli.format {
        println!(
            "{}",
            serde_json::to_string_pretty(&all).expect("findings serialise")
        );
    }
    if unreadable {
        ExitCode::from(2)
    } else if errors {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn read(file: &str) -> Result<String, String> {
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

/// Where each line of a file starts, computed once.
struct Lines<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { text, starts }
    }

    /// Line `line` (from 1) without its line break; empty past the end.
    fn line(&self, line: u32) -> &'a str {
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
fn render(file: &str, lines: &Lines, finding: &Finding) -> String {
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

fn to_json(file: &str, finding: &Finding) -> serde_json::Value {
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
