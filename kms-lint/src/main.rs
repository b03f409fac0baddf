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
use kms_lint::{Lines, render, to_json};
use kms_types::lint::{self, PolicyKind};

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
