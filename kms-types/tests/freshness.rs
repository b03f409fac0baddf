//! The reviewed copy `kms-types/generated/kms.rs` must be what the shipped
//! `sources/` generate now.

use std::path::Path;

use kms_codegen::Layout;

fn package(relative: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

#[test]
fn checked_in_copy_is_fresh() {
    let generated = kms_codegen::generate_from_dir(&package("sources"), Layout::Formatted)
        .unwrap_or_else(|e| panic!("{e}"));
    let copy = std::fs::read_to_string(package("generated/kms.rs")).unwrap_or_default();
    assert!(
        copy == generated.code,
        "{} is stale; run `{}` and review the diff",
        kms_codegen::CHECKED_IN_COPY,
        kms_codegen::REGENERATE_COMMAND
    );
}

#[test]
#[cfg_attr(
    kms_custom_sources,
    ignore = "built from KMS_SOURCES_DIR: asserts facts of the shipped sources"
)]
fn the_crate_is_built_from_the_same_model_as_the_reviewed_copy() {
    // build.rs compiles the compact layout; the reviewed copy is formatted.
    // Same header (same digests), same tokens.
    let built = include_str!(concat!(env!("OUT_DIR"), "/kms.rs"));
    let compact = kms_codegen::generate_from_dir(&package("sources"), Layout::Compact)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(built, compact.code);
    let copy = std::fs::read_to_string(package("generated/kms.rs")).unwrap();
    let header = |code: &str| code[..code.find("\n\n").unwrap()].to_string();
    assert_eq!(header(built), header(&copy));
}
