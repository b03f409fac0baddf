// kms:MultiRegion is Boolean: Bool takes true or false, not "yes".
use kms_types::policy::{op, IdentityPolicy, Statement};
use kms_types::{actions, keys};

fn main() {
    let _ = IdentityPolicy::new().statement(
        Statement::allow()
            .action(actions::CreateKey)
            .resource("*")
            .condition(op::Bool, keys::MultiRegion, ["yes"]),
    );
}
