// kms:Generate* covers GenerateRandom, which takes no kms:ViaService: the
// error names GenerateRandom, the covered action that lacks the key.
use kms_types::policy::{op, IdentityPolicy, KeyPolicy, Principal, Statement};
use kms_types::{keys, patterns};

fn main() {
    let _ = IdentityPolicy::new().statement(
        Statement::allow()
            .action(patterns::GenerateStar)
            .resource("*")
            .condition(op::StringEquals, keys::ViaService, "ec2.us-west-2.amazonaws.com"),
    );
    // In a key policy: the same one error.
    let _ = KeyPolicy::new().statement(
        Statement::allow()
            .principal(Principal::aws("arn:aws:iam::111122223333:root"))
            .action(patterns::GenerateStar)
            .resource("*")
            .condition(op::StringEquals, keys::ViaService, "ec2.us-west-2.amazonaws.com"),
    );
}
