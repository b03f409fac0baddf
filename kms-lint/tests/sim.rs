//! `kms-sim` on scenarios written from AWS's documentation
//! (`tests/scenarios/`, each naming its page and section), and the access
//! findings `kms-lint` makes on key policies.

use std::path::PathBuf;

mod common;

fn scenario(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/scenarios")
        .join(name)
        .display()
        .to_string()
}

fn sim(args: &[&str], stdin: Option<&str>) -> (i32, String, String) {
    common::run_binary(env!("CARGO_BIN_EXE_kms-sim"), args, stdin)
}

fn lint(args: &[&str], stdin: Option<&str>) -> (i32, String, String) {
    common::run_binary(env!("CARGO_BIN_EXE_kms-lint"), args, stdin)
}

#[test]
fn every_documented_scenario_gets_the_documented_decision() {
    documented_decisions("kms-developer-guide.json", 35);
    // The IAM User Guide's evaluation logic (same account, other account,
    // boundaries, session policies) on KMS requests.
    documented_decisions("evaluation-logic.json", 20);
}

fn documented_decisions(name: &str, at_least: usize) {
    let file = scenario(name);
    let (code, out, err) = sim(&[&file, "--format", "json"], None);
    assert_eq!(code, 1, "some scenarios are denials: {err}");
    let decided: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    let written: Vec<serde_json::Value> =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(decided.len(), written.len());
    assert!(written.len() >= at_least);
    let mut outcomes = std::collections::BTreeSet::new();
    for (d, w) in decided.iter().zip(&written) {
        assert_eq!(d["name"], w["name"]);
        assert_eq!(d["decision"], w["expected"], "{}", w["name"]);
        outcomes.insert(d["decision"].as_str().unwrap().to_string());
        // Exactly the shape of DESIGN.md.
        let keys: Vec<&String> = d.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["decision", "name", "reasons"]);
        for r in d["reasons"].as_array().unwrap() {
            let keys: Vec<&String> = r.as_object().unwrap().keys().collect();
            assert_eq!(keys, ["effect", "policy", "sid", "statement"]);
        }
        if d["decision"] == "ImplicitDeny" {
            assert!(d["reasons"].as_array().unwrap().is_empty());
        } else {
            assert!(!d["reasons"].as_array().unwrap().is_empty());
        }
    }
    assert_eq!(outcomes.len(), 3, "all three decisions are covered");
}

#[test]
fn the_deciding_statements_are_named_with_file_and_line() {
    let file = scenario("kms-developer-guide.json");
    let (_, out, _) = sim(&[&file, "--format", "json"], None);
    let decided: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    // The first scenario: the account statement of the default key policy
    // (a file beside the scenario) and the role's IAM policy.
    assert_eq!(decided[0]["reasons"][0]["policy"], "key_policy");
    assert_eq!(decided[0]["reasons"][0]["sid"], "Enable IAM policies");
    assert_eq!(decided[0]["reasons"][1]["policy"], "identity_policies/0");
    let (_, human, _) = sim(&[&file], None);
    assert!(
        human.contains("default-key-policy.json:5:5"),
        "the key policy statement's location: {human}"
    );
    assert!(human.contains("Allow — the key policy delegates to the account"));
}

#[test]
fn exit_codes() {
    let allowed = r#"{"request": {"action": "kms:ListKeys", "principal": "arn:aws:iam::111122223333:user/a"},
        "identity_policies": [{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "kms:List*", "Resource": "*"}}]}"#;
    let (code, out, _) = sim(&["-"], Some(allowed));
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("<stdin>:1:1: scenario 0: Allow"), "{out}");
    let denied = allowed.replace("kms:List*", "kms:Get*");
    let (code, out, _) = sim(&["-", "--format", "json"], Some(&denied));
    assert_eq!(code, 1);
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        value["decision"], "ImplicitDeny",
        "one scenario: one object"
    );
}

