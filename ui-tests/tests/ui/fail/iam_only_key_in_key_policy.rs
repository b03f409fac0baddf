// kms:ResourceAliases is valid in IAM policies only.
use kms_types::policy::{op, KeyPolicy, Principal, Statement};
use kms_types::{actions, keys};

fn main() {
    let _ = KeyPolicy::new().statement(
        Statement::allow()
            .principal(Principal::aws("arn:aws:iam::111122223333:role/Developer"))
            .action(actions::GenerateDataKey)
            .resource("*")
            .condition(op::ForAnyValue(op::StringEquals), keys::ResourceAliases, "alias/finance-key"),
    );
}
