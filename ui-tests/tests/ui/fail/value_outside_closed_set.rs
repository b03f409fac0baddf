// "RSA2048" is not a key spec (the KMS API spells it RSA_2048): a string
// does not compile where the key takes its `values::KeySpec` enum.
use kms_types::policy::{op, IdentityPolicy, Statement};
use kms_types::{actions, keys};

fn main() {
    let _ = IdentityPolicy::new().statement(
        Statement::allow()
            .action(actions::CreateKey)
            .resource("*")
            .condition(op::StringEquals, keys::KeySpec, "RSA2048"),
    );
}
