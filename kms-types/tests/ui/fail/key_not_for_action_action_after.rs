// The same mistake with the action added after the condition.
use kms_types::policy::{op, IdentityPolicy, Statement};
use kms_types::{actions, keys};

fn main() {
    let _ = IdentityPolicy::new().statement(
        Statement::allow()
            .condition(op::StringEquals, keys::EncryptionAlgorithm, "SYMMETRIC_DEFAULT")
            .action(actions::Decrypt)
            .action(actions::CreateAlias)
            .resource("*"),
    );
}
