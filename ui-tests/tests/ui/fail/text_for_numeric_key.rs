// kms:RotationPeriodInDays is Numeric: "three weeks" is not a number.
use kms_types::policy::{op, IdentityPolicy, Statement};
use kms_types::{actions, keys};

fn main() {
    let _ = IdentityPolicy::new().statement(
        Statement::allow()
            .action(actions::EnableKeyRotation)
            .resource("*")
            .condition(op::NumericLessThanEquals, keys::RotationPeriodInDays, ["three weeks"]),
    );
}
