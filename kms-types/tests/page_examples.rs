//! The condition-key page's example statements, rebuilt with the typed
//! builder and compared, as parsed JSON, with the statement the page prints.
//! The expected statements come from the model (`sources/`), not from copies.

use std::path::Path;

use kms_types::policy::{
    IdentityPolicy, KeyPolicy, KeysAllowedInKeyPolicy, Principal, PrincipalAbsent, PrincipalGiven,
    Statement, op, value,
};
use kms_types::{actions, keys, patterns, values};
use serde_json::Value;

fn spec() -> kms_spec::Spec {
    kms_spec::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../sources")).unwrap()
}

/// The `index`-th statement of the example at `line`, checked to belong to `key`.
fn printed(spec: &kms_spec::Spec, line: u32, index: usize, key: &str) -> Value {
    let example = spec
        .examples
        .iter()
        .find(|e| e.location.line == line)
        .unwrap_or_else(|| panic!("no example at line {line}"));
    assert_eq!(example.key.as_deref(), Some(key), "example at line {line}");
    serde_json::from_str(&example.statements[index]).unwrap()
}

/// Adds the statement to a key policy (so the key-policy checks apply) and
/// returns it as JSON.
fn in_key_policy<P: PrincipalGiven, A, C: KeysAllowedInKeyPolicy<A>>(
    statement: Statement<P, A, C>,
) -> Value {
    KeyPolicy::new().statement(statement).to_json()["Statement"][0].clone()
}

/// Adds the statement to an identity policy and returns it as JSON.
fn in_identity_policy<P: PrincipalAbsent, A, C>(statement: Statement<P, A, C>) -> Value {
    IdentityPolicy::new().statement(statement).to_json()["Statement"][0].clone()
}

fn role(name: &str) -> Principal {
    Principal::aws(format!("arn:aws:iam::111122223333:role/{name}"))
}

