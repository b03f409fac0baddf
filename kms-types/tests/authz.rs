//! The evaluator: typed requests against policies built with the typed
//! builder, the rules of "Policy evaluation logic" that the scenario
//! fixtures (kms-lint/tests/scenarios) do not reach, the one engine shared
//! with the linter, and robustness of the scenario reader.

use kms_types::authz::{Decide, Document, Grant, Outcome, Request, TypedRequest, load_scenarios};
use kms_types::lint::{PolicyKind, lint};
use kms_types::policy::{IdentityPolicy, KeyPolicy, Principal, Statement, op};
use kms_types::{actions, keys, patterns};
use proptest::prelude::*;

const KEY: &str = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const ROLE: &str = "arn:aws:iam::111122223333:role/payments";
const SESSION: &str = "arn:aws:sts::111122223333:assumed-role/payments/job-42";

fn doc(json: &str) -> Document {
    Document::parse(json).unwrap()
}

fn decide(d: &Decide, action: &str, principal: &str, context: &[(&str, &[&str])]) -> Outcome {
    let mut request = Request::parse(action, Some(KEY), principal).unwrap();
    for (k, v) in context {
        request = request.with(*k, v.iter().map(|s| s.to_string()).collect());
    }
    d.decide(&request).outcome
}

#[test]
fn a_typed_key_policy_pins_what_the_payments_role_may_do() {
    let key_policy = KeyPolicy::new()
        .statement(
            Statement::allow()
                .principal(Principal::aws("arn:aws:iam::111122223333:root"))
                .action(patterns::All)
                .resource("*"),
        )
        .statement(
            Statement::allow()
                .principal(Principal::aws(ROLE))
                .action(actions::Decrypt)
                .resource("*")
                .condition(
                    op::StringEquals,
                    keys::ViaService,
                    ["s3.us-east-1.amazonaws.com"],
                ),
        );
    let via_s3 = TypedRequest::new(actions::Decrypt)
        .on(KEY)
        .by(SESSION)
        .with(keys::ViaService, "s3.us-east-1.amazonaws.com")
        .build()
        .unwrap();
    let direct = TypedRequest::new(actions::Decrypt)
        .on(KEY)
        .by(SESSION)
        .build()
        .unwrap();
    let decide = Decide::new(&key_policy);
    assert!(decide.decide(&via_s3).is_allowed());
    // Directly: only the account statement matches, and no IAM policy allows.
    assert_eq!(decide.decide(&direct).outcome, Outcome::ImplicitDeny);
    let role_policy =
        IdentityPolicy::new().statement(Statement::allow().action(actions::Decrypt).resource(KEY));
    let with_iam = Decide::new(&key_policy).identity(&role_policy);
    assert!(with_iam.decide(&direct).is_allowed());
    let reasons = with_iam.decide(&direct).reasons;
    assert_eq!(reasons[0].policy, "key_policy");
    assert_eq!(reasons[0].statement, 0);
    assert_eq!(reasons[1].policy, "identity_policies/0");
}

#[test]
fn the_linter_and_the_evaluator_share_the_absent_key_rule() {
    // kms:ViaService is never in a ListKeys request, and ListKeys takes no
    // key: the identity policy decides.
    let allow = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:ListKeys",
        "Resource": "*", "Condition": {"StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}}}]}"#;
    let report = lint(allow, PolicyKind::Identity).unwrap();
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.message.contains("never matches")),
        "{:?}",
        report.findings
    );
    let request = Request::parse("kms:ListKeys", None, ROLE).unwrap();
    let outcome = Decide::without_key_policy()
        .identity(doc(allow))
        .decide(&request)
        .outcome;
    assert_eq!(outcome, Outcome::ImplicitDeny, "the Allow never matches");
    // A negated operator on the absent key: the restriction is void.
    let void = allow.replace("StringEquals", "StringNotEquals");
    let report = lint(&void, PolicyKind::Identity).unwrap();
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.message.contains("restriction is void"))
    );
    assert!(
        Decide::without_key_policy()
            .identity(doc(&void))
            .decide(&request)
            .is_allowed()
    );
    // In a Deny, IfExists on the absent key: always denies.
    let deny = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:*", "Resource": "*"},
        {"Effect": "Deny", "Action": "kms:ListKeys", "Resource": "*",
         "Condition": {"StringEqualsIfExists": {"kms:ViaService": "s3.us-east-1.amazonaws.com"}}}]}"#;
    let report = lint(deny, PolicyKind::Identity).unwrap();
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.message.contains("always denies"))
    );
    let outcome = Decide::without_key_policy()
        .identity(doc(deny))
        .decide(&request)
        .outcome;
    assert_eq!(outcome, Outcome::ExplicitDeny);
}

