//! The `kms-lint` command: output forms and exit codes.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// A policy from `kms-lint/tests/policies/` or, for the shared corpus,
/// `bench/policies/`.
fn policy(name: &str) -> String {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let local = root.join("tests/policies").join(name);
    let shared = root.join("../bench/policies").join(name);
    if local.is_file() { local } else { shared }
        .display()
        .to_string()
}

fn run(args: &[&str], stdin: Option<&str>) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kms-lint"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    }
    drop(child.stdin.take());
    let output = child.wait_with_output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn errors_exit_1_and_show_the_policy_line() {
    let (code, out, _) = run(&[&policy("01-five-mistakes.json")], None);
    assert_eq!(code, 1);
    assert_eq!(out.matches("error: [").count(), 5, "{out}");
    assert!(out.contains("01-five-mistakes.json:5:31"), "{out}");
    assert!(
        out.contains(r#"5 |     "Action": ["kms:Decrypt", "kms:Encrpyt"],"#),
        "{out}"
    );
    assert!(out.contains("did you mean `Encrypt`?"), "{out}");
}

#[test]
fn clean_and_warning_only_policies_exit_0() {
    let (code, out, _) = run(&[&policy("02-ebs-key-policy-clean.json")], None);
    assert_eq!((code, out.as_str()), (0, ""));
    let (code, out, _) = run(&[&policy("warnings-only.json")], None);
    assert_eq!(code, 0);
    assert!(out.contains("warning: [deprecated-key]"), "{out}");
}

#[test]
fn json_format_is_an_array_of_findings() {
    let (code, out, _) = run(
        &[
            "--format",
            "json",
            &policy("01-five-mistakes.json"),
            &policy("02-ebs-key-policy-clean.json"),
        ],
        None,
    );
    assert_eq!(code, 1);
    let findings: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    assert_eq!(findings.len(), 5);
    assert_eq!(findings[0]["code"], "unknown-action");
    assert_eq!(findings[0]["line"], 5);
    assert_eq!(findings[0]["path"], "/Statement/0/Action/1");
    assert_eq!(findings[0]["severity"], "error");
}

#[test]
fn stdin_and_unreadable_inputs() {
    let text = std::fs::read_to_string(policy("02-ebs-key-policy-clean.json")).unwrap();
    let (code, _, _) = run(&["-"], Some(&text));
    assert_eq!(code, 0);
    let (code, _, err) = run(&[&policy("not-json.json")], None);
    assert_eq!(code, 2);
    assert!(err.contains("not-json.json:4:3"), "{err}");
    assert!(err.contains(r#"4 |   "Resource": "*""#), "{err}");
    let (code, _, err) = run(&["/nonexistent/policy.json"], None);
    assert_eq!(code, 2);
    assert!(
        err.contains("cannot read /nonexistent/policy.json"),
        "{err}"
    );
}

/// A key written with JSON escapes before a multi-byte character: spans are
/// byte ranges of the text as written, so neither output panics (exit 101
/// before).
#[test]
fn escaped_key_before_a_multi_byte_character() {
    let text = "{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"kms:Decrypt\", \"Resource\": \"*\", \"Condition\": {\"StringEquals\": {\"kms:X\\t\\t\u{20ac}\": \"a\"}}}}";
    for format in ["human", "json"] {
        let (code, out, err) = run(&["--format", format, "-"], Some(text));
        assert_eq!(code, 1, "{format}: {out}{err}");
        assert!(out.contains("unknown-condition-key"), "{format}: {out}");
        assert!(!err.contains("panicked"), "{format}: {err}");
    }
    let (_, out, _) = run(&["-"], Some(text));
    // The caret covers the key as written: 12 characters with its quotes.
    assert!(out.contains(&format!(" {}\n", "^".repeat(12))), "{out}");
}
