//! The reviewed copy `kms-types/generated/kms.rs` must be what the
//! workspace's `sources/` generate now.

use std::path::Path;

#[test]
fn checked_in_copy_is_fresh() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let generated =
        kms_codegen::generate_from_dir(&root.join("sources")).unwrap_or_else(|e| panic!("{e}"));
    let copy = std::fs::read_to_string(root.join(kms_codegen::CHECKED_IN_COPY)).unwrap_or_default();
    assert!(
        copy == generated.code,
        "{} is stale; run `{}` and review the diff",
        kms_codegen::CHECKED_IN_COPY,
        kms_codegen::REGENERATE_COMMAND
    );
}

#[test]
fn the_crate_is_built_from_the_same_code_when_built_from_the_seed() {
    if option_env!("KMS_SOURCES_DIR").is_some() {
        eprintln!("skipped: built from KMS_SOURCES_DIR");
        return;
    }
    let built = include_str!(concat!(env!("OUT_DIR"), "/kms.rs"));
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let copy = std::fs::read_to_string(root.join(kms_codegen::CHECKED_IN_COPY)).unwrap();
    assert_eq!(built, copy);
}
