//! `kms-policy write`: least-privilege pairs, the diagnostics of each rule,
//! exit codes, byte-identical output whatever the order of the template,
//! and every written policy lints clean.

use std::collections::BTreeSet;
use std::path::PathBuf;

use kms_json::{Json, Spanned};
use serde_json::Value;

fn templates() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/templates");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yml"))
        .collect();
    files.sort();
    files
}

mod common;

/// Runs a binary of this crate: (exit code, stdout, stderr).
fn run(bin: &str, args: &[&str], stdin: Option<&str>) -> (i32, String, String) {
    common::run_binary(bin, args, stdin)
}

fn write(template: &str) -> (i32, String, String) {
    run(
        env!("CARGO_BIN_EXE_kms-policy"),
        &["write", "--diagnostics", "json", "-"],
        Some(template),
    )
}

fn codes(stderr: &str) -> Vec<String> {
    let diagnostics: Vec<Value> =
        serde_json::from_str(stderr).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

/// (action, resource) pairs of a written policy.
fn pairs(policy: &str) -> BTreeSet<(String, String)> {
    let policy: Value = serde_json::from_str(policy).unwrap();
    let mut out = BTreeSet::new();
    for statement in policy["Statement"].as_array().unwrap() {
        for action in statement["Action"].as_array().unwrap() {
            for resource in statement["Resource"].as_array().unwrap() {
                let pair = (
                    action.as_str().unwrap().to_string(),
                    resource.as_str().unwrap().to_string(),
                );
                assert!(out.insert(pair.clone()), "{pair:?} granted twice");
            }
        }
    }
    out
}

/// The same template as JSON, with every mapping's entries and every
/// list's items in reverse order.
fn reversed(value: &Spanned) -> Value {
    match &value.value {
        Json::Null => Value::Null,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) => Value::String(n.clone()),
        Json::String(s) => Value::String(s.clone()),
        Json::Array(items) => Value::Array(items.iter().rev().map(reversed).collect()),
        Json::Object(entries) => {
            // serde_json's map sorts keys; write the reversed order by hand.
            Value::Array(
                entries
                    .iter()
                    .rev()
                    .map(|(k, _, v)| serde_json::json!([k, reversed(v)]))
                    .collect(),
            )
        }
    }
}

/// JSON text of `reversed`'s pairs-as-arrays, as an object again.
fn to_object_text(value: &Value) -> String {
    match value {
        Value::Array(items)
            if items.iter().all(|i| {
                i.as_array()
                    .is_some_and(|p| p.len() == 2 && p[0].is_string())
            }) && !items.is_empty() =>
        {
            let entries: Vec<String> = items
                .iter()
                .map(|p| format!("{}: {}", p[0], to_object_text(&p[1])))
                .collect();
            format!("{{{}}}", entries.join(", "))
        }
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(to_object_text).collect();
            format!("[{}]", items.join(", "))
        }
        other => other.to_string(),
    }
}

const KEY: &str = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const ALIAS: &str = "arn:aws:kms:us-east-1:111122223333:alias/payments";

#[test]
fn every_template_lints_clean_and_is_the_same_in_any_order() {
    let files = templates();
    assert!(files.len() >= 7);
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let (code, policy, stderr) = write(&text);
        assert_eq!(code, 0, "{}: {stderr}", file.display());
        assert!(policy.ends_with("}\n"));
        assert!(
            policy.contains("\n    \"Version\": \"2012-10-17\",\n"),
            "4-space indent"
        );
        // Lints clean: no finding at all.
        let (lint_code, out, err) = run(
            env!("CARGO_BIN_EXE_kms-lint"),
            &["--kind", "identity", "--format", "json", "-"],
            Some(&policy),
        );
        assert_eq!(
            (lint_code, out.trim()),
            (0, "[]"),
            "{}: {err}",
            file.display()
        );
        // Byte-identical on a second run, and with everything reversed.
        assert_eq!(write(&text).1, policy);
        let document = kms_lint::yaml::parse(&text).unwrap();
        let backwards = to_object_text(&reversed(&document));
        let (code, again, stderr) = write(&backwards);
        assert_eq!(code, 0, "{backwards}: {stderr}");
        assert_eq!(again, policy, "{}: reversed", file.display());
        // No wildcard in an action, no dependent action of another service.
        for (action, _) in pairs(&policy) {
            assert!(
                action.starts_with("kms:") && !action.contains('*'),
                "{action}"
            );
        }
    }
}

