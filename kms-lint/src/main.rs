//! `kms-lint`: lint KMS key policies and IAM policies, wherever they live.
//!
//! ```text
//! kms-lint [--kind auto|key|identity|cloudformation|terraform] [--format human|json|sarif] FILE...
//! ```
//!
//! `-` reads standard input (named `<stdin>`); a directory is searched
//! recursively for `*.json`, `*.yaml`, `*.yml` and `*.template` files.
//! `--kind auto` decides by content: a CloudFormation template (JSON or
//! YAML), a Terraform plan (`terraform show -json`), or policy JSON (a key
//! policy if a statement has a Principal); anything else is an error, as is
//! a file that is not what `--kind` says. A summary goes to stderr. Exit
//! status: 0 when no finding is an error (nor a warning, with
//! `--deny-warnings`), 1 when one is, 2 when an input cannot be read or is
//! not what it claims to be.

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use kms_lint::inputs::{self, Format as InputFormat};
use kms_lint::{Lines, Located, render, to_json};
use kms_types::lint::{self, Options, PolicyKind};

#[derive(Parser)]
#[command(
    name = "kms-lint",
    version,
    about = "Lint AWS KMS key policies and IAM policies for KMS mistakes"
)]
struct Cli {
    /// Policy files, CloudFormation templates or Terraform plans; `-` reads standard input.
    #[arg(required = true)]
    files: Vec<String>,
    /// What the files are.
    #[arg(long, value_enum, default_value_t = Kind::Auto)]
    kind: Kind,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Exit 1 when any finding is a warning, too.
    #[arg(long)]
    deny_warnings: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum Kind {
    /// Decide by content: template, plan, or policy (a key policy if any
    /// statement has a Principal).
    Auto,
    /// A KMS key policy.
    Key,
    /// An identity-based (IAM) policy.
    Identity,
    /// A CloudFormation template (JSON or YAML): key policies and IAM policies of its resources.
    Cloudformation,
    /// A Terraform plan (`terraform show -json`): the `policy` of KMS and IAM resources.
    Terraform,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// Like rustc, showing the policy line.
    Human,
    /// A JSON array of findings.
    Json,
    /// SARIF 2.1.0, for code-scanning services.
    Sarif,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let (format, kind) = match cli.kind {
        Kind::Auto => (None, PolicyKind::Auto),
        Kind::Key => (Some(InputFormat::Policy), PolicyKind::Key),
        Kind::Identity => (Some(InputFormat::Policy), PolicyKind::Identity),
        Kind::Cloudformation => (Some(InputFormat::CloudFormation), PolicyKind::Auto),
        Kind::Terraform => (Some(InputFormat::Terraform), PolicyKind::Auto),
    };
    let mut errors = false;
    let mut summary = Summary::default();
    // Inputs that could not be read: (file, message, line, column).
    let mut failures: Vec<(String, String, u32, u32)> = Vec::new();
    let files = match expand(&cli.files) {
        Ok(files) => files,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let mut json_out = Vec::new();
    // SARIF is written once at the end: (file, embedded policy, findings).
    let mut sarif_runs = Vec::new();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for file in &files {
        summary.files += 1;
        let named = if file == "-" {
            "<stdin>".to_string()
        } else {
            file.clone()
        };
        let argument = file;
        let file = &named;
        let text = match kms_lint::read_input(argument) {
            Ok(text) => text,
            Err(message) => {
                eprintln!("error: cannot read {file}: {message}");
                failures.push((file.clone(), format!("cannot read {file}: {message}"), 1, 1));
                continue;
            }
        };
        let (found_format, policies) = match inputs::read(file, &text, format, kind) {
            Ok(read) => read,
            Err(error) => {
                let lines = Lines::new(&text);
                let (line, column) = lines.line_col(error.offset);
                failures.push((file.clone(), error.message.clone(), line, column));
                let (source_line, excerpt_start) = lines.excerpt(error.offset);
                let diagnostic = kms_spec::Diagnostic {
                    severity: kms_spec::Severity::Error,
                    file: file.clone(),
                    line,
                    column,
                    width: 1,
                    message: error.message,
                    source_line,
                    excerpt_start,
                    help: Vec::new(),
                };
                eprint!("{}", diagnostic.render());
                continue;
            }
        };
        let intrinsics = found_format == InputFormat::CloudFormation;
        let file_lines = std::cell::OnceCell::new();
        for policy in policies {
            let options = Options {
                kind: policy.kind,
                intrinsics,
            };
            let report = match &policy.document {
                Some(document) => lint::lint_document(&policy.text, document, options),
                // A policy file, read as a stream; it was checked as JSON.
                None => match lint::lint_text(&policy.text, options) {
                    Ok(report) => report,
                    Err(error) => {
                        eprintln!(
                            "error: {file}:{}:{}: {}",
                            error.line, error.column, error.message
                        );
                        failures.push((file.clone(), error.message, error.line, error.column));
                        continue;
                    }
                },
            };
            errors |= report.has_errors();
            summary.add(&report);
            let shown = if policy.in_file {
                file.clone()
            } else {
                format!("{file} ({})", policy.label)
            };
            match cli.format {
                Format::Human if !report.findings.is_empty() => {
                    // Line starts once per text (a template's policies share
                    // the file's): linear in findings.
                    let own;
                    let lines = if policy.in_file {
                        file_lines.get_or_init(|| Lines::new(&text))
                    } else {
                        own = Lines::new(&policy.text);
                        &own
                    };
                    for finding in &report.findings {
                        let mut finding = finding.clone();
                        finding.path = format!("{}{}", policy.label, finding.path);
                        let _ = out.write_all(render(&shown, lines, &finding).as_bytes());
                    }
                }
                Format::Human => {}
                Format::Json => {
                    for finding in &report.findings {
                        let located = Located {
                            file,
                            label: &policy.label,
                            in_file: policy.in_file,
                            finding,
                        };
                        let mut value = to_json(file, finding);
                        value["path"] = located.path().into();
                        if !policy.label.is_empty() {
                            value["policy"] = policy.label.clone().into();
                        }
                        json_out.push(value);
                    }
                }
                Format::Sarif => sarif_runs.push((
                    file.clone(),
                    policy.label.clone(),
                    policy.in_file,
                    report.findings,
                )),
            }
        }
    }
    match cli.format {
        Format::Human => {}
        Format::Json => {
            // An input that could not be read is an entry too, so that a
            // consumer of the JSON alone sees it.
            for (file, message, line, column) in &failures {
                json_out.push(serde_json::json!({
                    "file": file,
                    "code": "input-error",
                    "severity": "error",
                    "path": "",
                    "line": line,
                    "column": column,
                    "message": message,
                }));
            }
            let _ = writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&json_out).expect("findings serialise")
            );
        }
        Format::Sarif => {
            let located: Vec<Located> = sarif_runs
                .iter()
                .flat_map(|(file, label, in_file, findings)| {
                    findings.iter().map(move |finding| Located {
                        file,
                        label,
                        in_file: *in_file,
                        finding,
                    })
                })
                .collect();
            let failed: Vec<kms_lint::InputFailure> = failures
                .iter()
                .map(|(file, message, line, column)| kms_lint::InputFailure {
                    file,
                    message,
                    line: *line,
                    column: *column,
                })
                .collect();
            let _ = kms_lint::write_sarif(&mut out, &located, &failed);
        }
    }
    let _ = out.flush();
    eprintln!("{}", summary.line(failures.len()));
    if !failures.is_empty() {
        ExitCode::from(2)
    } else if errors || (cli.deny_warnings && summary.warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// What a run found, for the summary line on stderr.
#[derive(Default)]
struct Summary {
    files: usize,
    errors: usize,
    warnings: usize,
    notes: usize,
    unchecked: usize,
}

impl Summary {
    fn add(&mut self, report: &lint::Report) {
        for finding in &report.findings {
            match finding.severity {
                lint::Severity::Error => self.errors += 1,
                lint::Severity::Warning => self.warnings += 1,
                lint::Severity::Note => self.notes += 1,
            }
        }
        self.unchecked += report.unchecked;
    }

    /// "3 errors, 1 warning in 12 files", with what was not read or checked.
    fn line(&self, unreadable: usize) -> String {
        let plural = |n: usize, one: &str| format!("{n} {one}{}", if n == 1 { "" } else { "s" });
        let mut line = format!(
            "{}, {} in {}",
            plural(self.errors, "error"),
            plural(self.warnings, "warning"),
            plural(self.files, "file")
        );
        if self.notes > 0 {
            line.push_str(&format!(" ({})", plural(self.notes, "note")));
        }
        if unreadable > 0 {
            line.push_str(&format!("; {} not read", plural(unreadable, "input")));
        }
        if self.unchecked > 0 {
            line.push_str(&format!(
                "; note: {} computed by CloudFormation intrinsic functions (`Fn::If`, `!Sub`, ...) not checked",
                plural(self.unchecked, "statement or policy").replace("policys", "policies")
            ));
        }
        line
    }
}

/// The files to lint: each argument, or for a directory every `*.json`,
/// `*.yaml`, `*.yml` and `*.template` file under it, in name order.
fn expand(args: &[String]) -> Result<Vec<String>, String> {
    let mut files = Vec::new();
    for arg in args {
        let path = std::path::Path::new(arg);
        if arg != "-" && path.is_dir() {
            let before = files.len();
            walk(path, &mut files).map_err(|e| format!("cannot read directory {arg}: {e}"))?;
            files[before..].sort();
        } else {
            files.push(arg.clone());
        }
    }
    Ok(files)
}

fn walk(dir: &std::path::Path, files: &mut Vec<String>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(&path, files)?;
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e, "json" | "yaml" | "yml" | "template"))
        {
            files.push(path.display().to_string());
        }
    }
    Ok(())
}
