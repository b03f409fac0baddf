// kms:GrantIsForAWSResource is Boolean: StringEquals does not fit.
use kms_types::policy::{op, KeyPolicy, Principal, Statement};
use kms_types::{actions, keys};

fn main() {
    let _ = KeyPolicy::new().statement(
        Statement::allow()
            .principal(Principal::aws("arn:aws:iam::111122223333:role/ExampleRole"))
            .action(actions::CreateGrant)
            .resource("*")
            .condition(op::StringEquals, keys::GrantIsForAWSResource, "true"),
    );
}
