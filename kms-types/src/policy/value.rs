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

/// A kind of value (`Self`: [`Text`], [`Number`], ...) takes `V` as the
/// value(s) of a condition on key `K`. Sealed: the kinds and their Rust
/// values are listed in [this module](self).
///
/// Each kind passes `V` to a trait of its own ([`TextValue`],
/// [`PatternValue`], [`NumberValue`], [`BooleanValue`], [`TimeValue`], and
/// one per closed set in [`crate::values::of`]), so a wrong value's error
/// is that trait's: what the key takes, with an example, and nothing about
/// other kinds. (The bound is on the kind, not on `V`, for that reason:
/// rustc reports the innermost unmet bound only when its type differs.)
pub trait Takes<K, V>: Sealed {
    /// The value(s) as IAM JSON: a scalar, or an array.
    fn value(values: V) -> Value;
}

/// Text for a String or ARN key: `&str`, `String`, arrays, slices and
/// `Vec`s of either, an [`Arn`](super::arn::Arn). Sealed.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not text, which condition key `{K}` takes with this operator",
    label = "write a string (`\"...\"`, `String`) or strings (`[\"a\", \"b\"]`, `&names[..]`, a `Vec`)",
    note = "text is `&str`, `String`, an array, slice or `Vec` of either, or a `policy::arn::Arn`"
)]
pub trait TextValue<K>: Sealed {
    /// The value(s) as IAM JSON.
    fn text_value(self) -> Value;
}

/// A string pattern (`...Like` operators): the same Rust values as
/// [`TextValue`], `*` and `?` matching. Sealed.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a string pattern, which condition key `{K}` takes with `StringLike`/`StringNotLike`",
    label = "write a pattern such as `\"RSA_*\"`, or an array of them",
    note = "patterns are `&str`, `String`, or an array, slice or `Vec` of either; `*` matches any run of characters, `?` one character"
)]
pub trait PatternValue<K>: Sealed {
    /// The value(s) as IAM JSON.
    fn pattern_value(self) -> Value;
}

/// An integer (`Numeric*` operators): `i32`, `i64`, `u32`, `u64`, arrays
/// of them, [`Quoted`]. Sealed.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an integer, which condition key `{K}` takes with `Numeric*` operators",
    label = "write an integer (`365`) or integers (`[7, 30]`)",
    note = "to write the number as a JSON string, as some AWS examples do, use `value::Quoted(365)`"
)]
pub trait NumberValue<K>: Sealed {
    /// The value(s) as IAM JSON.
    fn number_value(self) -> Value;
}

/// `true` or `false` (`Bool`; `Null`, where `true` means absent). Sealed.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not `true` or `false`, which condition key `{K}` takes with `Bool` and `Null`",
    label = "write `true` or `false`",
    note = "under `Null`, `true` means the key is absent from the request, `false` that it is present"
)]
pub trait BooleanValue<K>: Sealed {
    /// The value as IAM JSON.
    fn boolean_value(self) -> Value;
}

/// A date and time (`Date*` operators): a [`Timestamp`] or an array of
/// them. Sealed.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a `value::Timestamp`, which condition key `{K}` takes with `Date*` operators",
    label = "write `value::Timestamp::parse(\"2030-01-01T00:00:00Z\")?` or `value::Timestamp::epoch_seconds(1_900_000_000)`",
    note = "a timestamp is checked when it is made: RFC 3339 (`2030-01-01`, `2030-01-01T00:00:00Z`) or epoch seconds"
)]
pub trait TimeValue<K>: Sealed {
    /// The value(s) as IAM JSON.
    fn time_value(self) -> Value;
}

impl<K, V: TextValue<K>> Takes<K, V> for Text {
    fn value(values: V) -> Value {
        values.text_value()
    }
}
impl<K, V: PatternValue<K>> Takes<K, V> for Pattern {
    fn value(values: V) -> Value {
        values.pattern_value()
    }
}
impl<K, V: NumberValue<K>> Takes<K, V> for Number {
    fn value(values: V) -> Value {
        values.number_value()
    }
}
impl<K, V: BooleanValue<K>> Takes<K, V> for Boolean {
    fn value(values: V) -> Value {
        values.boolean_value()
    }
}
impl<K, V: TimeValue<K>> Takes<K, V> for Time {
    fn value(values: V) -> Value {
        values.time_value()
    }
}

