// `access::Write` covers custom key store actions, which take no
// `kms:KeyOrigin`; in a key policy this is one error, naming the access
// level (a set of over 16 actions has one impl per key all its members
// accept, so the error names the set rather than each member).
use kms_types::policy::{op, KeyPolicy, Principal, Statement};
use kms_types::{access, keys, values};

fn main() {
    let _ = KeyPolicy::new().statement(
        Statement::allow()
            .principal(Principal::aws("arn:aws:iam::111122223333:root"))
            .action(access::Write)
            .resource("*")
            .condition(op::StringEquals, keys::KeyOrigin, values::OriginType::AwsKms),
    );
}
