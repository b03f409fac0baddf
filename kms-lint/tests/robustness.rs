//! The whole linter, both outputs, on any text: no panic, and every
//! rendered finding points inside the text. Policy-shaped text mixes JSON
//! escapes, multi-byte characters, IAM names and long lines, which is where
//! spans computed from unescaped lengths used to panic.

use kms_lint::{Lines, render, to_json};
use kms_types::lint::{PolicyKind, lint};
use proptest::prelude::*;

fn both_outputs(text: &str) {
    let Ok(report) = lint(text, PolicyKind::Auto) else {
        return;
    };
    let lines = Lines::new(text);
    for finding in &report.findings {
        assert!(finding.span.0 <= finding.span.1 && finding.span.1 <= text.len());
        let human = render("fuzz.json", &lines, finding);
        assert!(human.contains(finding.code.as_str()), "{human}");
        let json = to_json("fuzz.json", finding);
        assert_eq!(json["line"], finding.line);
    }
}

/// Pieces of policies, escapes and awkward characters.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("{".to_string()),
        Just("}".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just(",".to_string()),
        Just(":".to_string()),
        Just("\n".to_string()),
        Just("\"Version\": \"2012-10-17\"".to_string()),
        Just("\"Statement\"".to_string()),
        Just("\"Effect\": \"Allow\"".to_string()),
        Just("\"Effect\": \"Deny\"".to_string()),
        Just("\"Action\"".to_string()),
        Just("\"NotAction\"".to_string()),
        Just("\"Resource\"".to_string()),
        Just("\"Condition\"".to_string()),
        Just("\"kms:Decrypt\"".to_string()),
        Just("\"kms:Decrpyt\"".to_string()),
        Just("\"kms:*\"".to_string()),
        Just("\"kms:X\\t\\t\u{20ac}\"".to_string()),
        Just("\"kms:ViaService\"".to_string()),
        Just("\"kms:Via\\u0053ervice\"".to_string()),
        Just("\"kms:EncryptionContext:\u{e9}\u{1f600}\"".to_string()),
        Just("\"StringEquals\"".to_string()),
        Just("\"ForAllValues:StringLike\"".to_string()),
        Just("\"Null\"".to_string()),
        Just("\"arn:aws:kms:*:${aws:PrincipalAccount}:key/*\"".to_string()),
        Just("\"arn:aws:kms:*::*\"".to_string()),
        Just("\"*\"".to_string()),
        Just("true".to_string()),
        Just("12".to_string()),
        "\"[\\PC]{0,8}\"",
        "\\PC{0,4}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn any_text_renders_in_both_forms(pieces in proptest::collection::vec(piece(), 0..60)) {
        both_outputs(&pieces.concat());
    }

    #[test]
    fn arbitrary_bytes_as_text(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        both_outputs(&String::from_utf8_lossy(&bytes));
    }

    /// Well-formed policies whose keys carry escapes and multi-byte characters.
    #[test]
    fn escaped_keys_in_valid_policies(
        key in "kms:[A-Za-z]{1,8}(\\\\t|\\\\n|\\\\u00e9|\u{20ac}|\u{1f600}){0,4}",
        operator in prop_oneof![Just("StringEquals"), Just("ForAnyValue:StringLike"), Just("Bool")],
        long in 0usize..400,
    ) {
        let padding = " ".repeat(long);
        let text = format!(
            "{{\"Version\": \"2012-10-17\",{padding}\"Statement\": {{\"Effect\": \"Allow\", \"Action\": \"kms:Decrypt\", \"Resource\": \"*\", \"Condition\": {{\"{operator}\": {{\"{key}\": \"v\"}}}}}}}}"
        );
        both_outputs(&text);
    }
}
