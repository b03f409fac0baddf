// kms:ViaService does not apply to ListKeys (no key resource): the condition comes second.
use kms_types::policy::{op, IdentityPolicy, KeyPolicy, Principal, Statement};
use kms_types::{actions, keys};

fn main() {
    let _ = IdentityPolicy::new().statement(
        Statement::allow()
            .action(actions::ListKeys)
            .resource("*")
            .condition(op::StringEquals, keys::ViaService, "ec2.us-west-2.amazonaws.com"),
    );
    // The same mistake in a key policy is one error, not a second one
    // claiming the key is for IAM policies only.
    let _ = KeyPolicy::new().statement(
        Statement::allow()
            .principal(Principal::aws("arn:aws:iam::111122223333:root"))
            .action(actions::ListKeys)
            .resource("*")
            .condition(op::StringEquals, keys::EncryptionContext("Department"), "IT"),
    );
    let _ = KeyPolicy::new().statement(
        Statement::allow()
            .principal(Principal::aws("arn:aws:iam::111122223333:root"))
            .action(actions::Decrypt)
            .resource("*")
            .condition(op::Bool, keys::GrantIsForAWSResource, true),
    );
}
