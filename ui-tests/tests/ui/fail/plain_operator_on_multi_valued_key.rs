// kms:EncryptionContextKeys is multi-valued: it needs ForAnyValue/ForAllValues.
use kms_types::policy::{op, IdentityPolicy, Statement};
use kms_types::{actions, keys};

fn main() {
    let _ = IdentityPolicy::new().statement(
        Statement::allow()
            .action(actions::Encrypt)
            .resource("*")
            .condition(op::StringEquals, keys::EncryptionContextKeys, "AppName"),
    );
}
