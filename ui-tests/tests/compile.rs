//! Type-level promises, pinned: `tests/ui/fail/*.rs` must fail to compile
//! with the checked-in `.stderr`, `tests/ui/pass/*.rs` must compile.
//! `TRYBUILD=overwrite cargo test -p kms-types-ui-tests --test compile` rewrites the
//! expectations (review the diff).
//!
//! The cases name the seed's actions and keys, so they run only on a crate
//! built from the seed sources.

#[test]
#[cfg_attr(
    kms_custom_sources,
    ignore = "built from KMS_SOURCES_DIR: asserts facts of the shipped sources"
)]
fn compile_time_checks() {
    let cases = trybuild::TestCases::new();
    cases.pass("tests/ui/pass/*.rs");
    cases.compile_fail("tests/ui/fail/*.rs");
}
