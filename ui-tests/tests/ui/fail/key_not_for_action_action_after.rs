// The same mistake with the action added after the condition.
use kms_types::policy::{op, IdentityPolicy, Statement};
use kms_types::{actions, keys, values};

fn main() {
    let _ = IdentityPolicy::new().statement(
        Statement::allow()
            .condition(op::StringEquals, keys::EncryptionAlgorithm, values::EncryptionAlgorithmSpec::SymmetricDefault)
            .action(actions::Decrypt)
            .action(actions::CreateAlias)
            .resource("*"),
    );
}
