//! `kms-lint`: lint KMS key policies and IAM policies, wherever they live.
//!
//! ```text
//! kms-lint [--kind auto|key|identity|cloudformation|terraform] [--format human|json|sarif] FILE...
//! ```
//!
//! `-` reads standard input. `--kind auto` decides by content: a
//! CloudFormation template (JSON or YAML), a Terraform plan
//! (`terraform show -json`), or policy JSON (a key policy if a statement
//! has a Principal). Exit status: 0 when no finding is an error, 1 when one
//! is, 2 when an input cannot be read or is not what it claims to be.

use std::io::{Read, Write};
use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use kms_lint::inputs::{self, Format as InputFormat};
use kms_lint::{Lines, Located, render, sarif, to_json};
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
    let mut unreadable = false;
    let mut errors = false;
    let mut json_out = Vec::new();
    // SARIF is written once at the end: (file, embedded policy, findings).
    let mut sarif_runs = Vec::new();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for file in &cli.files {
        let text = match read(file) {
            Ok(text) => text,
            Err(message) => {
                eprintln!("error: cannot read {file}: {message}");
                unreadable = true;
                continue;
            }
        };
        let (found_format, policies) = match inputs::read(file, &text, format, kind) {
            Ok(read) => read,
            Err(error) => {
                unreadable = true;
                let lines = Lines::new(&text);
                let (line, column) = kms_json::line_col(&text, error.offset);
                let diagnostic = kms_spec::Diagnostic {
                    severity: kms_spec::Severity::Error,
                    file: file.clone(),
                    line: line as u32,
                    column: column as u32,
                    width: 1,
                    message: error.message,
                    source_line: lines.line(line as u32).to_string(),
                    help: Vec::new(),
                };
                eprint!("{}", diagnostic.render());
                continue;
            }
        };
        let intrinsics = found_format == InputFormat::CloudFormation;
        for policy in policies {
            let report = lint::lint_document(
                &policy.text,
                &policy.document,
                Options {
                    kind: policy.kind,
                    intrinsics,
                },
            );
            errors |= report.has_errors();
            let shown = if policy.in_file {
                file.clone()
            } else {
                format!("{file} ({})", policy.label)
            };
            match cli.format {
                Format::Human => {
                    // Line starts once per policy text: linear in findings.
                    let lines = Lines::new(&policy.text);
                    for finding in &report.findings {
                        let mut finding = finding.clone();
                        finding.path = format!("{}{}", policy.label, finding.path);
                        let _ = out.write_all(render(&shown, &lines, &finding).as_bytes());
                    }
                }
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
                Format::Sarif => sarif_runs.push((file.clone(), policy, report.findings)),
            }
        }
    }
    match cli.format {
        Format::Human => {}
        Format::Json => {
            let _ = writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&json_out).expect("findings serialise")
            );
        }
        Format::Sarif => {
            let located: Vec<Located> = sarif_runs
                .iter()
                .flat_map(|(file, policy, findings)| {
                    findings.iter().map(move |finding| Located {
                        file,
                        label: &policy.label,
                        in_file: policy.in_file,
                        finding,
                    })
                })
                .collect();
            let _ = writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&sarif(&located)).expect("SARIF serialises")
            );
        }
    }
    let _ = out.flush();
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
