//! The readers: each document's bytes into located facts, one module per
//! document. Every JSON document goes through the one strict reader
//! (`strict`): unknown members, wrong types, duplicate names and truncated
//! text are errors at file:line:col, never a panic and never a silently
//! wrong fact. No reader knows about another document; the passes of
//! [`crate::reconcile`] put their facts together.

pub mod api_enums;
pub mod api_operations;
pub mod condition_keys;
pub mod policy_sentry;
pub mod policy_sentry_json;
pub mod service_reference;
pub(crate) mod strict;
