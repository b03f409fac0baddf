//! Every finding kind: a policy that triggers it, and a near-identical one
//! that does not.

use kms_types::lint::{CODES, Finding, PolicyKind, Severity, lint};

fn findings(text: &str) -> Vec<Finding> {
    lint(text, PolicyKind::Auto).unwrap().findings
}

fn codes(text: &str) -> Vec<&'static str> {
    findings(text).iter().map(|f| f.code.as_str()).collect()
}

/// One statement with the given body fields.
fn statement(body: &str) -> String {
    format!("{{\"Version\": \"2012-10-17\", \"Statement\": [{{\"Effect\": \"Allow\", {body}}}]}}")
}

/// Asserts `bad` has `code` (at `severity`) and `good` has no finding at all.
fn pair(code: &str, severity: Severity, bad: &str, good: &str) {
    let found = findings(bad);
    assert!(
        found
            .iter()
            .any(|f| f.code == code && f.severity == severity),
        "{code} not found in {bad}: {found:?}"
    );
    assert_eq!(codes(good), Vec::<&str>::new(), "{good}");
}

#[test]
fn unknown_action() {
    pair(
        "unknown-action",
        Severity::Error,
        &statement(r#""Action": "kms:Decrpyt", "Resource": "*""#),
        &statement(r#""Action": "kms:Decrypt", "Resource": "*""#),
    );
    assert!(
        findings(&statement(r#""Action": "kms:Decrpyt", "Resource": "*""#))[0]
            .message
            .contains("did you mean `Decrypt`")
    );
    // Other services are left alone.
    assert!(codes(&statement(r#""Action": "s3:Decrpyt", "Resource": "*""#)).is_empty());
}

#[test]
fn pattern_matching_nothing() {
    pair(
        "pattern-matches-nothing",
        Severity::Error,
        &statement(r#""Action": "kms:Generat*Keys", "Resource": "*""#),
        &statement(r#""Action": "kms:Generat*Key", "Resource": "*""#),
    );
}

#[test]
fn unknown_condition_key() {
    pair(
        "unknown-condition-key",
        Severity::Error,
        &statement(
            r#""Action": "kms:Decrypt", "Resource": "*", "Condition": {"StringEquals": {"kms:ViaServices": "x"}}"#,
        ),
        &statement(
            r#""Action": "kms:Decrypt", "Resource": "*", "Condition": {"StringEquals": {"kms:ViaService": "x"}}"#,
        ),
    );
    // Global keys are left alone.
    assert!(codes(&statement(r#""Action": "kms:Decrypt", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-1"}}"#)).is_empty());
}

#[test]
fn unknown_operator() {
    pair(
        "unknown-operator",
        Severity::Error,
        &statement(
            r#""Action": "kms:Decrypt", "Resource": "*", "Condition": {"StringEqual": {"kms:ViaService": "x"}}"#,
        ),
        &statement(
            r#""Action": "kms:Decrypt", "Resource": "*", "Condition": {"StringEquals": {"kms:ViaService": "x"}}"#,
        ),
    );
}

#[test]
fn key_not_for_action_says_what_the_condition_then_does() {
    let allow = statement(
        r#""Action": ["kms:Decrypt", "kms:ListKeys"], "Resource": "*", "Condition": {"StringEquals": {"kms:ViaService": "x"}}"#,
    );
    pair(
        "key-not-for-action",
        Severity::Error,
        &allow,
        &statement(
            r#""Action": ["kms:Decrypt", "kms:ListGrants"], "Resource": "*", "Condition": {"StringEquals": {"kms:ViaService": "x"}}"#,
        ),
    );
    let found = findings(&allow);
    assert!(
        found[0].message.contains("kms:ListKeys"),
        "{}",
        found[0].message
    );
    assert!(found[0].message.contains("this Allow never matches it"));
    let deny = allow.replace("\"Allow\"", "\"Deny\"");
    assert!(
        findings(&deny)[0]
            .message
            .contains("this Deny never denies it")
    );
    // Only a wildcard brought GenerateRandom in: a warning.
    let wildcard = findings(&statement(
        r#""Action": "kms:Generate*", "Resource": "*", "Condition": {"StringEquals": {"kms:ViaService": "x"}}"#,
    ));
    assert_eq!(wildcard[0].severity, Severity::Warning);
    assert!(wildcard[0].message.contains("kms:GenerateRandom"));
}

#[test]
fn operator_that_does_not_fit_the_key_type() {
    pair(
        "operator-type-mismatch",
        Severity::Error,
        &statement(
            r#""Action": "kms:CreateGrant", "Resource": "*", "Condition": {"NumericEquals": {"kms:GrantIsForAWSResource": "1"}}"#,
        ),
        &statement(
            r#""Action": "kms:CreateGrant", "Resource": "*", "Condition": {"Bool": {"kms:GrantIsForAWSResource": "true"}}"#,
        ),
    );
    pair(
        "operator-type-mismatch",
        Severity::Error,
        &statement(
            r#""Action": "kms:CreateKey", "Resource": "*", "Condition": {"NumericLessThan": {"kms:KeySpec": "4096"}}"#,
        ),
        &statement(
            r#""Action": "kms:CreateKey", "Resource": "*", "Condition": {"StringLike": {"kms:KeySpec": "RSA_*"}}"#,
        ),
    );
    // AWS's own ValidTo example: Numeric on a Timestamp key fits.
    assert!(codes(&statement(r#""Action": "kms:ImportKeyMaterial", "Resource": "*", "Condition": {"NumericLessThanEquals": {"kms:ValidTo": "1546257599.0"}}"#)).is_empty());
}

#[test]
fn weaker_operator() {
    pair(
        "weak-operator",
        Severity::Warning,
        &statement(
            r#""Action": "kms:CreateGrant", "Resource": "*", "Condition": {"StringEquals": {"kms:GrantIsForAWSResource": "true"}}"#,
        ),
        &statement(
            r#""Action": "kms:CreateGrant", "Resource": "*", "Condition": {"Bool": {"kms:GrantIsForAWSResource": "true"}}"#,
        ),
    );
    pair(
        "weak-operator",
        Severity::Warning,
        &statement(
            r#""Action": "kms:EnableKeyRotation", "Resource": "*", "Condition": {"StringEquals": {"kms:RotationPeriodInDays": "180"}}"#,
        ),
        &statement(
            r#""Action": "kms:EnableKeyRotation", "Resource": "*", "Condition": {"NumericEquals": {"kms:RotationPeriodInDays": "180"}}"#,
        ),
    );
}

#[test]
fn set_operator_on_single_valued_key() {
    pair(
        "set-operator-on-single-valued",
        Severity::Error,
        &statement(
            r#""Action": "kms:Decrypt", "Resource": "*", "Condition": {"ForAllValues:StringEquals": {"kms:EncryptionContext:Department": "IT"}}"#,
        ),
        &statement(
            r#""Action": "kms:Decrypt", "Resource": "*", "Condition": {"StringEquals": {"kms:EncryptionContext:Department": "IT"}}"#,
        ),
    );
}

#[test]
fn multi_valued_key_without_set_operator() {
    pair(
        "missing-set-operator",
        Severity::Error,
        &statement(
            r#""Action": "kms:Decrypt", "Resource": "*", "Condition": {"StringEquals": {"kms:EncryptionContextKeys": "AppName"}}"#,
        ),
        &statement(
            r#""Action": "kms:Decrypt", "Resource": "*", "Condition": {"ForAnyValue:StringEquals": {"kms:EncryptionContextKeys": "AppName"}}"#,
        ),
    );
    // Null needs no qualifier.
    assert!(codes(&statement(r#""Action": "kms:Decrypt", "Resource": "*", "Condition": {"Null": {"kms:EncryptionContextKeys": false}}"#)).is_empty());
}

#[test]
fn deprecated_key_names_its_replacement() {
    pair(
        "deprecated-key",
        Severity::Warning,
        &statement(
            r#""Action": "kms:CreateKey", "Resource": "*", "Condition": {"StringEquals": {"kms:CustomerMasterKeySpec": "RSA_4096"}}"#,
        ),
        &statement(
            r#""Action": "kms:CreateKey", "Resource": "*", "Condition": {"StringEquals": {"kms:KeySpec": "RSA_4096"}}"#,
        ),
    );
    let found = findings(&statement(
        r#""Action": "kms:CreateKey", "Resource": "*", "Condition": {"StringEquals": {"kms:CustomerMasterKeySpec": "RSA_4096"}}"#,
    ));
    assert!(found[0].message.contains("use `kms:KeySpec`"));
}

#[test]
fn value_that_cannot_be_the_key_type() {
    pair(
        "invalid-value",
        Severity::Error,
        &statement(
            r#""Action": "kms:EnableKeyRotation", "Resource": "*", "Condition": {"NumericLessThan": {"kms:RotationPeriodInDays": "abc"}}"#,
        ),
        &statement(
            r#""Action": "kms:EnableKeyRotation", "Resource": "*", "Condition": {"NumericLessThan": {"kms:RotationPeriodInDays": "365"}}"#,
        ),
    );
    pair(
        "invalid-value",
        Severity::Error,
        &statement(
            r#""Action": "kms:CreateGrant", "Resource": "*", "Condition": {"Bool": {"kms:GrantIsForAWSResource": "yes"}}"#,
        ),
        &statement(
            r#""Action": "kms:CreateGrant", "Resource": "*", "Condition": {"Bool": {"kms:GrantIsForAWSResource": true}}"#,
        ),
    );
    // Policy variables are resolved at request time: not checked.
    assert!(codes(&statement(r#""Action": "kms:EnableKeyRotation", "Resource": "*", "Condition": {"NumericLessThan": {"kms:RotationPeriodInDays": "${aws:username}"}}"#)).is_empty());
}

#[test]
fn resource_of_the_wrong_kind() {
    pair(
        "resource-kind-mismatch",
        Severity::Error,
        &statement(
            r#""Action": "kms:Decrypt", "Resource": "arn:aws:kms:us-west-2:111122223333:alias/app""#,
        ),
        &statement(
            r#""Action": "kms:Decrypt", "Resource": "arn:aws:kms:us-west-2:111122223333:key/1234""#,
        ),
    );
    // kms:* over key/* brings in CreateKey and ListKeys: a warning, as AWS writes such policies.
    let found = findings(&statement(
        r#""Action": "kms:*", "Resource": "arn:aws:kms:us-west-2:111122223333:key/*""#,
    ));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].severity, Severity::Warning);
    assert!(found[0].message.contains("kms:CreateKey"));
}

#[test]
fn iam_only_key_in_a_key_policy() {
    let key_policy = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/R"}, "Action": "kms:GenerateDataKey", "Resource": "*", "Condition": {"ForAnyValue:StringEquals": {"kms:ResourceAliases": "alias/finance-key"}}}]}"#;
    let identity_policy = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:GenerateDataKey", "Resource": "*", "Condition": {"ForAnyValue:StringEquals": {"kms:ResourceAliases": "alias/finance-key"}}}]}"#;
    pair(
        "iam-only-key-in-key-policy",
        Severity::Error,
        key_policy,
        identity_policy,
    );
    // --kind identity overrides the guess.
    assert!(
        lint(key_policy, PolicyKind::Identity)
            .unwrap()
            .findings
            .is_empty()
    );
}

#[test]
fn policy_grammar() {
    pair(
        "policy-grammar",
        Severity::Error,
        &statement(r#""Action": "kms:Decrypt", "Resources": "*""#),
        &statement(r#""Action": "kms:Decrypt", "Resource": "*""#),
    );
    assert!(
        codes(r#"{"Effect": "Permit", "Action": "kms:Decrypt", "Resource": "*"}"#)
            .contains(&"policy-grammar")
    );
}

#[test]
fn codes_are_an_enum_with_stable_strings() {
    use kms_types::lint::Code;
    assert_eq!(Code::ALL.len(), CODES.len());
    for (code, (name, severity, help)) in Code::ALL.iter().zip(CODES) {
        assert_eq!(code.as_str(), *name);
        assert_eq!(code.to_string(), *name);
        assert_eq!(code.severity(), *severity);
        assert_eq!(code.help(), *help);
        assert!(*code == *name);
        let name: &str = name;
        assert!(name == *code);
    }
}

#[test]
fn every_code_is_tested_here() {
    let source = include_str!("lint.rs");
    for (code, _, _) in CODES {
        assert!(
            source.contains(&format!("\"{code}\"")),
            "no test for {code}"
        );
    }
}

#[test]
fn every_document_form_and_principal_form_is_read() {
    let single = r#"{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}"#;
    let array = r#"[{"Effect": "Allow", "NotAction": ["kms:Decrypt"], "NotResource": "arn:aws:kms:*:*:key/x"}]"#;
    for text in [single, array] {
        assert!(
            lint(text, PolicyKind::Auto).unwrap().findings.is_empty(),
            "{text}"
        );
    }
    for principal in [
        r#""*""#,
        r#"{"AWS": "*"}"#,
        r#"{"AWS": ["arn:aws:iam::1:root", "arn:aws:iam::2:root"]}"#,
        r#"{"Service": "ec2.amazonaws.com"}"#,
        r#"{"Federated": "cognito-identity.amazonaws.com"}"#,
    ] {
        let text = format!(
            r#"{{"Effect": "Allow", "Principal": {principal}, "Action": "kms:Decrypt", "Resource": "*"}}"#
        );
        let report = lint(&text, PolicyKind::Auto).unwrap();
        assert_eq!(report.kind, PolicyKind::Key);
        // Read without a grammar finding; an Allow to anyone is public.
        let codes: Vec<&str> = report.findings.iter().map(|f| f.code.as_str()).collect();
        let public = principal.contains("\"*\"");
        assert_eq!(
            codes,
            if public {
                vec!["public-access"]
            } else {
                vec![]
            },
            "{text}"
        );
    }
}

#[test]
fn parse_errors_have_line_and_column() {
    let error = lint(
        "{\n  \"Effect\": \"Allow\"\n  \"Action\": \"kms:Decrypt\"\n}",
        PolicyKind::Auto,
    )
    .unwrap_err();
    assert_eq!((error.line, error.column), (3, 3));
    assert_eq!(error.path, "");
    assert!(error.message.contains("expected `,` or `}`"));
    let error = lint(
        "{\"Statement\": [{\"Effect\": \"Allow\", \"Action\": [\"kms:Decrypt\" \"kms:Encrypt\"]}]}",
        PolicyKind::Auto,
    )
    .unwrap_err();
    assert_eq!(error.path, "/Statement/0/Action");
    assert!(error.message.contains("expected `,` or `]`"));
}

/// The README's example: five distinct mistakes, five findings, five lines.
const FIVE_MISTAKES: &str = include_str!("../../bench/policies/01-five-mistakes.json");

#[test]
fn five_mistakes_five_findings_five_lines() {
    let found = findings(FIVE_MISTAKES);
    let seen: Vec<(u32, &str)> = found.iter().map(|f| (f.line, f.code.as_str())).collect();
    assert_eq!(
        seen,
        [
            (5, "unknown-action"),
            (6, "resource-kind-mismatch"),
            (8, "set-operator-on-single-valued"),
            (9, "missing-set-operator"),
            (10, "operator-type-mismatch"),
        ]
    );
}

/// The names real policies use that the seed documents lacked (4 of 5 false
/// alarms on 380 real policies): known from Policy Sentry's database.
#[test]
#[cfg_attr(
    kms_custom_sources,
    ignore = "built from KMS_SOURCES_DIR: asserts facts of the shipped sources"
)]
fn names_from_the_database_are_known() {
    let text = statement(
        r#""Action": ["kms:GenerateMac", "kms:ListKeyRotations", "kms:SynchronizeMultiRegionKey", "kms:Decrypt"],
        "Resource": "*",
        "Condition": {"StringEqualsIgnoreCase": {"kms:RecipientAttestation:ImageSha384": "abc"},
                      "StringEquals": {"kms:RecipientAttestation:PCR1": "00"}}"#,
    );
    let unknown: Vec<Finding> = findings(&text)
        .into_iter()
        .filter(|f| f.code.as_str().starts_with("unknown"))
        .collect();
    assert!(unknown.is_empty(), "{unknown:?}");
    // Still checked: a PCR the data does not define.
    let text = statement(
        r#""Action": "kms:Decrypt", "Resource": "*",
        "Condition": {"StringEquals": {"kms:RecipientAttestation:PCR99": "00"}}"#,
    );
    assert!(codes(&text).contains(&"unknown-condition-key"));
}

#[test]
fn resource_arn_format() {
    let with = |resource: &str| {
        statement(&format!(
            r#""Action": "kms:Decrypt", "Resource": "{resource}""#
        ))
    };
    // An empty account matches no key: a warning.
    pair(
        "resource-arn-format",
        Severity::Warning,
        &with("arn:aws:kms:*::*"),
        &with("arn:aws:kms:*:111122223333:*"),
    );
    // A policy variable is one part of the ARN, colon and all.
    assert_eq!(
        codes(&with("arn:aws:kms:*:${aws:PrincipalAccount}:key/*")),
        Vec::<&str>::new()
    );
    for bad in [
        "arn:aws:kms:us-east-1::key/1234abcd-12ab-34cd-56ef-1234567890ab",
        "arn:aws:kms::111122223333:key/*",
        "arn:aws-mars:kms:*:111122223333:key/*",
        "arn:aws:kms:us-east-1:11112222333:key/abc",
    ] {
        assert!(codes(&with(bad)).contains(&"resource-arn-format"), "{bad}");
    }
    // Other services' ARNs are left alone by this check.
    assert!(!codes(&with("arn:aws:s3:::bucket")).contains(&"resource-arn-format"));
}

#[test]
#[cfg_attr(
    kms_custom_sources,
    ignore = "built from KMS_SOURCES_DIR: asserts facts of the shipped sources"
)]
fn resource_parts_are_checked_against_the_arn_formats() {
    let text = statement(
        r#""Action": "kms:Decrypt", "Resource": "arn:aws:kms:us-east-1:111122223333:keys/abc""#,
    );
    let found = findings(&text);
    let finding = found
        .iter()
        .find(|f| f.code == "resource-arn-format")
        .unwrap_or_else(|| panic!("{found:?}"));
    assert!(
        finding.message.contains("`key/${KeyId}`"),
        "{}",
        finding.message
    );
}

/// Every operator × qualifier × IfExists × Allow/Deny on a key the action
/// does not support (`ListKeys` supports none): the finding states the
/// effect IAM gives an absent key, and its severity follows the effect.
#[test]
fn absent_key_semantics_table() {
    const NEGATED: &[&str] = &[
        "StringNotEquals",
        "StringNotEqualsIgnoreCase",
        "StringNotLike",
        "NumericNotEquals",
        "DateNotEquals",
        "NotIpAddress",
        "ArnNotEquals",
        "ArnNotLike",
    ];
    // (base operator, a key of a type it is meant for, a value)
    const BASES: &[(&str, &str, &str)] = &[
        ("StringEquals", "kms:RequestAlias", "\"alias/a\""),
        ("StringNotEquals", "kms:RequestAlias", "\"alias/a\""),
        ("StringEqualsIgnoreCase", "kms:RequestAlias", "\"alias/a\""),
        (
            "StringNotEqualsIgnoreCase",
            "kms:RequestAlias",
            "\"alias/a\"",
        ),
        ("StringLike", "kms:RequestAlias", "\"alias/*\""),
        ("StringNotLike", "kms:RequestAlias", "\"alias/*\""),
        ("NumericEquals", "kms:RotationPeriodInDays", "90"),
        ("NumericNotEquals", "kms:RotationPeriodInDays", "90"),
        ("NumericLessThan", "kms:RotationPeriodInDays", "90"),
        ("NumericLessThanEquals", "kms:RotationPeriodInDays", "90"),
        ("NumericGreaterThan", "kms:RotationPeriodInDays", "90"),
        ("NumericGreaterThanEquals", "kms:RotationPeriodInDays", "90"),
        ("DateEquals", "kms:ValidTo", "\"2030-01-01T00:00:00Z\""),
        ("DateNotEquals", "kms:ValidTo", "\"2030-01-01T00:00:00Z\""),
        ("DateLessThan", "kms:ValidTo", "\"2030-01-01T00:00:00Z\""),
        (
            "DateLessThanEquals",
            "kms:ValidTo",
            "\"2030-01-01T00:00:00Z\"",
        ),
        ("DateGreaterThan", "kms:ValidTo", "\"2030-01-01T00:00:00Z\""),
        (
            "DateGreaterThanEquals",
            "kms:ValidTo",
            "\"2030-01-01T00:00:00Z\"",
        ),
        ("Bool", "kms:MultiRegion", "true"),
        ("BinaryEquals", "kms:RequestAlias", "\"QmluYXJ5\""),
        ("IpAddress", "kms:RequestAlias", "\"10.0.0.0/8\""),
        ("NotIpAddress", "kms:RequestAlias", "\"10.0.0.0/8\""),
        (
            "ArnEquals",
            "kms:GranteePrincipal",
            "\"arn:aws:iam::111122223333:role/R\"",
        ),
        (
            "ArnNotEquals",
            "kms:GranteePrincipal",
            "\"arn:aws:iam::111122223333:role/R\"",
        ),
        (
            "ArnLike",
            "kms:GranteePrincipal",
            "\"arn:aws:iam::*:role/R\"",
        ),
        (
            "ArnNotLike",
            "kms:GranteePrincipal",
            "\"arn:aws:iam::*:role/R\"",
        ),
    ];
    let mut checked = 0;
    for &(base, key, value) in BASES {
        for qualifier in [None, Some("ForAnyValue"), Some("ForAllValues")] {
            for if_exists in [false, true] {
                for effect in ["Allow", "Deny"] {
                    let operator = format!(
                        "{}{base}{}",
                        qualifier.map(|q| format!("{q}:")).unwrap_or_default(),
                        if if_exists { "IfExists" } else { "" }
                    );
                    // IAM: IfExists is true on an absent key; ForAllValues
                    // over no values is true, ForAnyValue false; otherwise a
                    // negated operator is true and any other false.
                    let holds = if_exists
                        || match qualifier {
                            Some("ForAllValues") => true,
                            Some(_) => false,
                            None => NEGATED.contains(&base),
                        };
                    let (phrase, severity) = match (effect, holds) {
                        ("Allow", false) => ("this Allow never matches it", Severity::Error),
                        ("Allow", true) => ("the restriction is void for it", Severity::Error),
                        (_, false) => ("this Deny never denies it", Severity::Error),
                        (_, true) => ("this Deny always denies it", Severity::Warning),
                    };
                    let text = format!(
                        r#"{{"Version": "2012-10-17", "Statement": {{"Effect": "{effect}", "Action": "kms:ListKeys", "Resource": "*", "Condition": {{"{operator}": {{"{key}": {value}}}}}}}}}"#
                    );
                    let found = findings(&text);
                    let finding = found
                        .iter()
                        .find(|f| f.code == "key-not-for-action")
                        .unwrap_or_else(|| panic!("{operator} {effect}: {found:?}"));
                    assert!(
                        finding.message.contains(phrase),
                        "{operator} in an {effect}: expected {phrase:?}: {}",
                        finding.message
                    );
                    assert_eq!(finding.severity, severity, "{operator} {effect}");
                    checked += 1;
                }
            }
        }
    }
    assert_eq!(checked, 26 * 3 * 2 * 2);
    // Null: true holds on an absent key, Null: false does not.
    for (null, effect, phrase) in [
        ("true", "Allow", "the restriction is void"),
        ("false", "Allow", "never matches"),
        ("true", "Deny", "always denies"),
        ("false", "Deny", "never denies"),
    ] {
        let text = format!(
            r#"{{"Version": "2012-10-17", "Statement": {{"Effect": "{effect}", "Action": "kms:ListKeys", "Resource": "*", "Condition": {{"Null": {{"kms:RequestAlias": "{null}"}}}}}}}}"#
        );
        let found = findings(&text);
        assert!(
            found
                .iter()
                .any(|f| f.code == "key-not-for-action" && f.message.contains(phrase)),
            "Null {null} {effect}: {found:?}"
        );
    }
}

/// The issue's case: RetireGrant does not take kms:RequestAlias, so
/// ForAllValues over it is true and the Allow's restriction is void.
#[test]
fn for_all_values_on_an_unsupported_key_voids_the_allow() {
    let text = statement(
        r#""Action": "kms:RetireGrant", "Resource": "*",
        "Condition": {"ForAllValues:StringEquals": {"kms:RequestAlias": ["alias/a"]}}"#,
    );
    let found = findings(&text);
    let finding = found
        .iter()
        .find(|f| f.code == "key-not-for-action")
        .unwrap();
    assert_eq!(finding.severity, Severity::Error);
    assert!(
        finding.message.contains("the restriction is void"),
        "{}",
        finding.message
    );
    assert!(
        !finding.message.contains("never matches"),
        "{}",
        finding.message
    );
}

#[test]
fn duplicate_keys_name_both_places() {
    let text = "{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\",\n\"Action\": \"kms:ListKeys\", \"Resource\": \"*\",\n\"Effect\": \"Deny\"}}";
    let found = findings(text);
    let duplicate = found
        .iter()
        .find(|f| f.code == "duplicate-key")
        .unwrap_or_else(|| panic!("{found:?}"));
    assert_eq!(duplicate.severity, Severity::Error);
    assert_eq!(duplicate.line, 3);
    assert!(
        duplicate.message.contains("lines 1 and 3"),
        "{}",
        duplicate.message
    );
    assert!(duplicate.message.contains("keep the last one (line 3)"));
    // A second Statement is seen too, and the kept (last) one is checked.
    let text = r#"{"Version": "2012-10-17",
        "Statement": {"Effect": "Allow", "Action": "kms:ListKeys", "Resource": "*"},
        "Statement": {"Effect": "Allow", "Action": "kms:Decrpyt", "Resource": "*"}}"#;
    let codes = codes(text);
    assert!(codes.contains(&"duplicate-key"), "{codes:?}");
    assert!(codes.contains(&"unknown-action"), "{codes:?}");
    pair(
        "duplicate-key",
        Severity::Error,
        &statement(r#""Action": "kms:ListKeys", "Action": "kms:Decrypt", "Resource": "*""#),
        &statement(r#""Action": ["kms:ListKeys", "kms:Decrypt"], "Resource": "*""#),
    );
}

#[test]
fn policy_version_and_resource_grammar() {
    let body = r#""Statement": {"Effect": "Allow", "Action": "kms:ListKeys", "Resource": "*"}"#;
    let old = findings(&format!(r#"{{"Version": "2008-10-17", {body}}}"#));
    assert_eq!(old.len(), 1, "{old:?}");
    assert_eq!(old[0].code, kms_types::lint::Code::PolicyVersion);
    assert_eq!(old[0].code.as_str(), "policy-version");
    assert_eq!(old[0].severity, Severity::Warning);
    let missing = findings(&format!("{{{body}}}"));
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert_eq!(missing[0].code, "policy-version");
    assert!(codes(&format!(r#"{{"Version": "2019-01-01", {body}}}"#)).contains(&"policy-grammar"));
    assert_eq!(
        codes(&format!(r#"{{"Version": "2012-10-17", {body}}}"#)),
        Vec::<&str>::new()
    );
    // A statement without Resource or NotResource is invalid, key policy or not.
    let no_resource = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:*"}}"#;
    assert!(codes(no_resource).contains(&"policy-grammar"));
    // NotResource is read: its ARNs are checked like Resource's.
    let text = statement(r#""Action": "kms:Decrypt", "NotResource": "arn:aws:kms:*::*""#);
    assert!(codes(&text).contains(&"resource-arn-format"));
}

#[test]
fn not_action_findings_say_what_the_statement_covers() {
    let text = statement(
        r#""NotAction": "kms:Decrypt", "Resource": "*",
        "Condition": {"StringEquals": {"kms:ViaService": "ec2.us-west-2.amazonaws.com"}}"#,
    );
    let found = findings(&text);
    let finding = found
        .iter()
        .find(|f| f.code == "key-not-for-action")
        .unwrap_or_else(|| panic!("{found:?}"));
    assert!(
        finding.message.contains("NotAction leaves them in"),
        "{}",
        finding.message
    );
    assert!(
        finding.message.contains("kms:ListKeys"),
        "{}",
        finding.message
    );
    assert!(
        !finding.message.contains("kms:Decrypt,"),
        "{}",
        finding.message
    );
}

/// The mistake no other tool catches: a value outside the key's closed set.
#[test]
#[cfg_attr(
    kms_custom_sources,
    ignore = "built from KMS_SOURCES_DIR: asserts facts of the shipped sources"
)]
fn values_outside_the_closed_set() {
    let with = |operator: &str, key: &str, value: &str| {
        statement(&format!(
            r#""Action": "kms:CreateKey", "Resource": "*", "Condition": {{"{operator}": {{"{key}": {value}}}}}"#
        ))
    };
    pair(
        "value-not-in-set",
        Severity::Error,
        &with("StringEquals", "kms:KeySpec", "\"RSA2048\""),
        &with("StringEquals", "kms:KeySpec", "\"RSA_2048\""),
    );
    let found = findings(&with("StringEquals", "kms:KeySpec", "\"RSA2048\""));
    let finding = found.iter().find(|f| f.code == "value-not-in-set").unwrap();
    assert!(
        finding.message.contains("did you mean `RSA_2048`?"),
        "{}",
        finding.message
    );
    assert!(
        finding.message.contains("never matches"),
        "{}",
        finding.message
    );
    // Case matters under StringEquals, not under StringEqualsIgnoreCase.
    assert!(
        codes(&with("StringEquals", "kms:KeySpec", "\"rsa_2048\"")).contains(&"value-not-in-set")
    );
    assert!(
        codes(&with(
            "StringEqualsIgnoreCase",
            "kms:KeySpec",
            "\"rsa_2048\""
        ))
        .is_empty()
    );
    // A pattern under StringLike is not judged; a policy variable neither.
    assert!(codes(&with("StringLike", "kms:KeySpec", "\"RSA_*\"")).is_empty());
    assert!(
        codes(&with(
            "StringEquals",
            "kms:KeySpec",
            "\"${aws:PrincipalTag/spec}\""
        ))
        .is_empty()
    );
    // The page's own example value.
    let encrypt = statement(
        r#""Action": "kms:Encrypt", "Resource": "*",
        "Condition": {"StringEquals": {"kms:EncryptionAlgorithm": "SYMMETRIC_DEFAULT"}}"#,
    );
    assert_eq!(codes(&encrypt), Vec::<&str>::new());
}

#[test]
fn wildcards_under_equals() {
    let with = |operator: &str, value: &str| {
        statement(&format!(
            r#""Action": "kms:Decrypt", "Resource": "*", "Condition": {{"{operator}": {{"kms:ViaService": "{value}"}}}}"#
        ))
    };
    pair(
        "wildcard-in-equals",
        Severity::Warning,
        &with("StringEquals", "ec2.*.amazonaws.com"),
        &with("StringLike", "ec2.*.amazonaws.com"),
    );
    let found = findings(&with("StringEquals", "ec2.*.amazonaws.com"));
    assert!(
        found[0].message.contains("use `StringLike`"),
        "{}",
        found[0].message
    );
}

/// A key policy: the account statement of AWS's default key policy (AWS KMS
/// Developer Guide, "Default key policy"), then `extra`.
fn key_policy(extra: &str) -> String {
    format!(
        r#"{{"Version": "2012-10-17", "Statement": [
  {{"Sid": "Enable IAM policies", "Effect": "Allow", "Principal": {{"AWS": "arn:aws:iam::111122223333:root"}}, "Action": "kms:*", "Resource": "*"}}{extra}]}}"#
    )
}

#[test]
fn access_findings_on_key_policies() {
    // IAM Access Analyzer's public access: `*` with no restricting condition.
    pair(
        "public-access",
        Severity::Error,
        &key_policy(
            r#", {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:Decrypt", "Resource": "*"}"#,
        ),
        &key_policy(
            r#", {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:Decrypt", "Resource": "*", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}"#,
        ),
    );
    // A negated or IfExists condition does not restrict.
    assert!(codes(&key_policy(r#", {"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*", "Condition": {"StringNotEquals": {"kms:CallerAccount": "444455556666"}}}"#)).contains(&"public-access"));
    assert!(codes(&key_policy(r#", {"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*", "Condition": {"StringEqualsIfExists": {"kms:CallerAccount": "111122223333"}}}"#)).contains(&"public-access"));
    // The policy lockout safety check.
    pair(
        "lockout-risk",
        Severity::Warning,
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "kms:Describe*", "Resource": "*"}]}"#,
        &key_policy(""),
    );
    // Only services may PutKeyPolicy: still a lockout.
    assert!(codes(r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "kms:*", "Resource": "*"}]}"#).contains(&"lockout-risk"));
    // Another account: a note, with the actions.
    let cross = findings(&key_policy(
        r#", {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:role/Partner"}, "Action": ["kms:Decrypt", "kms:DescribeKey"], "Resource": "*"}"#,
    ));
    let note = cross
        .iter()
        .find(|f| f.code == "cross-account-access")
        .unwrap();
    assert_eq!(note.severity, Severity::Note);
    assert!(
        note.message.contains("444455556666")
            && note.message.contains("kms:Decrypt, kms:DescribeKey"),
        "{}",
        note.message
    );
    assert_eq!(note.path, "/Statement/1");
    // CreateGrant for another account, unconfined; confined by
    // kms:GrantIsForAWSResource it is what AWS's default policy does.
    pair(
        "grant-delegation",
        Severity::Warning,
        &key_policy(
            r#", {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:CreateGrant", "Resource": "*", "Condition": {"StringEquals": {"kms:CallerAccount": "111122223333"}}}"#,
        ),
        &key_policy(
            r#", {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:CreateGrant", "Resource": "*", "Condition": {"StringEquals": {"kms:CallerAccount": "111122223333"}, "Bool": {"kms:GrantIsForAWSResource": "true"}}}"#,
        ),
    );
    // Identity policies are not judged for access; a lone statement is,
    // but not for lockout (it may be one statement of many).
    assert_eq!(
        codes(
            r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*"}]}"#
        ),
        Vec::<&str>::new()
    );
    assert_eq!(
        codes(r#"{"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*"}"#),
        ["public-access"]
    );
}