#[test]
fn page_examples_rebuilt_with_the_builder() {
    let spec = spec();
    let mut checked = 0;
    let mut check = |line: u32, index: usize, key: &str, built: Value| {
        assert_eq!(
            built,
            printed(&spec, line, index, key),
            "example at line {line}"
        );
        checked += 1;
    };

    check(
        65,
        0,
        "kms:BypassPolicyLockoutSafetyCheck",
        in_identity_policy(
            Statement::deny()
                .action(actions::CreateKey)
                .action(actions::PutKeyPolicy)
                .resource("*")
                .condition(op::Bool, keys::BypassPolicyLockoutSafetyCheck, true),
        ),
    );

    check(
        71,
        0,
        "kms:BypassPolicyLockoutSafetyCheck",
        in_identity_policy(
            Statement::allow()
                .action(actions::PutKeyPolicy)
                .resource("*")
                .condition(op::Null, keys::BypassPolicyLockoutSafetyCheck, true),
        ),
    );

    check(97, 0, "kms:CallerAccount", in_key_policy(Statement::allow()
        .sid("Allow access through EBS for all principals in the account that are authorized to use EBS")
        .principal(Principal::aws("*"))
        .condition(op::StringEquals, keys::CallerAccount, "111122223333")
        .condition(op::StringEquals, keys::ViaService, "ec2.us-west-2.amazonaws.com")
        .action(actions::Encrypt).action(actions::Decrypt).action(patterns::ReEncryptStar)
        .action(patterns::GenerateDataKeyStar).action(actions::CreateGrant).action(actions::DescribeKey)
        .resource("*")));

    check(
        131,
        0,
        "kms:DataKeyPairSpec",
        in_key_policy(
            Statement::allow()
                .principal(role("ExampleRole"))
                .action(actions::GenerateDataKeyPair)
                .action(actions::GenerateDataKeyPairWithoutPlaintext)
                .resource("*")
                .condition(op::StringLike, keys::DataKeyPairSpec, "RSA*"),
        ),
    );

    check(
        171,
        0,
        "kms:EncryptionAlgorithm",
        in_key_policy(
            Statement::deny()
                .sid("Allow only one encryption algorithm with this asymmetric KMS key")
                .principal(role("ExampleRole"))
                .action(actions::Encrypt)
                .action(actions::Decrypt)
                .action(patterns::ReEncryptStar)
                .resource("*")
                .condition(
                    op::StringNotEquals,
                    keys::EncryptionAlgorithm,
                    values::EncryptionAlgorithmSpec::RsaesOaepSha256,
                ),
        ),
    );

    check(
        181,
        0,
        "kms:EncryptionAlgorithm",
        in_identity_policy(
            Statement::deny()
                .sid("AllowOnlySymmetricAlgorithm")
                .action(actions::Encrypt)
                .action(actions::Decrypt)
                .action(patterns::ReEncryptStar)
                .action(patterns::GenerateDataKeyStar)
                .resource("arn:aws:kms:us-west-2:111122223333:key/*")
                .condition(
                    op::StringNotEquals,
                    keys::EncryptionAlgorithm,
                    values::EncryptionAlgorithmSpec::SymmetricDefault,
                ),
        ),
    );

    check(
        247,
        0,
        "kms:EncryptionContext:context-key",
        in_key_policy(
            Statement::allow()
                .principal(role("RoleForExampleApp"))
                .action(actions::GenerateDataKey)
                .resource("*")
                .condition(
                    op::StringEquals,
                    keys::EncryptionContext("AppName"),
                    "ExampleApp",
                ),
        ),
    );

    check(
        253,
        0,
        "kms:EncryptionContext:context-key",
        in_key_policy(
            Statement::allow()
                .principal(role("KeyUsers"))
                .action(actions::GenerateDataKey)
                .resource("*")
                .condition(
                    op::StringEquals,
                    keys::EncryptionContext("AppName"),
                    "ExampleApp",
                )
                .condition(
                    op::ForAllValues(op::StringEquals),
                    keys::EncryptionContextKeys,
                    ["AppName"],
                ),
        ),
    );

    check(
        273,
        0,
        "kms:EncryptionContext:context-key",
        in_key_policy(
            Statement::allow()
                .principal(role("RoleForExampleApp"))
                .action(actions::Decrypt)
                .resource("*")
                .condition(
                    op::StringEquals,
                    keys::EncryptionContext("Department"),
                    "IT",
                )
                .condition(
                    op::StringEquals,
                    keys::EncryptionContext("Project"),
                    "Alpha",
                ),
        ),
    );

    // The page's two statements joined by a comma: each is rebuilt.
    for (index, (name, value)) in [("Department", "IT"), ("Project", "Alpha")]
        .into_iter()
        .enumerate()
    {
        check(
            277,
            index,
            "kms:EncryptionContext:context-key",
            in_key_policy(
                Statement::allow()
                    .principal(role("RoleForExampleApp"))
                    .action(actions::GenerateDataKey)
                    .resource("*")
                    .condition(op::StringEquals, keys::EncryptionContext(name), value),
            ),
        );
    }

    check(
        289,
        0,
        "kms:EncryptionContext:context-key",
        in_key_policy(
            Statement::deny()
                .principal(role("RoleForExampleApp"))
                .action(actions::GenerateDataKey)
                .resource("*")
                .condition(
                    op::StringEquals,
                    keys::EncryptionContext("Stage"),
                    ["Restricted", "Production"],
                ),
        ),
    );

    check(
        311,
        0,
        "kms:EncryptionContext:context-key",
        in_key_policy(
            Statement::allow()
                .principal(role("RoleForExampleApp"))
                .action(actions::GenerateDataKey)
                .resource("*")
                .condition(
                    op::ForAnyValue(op::StringEquals),
                    keys::EncryptionContextKeys,
                    "AppName",
                )
                .condition(
                    op::StringEquals,
                    keys::EncryptionContext("AppName"),
                    "ExampleApp",
                ),
        ),
    );

    check(
        331,
        0,
        "kms:EncryptionContext:context-key",
        in_key_policy(
            Statement::allow()
                .principal(role("TestTeam"))
                .action(actions::Decrypt)
                .action(actions::Encrypt)
                .resource("*")
                .condition(
                    op::StringEquals,
                    keys::EncryptionContext("user"),
                    "${aws:username}",
                ),
        ),
    );

    check(
        399,
        0,
        "kms:EncryptionContextKeys",
        in_key_policy(
            Statement::allow()
                .principal(role("RoleForExampleApp"))
                .action(actions::Encrypt)
                .action(patterns::GenerateDataKeyStar)
                .resource("*")
                .condition(op::Null, keys::EncryptionContextKeys, false),
        ),
    );

    check(
        429,
        0,
        "kms:ExpirationModel",
        in_key_policy(
            Statement::allow()
                .principal(role("RoleForExampleApp"))
                .action(actions::ImportKeyMaterial)
                .resource("*")
                .condition(op::Null, keys::ExpirationModel, true),
        ),
    );

    check(
        457,
        0,
        "kms:GrantConstraintType",
        in_key_policy(
            Statement::allow()
                .principal(role("RoleForExampleApp"))
                .action(actions::CreateGrant)
                .resource("*")
                .condition(
                    op::StringEquals,
                    keys::GrantConstraintType,
                    "EncryptionContextEquals",
                ),
        ),
    );

    check(
        483,
        0,
        "kms:GrantIsForAWSResource",
        in_key_policy(
            Statement::allow()
                .principal(role("ExampleRole"))
                .action(actions::CreateGrant)
                .resource("*")
                .condition(op::Bool, keys::GrantIsForAWSResource, true),
        ),
    );

    check(
        513,
        0,
        "kms:GrantOperations",
        in_key_policy(
            Statement::allow()
                .principal(role("ExampleRole"))
                .action(actions::CreateGrant)
                .resource("*")
                .condition(
                    op::ForAllValues(op::StringEquals),
                    keys::GrantOperations,
                    [
                        values::GrantOperation::Encrypt,
                        values::GrantOperation::ReEncryptTo,
                    ],
                ),
        ),
    );

    check(
        603,
        0,
        "kms:KeySpec",
        in_identity_policy(
            Statement::allow()
                .action(actions::CreateKey)
                .resource("*")
                .condition(op::StringLike, keys::KeySpec, "RSA_*"),
        ),
    );

    check(
        693,
        0,
        "kms:MessageType",
        in_key_policy(
            Statement::allow()
                .principal(role("ExampleRole"))
                .action(actions::Sign)
                .resource("*")
                .condition(
                    op::StringEquals,
                    keys::MessageType,
                    values::MessageType::Raw,
                ),
        ),
    );

    check(
        785,
        0,
        "kms:ReEncryptOnSameKey",
        in_key_policy(
            Statement::allow()
                .principal(role("ExampleRole"))
                .action(patterns::ReEncryptStar)
                .resource("*")
                .condition(op::Bool, keys::ReEncryptOnSameKey, true),
        ),
    );

    check(
        853,
        0,
        "kms:ResourceAliases",
        in_identity_policy(
            Statement::allow()
                .sid("AliasBasedIAMPolicy")
                .action(actions::GenerateDataKey)
                .resource("arn:aws:kms:*:111122223333:key/*")
                .resource("arn:aws:kms:*:444455556666:key/*")
                .condition(
                    op::ForAnyValue(op::StringEquals),
                    keys::ResourceAliases,
                    "alias/finance-key",
                ),
        ),
    );

    check(
        927,
        0,
        "kms:RotationPeriodInDays",
        in_key_policy(
            Statement::deny()
                .action(actions::EnableKeyRotation)
                .principal(Principal::any())
                .resource("*")
                .condition(
                    op::NumericLessThanEquals,
                    keys::RotationPeriodInDays,
                    // The page quotes the number.
                    value::Quoted(180),
                ),
        ),
    );

    check(
        1017,
        0,
        "kms:ViaService",
        in_key_policy(
            Statement::allow()
                .principal(role("ExampleRole"))
                .action(actions::Encrypt)
                .action(actions::Decrypt)
                .action(patterns::ReEncryptStar)
                .action(patterns::GenerateDataKeyStar)
                .action(actions::CreateGrant)
                .action(actions::ListGrants)
                .action(actions::DescribeKey)
                .resource("*")
                .condition(
                    op::StringEquals,
                    keys::ViaService,
                    ["ec2.us-west-2.amazonaws.com", "rds.us-west-2.amazonaws.com"],
                ),
        ),
    );

    check(
        1180,
        0,
        "kms:WrappingKeySpec",
        in_key_policy(
            Statement::allow()
                .principal(role("ExampleRole"))
                .action(actions::GetParametersForImport)
                .resource("*")
                .condition(
                    op::StringEquals,
                    keys::WrappingKeySpec,
                    values::WrappingKeySpec::Rsa4096,
                ),
        ),
    );

    assert!(checked >= 15, "{checked} examples rebuilt");
}

