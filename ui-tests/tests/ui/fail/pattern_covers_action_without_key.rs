// kms:Generate* covers GenerateRandom, which takes no kms:ViaService.
use kms_types::policy::{op, IdentityPolicy, Statement};
use kms_types::{keys, patterns};

fn main() {
    let _ = IdentityPolicy::new().statement(
        Statement::allow()
            .action(patterns::GenerateStar)
            .resource("*")
            .condition(op::StringEquals, keys::ViaService, "ec2.us-west-2.amazonaws.com"),
    );
}
