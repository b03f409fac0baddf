//! `kms-sim`: decide KMS requests offline (`kms_types::authz`).
//!
//! ```text
//! kms-sim [--format human|json] SCENARIO.json...
//! kms-sim --summary KEY_POLICY.json
//! ```
//!
//! A scenario file holds one scenario or an array (DESIGN.md, "Deciding a
//! request"); a policy inside it may be a path to a JSON file, relative to
//! the scenario file. `--format json` prints, per file, one object per
//! scenario (an array when the file holds an array):
//! `{"name", "decision", "reasons": [{"policy", "statement", "sid", "effect"}]}`.
//! Exit 0 when every scenario is allowed, 1 when any is denied, 2 when an
//! input cannot be read or is invalid (`FILE:LINE:COLUMN: message` on stderr).

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, ValueEnum};
use kms_types::authz::{Decision, Scenario, load_scenarios, summary};
use serde_json::json;

#[derive(Parser)]
#[command(
    name = "kms-sim",
    version,
    about = "Decide AWS KMS requests offline: Allow, ExplicitDeny or ImplicitDeny, with the statements that decided"
)]
struct Cli {
    /// Scenario files (JSON); `-` reads standard input.
    files: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Print who can do what under this key policy instead of deciding scenarios.
    #[arg(long, value_name = "KEY_POLICY")]
    summary: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// One block per scenario, with file:line of each deciding statement.
    Human,
    /// The JSON shape of DESIGN.md.
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(policy) = &cli.summary {
        return run_summary(policy, cli.format);
    }
    if cli.files.is_empty() {
        eprintln!("error: no scenario file given (kms-sim --help)");
        return ExitCode::from(2);
    }
    let mut unreadable = false;
    let mut denied = false;
    for file in &cli.files {
        let shown = if file == "-" {
            "<stdin>"
        } else {
            file.as_str()
        };
        let text = match kms_lint::read_input(file) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("error: cannot read {shown}: {e}");
                unreadable = true;
                continue;
            }
        };
        let base = Path::new(file)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let mut load = |path: &str| -> Result<(Arc<str>, String), String> {
            let full = base.join(path);
            let shown = full.display().to_string();
            kms_lint::read_input(&shown)
                .map(|text| (Arc::from(shown.as_str()), text))
                .map_err(|e| format!("cannot read policy file {shown}: {e}"))
        };
        let (scenarios, array) = match load_scenarios(&text, shown, &mut load) {
            Ok(read) => read,
            Err(e) => {
                eprintln!("error: {e}");
                unreadable = true;
                continue;
            }
        };
        let decided: Vec<(&Scenario, Decision)> = scenarios
            .iter()
            .map(|s| (s, s.policies.decide(&s.request)))
            .collect();
        denied |= decided.iter().any(|(_, d)| !d.is_allowed());
        match cli.format {
            Format::Json => {
                let objects: Vec<serde_json::Value> =
                    decided.iter().map(|(s, d)| to_json(s, d)).collect();
                let value = if array {
                    serde_json::Value::Array(objects)
                } else {
                    objects
                        .into_iter()
                        .next()
                        .unwrap_or(serde_json::Value::Null)
                };
                out(&format!(
                    "{}\n",
                    serde_json::to_string_pretty(&value).unwrap_or_default()
                ));
            }
            Format::Human => {
                for (s, d) in &decided {
                    out(&human(shown, s, d));
                }
            }
        }
    }
    if unreadable {
        ExitCode::from(2)
    } else if denied {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Writes to stdout; a closed pipe (`kms-sim ... | head`) ends the output
/// quietly instead of panicking.
fn out(text: &str) {
    use std::io::Write;
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

fn to_json(s: &Scenario, d: &Decision) -> serde_json::Value {
    json!({
        "name": s.name,
        "decision": d.outcome.as_str(),
        "reasons": d.reasons.iter().map(|r| json!({
            "policy": r.policy,
            "statement": r.statement,
            "sid": r.sid,
            "effect": r.effect.as_str(),
        })).collect::<Vec<_>>(),
    })
}

fn human(file: &str, s: &Scenario, d: &Decision) -> String {
    let mut out = format!(
        "{file}:{}:{}: {}: {} — {}\n",
        s.location.0, s.location.1, s.name, d.outcome, d.why
    );
    for r in &d.reasons {
        let at = match (&r.file, r.location) {
            (Some(f), Some((line, column))) => format!(" at {f}:{line}:{column}"),
            _ => String::new(),
        };
        let sid = r
            .sid
            .as_deref()
            .map(|s| format!(" (Sid {s:?})"))
            .unwrap_or_default();
        let what = if r.policy.starts_with("grants/") {
            r.policy.clone()
        } else {
            format!("{} statement {}", r.policy, r.statement)
        };
        let verb = match r.effect {
            kms_types::policy::Effect::Allow => "allowed",
            kms_types::policy::Effect::Deny => "denied",
        };
        out.push_str(&format!("  {verb} by {what}{sid}{at}\n"));
    }
    if let Some(expected) = s.expected.filter(|e| *e != d.outcome) {
        out.push_str(&format!("  note: the scenario expects {expected}\n"));
    }
    out
}

fn run_summary(file: &str, format: Format) -> ExitCode {
    let shown = if file == "-" { "<stdin>" } else { file };
    let text = match kms_lint::read_input(file) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("error: cannot read {shown}: {e}");
            return ExitCode::from(2);
        }
    };
    match summary::summarize(&text, None) {
        Ok(summary) => {
            match format {
                Format::Json => out(&format!(
                    "{}\n",
                    serde_json::to_string_pretty(&summary.to_json()).unwrap_or_default()
                )),
                Format::Human => out(&summary.render()),
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            let (line, column) =
                kms_json::SourceIndex::new(&text).line_col(e.offset.min(text.len()));
            eprintln!("error: {shown}:{line}:{column}: {}", e.message);
            ExitCode::from(2)
        }
    }
}
