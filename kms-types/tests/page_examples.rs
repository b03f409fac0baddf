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
