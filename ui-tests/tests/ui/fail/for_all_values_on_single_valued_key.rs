// AWS rejects ForAllValues on kms:EncryptionContext:* as OverlyPermissiveCondition.
use kms_types::policy::{op, IdentityPolicy, Statement};
use kms_types::{actions, keys};

fn main() {
    let _ = IdentityPolicy::new().statement(
        Statement::allow()
            .action(actions::Decrypt)
            .resource("*")
            .condition(op::ForAllValues(op::StringEquals), keys::EncryptionContext("Department"), "IT"),
    );
}
