use kms_types::actions;
use kms_types::policy::Statement;

fn main() {
    // IAM rejects a statement with both `Action` and `NotAction`.
    let _ = Statement::allow()
        .action(actions::Decrypt)
        .not_action(actions::ListKeys)
        .resource("*");
}
