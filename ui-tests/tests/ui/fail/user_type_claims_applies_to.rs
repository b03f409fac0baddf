// The checks are sealed: a user type cannot claim that kms:ViaService
// applies to it, so it cannot smuggle the key past ListKeys either.
use kms_types::keys;
use kms_types::policy::AppliesTo;

struct MyActions;

impl AppliesTo<keys::ViaService> for MyActions {}

fn main() {}