#[test]
fn a_level_gets_exactly_its_primary_actions_on_the_resource_type() {
    let template = format!("mode: crud\nwrite:\n- '{KEY}'\npermissions-management:\n- '{KEY}'\n");
    let (code, policy, stderr) = write(&template);
    assert_eq!(code, 0, "{stderr}");
    let pairs = pairs(&policy);
    let on_key = |action: &str| pairs.contains(&(action.to_string(), KEY.to_string()));
    // The Policy Sentry database's levels: Decrypt is Write, CreateGrant
    // Permissions management.
    assert!(on_key("kms:Decrypt") && on_key("kms:ReplicateKey") && on_key("kms:CreateGrant"));
    assert!(
        on_key("kms:PutKeyPolicy"),
        "asked for by permissions-management"
    );
    // Never: other levels, resource-less actions, dependent actions.
    assert!(!on_key("kms:TagResource") && !on_key("kms:DescribeKey"));
    assert!(pairs.iter().all(|(a, r)| r == KEY && a != "kms:CreateKey"));
    assert!(!policy.contains("iam:"));
    assert!(codes(&stderr).contains(&"dependent-not-granted".to_string()));
}

/// A resource row only the older Policy Sentry page gives is not granted
/// on: `ListRetirableGrants` takes no resource in the database (and in
/// AWS's reference), so `list` on a key leaves it out and `service-list`
/// puts it on "*".
#[test]
fn rows_only_the_older_page_gives_are_not_granted_on() {
    let (_, policy, _) = write(&format!(
        "mode: crud\nlist:\n- '{KEY}'\nwildcard-only:\n  service-list:\n  - 'kms'\n"
    ));
    let pairs = pairs(&policy);
    assert!(pairs.contains(&("kms:ListRetirableGrants".to_string(), "*".to_string())));
    assert!(!pairs.contains(&("kms:ListRetirableGrants".to_string(), KEY.to_string())));
    assert!(pairs.contains(&("kms:ListGrants".to_string(), KEY.to_string())));
}

#[test]
fn excluding_an_action_first_keeps_out_what_it_would_have_pulled_in() {
    let template = format!(
        "mode: crud\nwrite:\n- '{KEY}'\nexclude-actions:\n- 'kms:ReplicateKey'\n- 'kms:Generate*'\n"
    );
    let (code, policy, stderr) = write(&template);
    assert_eq!(code, 0);
    assert!(!policy.contains("ReplicateKey") && !policy.contains("kms:Generate"));
    // Nothing is left to depend on.
    assert!(
        !codes(&stderr).contains(&"dependent-not-granted".to_string()),
        "{stderr}"
    );
}

#[test]
fn alias_operations_on_one_side_are_warned_about() {
    let (code, policy, stderr) = write(&format!("mode: crud\nwrite:\n- '{ALIAS}'\n"));
    assert_eq!(code, 0);
    let pairs = pairs(&policy);
    assert!(pairs.contains(&("kms:CreateAlias".to_string(), ALIAS.to_string())));
    assert!(pairs.iter().all(|(_, r)| r == ALIAS), "no ARN is invented");
    let warnings = codes(&stderr);
    assert_eq!(
        warnings
            .iter()
            .filter(|c| *c == "alias-op-incomplete")
            .count(),
        3
    );
    assert!(stderr.contains("the key"), "{stderr}");
    // Both sides: no warning.
    let (_, _, stderr) = write(&format!("mode: crud\nwrite:\n- '{ALIAS}'\n- '{KEY}'\n"));
    assert!(!codes(&stderr).contains(&"alias-op-incomplete".to_string()));
}

