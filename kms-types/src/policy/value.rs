//! What a condition's values may be, by key and operator: the compiler
//! checks them as it checks keys and operators.
//!
//! Each (operator, key) pair takes one *kind* of value
//! ([`OperatorFor::Value`](super::OperatorFor::Value)):
//!
//! | operator | key | kind | Rust values |
//! |---|---|---|---|
//! | `StringEquals`, `StringNotEquals` (and `IgnoreCase`, `IfExists`) | a key with a closed set (`kms:KeySpec`) | [`Enumerated<E>`] | its [`crate::values`] enum: `values::KeySpec::Rsa2048`, arrays and `Vec`s of them |
//! | the same | any other String key | [`Text`] | `&str`, `String`, arrays, slices and `Vec`s of either (so values built at run time: `[format!(..), ..]`, `&names[..]`, `iter.collect::<Vec<_>>()`), an [`Arn`](super::arn::Arn) |
//! | `StringLike`, `StringNotLike` | any String key | [`Pattern`] | a string pattern (`"RSA_*"`), arrays, slices and `Vec`s of them |
//! | `Arn*` | String and ARN keys | [`Text`] | as for text |
//! | `Numeric*` | Numeric and Timestamp (epoch seconds) keys | [`Number`] | integers (`365`), arrays of them, [`Quoted`] to write one as a JSON string |
//! | `Date*` | Timestamp keys | [`Time`] | [`Timestamp`] |
//! | `Bool` | Boolean keys | [`Boolean`] | `true` / `false` |
//! | `Null` | any key | [`Boolean`] | `true` (absent) / `false` (present) |
//!
//! `ForAnyValue(..)`/`ForAllValues(..)` take what their operator takes.
//! The wrong kind does not compile, with a message that names the key:
//!
//! ```compile_fail
//! use kms_types::policy::{op, Statement};
//! use kms_types::{actions, keys};
//! // `RSA2048` is not a key spec: the KMS API spells it RSA_2048.
//! let _ = Statement::allow().action(actions::CreateKey).resource("*")
//!     .condition(op::StringEquals, keys::KeySpec, "RSA2048");
//! ```
//!
//! ```
//! use kms_types::policy::{op, Statement};
//! use kms_types::{actions, keys, values};
//! let _ = Statement::allow().action(actions::CreateKey).resource("*")
//!     .condition(op::StringEquals, keys::KeySpec, [values::KeySpec::Rsa2048])
//!     .condition(op::StringLike, keys::KeySpec, "RSA_*");
//! ```

use core::marker::PhantomData;
use std::fmt;

use serde_json::Value;

use super::sealed::Sealed;

/// Free text: a String key without a closed set.
#[derive(Debug, Clone, Copy)]
pub enum Text {}
/// A string pattern with `*` and `?` (`...Like` operators).
#[derive(Debug, Clone, Copy)]
pub enum Pattern {}
/// A value of a closed set: the [`crate::values`] enum `E`.
#[derive(Debug, Clone, Copy)]
pub struct Enumerated<E>(PhantomData<fn() -> E>);
/// An integer (`Numeric*` operators).
#[derive(Debug, Clone, Copy)]
pub enum Number {}
/// `true` or `false` (`Bool`, `Null`).
#[derive(Debug, Clone, Copy)]
pub enum Boolean {}
/// A date and time (`Date*` operators): a [`Timestamp`].
#[derive(Debug, Clone, Copy)]
pub enum Time {}

/// A value of a closed set: implemented by the [`crate::values`] enums.
/// Sealed.
pub trait ApiValue: Sealed + Copy {
    /// The value as the KMS API spells it (`RSA_2048`).
    fn api_name(self) -> &'static str;
}

/// `Self` can be the value(s) of a condition on key `K` that takes `Kind`.
/// Sealed: the kinds and their Rust values are listed in [this module](self).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a value for condition key `{K}` with this operator",
    label = "this condition takes `{Kind}`",
    note = "a key with a closed set takes its `values::` enum under `...Equals` operators (`[values::KeySpec::Rsa2048]`, not \"RSA2048\"); use `op::StringLike` for a pattern (\"RSA_*\")",
    note = "Numeric keys take integers (`[365]`, or `value::Quoted(365)` to write \"365\"); Boolean keys and `Null` take `true`/`false`; `Date*` operators take a `value::Timestamp`; other String keys take strings"
)]
pub trait ValueFor<K, Kind>: Sealed {
    /// The value(s) as IAM JSON: a scalar, or an array.
    fn into_value(self) -> Value;
}

/// A number written as a JSON string (`"180"`), as AWS's own examples
/// often do; IAM reads both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quoted<T>(pub T);

/// A date and time as IAM's `Date*` operators take it: RFC 3339 / ISO 8601
/// (`2030-01-01T00:00:00Z`) or epoch seconds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timestamp(Value);

/// Text that is not a date and time IAM reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimestampError {
    /// The text given.
    pub input: String,
}

