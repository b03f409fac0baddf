//! Type-level promises, pinned: `tests/ui/fail/*.rs` must fail to compile
//! with the checked-in `.stderr`, `tests/ui/pass/*.rs` must compile.
//! `TRYBUILD=overwrite cargo test -p kms-types --test compile` rewrites the
//! expectations (review the diff).
//!
//! The cases name the seed's actions and keys, so they run only on a crate
//! built from the seed sources.

#[test]
fn compile_time_checks() {
    if option_env!("KMS_SOURCES_DIR").is_some() {
        eprintln!("skipped: built from KMS_SOURCES_DIR, not the seed sources");
        return;
    }
    let cases = trybuild::TestCases::new();
    cases.pass("tests/ui/pass/*.rs");
    cases.compile_fail("tests/ui/fail/*.rs");
}
