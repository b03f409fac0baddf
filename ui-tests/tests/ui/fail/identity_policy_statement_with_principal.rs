// Identity-based policies have no Principal.
use kms_types::actions;
use kms_types::policy::{IdentityPolicy, Principal, Statement};

fn main() {
    let _ = IdentityPolicy::new().statement(
        Statement::allow()
            .principal(Principal::any())
            .action(actions::DescribeKey)
            .resource("*"),
    );
}
