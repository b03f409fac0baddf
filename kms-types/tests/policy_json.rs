//! Policies are written in the exact IAM grammar and read back equal.

use kms_types::policy::{IdentityPolicy, KeyPolicy, Principal, Statement, VERSION, arn, op};
use kms_types::{actions, keys};
use serde_json::json;

fn key_policy() -> KeyPolicy {
    KeyPolicy::new()
        .statement(
            Statement::allow()
                .sid("Enable IAM policies")
                .principal(Principal::aws("arn:aws:iam::111122223333:root"))
                .action(kms_types::patterns::All)
                .resource(arn::ANY),
        )
        .statement(
            Statement::deny()
                .principal(Principal::aws_list([
                    "arn:aws:iam::111122223333:role/A",
                    "arn:aws:iam::111122223333:role/B",
                ]))
                .action(actions::Decrypt)
                .resource(
                    arn::key(
                        arn::Partition::Aws,
                        "us-west-2",
                        "111122223333",
                        "1234abcd-12ab-34cd-56ef-1234567890ab",
                    )
                    .unwrap(),
                )
                .condition(
                    op::StringNotEquals,
                    keys::ViaService,
                    ["s3.us-west-2.amazonaws.com"],
                )
                .condition(
                    op::StringNotEquals,
                    keys::ViaService,
                    "ec2.us-west-2.amazonaws.com",
                )
                .condition(
                    op::ForAllValues(op::StringLike),
                    keys::EncryptionContextKeys,
                    ["App*"],
                ),
        )
}

#[test]
fn key_policy_json_has_the_iam_grammar() {
    let json = key_policy().to_json();
    assert_eq!(json["Version"], VERSION);
    let statements = json["Statement"].as_array().unwrap();
    assert_eq!(statements.len(), 2);
    assert_eq!(
        statements[0],
        json!({
            "Sid": "Enable IAM policies",
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
            "Action": "kms:*",
            "Resource": "*"
        })
    );
    assert_eq!(
        statements[1]["Resource"],
        "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    );
    // Two conditions on one operator and key merge into one array, nothing dropped.
    assert_eq!(
        statements[1]["Condition"]["StringNotEquals"]["kms:ViaService"],
        json!(["s3.us-west-2.amazonaws.com", "ec2.us-west-2.amazonaws.com"])
    );
    assert_eq!(
        statements[1]["Condition"]["ForAllValues:StringLike"]["kms:EncryptionContextKeys"],
        json!(["App*"])
    );
}

#[test]
fn to_json_then_from_json_is_equal() {
    let policy = key_policy();
    assert_eq!(KeyPolicy::from_json(&policy.to_json()).unwrap(), policy);
    let identity = IdentityPolicy::new().statement(
        Statement::deny()
            .not_action(actions::ScheduleKeyDeletion)
            .not_action(actions::Decrypt)
            .not_resource("arn:aws:kms:us-east-1:111122223333:key/*"),
    );
    let json = identity.to_json();
    assert!(json["Statement"][0].get("Action").is_none());
    assert_eq!(
        json["Statement"][0]["NotAction"][0],
        "kms:ScheduleKeyDeletion"
    );
    assert_eq!(
        json["Statement"][0]["NotResource"],
        "arn:aws:kms:us-east-1:111122223333:key/*"
    );
    assert_eq!(IdentityPolicy::from_json(&json).unwrap(), identity);
}

#[test]
fn from_json_reports_where_the_grammar_breaks() {
    let error = IdentityPolicy::from_json(
        &json!({"Version": "2012-10-17", "Statement": [{"Effect": "Permit"}]}),
    )
    .unwrap_err();
    assert_eq!(error.path, "/Statement/0/Effect");
    let error = KeyPolicy::from_json(
        &json!({"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "kms:*"}}),
    )
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "/Statement: a key policy statement needs a Principal (or NotPrincipal)"
    );
    let error =
        IdentityPolicy::from_json(&json!({"Version": "2008-10-17", "Statement": []})).unwrap_err();
    assert_eq!(error.path, "/Version");
    let error = IdentityPolicy::from_json(
        &json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Actions": "kms:*"}]}),
    )
    .unwrap_err();
    assert!(
        error
            .message
            .contains("unknown statement element `Actions`")
    );
}

/// Values, key names and actions known only at run time.
#[test]
fn run_time_values_names_and_actions() {
    use kms_types::policy::{Effect, IdentityPolicy, StatementData};
    let region = String::from("us-west-2");
    let services = [
        format!("ec2.{region}.amazonaws.com"),
        format!("rds.{region}.amazonaws.com"),
    ];
    let context_key = String::from("Department"); // read at run time
    let departments: Vec<String> = ["IT", "HR"].iter().map(|s| s.to_string()).collect();
    let statement = Statement::allow()
        .action(actions::Decrypt)
        .resource("*")
        .condition(op::StringEquals, keys::ViaService, services.clone())
        .condition(op::StringLike, keys::ViaService, &services[..])
        .condition(
            op::StringEquals,
            keys::EncryptionContext(context_key.clone()),
            departments.clone(),
        )
        .condition(
            op::StringEquals,
            keys::EncryptionContext(context_key.as_str()),
            departments.iter().map(String::as_str).collect::<Vec<_>>(),
        );
    let json = IdentityPolicy::new().statement(statement).to_json();
    let condition = &json["Statement"][0]["Condition"];
    assert_eq!(
        condition["StringEquals"]["kms:ViaService"],
        json!(["ec2.us-west-2.amazonaws.com", "rds.us-west-2.amazonaws.com"])
    );
    assert_eq!(
        condition["StringLike"]["kms:ViaService"],
        condition["StringEquals"]["kms:ViaService"]
    );
    assert_eq!(
        condition["StringEquals"]["kms:EncryptionContext:Department"],
        json!(["IT", "HR", "IT", "HR"])
    );

    // Actions from a file: checked by the linter's rules.
    let mut ok = StatementData::new(Effect::Allow);
    ok.actions = vec!["kms:Decrypt".into(), "kms:GenerateDataKey*".into()];
    ok.resources = vec!["arn:aws:kms:*:111122223333:key/*".into()];
    ok.add_condition(
        "StringEquals".into(),
        "kms:ViaService".into(),
        json!(services),
    );
    let policy = IdentityPolicy::new().checked_statement(ok).unwrap();
    assert_eq!(policy.statements().len(), 1);
    let mut bad = StatementData::new(Effect::Allow);
    bad.actions = vec!["kms:Decrypt".into(), "kms:Encrpyt".into()];
    bad.resources = vec!["*".into()];
    let error = policy.clone().checked_statement(bad).unwrap_err();
    assert_eq!(error.findings.len(), 1, "{error}");
    assert_eq!(error.findings[0].code, "unknown-action");
    assert!(
        error.to_string().contains("did you mean `Encrypt`?"),
        "{error}"
    );
    // A key policy statement needs a Principal.
    let mut no_principal = StatementData::new(Effect::Allow);
    no_principal.actions = vec!["kms:Decrypt".into()];
    no_principal.resources = vec!["*".into()];
    let error = kms_types::policy::KeyPolicy::new()
        .checked_statement(no_principal)
        .unwrap_err();
    assert!(error.to_string().contains("Principal"), "{error}");
}