/// AWS's default key policy for a key with administrators and users (AWS KMS
/// Developer Guide, "Default key policy": the four statements of its
/// sections "Allows access to the AWS account and enables IAM policies",
/// "Allows key administrators to administer the KMS key", "Allows key users
/// to use the KMS key" with its external account, and "Allows key users to
/// use the KMS key with AWS services"), as `kms-lint/tests/scenarios` keeps
/// it, rebuilt with the builder: every wildcard the page writes
/// (`kms:Put*` and `kms:Revoke*` cover one action each) is a typed pattern.
#[test]
fn aws_default_key_policy_rebuilt() {
    let users = [
        "arn:aws:iam::111122223333:user/ExampleUser",
        "arn:aws:iam::111122223333:role/ExampleRole",
        "arn:aws:iam::444455556666:root",
    ];
    let policy = KeyPolicy::new()
        .id("key-default-1")
        .statement(
            Statement::allow()
                .sid("Enable IAM policies")
                .principal(Principal::aws("arn:aws:iam::111122223333:root"))
                .action(patterns::All)
                .resource("*"),
        )
        .statement(
            Statement::allow()
                .sid("Allow access for Key Administrators")
                .principal(Principal::aws_list([
                    "arn:aws:iam::111122223333:user/KMSAdminUser",
                    "arn:aws:iam::111122223333:role/KMSAdminRole",
                ]))
                .action(patterns::CreateStar)
                .action(patterns::DescribeStar)
                .action(patterns::EnableStar)
                .action(patterns::ListStar)
                .action(patterns::PutStar)
                .action(patterns::UpdateStar)
                .action(patterns::RevokeStar)
                .action(patterns::DisableStar)
                .action(patterns::GetStar)
                .action(patterns::DeleteStar)
                .action(actions::TagResource)
                .action(actions::UntagResource)
                .action(actions::ScheduleKeyDeletion)
                .action(actions::CancelKeyDeletion)
                .resource("*"),
        )
        .statement(
            Statement::allow()
                .sid("Allow use of the key")
                .principal(Principal::aws_list(users))
                .action(actions::Encrypt)
                .action(actions::Decrypt)
                .action(patterns::ReEncryptStar)
                .action(patterns::GenerateDataKeyStar)
                .action(actions::DescribeKey)
                .resource("*"),
        )
        .statement(
            Statement::allow()
                .sid("Allow attachment of persistent resources")
                .principal(Principal::aws_list(users))
                .action(actions::CreateGrant)
                .action(actions::ListGrants)
                .action(actions::RevokeGrant)
                .resource("*")
                .condition(op::Bool, keys::GrantIsForAWSResource, true),
        );
    let documented: Value = serde_json::from_str(include_str!(
        "../../kms-lint/tests/scenarios/default-key-policy.json"
    ))
    .unwrap();
    assert_eq!(policy.to_json(), documented);
    assert_eq!(policy.id_element(), Some("key-default-1"));
    // It reads back, Id and all.
    let back = KeyPolicy::from_json(&documented).unwrap();
    assert_eq!(back.to_json(), documented);
    // The single-action verbs are patterns over what they cover today.
    assert_eq!(
        kms_types::Action::matching("kms:Put*").collect::<Vec<_>>(),
        [kms_types::Action::PutKeyPolicy]
    );
}
