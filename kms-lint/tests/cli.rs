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

fn input(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/inputs")
        .join(name)
        .display()
        .to_string()
}

/// A CloudFormation YAML template of our own: the key policy's
/// `ForAllValues:StringEquals` on `kms:CallerAccount` is reported at the
/// template's line and column, with the resource's path; intrinsics
/// (`!Sub`, `!GetAtt`, `!Ref`, a `!If` statement) raise nothing.
#[test]
fn cloudformation_yaml_template() {
    let (code, out, err) = run(&[&input("template.yaml")], None);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("template.yaml:32:17"),
        "the key in the template: {out}"
    );
    assert!(out.contains(
        "at Resources/AppKey/Properties/KeyPolicy/Statement/1/Condition/ForAllValues:StringEquals/kms:CallerAccount"
    ));
    assert!(out.contains("[set-operator-on-single-valued]"));
    // The inline policy of a role, and a managed policy, are read too.
    assert!(out.contains(
        "at Resources/AppRole/Properties/Policies/0/PolicyDocument/Statement/0/Action/1"
    ));
    assert!(out.contains("at Resources/ManagedPolicy/Properties/PolicyDocument/"));
    // Nothing about what intrinsics compute: `Resource: !GetAtt AppKey.Arn`
    // is not judged a resource of the wrong kind, the `!If` statement is
    // not read, `!Ref AWS::AccountId` is not a bad value.
    let findings = out.matches("\nerror: ").count()
        + out.matches("\nwarning: ").count()
        + usize::from(out.starts_with("error: ") || out.starts_with("warning: "));
    assert_eq!(findings, 3, "{out}");
    assert!(!out.contains("resource-kind-mismatch"), "{out}");
    assert!(!out.contains("ScheduleKeyDeletion"), "{out}");
    // --kind cloudformation reads it the same way.
    let (code2, out2, _) = run(&["--kind", "cloudformation", &input("template.yaml")], None);
    assert_eq!((code2, out2), (code, out));
}

#[test]
fn cloudformation_json_template() {
    let (code, out, _) = run(&["--format", "json", &input("template.json")], None);
    assert_eq!(code, 1);
    let findings: serde_json::Value = serde_json::from_str(&out).unwrap();
    let findings = findings.as_array().unwrap();
    let set = findings
        .iter()
        .find(|f| f["code"] == "set-operator-on-single-valued")
        .unwrap_or_else(|| panic!("{out}"));
    assert_eq!(set["line"], 31);
    assert_eq!(set["policy"], "Resources/Key/Properties/KeyPolicy");
    // The replica key's policy is an `Fn::If`: not read.
    assert!(!out.contains("Replica"), "{out}");
}

/// A Terraform plan: the `policy` strings of KMS and IAM resources (in
/// child modules too), findings naming the resource address; an unknown
/// (null) policy and other resource types are left alone.
#[test]
fn terraform_plan() {
    let (code, out, err) = run(&[&input("plan.json")], None);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.contains("plan.json (aws_kms_key.app.policy):23:11"),
        "{out}"
    );
    assert!(out.contains("[set-operator-on-single-valued]"));
    assert!(
        out.contains("(module.iam.aws_iam_role_policy.use.policy)"),
        "{out}"
    );
    assert!(out.contains("unknown KMS action `kms:Decrpyt`"));
    assert!(!out.contains("aws_s3_bucket"), "{out}");
    assert!(!out.contains("aws_kms_key.later"), "{out}");
}

/// SARIF 2.1.0: the properties the specification requires, one rule per
/// finding code, results with file, line and column.
#[test]
fn sarif_output() {
    let (code, out, _) = run(
        &[
            "--format",
            "sarif",
            &input("template.yaml"),
            &input("plan.json"),
        ],
        None,
    );
    assert_eq!(code, 1);
    let log: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "kms-lint");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), kms_types::lint::CODES.len());
    for rule in rules {
        assert!(rule["id"].is_string() && rule["shortDescription"]["text"].is_string());
    }
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 5, "{out}");
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert!(matches!(
            result["level"].as_str(),
            Some("error" | "warning")
        ));
        assert!(result["message"]["text"].is_string());
        let location = &result["locations"][0];
        assert!(location["physicalLocation"]["artifactLocation"]["uri"].is_string());
    }
    let in_template = results
        .iter()
        .find(|r| r["ruleId"] == "set-operator-on-single-valued")
        .unwrap();
    let region = &in_template["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(32), Some(17))
    );
}

/// Validates the SARIF output against the official schema with Python's
/// `jsonschema`, when both are available: the schema is not on a package
/// registry, so this needs SARIF_SCHEMA_2_1_0 to name a copy of
/// `sarif-schema-2.1.0.json`.
#[test]
#[ignore = "needs SARIF_SCHEMA_2_1_0 (path to sarif-schema-2.1.0.json) and python3 with jsonschema"]
fn sarif_output_validates_against_the_schema() {
    let schema = std::env::var("SARIF_SCHEMA_2_1_0").expect("SARIF_SCHEMA_2_1_0");
    let (_, out, _) = run(&["--format", "sarif", &input("template.yaml")], None);
    let dir = std::env::temp_dir().join(format!("kms-lint-sarif-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let log = dir.join("log.sarif");
    std::fs::write(&log, out).unwrap();
    let status = Command::new("python3")
        .args([
            "-c",
            "import json, sys, jsonschema; jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))",
        ])
        .arg(&log)
        .arg(&schema)
        .status()
        .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(status.success());
}
