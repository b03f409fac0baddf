// kms:KeySpec is a String key: NumericLessThan does not fit.
use kms_types::policy::{op, IdentityPolicy, Statement};
use kms_types::{actions, keys};

fn main() {
    let _ = IdentityPolicy::new().statement(
        Statement::allow()
            .action(actions::CreateKey)
            .resource("*")
            .condition(op::NumericLessThan, keys::KeySpec, 4096),
    );
}
