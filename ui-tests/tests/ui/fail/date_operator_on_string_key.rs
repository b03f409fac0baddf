// kms:ExpirationModel is a String key: DateLessThan does not fit.
use kms_types::policy::value::Timestamp;
use kms_types::policy::{op, IdentityPolicy, Statement};
use kms_types::{actions, keys};

fn main() {
    let _ = IdentityPolicy::new().statement(
        Statement::allow()
            .action(actions::ImportKeyMaterial)
            .resource("*")
            .condition(op::DateLessThan, keys::ExpirationModel, Timestamp::parse("2030-01-01T00:00:00Z").unwrap()),
    );
}