/// A closed set's value(s) as IAM JSON: for the generated
/// `values::of` traits.
pub(crate) fn api_names<E: ApiValue>(values: impl IntoIterator<Item = E>) -> Value {
    values
        .into_iter()
        .map(|v| Value::from(v.api_name()))
        .collect()
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

macro_rules! strings {
    ($($trait:ident :: $method:ident),*) => {$(
        impl<K> $trait<K> for &str {
            fn $method(self) -> Value { Value::String(self.to_string()) }
        }
        impl<K> $trait<K> for String {
            fn $method(self) -> Value { Value::String(self) }
        }
        impl<K, S: AsRef<str>, const N: usize> $trait<K> for [S; N] {
            fn $method(self) -> Value { self.iter().map(|v| Value::from(v.as_ref())).collect() }
        }
        impl<K, S: AsRef<str>> $trait<K> for Vec<S> {
            fn $method(self) -> Value { self.iter().map(|v| Value::from(v.as_ref())).collect() }
        }
        impl<K, S: AsRef<str>> $trait<K> for &[S] {
            fn $method(self) -> Value { self.iter().map(|v| Value::from(v.as_ref())).collect() }
        }
    )*};
}
strings!(TextValue::text_value, PatternValue::pattern_value);

impl<K> TextValue<K> for super::arn::Arn {
    fn text_value(self) -> Value {
        Value::String(self.into())
    }
}

/// The impls of a closed set's `values::of` trait (the set's enum, arrays,
/// `Vec`s and slices of it) and the `Takes` impl that routes its kind
/// through that trait; the generated `values::of` module calls this once
/// per set, with the trait and the enum of the same name.
macro_rules! closed_set_values {
    ($set:ident) => {
        impl<K> $set<K> for super::$set {
            fn api_value(self) -> serde_json::Value {
                serde_json::Value::from(self.name())
            }
        }
        impl<K, const N: usize> $set<K> for [super::$set; N] {
            fn api_value(self) -> serde_json::Value {
                $crate::policy::value::api_names(self)
            }
        }
        impl<K> $set<K> for Vec<super::$set> {
            fn api_value(self) -> serde_json::Value {
                $crate::policy::value::api_names(self)
            }
        }
        impl<K> $set<K> for &[super::$set] {
            fn api_value(self) -> serde_json::Value {
                $crate::policy::value::api_names(self.iter().copied())
            }
        }
        impl<K, V: $set<K>> $crate::policy::value::Takes<K, V>
            for $crate::policy::value::Enumerated<super::$set>
        {
            fn value(values: V) -> serde_json::Value {
                $set::api_value(values)
            }
        }
    };
}
pub(crate) use closed_set_values;

macro_rules! numbers {
    ($($ty:ty),*) => {$(
        impl<K> NumberValue<K> for $ty {
            fn number_value(self) -> Value { Value::from(self) }
        }
        impl<K, const N: usize> NumberValue<K> for [$ty; N] {
            fn number_value(self) -> Value { self.iter().map(|v| Value::from(*v)).collect() }
        }
        impl<K> NumberValue<K> for Quoted<$ty> {
            fn number_value(self) -> Value { Value::String(self.0.to_string()) }
        }
    )*};
}
numbers!(i32, i64, u32, u64);

impl<K> BooleanValue<K> for bool {
    fn boolean_value(self) -> Value {
        Value::Bool(self)
    }
}

impl<K> TimeValue<K> for Timestamp {
    fn time_value(self) -> Value {
        self.0
    }
}
impl<K, const N: usize> TimeValue<K> for [Timestamp; N] {
    fn time_value(self) -> Value {
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
