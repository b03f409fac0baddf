//! `kms-policy`: least-privilege KMS policies from Policy Sentry's CRUD
//! templates (`kms_types::write`), without its over-grants.
//!
//! ```text
//! kms-policy write [--strict] [--diagnostics human|json] TEMPLATE.yml|-
//! kms-policy create-template
//! ```
//!
//! stdout: the policy JSON (4-space indent, trailing newline), nothing else.
//! stderr: one diagnostic per finding (`warning[CODE]: message`, then
//! ` --> FILE:LINE:COLUMN` of the template entry), or with
//! `--diagnostics json` a JSON array of `{code, severity, message, line,
//! column}`. Exit 0 when the policy is written (warnings allowed), 1 with
//! `--strict` and a warning (the policy is still printed), 2 when the
//! template is wrong (nothing on stdout).

use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use kms_types::write::{Template, WriteDiagnostic, write};

#[derive(Parser)]
#[command(
    name = "kms-policy",
    version,
    about = "Write least-privilege AWS KMS policies from a CRUD template"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Write the policy a CRUD template asks for.
    Write {
        /// The template (YAML or JSON); `-` reads standard input.
        template: String,
        /// Exit 1 when there is any warning (the policy is still printed).
        #[arg(long)]
        strict: bool,
        /// How diagnostics are written to stderr.
        #[arg(long, value_enum, default_value_t = Diagnostics::Human)]
        diagnostics: Diagnostics,
    },
    /// Print an empty CRUD template to fill in.
    CreateTemplate,
}

#[derive(Clone, Copy, ValueEnum)]
enum Diagnostics {
    /// `warning[CODE]: message` and ` --> FILE:LINE:COLUMN`.
    Human,
    /// A JSON array of `{code, severity, message, line, column}`.
    Json,
}

const TEMPLATE: &str = "mode: crud
name: ''
# effect: Allow
# ARNs of KMS keys and aliases, by access level
read:
- ''
write:
- ''
list:
- ''
tagging:
- ''
permissions-management:
- ''
# Actions that take no resource, granted on \"*\"
wildcard-only:
  single-actions:
  - ''
  # every resource-less action of a level: `- kms`
  service-read:
  - ''
  service-write:
  - ''
  service-list:
  - ''
  service-tagging:
  - ''
  service-permissions-management:
  - ''
# Actions granted on \"*\" whatever they take
skip-resource-constraints:
- ''
# IAM action patterns removed before anything is derived
exclude-actions:
- ''
";

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::CreateTemplate => {
            print!("{TEMPLATE}");
            ExitCode::SUCCESS
        }
        Command::Write {
            template,
            strict,
            diagnostics,
        } => run(&template, strict, diagnostics),
    }
}

fn run(file: &str, strict: bool, format: Diagnostics) -> ExitCode {
    let shown = if file == "-" { "<stdin>" } else { file };
    let text = match kms_lint::read_input(file) {
        Ok(text) => text,
        Err(message) => {
            report(
                shown,
                "",
                &[WriteDiagnostic {
                    span: (0, 0),
                    code: kms_types::write::WriteCode::Template,
                    message: format!("cannot read {shown}: {message}"),
                }],
                format,
            );
            return ExitCode::from(2);
        }
    };
    let document = match kms_lint::yaml::parse(&text) {
        Ok(document) => document,
        Err(error) => {
            let diagnostic = WriteDiagnostic {
                span: (error.offset, error.offset),
                code: kms_types::write::WriteCode::Template,
                message: format!("not YAML: {}", error.message),
            };
            report(shown, &text, &[diagnostic], format);
            return ExitCode::from(2);
        }
    };
    let template = match Template::from_document(&document) {
        Ok(template) => template,
        Err(errors) => {
            report(shown, &text, &errors, format);
            return ExitCode::from(2);
        }
    };
    let written = write(&template);
    report(shown, &text, &written.diagnostics, format);
    if written.has_errors() {
        return ExitCode::from(2);
    }
    print!("{}", written.to_json_text());
    if strict && !written.diagnostics.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn report(file: &str, text: &str, diagnostics: &[WriteDiagnostic], format: Diagnostics) {
    let index = kms_json::SourceIndex::new(text);
    match format {
        Diagnostics::Human => {
            for d in diagnostics {
                let (line, column) = index.line_col(d.span.0);
                let severity = if d.is_error() { "error" } else { "warning" };
                eprintln!(
                    "{severity}[{}]: {}\n --> {file}:{line}:{column}",
                    d.code, d.message
                );
            }
        }
        Diagnostics::Json => {
            let entries: Vec<serde_json::Value> = diagnostics
                .iter()
                .map(|d| {
                    let (line, column) = index.line_col(d.span.0);
                    serde_json::json!({
                        "code": d.code.as_str(),
                        "severity": if d.is_error() { "error" } else { "warning" },
                        "message": d.message,
                        "line": line,
                        "column": column,
                    })
                })
                .collect();
            eprintln!(
                "{}",
                serde_json::to_string_pretty(&entries).expect("diagnostics serialise")
            );
        }
    }
}