#[test]
fn principals_roles_sessions_services_and_not_principal() {
    let names_role = doc(&format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"AWS": "{ROLE}"}}, "Action": "kms:Decrypt", "Resource": "*"}}]}}"#
    ));
    let d = Decide::new(names_role.clone());
    assert_eq!(decide(&d, "kms:Decrypt", SESSION, &[]), Outcome::Allow);
    assert_eq!(decide(&d, "kms:Decrypt", ROLE, &[]), Outcome::Allow);
    // Another role's session, or the role of another account.
    assert_eq!(
        decide(
            &d,
            "kms:Decrypt",
            "arn:aws:sts::111122223333:assumed-role/other/job",
            &[]
        ),
        Outcome::ImplicitDeny
    );
    assert_eq!(
        decide(
            &d,
            "kms:Decrypt",
            "arn:aws:sts::444455556666:assumed-role/payments/job",
            &[]
        ),
        Outcome::ImplicitDeny
    );
    // A session policy bounds what the key policy gives the role ARN.
    let nothing = doc(
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}"#,
    );
    let bounded = Decide::new(names_role).session(nothing);
    assert_eq!(
        decide(&bounded, "kms:Decrypt", SESSION, &[]),
        Outcome::ImplicitDeny
    );
    // A service principal, named in the key policy.
    let service = doc(
        r#"{"Statement": [{"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "kms:GenerateDataKey*", "Resource": "*"}]}"#,
    );
    let d = Decide::new(service).scp_level([doc(
        r#"{"Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]}"#,
    )]);
    // SCPs do not bound service principals.
    assert_eq!(
        decide(&d, "kms:GenerateDataKey", "cloudtrail.amazonaws.com", &[]),
        Outcome::Allow
    );
    assert_eq!(
        decide(&d, "kms:Decrypt", "cloudtrail.amazonaws.com", &[]),
        Outcome::ImplicitDeny
    );
    // A key policy naming another account: its root user needs no IAM
    // policy (none bounds it); its roles do.
    let other = doc(
        r#"{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "444455556666"}, "Action": "kms:Decrypt", "Resource": "*"}]}"#,
    );
    let d = Decide::new(other);
    assert_eq!(
        decide(&d, "kms:Decrypt", "arn:aws:iam::444455556666:root", &[]),
        Outcome::Allow
    );
    assert_eq!(
        decide(
            &d,
            "kms:Decrypt",
            "arn:aws:iam::444455556666:role/partner",
            &[]
        ),
        Outcome::ImplicitDeny
    );
    assert_eq!(
        decide(&d, "kms:Decrypt", "arn:aws:iam::111122223333:root", &[]),
        Outcome::ImplicitDeny
    );
    // NotPrincipal in a Deny: everyone but the named role is denied.
    let not_principal = doc(&format!(
        r#"{{"Version": "2012-10-17", "Statement": [
            {{"Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*"}},
            {{"Effect": "Deny", "NotPrincipal": {{"AWS": ["{ROLE}", "{SESSION}"]}}, "Action": "kms:Decrypt", "Resource": "*"}}]}}"#
    ));
    let d = Decide::new(not_principal);
    assert_eq!(decide(&d, "kms:Decrypt", SESSION, &[]), Outcome::Allow);
    assert_eq!(
        decide(&d, "kms:Decrypt", "arn:aws:iam::111122223333:user/bob", &[]),
        Outcome::ExplicitDeny
    );
}

