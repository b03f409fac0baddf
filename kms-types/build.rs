//! Generates the KMS tables from the shipped `sources/` (or `$KMS_SOURCES_DIR`)
//! into `OUT_DIR`. Quiet on the shipped sources: their known quirks are
//! `kms-codegen report`'s business, not every dependent's.

use std::path::PathBuf;
use std::process::exit;

use kms_codegen::{Layout, OUT_FILE, generate_from_dir, write_if_changed};

fn main() {
    println!("cargo::rerun-if-env-changed=KMS_SOURCES_DIR");
    // Tests that assert facts of the shipped sources are ignored, with that
    // reason, when the crate is built from other documents.
    println!("cargo::rustc-check-cfg=cfg(kms_custom_sources)");
    let (sources, overridden) = match std::env::var_os("KMS_SOURCES_DIR") {
        Some(dir) => (overridden_dir(PathBuf::from(dir)), true),
        None => (
            PathBuf::from(env("CARGO_MANIFEST_DIR")).join("sources"),
            false,
        ),
    };
    println!("cargo::rerun-if-changed={}", sources.display());
    let generated = match generate_from_dir(&sources, Layout::Compact) {
        Ok(generated) => generated,
        Err(error) => {
            eprint!("{error}");
            exit(1);
        }
    };
    if overridden {
        println!("cargo::rustc-cfg=kms_custom_sources");
        // Whoever builds the final binary has changed the public API of a
        // library: say so once, with what it was built from.
        let digests: Vec<String> = generated
            .sources
            .iter()
            .map(|s| format!("{} {}", s.path, s.sha256))
            .collect();
        // The same one warning says whether the action list lags the API.
        let stale = match &generated.staleness {
            Some(s) if !s.operations_without_action.is_empty() => format!(
                "; the KMS API has {} operation(s) with no IAM action: {}",
                s.operations_without_action.len(),
                s.operations_without_action.join(", ")
            ),
            _ => String::new(),
        };
        println!(
            "cargo::warning=kms-types is generated from KMS_SOURCES_DIR={} ({}), not from the sources it ships{stale}",
            sources.display(),
            digests.join(", ")
        );
    }
    if let Err(error) = write_if_changed(
        &PathBuf::from(env("OUT_DIR")).join(OUT_FILE),
        &generated.code,
    ) {
        eprintln!("error: cannot write the generated code: {error}");
        exit(1);
    }
}

/// `KMS_SOURCES_DIR` must be absolute: a build script runs in the package's
/// directory and cannot know the one cargo was started in.
fn overridden_dir(dir: PathBuf) -> PathBuf {
    if dir.is_absolute() {
        return dir;
    }
    eprintln!(
        "error: KMS_SOURCES_DIR=`{}` is a relative path\n  = note: a build script runs in the package's directory and cannot tell which directory cargo was started in\n  = help: give an absolute path, e.g. KMS_SOURCES_DIR=\"$PWD/{}\"",
        dir.display(),
        dir.display()
    );
    exit(1);
}

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        eprintln!("error: cargo did not set {name} for the build script");
        exit(1);
    })
}
