// What must compile: every operator family on a key it fits, set operators
// on multi-valued keys, Null on any key, patterns and access levels, both
// orders of action and condition, IAM-only keys in identity policies.
use kms_types::policy::value::{Quoted, Timestamp};
use kms_types::policy::{arn, op, IdentityPolicy, KeyPolicy, Principal, Statement};
use kms_types::{access, actions, keys, patterns, values};

fn main() {
    let identity = IdentityPolicy::new()
        .statement(
            Statement::allow()
                .condition(op::StringEquals, keys::ViaService, "ec2.us-west-2.amazonaws.com")
                .action(actions::Decrypt)
                .action(patterns::ReEncryptStar)
                .resource(arn::key(arn::Partition::Aws, "us-west-2", "111122223333", "*").unwrap()),
        )
        .statement(
            Statement::allow()
                .action(actions::ImportKeyMaterial)
                .resource("*")
                .condition(op::NumericLessThanEquals, keys::ValidTo, 1546257599)
                .condition(op::DateLessThan, keys::ValidTo, Timestamp::parse("2030-01-01T00:00:00Z").unwrap()),
        )
        .statement(
            Statement::allow()
                .action(actions::GenerateDataKey)
                .resource("*")
                .condition(op::ForAnyValue(op::StringLike), keys::ResourceAliases, ["alias/*test*"])
                .condition(op::Null, keys::EncryptionContextKeys, false)
                // The path form people type is the same operator.
                .condition(op::ForAllValues::StringEquals, keys::EncryptionContextKeys, ["AppName"])
                .condition(op::ForAnyValue::StringLikeIfExists, keys::ResourceAliases, ["alias/app-*"])
                .condition(op::ArnLike, keys::EncryptionContext("aws:pi:service"), "arn:aws:rds:*"),
        )
        .statement(
            Statement::deny()
                .action(access::Tagging)
                .resource("*")
                .condition(op::StringEqualsIfExists, keys::CallerAccount, "111122223333"),
        )
        .statement(
            Statement::deny()
                .not_action(actions::ListKeys)
                .not_action(patterns::DescribeStar)
                .not_resource("arn:aws:kms:*:111122223333:key/*"),
        );
    let key_policy = KeyPolicy::new().statement(
        Statement::allow()
            .principal(Principal::aws("arn:aws:iam::111122223333:role/ExampleRole"))
            .action(actions::CreateGrant)
            .resource("*")
            .condition(op::Bool, keys::GrantIsForAWSResource, true)
            .condition(
                op::ForAllValues(op::StringEquals),
                keys::GrantOperations,
                [values::GrantOperation::Encrypt, values::GrantOperation::ReEncryptTo],
            ),
    );
    let _ = (identity.to_json(), key_policy.to_json());
    // Typed values: a closed set's enum under StringEquals, a pattern under
    // StringLike, integers (or quoted) for Numeric keys, bool for Bool.
    let _ = IdentityPolicy::new().statement(
        Statement::allow()
            .action(actions::CreateKey)
            .resource("*")
            .condition(op::StringEquals, keys::KeySpec, values::KeySpec::Rsa2048)
            .condition(op::StringLike, keys::KeyUsage, "SIGN_*")
            .condition(op::Bool, keys::MultiRegion, false),
    );
    let _ = IdentityPolicy::new().statement(
        Statement::allow()
            .action(actions::CreateKey)
            .resource("*")
            .condition(op::StringLike, keys::KeySpec, "RSA_*")
            .condition(op::StringNotEquals, keys::KeyOrigin, [values::OriginType::External, values::OriginType::AwsCloudhsm]),
    );
    let _ = IdentityPolicy::new().statement(
        Statement::allow()
            .action(actions::EnableKeyRotation)
            .resource("*")
            .condition(op::NumericLessThanEquals, keys::RotationPeriodInDays, [365])
            .condition(op::NumericGreaterThanEquals, keys::RotationPeriodInDays, Quoted(90)),
    );
    // From the Service Reference (2026-09-26), the newest document:
    // GetKeyLastUsage takes kms:ViaService; kms:TrailingDaysWithoutKeyUsage
    // is Numeric, for DisableKey and ScheduleKeyDeletion; the grant keys
    // for service principals are on CreateGrant.
    let _ = KeyPolicy::new().statement(
        Statement::allow()
            .principal(Principal::aws("arn:aws:iam::111122223333:root"))
            .action(actions::GetKeyLastUsage)
            .resource("*")
            .condition(op::StringEquals, keys::ViaService, "ec2.us-west-2.amazonaws.com"),
    );
    let _ = IdentityPolicy::new().statement(
        Statement::deny()
            .action(actions::ScheduleKeyDeletion)
            .action(actions::DisableKey)
            .resource("*")
            .condition(op::NumericLessThan, keys::TrailingDaysWithoutKeyUsage, 30)
            .condition(op::NumericGreaterThan, keys::TrailingDaysWithoutKeyUsage, [0]),
    );
    let _ = IdentityPolicy::new().statement(
        Statement::allow()
            .action(actions::CreateGrant)
            .resource("*")
            .condition(op::StringEquals, keys::GranteeServicePrincipal, "logs.amazonaws.com")
            .condition(op::StringEquals, keys::RetiringServicePrincipal, "logs.amazonaws.com")
            .condition(op::ArnLike, keys::GrantConstraintSourceArn, "arn:aws:logs:*:111122223333:*"),
    );
}