#[test]
fn each_warning_code_where_it_applies() {
    let cases = [
        (
            "mode: crud\nread:\n- 'arn:aws:kms:us-east-1:111122223333:alias/aws/ebs'\n".to_string(),
            "managed-alias",
        ),
        (
            format!("mode: crud\nlist:\n- '{ALIAS}'\n"),
            "no-action-for-resource",
        ),
        (
            "mode: crud\nwildcard-only:\n  single-actions:\n  - 'kms:Decrypt'\n".to_string(),
            "not-wildcard-only",
        ),
        (
            "mode: crud\nwildcard-only:\n  single-actions:\n  - 'kms:Decrpyt'\n".to_string(),
            "unknown-action",
        ),
        (
            format!("mode: crud\nread:\n- '{KEY}'\nexclude-actions:\n- 'kms:Nothing*'\n"),
            "exclude-matches-nothing",
        ),
        (
            "mode: crud\nwildcard-only:\n  single-actions:\n  - 'kms:CreateKey'\n".to_string(),
            "dependent-not-granted",
        ),
        ("mode: crud\nread:\n- ''\n".to_string(), "empty-policy"),
    ];
    for (template, expected) in cases {
        let (code, policy, stderr) = write(&template);
        assert_eq!(code, 0, "{template}: {stderr}");
        assert!(
            codes(&stderr).contains(&expected.to_string()),
            "{expected}: {stderr}"
        );
        let (strict, strict_policy, _) = run(
            env!("CARGO_BIN_EXE_kms-policy"),
            &["write", "--strict", "-"],
            Some(&template),
        );
        assert_eq!(
            (strict, strict_policy),
            (1, policy),
            "--strict: exit 1, policy still printed"
        );
    }
    let (_, empty, stderr) = write("mode: crud\n");
    assert_eq!(
        empty,
        "{\n    \"Version\": \"2012-10-17\",\n    \"Statement\": []\n}\n"
    );
    assert_eq!(codes(&stderr), ["empty-policy"]);
}

#[test]
fn template_errors_exit_2_with_nothing_on_stdout() {
    let cases = [
        (
            "mode: crud\nread:\n- 'arn:aws:s3:::bucket'\n".to_string(),
            "not-kms",
        ),
        (
            "mode: crud\nwildcard-only:\n  single-actions:\n  - 's3:GetObject'\n".to_string(),
            "not-kms",
        ),
        (
            "mode: crud\nwildcard-only:\n  service-read:\n  - 's3'\n".to_string(),
            "not-kms",
        ),
        (
            "mode: crud\nsts:\n  assume-role:\n  - 'arn:aws:iam::111122223333:role/x'\n"
                .to_string(),
            "not-kms",
        ),
        (
            "mode: crud\nread:\n- 'arn:aws:kms::111122223333:key/x'\n".to_string(),
            "arn-format",
        ),
        (
            "mode: crud\nread:\n- 'arn:aws:kms:us-east-1:111122223333:key/'\n".to_string(),
            "arn-format",
        ),
        (
            "mode: crud\nwrite:\n- 'arn:aws:kms:us-east-1:111122223333:*'\n".to_string(),
            "resource-type-wildcard",
        ),
        (
            "mode: crud\nwrite:\n- 'arn:aws:kms:us-east-1:111122223333:*/*'\n".to_string(),
            "resource-type-wildcard",
        ),
        (
            "mode: crud\nwildcard-only:\n  single-actions:\n  - 'CreateKey'\n".to_string(),
            "action-format",
        ),
        (
            "mode: crud\nread: 'arn:aws:kms:us-east-1:111122223333:key/x'\n".to_string(),
            "template",
        ),
        ("mode: crud\nreed:\n- ''\n".to_string(), "template"),
        (
            "mode: actions\nactions:\n- 'kms:Decrypt'\n".to_string(),
            "template",
        ),
        ("name: no-mode\n".to_string(), "template"),
        ("mode: crud\neffect: Permit\n".to_string(), "template"),
        (
            "mode: crud\nwildcard-only:\n  single-action:\n  - ''\n".to_string(),
            "template",
        ),
    ];
    for (template, expected) in cases {
        let (code, stdout, stderr) = write(&template);
        assert_eq!((code, stdout.as_str()), (2, ""), "{template}: {stderr}");
        assert!(
            codes(&stderr).contains(&expected.to_string()),
            "{template}: {stderr}"
        );
    }
    // Human form: `error[CODE]: message` and ` --> FILE:LINE:COLUMN`.
    let (code, _, stderr) = run(
        env!("CARGO_BIN_EXE_kms-policy"),
        &["write", "-"],
        Some("mode: crud\nread:\n- 'arn:aws:s3:::bucket'\n"),
    );
    assert_eq!(code, 2);
    assert!(stderr.starts_with("error[not-kms]: "), "{stderr}");
    assert!(stderr.contains(" --> <stdin>:3:3"), "{stderr}");
}

