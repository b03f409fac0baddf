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
    let valued: Vec<_> = spec
        .condition_keys
        .iter()
        .filter_map(|k| k.value_set.as_ref().map(|set| (k, set)))
        .collect();
    if !valued.is_empty() {
        let _ = writeln!(
            out,
            "\nkeys with a closed set of values (kms-spec/src/value_sets.rs):"
        );
        let width = valued.iter().map(|(k, _)| k.name.len()).max().unwrap_or(0);
        for (key, set) in valued {
            let page_only = if set.page_only.is_empty() {
                String::new()
            } else {
                format!("; only the page lists {}", set.page_only.join(", "))
            };
            let _ = writeln!(
                out,
                "  {:width$}  {} ({} values{page_only})",
                key.name,
                set.shape,
                set.values.len()
            );
        }
    }
    out
}
