//! Marks a build from other documents than the shipped ones, as
//! kms-types' build script does: the cases name the shipped actions and keys.

fn main() {
    println!("cargo::rerun-if-env-changed=KMS_SOURCES_DIR");
    println!("cargo::rustc-check-cfg=cfg(kms_custom_sources)");
    if std::env::var_os("KMS_SOURCES_DIR").is_some() {
        println!("cargo::rustc-cfg=kms_custom_sources");
    }
}
