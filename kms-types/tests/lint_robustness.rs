//! Arbitrary bytes and arbitrary JSON never make the linter panic: every
//! input gives findings or a parse error with a location inside the text.

use kms_types::lint::{Options, PolicyKind, lint, lint_document, lint_text};
use proptest::prelude::*;
use serde_json::{Value, json};

fn check(text: &str) {
    match lint(text, PolicyKind::Auto) {
        Ok(report) => {
            for finding in &report.findings {
                assert!(finding.line >= 1 && finding.column >= 1);
                assert!(finding.span.0 <= finding.span.1 && finding.span.1 <= text.len());
            }
        }
        Err(error) => {
            assert!(error.line >= 1 && error.column >= 1 && error.offset <= text.len());
        }
    }
}

/// JSON shaped like policies: IAM element names, kms names and operators
/// mixed with arbitrary values.
fn policy_json() -> impl Strategy<Value = Value> {
    let word = prop_oneof![
        Just("Effect".to_string()),
        Just("Allow".to_string()),
        Just("Deny".to_string()),
        Just("Action".to_string()),
        Just("NotAction".to_string()),
        Just("Resource".to_string()),
        Just("Condition".to_string()),
        Just("Principal".to_string()),
        Just("Statement".to_string()),
        Just("kms:Decrypt".to_string()),
        Just("kms:Generate*".to_string()),
        Just("kms:*".to_string()),
        Just("kms:ViaService".to_string()),
        Just("kms:EncryptionContextKeys".to_string()),
        Just("kms:EncryptionContext:".to_string()),
        Just("ForAllValues:StringEquals".to_string()),
        Just("Bool".to_string()),
        Just("Null".to_string()),
        Just("NumericLessThan".to_string()),
        Just("arn:aws:kms:us-east-1:1:alias/x".to_string()),
        Just("*".to_string()),
        "\\PC{0,12}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        word.clone().prop_map(Value::String),
    ];
    leaf.prop_recursive(5, 64, 6, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            proptest::collection::vec((word.clone(), inner), 0..6)
                .prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        check(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn arbitrary_policy_shaped_json(value in policy_json()) {
        check(&serde_json::to_string_pretty(&value).unwrap());
        check(&serde_json::to_string(&json!({"Version": "2012-10-17", "Statement": [value]})).unwrap());
    }

    /// A policy streamed statement by statement gets exactly the report of
    /// the same text read whole, for every kind (Auto decides at the end).
    #[test]
    fn streaming_agrees_with_reading_whole(
        statements in proptest::collection::vec(policy_json(), 0..4),
        version in prop_oneof![Just(json!("2012-10-17")), Just(json!("2008-10-17")), Just(json!(7))],
        extra in any::<bool>(),
        compact in any::<bool>(),
    ) {
        let mut policy = json!({"Version": version, "Statement": statements});
        if extra {
            policy["Id"] = json!("key-default-1");
            policy["Extra"] = json!({"Statement": []});
        }
        let text = if compact { policy.to_string() } else { serde_json::to_string_pretty(&policy).unwrap() };
        let document = kms_types::lint::json::parse(&text).unwrap();
        for kind in [PolicyKind::Auto, PolicyKind::Key, PolicyKind::Identity] {
            let options = Options { kind, intrinsics: false };
            let streamed = lint_text(&text, options).unwrap();
            let whole = lint_document(&text, &document, options);
            prop_assert_eq!(streamed, whole);
        }
    }

    #[test]
    fn truncated_real_policies(cut in 0usize..2000) {
        let text = kms_types::policy::IdentityPolicy::new().to_json().to_string()
            + &serde_json::to_string_pretty(&json!({"Statement": [{"Effect": "Allow", "Action": ["kms:Decrypt", "kms:ReEncrypt*"], "Resource": "*", "Condition": {"ForAnyValue:StringEquals": {"kms:EncryptionContextKeys": ["a", "é"]}}}]})).unwrap();
        let mut cut = cut.min(text.len());
        while !text.is_char_boundary(cut) { cut -= 1; }
        check(&text[..cut]);
    }
}

/// The kind of a streamed policy is decided by all of its statements: a
/// Principal in a later statement makes an earlier IAM-only key an error
/// (`kms:KeyOrigin` on `CreateKey` is valid in IAM policies only, per the
/// condition-key page).
#[test]
fn a_later_principal_makes_an_earlier_iam_only_key_an_error() {
    let first = json!({"Effect": "Allow", "Action": "kms:CreateKey", "Resource": "*",
        "Condition": {"StringEquals": {"kms:KeyOrigin": "AWS_KMS"}}});
    let second = json!({"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
        "Action": "kms:*", "Resource": "*"});
    for (statements, kind) in [
        (json!([first, second]), PolicyKind::Key),
        (json!([first]), PolicyKind::Identity),
    ] {
        let text = serde_json::to_string_pretty(
            &json!({"Version": "2012-10-17", "Statement": statements}),
        )
        .unwrap();
        let streamed = lint(&text, PolicyKind::Auto).unwrap();
        assert_eq!(streamed.kind, kind);
        let iam_only = streamed
            .findings
            .iter()
            .any(|f| f.code == "iam-only-key-in-key-policy");
        assert_eq!(iam_only, kind == PolicyKind::Key, "{:?}", streamed.findings);
        let document = kms_types::lint::json::parse(&text).unwrap();
        let options = Options {
            kind: PolicyKind::Auto,
            intrinsics: false,
        };
        assert_eq!(streamed, lint_document(&text, &document, options));
    }
}

/// A statement nested just deeper than the reader allows is refused the
/// same way whether the policy is streamed or read whole.
#[test]
fn nesting_limits_are_the_same_streamed_and_whole() {
    for depth in 120..130 {
        let value = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
        let text = format!(
            r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*", "Sid": {value}}}]}}"#
        );
        let streamed = lint(&text, PolicyKind::Auto);
        let whole = kms_types::lint::json::parse(&text);
        assert_eq!(streamed.is_ok(), whole.is_ok(), "depth {depth}");
    }
}
