// Typed requests are checked like statements: a context key the action's
// requests never carry, and a value of the wrong kind, do not compile.
use kms_types::authz::TypedRequest;
use kms_types::{actions, keys};

fn main() {
    // kms:ViaService is not in a ListKeys request.
    let _ = TypedRequest::new(actions::ListKeys).with(keys::ViaService, "s3.us-east-1.amazonaws.com");
    // kms:GrantIsForAWSResource is a Boolean: `true`, not "yes".
    let _ = TypedRequest::new(actions::CreateGrant).with(keys::GrantIsForAWSResource, "yes");
    // kms:EncryptionContextKeys is multi-valued: a list of names.
    let _ = TypedRequest::new(actions::Decrypt).with(keys::EncryptionContextKeys, "Department");
}
