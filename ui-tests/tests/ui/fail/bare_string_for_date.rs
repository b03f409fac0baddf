// Date operators take a `value::Timestamp` (checked when parsed), not a bare string.
use kms_types::policy::{op, IdentityPolicy, Statement};
use kms_types::{actions, keys};

fn main() {
    let _ = IdentityPolicy::new().statement(
        Statement::allow()
            .action(actions::ImportKeyMaterial)
            .resource("*")
            .condition(op::DateLessThan, keys::ValidTo, "2030-01-01T00:00:00Z"),
    );
}