#[test]
fn bad_input_is_located_and_exits_2() {
    let key = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    let good = format!(
        r#"{{"request": {{"action": "kms:Decrypt", "resource": "{key}", "principal": "arn:aws:iam::111122223333:user/a"}},
"key_policy": {{"Statement": []}}}}"#
    );
    for (edit, line, message) in [
        (
            good.replace("kms:Decrypt", "kms:Decrpyt"),
            1,
            "did you mean `Decrypt`?",
        ),
        (
            good.replace(":key/", ":kye/"),
            1,
            "is not a KMS resource ARN",
        ),
        (
            good.replace("111122223333:key", "1111:key"),
            1,
            "the account must be 12 digits",
        ),
        (good.replace("user/a", "user/*"), 1, "is not a principal"),
        (
            good.replace(r#"{"Statement": []}"#, r#"{"Effect": "Allow"}"#),
            2,
            "not a policy: the object has no `Statement`",
        ),
        (
            good.replace(
                "\n\"key_policy\": {\"Statement\": []}",
                "\n\"identity_policies\": []",
            ),
            1,
            "give `key_policy`",
        ),
        (
            good.replace(r#"{"Statement": []}"#, r#""no-such-file.json""#),
            2,
            "cannot read policy file",
        ),
        (good.replace("}}", "}"), 2, "expected"),
    ] {
        let (code, out, err) = sim(&["-"], Some(&edit));
        assert_eq!(code, 2, "{edit}\n{out}{err}");
        assert!(out.is_empty(), "{out}");
        assert!(
            err.contains(&format!("<stdin>:{line}:")) && err.contains(message),
            "{edit}\n{err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn summary_of_the_default_key_policy() {
    let (code, out, _) = sim(
        &[
            "--summary",
            &scenario("default-key-policy.json"),
            "--format",
            "json",
        ],
        None,
    );
    assert_eq!(code, 0);
    let summary: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(summary["account"], "111122223333");
    let codes: Vec<&str> = summary["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    // The external account 444455556666 is a key user, in two statements.
    assert_eq!(codes, ["cross-account-access", "cross-account-access"]);
    let who: Vec<&str> = summary["access"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["who"].as_str().unwrap())
        .collect();
    assert!(who.contains(&"arn:aws:iam::111122223333:role/KMSAdminRole"));
    assert!(who.contains(&"account 444455556666 (through its IAM policies)"));
}

#[test]
fn kms_lint_reports_public_access_and_no_false_alarm_on_the_default_policy() {
    let (code, out, _) = lint(&[&scenario("default-key-policy.json")], None);
    assert_eq!(code, 0, "{out}");
    assert!(
        !out.contains("public-access") && !out.contains("lockout-risk"),
        "{out}"
    );
    assert!(out.contains("note: [cross-account-access]"), "{out}");
    let open = r#"{"Version": "2012-10-17", "Statement": [
  {"Sid": "Admins", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"},
  {"Sid": "Open", "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": ["kms:Decrypt", "kms:GenerateDataKey*"], "Resource": "*"}
]}"#;
    let (code, out, _) = lint(&["-", "--format", "json"], Some(open));
    assert_eq!(code, 1, "{out}");
    let findings: Vec<serde_json::Value> = serde_json::from_str(&out).unwrap();
    let public: Vec<&serde_json::Value> = findings
        .iter()
        .filter(|f| f["code"] == "public-access")
        .collect();
    assert_eq!(public.len(), 1, "{out}");
    assert_eq!(public[0]["path"], "/Statement/1");
    assert_eq!(public[0]["line"], 3);
    let message = public[0]["message"].as_str().unwrap();
    assert!(
        message.contains("kms:Decrypt") && message.contains("kms:GenerateDataKeyWithoutPlaintext")
    );
    // Restricted to the account by kms:CallerAccount: not public.
    let restricted = open.replace(
        r#""Resource": "*"}
]"#,
        r#""Resource": "*", "Condition": {"StringEquals": {"kms:CallerAccount": "111122223333"}}}
]"#,
    );
    let (code, out, _) = lint(&["-"], Some(&restricted));
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("public-access"), "{out}");
    // No one may PutKeyPolicy: the lockout check.
    let locked = open.replace("\"kms:*\"", "\"kms:Describe*\"");
    let (_, out, _) = lint(&["-"], Some(&locked));
    assert!(out.contains("warning: [lockout-risk]"), "{out}");
    // CreateGrant to anyone of another account, unconfined.
    let grants = r#"{"Version": "2012-10-17", "Statement": [
  {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*", "Resource": "*"},
  {"Effect": "Allow", "Principal": {"AWS": "444455556666"}, "Action": "kms:CreateGrant", "Resource": "*"}
]}"#;
    let (_, out, _) = lint(&["-"], Some(grants));
    assert!(out.contains("warning: [grant-delegation]"), "{out}");
    assert!(out.contains("note: [cross-account-access]"), "{out}");
}
