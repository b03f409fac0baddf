// kms:ViaService is single-valued: ForAnyValue does not fit.
use kms_types::policy::{op, IdentityPolicy, Statement};
use kms_types::{actions, keys};

fn main() {
    let _ = IdentityPolicy::new().statement(
        Statement::allow()
            .action(actions::Encrypt)
            .resource("*")
            .condition(op::ForAnyValue(op::StringEquals), keys::ViaService, ["s3.us-east-1.amazonaws.com"]),
    );
}
