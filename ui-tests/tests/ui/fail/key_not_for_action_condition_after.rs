// kms:ViaService does not apply to ListKeys (no key resource): the condition comes second.
use kms_types::policy::{op, IdentityPolicy, Statement};
use kms_types::{actions, keys};

fn main() {
    let _ = IdentityPolicy::new().statement(
        Statement::allow()
            .action(actions::ListKeys)
            .resource("*")
            .condition(op::StringEquals, keys::ViaService, "ec2.us-west-2.amazonaws.com"),
    );
}