impl fmt::Display for TimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` is not a date and time IAM reads: use 2030-01-01, 2030-01-01T00:00:00Z or 2030-01-01T00:00:00+02:00",
            self.input
        )
    }
}

impl std::error::Error for TimestampError {}

impl Timestamp {
    /// Seconds since 1970-01-01T00:00:00Z, written as a JSON number.
    pub fn epoch_seconds(seconds: i64) -> Timestamp {
        Timestamp(Value::from(seconds))
    }

    /// As text: the date-time as written, or the epoch seconds.
    pub(crate) fn text(&self) -> String {
        match &self.0 {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        }
    }

    /// A date (`2030-01-01`) or a date and time (`2030-01-01T00:00:00Z`,
    /// with optional seconds, fraction and a zone `Z` or `±hh:mm`), read
    /// by the same rule the evaluator compares `Date*` values with
    /// ([`crate::rules::condition::parse_time`]); epoch seconds are
    /// [`Timestamp::epoch_seconds`].
    pub fn parse(text: &str) -> Result<Timestamp, TimestampError> {
        let epoch = text.trim().parse::<f64>().is_ok();
        let trimmed = text.trim() == text;
        if trimmed && !epoch && kms_iam_rules::condition::parse_time(text).is_some() {
            Ok(Timestamp(Value::String(text.to_string())))
        } else {
            Err(TimestampError {
                input: text.to_string(),
            })
        }
    }
}

macro_rules! sealed {
    ($($ty:ty),*) => {$(impl Sealed for $ty {})*};
}
sealed!(
    Text, Pattern, Number, Boolean, Time, &str, String, bool, i32, i64, u32, u64, Timestamp
);
impl<E> Sealed for Enumerated<E> {}
impl<T> Sealed for Quoted<T> {}
impl<T, const N: usize> Sealed for [T; N] {}
impl<T> Sealed for Vec<T> {}
impl<T> Sealed for &[T] {}
impl Sealed for super::arn::Arn {}

macro_rules! text_values {
    ($($kind:ty),*) => {$(
        impl<K> ValueFor<K, $kind> for &str {
            fn into_value(self) -> Value { Value::String(self.to_string()) }
        }
        impl<K> ValueFor<K, $kind> for String {
            fn into_value(self) -> Value { Value::String(self) }
        }
        impl<K, S: AsRef<str>, const N: usize> ValueFor<K, $kind> for [S; N] {
            fn into_value(self) -> Value { self.iter().map(|v| Value::from(v.as_ref())).collect() }
        }
        impl<K, S: AsRef<str>> ValueFor<K, $kind> for Vec<S> {
            fn into_value(self) -> Value { self.iter().map(|v| Value::from(v.as_ref())).collect() }
        }
        impl<K, S: AsRef<str>> ValueFor<K, $kind> for &[S] {
            fn into_value(self) -> Value { self.iter().map(|v| Value::from(v.as_ref())).collect() }
        }
    )*};
}
text_values!(Text, Pattern);

impl<K> ValueFor<K, Text> for super::arn::Arn {
    fn into_value(self) -> Value {
        Value::String(self.into())
    }
}

impl<K, E: ApiValue> ValueFor<K, Enumerated<E>> for E {
    fn into_value(self) -> Value {
        Value::from(self.api_name())
    }
}
impl<K, E: ApiValue, const N: usize> ValueFor<K, Enumerated<E>> for [E; N] {
    fn into_value(self) -> Value {
        self.iter().map(|v| Value::from(v.api_name())).collect()
    }
}
impl<K, E: ApiValue> ValueFor<K, Enumerated<E>> for Vec<E> {
    fn into_value(self) -> Value {
        self.iter().map(|v| Value::from(v.api_name())).collect()
    }
}

macro_rules! numbers {
    ($($ty:ty),*) => {$(
        impl<K> ValueFor<K, Number> for $ty {
            fn into_value(self) -> Value { Value::from(self) }
        }
        impl<K, const N: usize> ValueFor<K, Number> for [$ty; N] {
            fn into_value(self) -> Value { self.iter().map(|v| Value::from(*v)).collect() }
        }
        impl<K> ValueFor<K, Number> for Quoted<$ty> {
            fn into_value(self) -> Value { Value::String(self.0.to_string()) }
        }
    )*};
}
numbers!(i32, i64, u32, u64);

impl<K> ValueFor<K, Boolean> for bool {
    fn into_value(self) -> Value {
        Value::Bool(self)
    }
}

impl<K> ValueFor<K, Time> for Timestamp {
    fn into_value(self) -> Value {
        self.0
    }
}
impl<K, const N: usize> ValueFor<K, Time> for [Timestamp; N] {
    fn into_value(self) -> Value {
        self.into_iter().map(|t| t.0).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps() {
        for ok in [
            "2030-01-01",
            "2030-01-01T00:00:00Z",
            "2030-12-31T23:59:60.123Z",
            "2030-01-01T00:00:00+02:00",
            "2030-01-01T00:00:00-05:30",
        ] {
            assert!(Timestamp::parse(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "three weeks",
            "2030-13-01",
            "2030-01-01T25:00:00Z",
            "2030-01-01T00:00:00",
            "2030-1-1",
            "2030-01-01T00:00Z",
            "2030-01-01T00:00:00.Z",
            "2030-01-01T00:00:00+2:00",
        ] {
            assert!(Timestamp::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            Timestamp::epoch_seconds(1_700_000_000).0,
            Value::from(1_700_000_000)
        );
    }
}
