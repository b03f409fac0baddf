// kms:RotationPeriodInDays is Numeric: Bool does not fit.
use kms_types::policy::{op, IdentityPolicy, Statement};
use kms_types::{actions, keys};

fn main() {
    let _ = IdentityPolicy::new().statement(
        Statement::deny()
            .action(actions::EnableKeyRotation)
            .resource("*")
            .condition(op::Bool, keys::RotationPeriodInDays, true),
    );
}
