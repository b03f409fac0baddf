// A string where the key takes its `values::` enum does not compile, and
// the error lists the enum's variants with the KMS API's spelling of each,
// so the fix can be read off it:
// - "RSA2048" is not a key spec (the KMS API spells it RSA_2048):
//   `values::KeySpec::Rsa2048`;
// - "ECDSA_SHA_256" is the right spelling, but still a string:
//   `values::SigningAlgorithmSpec::EcdsaSha256`.
use kms_types::policy::{op, IdentityPolicy, Statement};
use kms_types::{actions, keys};

fn main() {
    let _ = IdentityPolicy::new().statement(
        Statement::allow()
            .action(actions::CreateKey)
            .resource("*")
            .condition(op::StringEquals, keys::KeySpec, "RSA2048"),
    );
    let _ = IdentityPolicy::new().statement(
        Statement::allow()
            .action(actions::Sign)
            .resource("*")
            .condition(op::StringEquals, keys::SigningAlgorithm, ["ECDSA_SHA_256"]),
    );
}
