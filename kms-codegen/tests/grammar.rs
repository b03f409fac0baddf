//! Names follow IAM's grammar, not KMS's habits: a fixture (the seed
//! Policy Sentry page plus an action `connect`, in lower case, taking the
//! key `cognito-identity.amazonaws.com:amr`, whose prefix has dots) reads,
//! reconciles and generates valid Rust.

use std::path::Path;

use kms_codegen::{Layout, generate_from_dir};

fn fixture() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/iam-grammar")
}

#[test]
fn lower_case_actions_and_dotted_key_prefixes_are_read() {
    let spec = kms_spec::load(&fixture()).unwrap_or_else(|f| panic!("{}", f.render()));
    assert_eq!(spec.actions.len(), 48);
    let connect = spec.action("connect").expect("the lower-case action");
    let key = &connect.condition_keys[0];
    assert_eq!(key.key, "cognito-identity.amazonaws.com:amr");
    let parsed = &spec
        .condition_key("cognito-identity.amazonaws.com:amr")
        .unwrap()
        .parsed;
    assert_eq!(parsed.prefix, "cognito-identity.amazonaws.com");
    // No source types it: kept, reported, not dropped.
    assert!(spec.report.diagnostics.iter().any(|d| {
        d.message
            .contains("`cognito-identity.amazonaws.com:amr` is typed by no source")
    }));
}

#[test]
fn they_generate_valid_rust() {
    // The formatted layout parses the code with syn: it is valid Rust.
    let generated =
        generate_from_dir(&fixture(), Layout::Formatted).unwrap_or_else(|e| panic!("{e}"));
    assert!(generated.code.contains("Connect"), "the action variant");
    assert!(
        generated.code.contains("\"kms:connect\""),
        "the IAM name as written"
    );
    assert!(generated.code.contains("CognitoIdentityAmazonawsComAmr"));
    assert!(
        generated
            .code
            .contains("\"cognito-identity.amazonaws.com:amr\"")
    );
}
