//! Generates the KMS tables from `sources/` (or `$KMS_SOURCES_DIR`) into `OUT_DIR`.

use std::path::PathBuf;

fn main() {
    println!("cargo::rerun-if-env-changed=KMS_SOURCES_DIR");
    let sources = std::env::var_os("KMS_SOURCES_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            let manifest =
                std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
            let manifest = PathBuf::from(manifest);
            manifest.parent().unwrap_or(&manifest).join("sources")
        });
    println!("cargo::rerun-if-changed={}", sources.display());
    match kms_codegen::generate_from_dir(&sources) {
        Ok(generated) => {
            for warning in &generated.warnings {
                println!("cargo::warning={warning}");
            }
            let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
            if let Err(error) =
                kms_codegen::write_if_changed(&out.join(kms_codegen::OUT_FILE), &generated.code)
            {
                eprintln!("error: cannot write the generated code: {error}");
                std::process::exit(1);
            }
        }
        Err(error) => {
            eprint!("{error}");
            std::process::exit(1);
        }
    }
}
