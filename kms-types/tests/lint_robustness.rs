//! Arbitrary bytes and arbitrary JSON never make the linter panic: every
//! input gives findings or a parse error with a location inside the text.

use kms_types::lint::{PolicyKind, lint};
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

    #[test]
    fn truncated_real_policies(cut in 0usize..2000) {
        let text = kms_types::policy::IdentityPolicy::new().to_json().to_string()
            + &serde_json::to_string_pretty(&json!({"Statement": [{"Effect": "Allow", "Action": ["kms:Decrypt", "kms:ReEncrypt*"], "Resource": "*", "Condition": {"ForAnyValue:StringEquals": {"kms:EncryptionContextKeys": ["a", "é"]}}}]})).unwrap();
        let mut cut = cut.min(text.len());
        while !text.is_char_boundary(cut) { cut -= 1; }
        check(&text[..cut]);
    }
}
