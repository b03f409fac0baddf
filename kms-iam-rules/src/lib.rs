//! The IAM policy rules that are not KMS data, written once.
//!
//! Every consumer in the workspace reads these rules; none keeps a copy:
//!
//! - the generator (`kms-codegen`) judges the typed API with [`fit`] and
//!   [`KeyType`];
//! - the compile-time builder (`kms_types::policy::op`) generates its
//!   operator types and `Fits` impls from [`for_each_operator_family!`];
//! - the linter (`kms_types::lint`) parses operators with
//!   [`Operator::parse`], judges them with [`fit`], states the effect of an
//!   absent key with [`absent`] and checks the grammar with [`grammar`];
//! - the policy reader (`IdentityPolicy::from_json`) accepts exactly the
//!   elements of [`grammar`].
//!
//! ```
//! use kms_iam_rules::{Family, Fit, KeyType, Operator, fit};
//!
//! let op = Operator::parse("ForAnyValue:StringLikeIfExists").unwrap();
//! assert_eq!(op.family(), Family::String);
//! assert!(op.if_exists);
//! assert_eq!(fit(op.family(), KeyType::Numeric, op.base()).is_fit(), false);
//! assert!(matches!(fit(Family::Numeric, KeyType::Timestamp, "NumericLessThan"), Fit::Fits));
//! ```
#![deny(missing_docs)]

pub mod absent;
pub mod action_name;
pub mod condition;
pub mod grammar;
pub mod key_name;
mod operator;

pub use operator::{
    FAMILY_FITS, Family, Fit, KeyType, OPERATORS, Operator, OperatorDef, Qualifier, ValueKind, fit,
};

/// Calls `$callback!` with IAM's condition operators, family by family:
/// the one list the operator tables of this crate, the builder's operator
/// types and `Fits` impls, and the generator's view of them come from.
///
/// Each row is `Family => [(Base, BaseIfExists), ...] fits [KeyType, ...]
/// values kind;`: the operators of a family that take the same kind of
/// value (`equals`, `pattern`, `text`, `number`, `time`, `boolean`,
/// `binary`, `ip`), each with its `...IfExists` form, and the key types
/// ([`KeyType`] variants) the family fits. An untyped key takes every
/// family. `Null` (which has no `IfExists` form and fits every key) is the
/// last row, `Null => [Null] fits any values boolean;`.
#[macro_export]
macro_rules! for_each_operator_family {
    ($callback:ident) => {
        $callback! {
            String => [
                (StringEquals, StringEqualsIfExists),
                (StringNotEquals, StringNotEqualsIfExists),
                (StringEqualsIgnoreCase, StringEqualsIgnoreCaseIfExists),
                (StringNotEqualsIgnoreCase, StringNotEqualsIgnoreCaseIfExists),
            ] fits [String, Arn] values equals;
            String => [
                (StringLike, StringLikeIfExists),
                (StringNotLike, StringNotLikeIfExists),
            ] fits [String, Arn] values pattern;
            Arn => [
                (ArnEquals, ArnEqualsIfExists),
                (ArnNotEquals, ArnNotEqualsIfExists),
                (ArnLike, ArnLikeIfExists),
                (ArnNotLike, ArnNotLikeIfExists),
            ] fits [String, Arn] values text;
            Numeric => [
                (NumericEquals, NumericEqualsIfExists),
                (NumericNotEquals, NumericNotEqualsIfExists),
                (NumericLessThan, NumericLessThanIfExists),
                (NumericLessThanEquals, NumericLessThanEqualsIfExists),
                (NumericGreaterThan, NumericGreaterThanIfExists),
                (NumericGreaterThanEquals, NumericGreaterThanEqualsIfExists),
            ] fits [Numeric, Timestamp] values number;
            Date => [
                (DateEquals, DateEqualsIfExists),
                (DateNotEquals, DateNotEqualsIfExists),
                (DateLessThan, DateLessThanIfExists),
                (DateLessThanEquals, DateLessThanEqualsIfExists),
                (DateGreaterThan, DateGreaterThanIfExists),
                (DateGreaterThanEquals, DateGreaterThanEqualsIfExists),
            ] fits [Timestamp] values time;
            Bool => [(Bool, BoolIfExists)] fits [Boolean] values boolean;
            Binary => [(BinaryEquals, BinaryEqualsIfExists)] fits [] values binary;
            IpAddress => [
                (IpAddress, IpAddressIfExists),
                (NotIpAddress, NotIpAddressIfExists),
            ] fits [] values ip;
            Null => [Null] fits any values boolean;
        }
    };
}
