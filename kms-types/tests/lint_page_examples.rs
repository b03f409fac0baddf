//! Every example statement of the condition-key page lints without an
//! error-level finding, except where the page itself is wrong.

use std::path::Path;

use kms_types::lint::{PolicyKind, Severity, lint};

/// Examples (by line) the page gets wrong, and why; the test requires that
/// exactly these have errors, with exactly these codes.
const PAGE_IS_WRONG: &[(u32, &str, &str)] = &[(
    569,
    "iam-only-key-in-key-policy",
    "called a key policy statement, it puts kms:KeyOrigin on kms:CreateKey, which the \
     page's own kms:KeyOrigin table allows in IAM policies only (and a key policy cannot \
     authorise CreateKey: the key does not exist yet)",
)];

#[test]
fn page_examples_lint_clean_except_where_the_page_is_wrong() {
    let spec = kms_spec::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../sources")).unwrap();
    let mut unexpected = Vec::new();
    let mut linted = 0;
    for example in &spec.examples {
        for statement in &example.statements {
            let value: serde_json::Value = serde_json::from_str(statement).unwrap();
            let text = serde_json::to_string_pretty(&value).unwrap();
            let report = lint(&text, PolicyKind::Auto).unwrap();
            linted += 1;
            for finding in report
                .findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
            {
                let known = PAGE_IS_WRONG
                    .iter()
                    .any(|(line, code, _)| *line == example.location.line && *code == finding.code);
                if !known {
                    unexpected.push(format!("line {}: {finding}", example.location.line));
                }
            }
        }
    }
    assert!(linted >= 50, "{linted} statements linted");
    for (line, code, why) in PAGE_IS_WRONG {
        assert!(!why.is_empty());
        let example = spec
            .examples
            .iter()
            .find(|e| e.location.line == *line)
            .unwrap();
        let found = example.statements.iter().any(|s| {
            let value: serde_json::Value = serde_json::from_str(s).unwrap();
            let text = serde_json::to_string_pretty(&value).unwrap();
            lint(&text, PolicyKind::Auto)
                .unwrap()
                .findings
                .iter()
                .any(|f| f.code == *code)
        });
        assert!(
            found,
            "the page's mistake at line {line} ({code}) is no longer found"
        );
    }
    assert!(unexpected.is_empty(), "{}", unexpected.join("\n"));
}
