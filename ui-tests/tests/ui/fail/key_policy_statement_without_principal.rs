// Key policy statements need a Principal.
use kms_types::actions;
use kms_types::policy::{KeyPolicy, Statement};

fn main() {
    let _ = KeyPolicy::new().statement(Statement::allow().action(actions::DescribeKey).resource("*"));
}
