// `.action` takes a typed action set, not the `Action` enum or a string.
use kms_types::Action;
use kms_types::policy::Statement;

fn main() {
    let _ = Statement::allow().action(Action::Decrypt);
    let _ = Statement::allow().action("kms:Decrypt");
}
