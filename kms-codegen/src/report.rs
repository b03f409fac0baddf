//! The `report` command: every warning, then what was read and where it went.

use std::fmt::Write;

use kms_spec::{Severity, Spec};

/// Renders the model's warnings and notes, then a count table per kind of
/// record: read, modelled, reported.
pub fn report(spec: &Spec) -> String {
    let mut out = String::new();
    out.push_str(&kms_spec::diagnostic::render_all(&spec.report.diagnostics));
    let by = |severity| {
        spec.report
            .diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    };
    let _ = writeln!(
        out,
        "{} `{}`: {} actions, {} resource types, {} condition keys, {} example policies; {} warnings, {} notes\n",
        spec.service.name,
        spec.service.prefix,
        spec.actions.len(),
        spec.resource_types.len(),
        spec.condition_keys.len(),
        spec.examples.len(),
        by(Severity::Warning),
        by(Severity::Note),
    );
    let width = spec
        .report
        .counts
        .iter()
        .map(|c| c.kind.len())
        .max()
        .unwrap_or(4)
        .max(4);
    let _ = writeln!(
        out,
        "{:width$}  {:>6}  {:>8}  {:>8}",
        "kind", "read", "modelled", "reported"
    );
    for count in &spec.report.counts {
        let _ = writeln!(
            out,
            "{:width$}  {:>6}  {:>8}  {:>8}",
            count.kind, count.read, count.modelled, count.reported
        );
    }
    out
}