#[test]
fn placeholders_are_skipped_wherever_they_are() {
    let template = format!(
        "mode: crud\nread:\n- ''\n- '{KEY}'\n- ''\nwildcard-only:\n  single-actions:\n  - ''\n  - 'kms:ListKeys'\n  - ''\nexclude-actions:\n- ''\n"
    );
    let (code, policy, stderr) = write(&template);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(codes(&stderr), Vec::<String>::new());
    assert!(pairs(&policy).contains(&("kms:ListKeys".to_string(), "*".to_string())));
}

#[test]
fn create_template_prints_a_template_that_writes_the_empty_policy() {
    let (code, template, _) = run(env!("CARGO_BIN_EXE_kms-policy"), &["create-template"], None);
    assert_eq!(code, 0);
    let (code, policy, stderr) = write(&template);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(codes(&stderr), ["empty-policy"]);
    assert!(policy.contains("\"Statement\": []"));
}

mod robustness {
    //! No template makes the writer panic: every input gives a policy or
    //! located diagnostics inside the text.

    use kms_types::write::{Template, write};
    use proptest::prelude::*;

    fn word() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("mode".to_string()),
            Just("crud".to_string()),
            Just("read".to_string()),
            Just("write".to_string()),
            Just("list".to_string()),
            Just("tagging".to_string()),
            Just("permissions-management".to_string()),
            Just("wildcard-only".to_string()),
            Just("single-actions".to_string()),
            Just("service-list".to_string()),
            Just("skip-resource-constraints".to_string()),
            Just("exclude-actions".to_string()),
            Just("sts".to_string()),
            Just("effect".to_string()),
            Just("Deny".to_string()),
            Just("kms".to_string()),
            Just("kms:CreateKey".to_string()),
            Just("kms:Decrypt".to_string()),
            Just("kms:*".to_string()),
            Just("arn:aws:kms:us-east-1:111122223333:key/1".to_string()),
            Just("arn:aws:kms:*:*:alias/aws/x".to_string()),
            Just("arn:aws:kms:us-east-1:111122223333:*".to_string()),
            Just("arn:aws:s3:::b".to_string()),
            Just(String::new()),
            "\\PC{0,10}",
        ]
    }

    fn document() -> impl Strategy<Value = serde_json::Value> {
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            any::<bool>().prop_map(serde_json::Value::Bool),
            word().prop_map(serde_json::Value::String),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..5).prop_map(serde_json::Value::Array),
                proptest::collection::vec((word(), inner), 0..6)
                    .prop_map(|e| serde_json::Value::Object(e.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        #[test]
        fn arbitrary_templates_never_panic(mut value in document(), crud in any::<bool>()) {
            if crud && let Some(object) = value.as_object_mut() {
                object.insert("mode".to_string(), "crud".into());
            }
            let text = value.to_string();
            let document = kms_json::parse(&text).unwrap();
            let diagnostics = match Template::from_document(&document) {
                Ok(template) => {
                    let written = write(&template);
                    let _ = written.to_json_text();
                    if !written.has_errors() {
                        serde_json::from_str::<serde_json::Value>(&written.to_json_text()).unwrap();
                    }
                    written.diagnostics
                }
                Err(diagnostics) => {
                    prop_assert!(!diagnostics.is_empty());
                    diagnostics
                }
            };
            for d in diagnostics {
                prop_assert!(d.span.0 <= d.span.1 && d.span.1 <= text.len());
            }
        }
    }
}