#[test]
fn resources_variables_and_versions() {
    let key_policy = doc(
        r#"{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "kms:*", "Resource": "*"}]}"#,
    );
    let iam = |resource: &str, version: &str| {
        doc(&format!(
            r#"{{"Version": "{version}", "Statement": [{{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "{resource}"}}]}}"#
        ))
    };
    let user = "arn:aws:iam::111122223333:user/bob";
    for (resource, version, outcome) in [
        (
            "arn:aws:kms:*:111122223333:key/*",
            "2012-10-17",
            Outcome::Allow,
        ),
        (
            "arn:aws:kms:us-east-1:*:key/1234abcd-*",
            "2012-10-17",
            Outcome::Allow,
        ),
        (
            "arn:aws:kms:*:444455556666:key/*",
            "2012-10-17",
            Outcome::ImplicitDeny,
        ),
        (
            "arn:aws:kms:*:111122223333:alias/*",
            "2012-10-17",
            Outcome::ImplicitDeny,
        ),
        // `*` stays inside its part.
        ("arn:aws:kms:*", "2012-10-17", Outcome::ImplicitDeny),
        (
            "arn:aws:kms:*:${aws:PrincipalAccount}:key/*",
            "2012-10-17",
            Outcome::Allow,
        ),
        // Under 2008-10-17 a variable is literal text.
        (
            "arn:aws:kms:*:${aws:PrincipalAccount}:key/*",
            "2008-10-17",
            Outcome::ImplicitDeny,
        ),
    ] {
        let d = Decide::new(key_policy.clone()).identity(iam(resource, version));
        assert_eq!(
            decide(&d, "kms:Decrypt", user, &[]),
            outcome,
            "{resource} {version}"
        );
    }
    // NotResource.
    let not_resource = doc(
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:Decrypt", "NotResource": "arn:aws:kms:*:*:alias/*"}]}"#,
    );
    let d = Decide::new(key_policy).identity(not_resource);
    assert_eq!(decide(&d, "kms:Decrypt", user, &[]), Outcome::Allow);
}

#[test]
fn conditions_across_keys_and_values_and_derived_keys() {
    let policy = doc(
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:Decrypt", "Resource": "*",
        "Condition": {"StringEquals": {"kms:CallerAccount": "111122223333", "kms:EncryptionContext:Department": ["IT", "HR"]},
                      "ForAllValues:StringEquals": {"kms:EncryptionContextKeys": ["Department", "Project"]}}}]}"#,
    );
    let d = Decide::new(policy);
    let user = "arn:aws:iam::111122223333:user/bob";
    let it: &[&str] = &["IT"];
    let keys: &[&str] = &["Department"];
    // kms:CallerAccount is derived from the principal.
    assert_eq!(
        decide(
            &d,
            "kms:Decrypt",
            user,
            &[
                ("kms:EncryptionContext:Department", it),
                ("kms:EncryptionContextKeys", keys)
            ]
        ),
        Outcome::Allow
    );
    // Key names ignore case.
    assert_eq!(
        decide(
            &d,
            "kms:Decrypt",
            user,
            &[
                ("KMS:encryptioncontext:department", it),
                ("kms:EncryptionContextKeys", keys)
            ]
        ),
        Outcome::Allow
    );
    let ops: &[&str] = &["Ops"];
    assert_eq!(
        decide(
            &d,
            "kms:Decrypt",
            user,
            &[("kms:EncryptionContext:Department", ops)]
        ),
        Outcome::ImplicitDeny
    );
    let extra: &[&str] = &["Department", "Owner"];
    assert_eq!(
        decide(
            &d,
            "kms:Decrypt",
            user,
            &[
                ("kms:EncryptionContext:Department", it),
                ("kms:EncryptionContextKeys", extra)
            ]
        ),
        Outcome::ImplicitDeny
    );
    // Given explicitly, a derived key is what the scenario says.
    let other: &[&str] = &["444455556666"];
    assert_eq!(
        decide(
            &d,
            "kms:Decrypt",
            user,
            &[
                ("kms:CallerAccount", other),
                ("kms:EncryptionContext:Department", it)
            ]
        ),
        Outcome::ImplicitDeny
    );
}

#[test]
fn grants_need_their_grantee_and_rcps_bound_everyone() {
    let key_policy = doc(
        r#"{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "111122223333"}, "Action": "kms:*", "Resource": "*"}]}"#,
    );
    let grant = Grant::new(ROLE, &["Decrypt", "kms:Encrypt"]).unwrap();
    let d = Decide::new(key_policy.clone()).grant(grant.clone());
    assert_eq!(decide(&d, "kms:Decrypt", SESSION, &[]), Outcome::Allow);
    assert_eq!(
        decide(&d, "kms:Decrypt", "arn:aws:iam::111122223333:user/bob", &[]),
        Outcome::ImplicitDeny
    );
    assert_eq!(
        decide(&d, "kms:ScheduleKeyDeletion", SESSION, &[]),
        Outcome::ImplicitDeny
    );
    assert!(
        Grant::new(ROLE, &["ScheduleKeyDeletion"])
            .unwrap_err()
            .contains("not a grant operation")
    );
    assert!(Grant::new("s3.amazonaws.com", &["Decrypt"]).is_err());
    // An RCP level that allows only requests from the organization's account.
    let rcp = doc(
        r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "kms:*", "Resource": "*",
        "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalAccount": "111122223333"}, "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}}},
        {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}"#,
    );
    let outsider = "arn:aws:iam::444455556666:role/partner";
    let d = Decide::new(key_policy)
        .grant(Grant::new(outsider, &["Decrypt"]).unwrap())
        .rcp_level([rcp]);
    assert_eq!(
        decide(&d, "kms:Decrypt", outsider, &[]),
        Outcome::ExplicitDeny
    );
}

#[test]
fn requests_refuse_what_is_not_a_request() {
    assert!(
        Request::parse("kms:Decrpyt", Some(KEY), ROLE)
            .unwrap_err()
            .contains("Decrypt")
    );
    assert!(
        Request::parse(
            "kms:Decrypt",
            Some("arn:aws:kms:us-east-1:111122223333:key/*"),
            ROLE
        )
        .is_err()
    );
    assert!(
        Request::parse("kms:ListKeys", Some(KEY), ROLE)
            .unwrap_err()
            .contains("does not act on a KMS key")
    );
    assert!(
        Request::parse(
            "kms:Decrypt",
            Some(KEY),
            "arn:aws:iam::111122223333:group/admins"
        )
        .is_err()
    );
    assert!(Request::parse("kms:Decrypt", Some(KEY), "payments").is_err());
    assert!(
        TypedRequest::new(actions::Decrypt)
            .on(KEY)
            .build()
            .unwrap_err()
            .contains("no principal")
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Any text, and any cut or splice of a real scenario, is read or
    /// refused with a location inside the text; nothing panics.
    #[test]
    fn scenario_reader_never_panics(cut in 0usize..2000, insert in "[\\[\\]{}\",:a-z0-9*/ ]{0,8}", noise in "\\PC{0,64}") {
        let text = include_str!("../../kms-lint/tests/scenarios/kms-developer-guide.json");
        let at = (cut * 97) % text.len();
        let at = (0..=at).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0);
        let edited = format!("{}{}{}", &text[..at], insert, &text[at..]);
        let mut load = |_: &str| -> Result<(std::sync::Arc<str>, String), String> { Err("no files here".into()) };
        for input in [edited.as_str(), noise.as_str()] {
            match load_scenarios(input, "x.json", &mut load) {
                Ok((scenarios, _)) => for s in scenarios { let _ = s.policies.decide(&s.request); },
                Err(e) => prop_assert!(e.line >= 1 && (e.line as usize) <= input.lines().count() + 1),
            }
        }
    }
}
