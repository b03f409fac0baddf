//! Nothing but a home for `tests/compile.rs`: trybuild builds its cases
//! against this crate's dev-dependencies, so they are kms-types alone.
#![deny(missing_docs)]
