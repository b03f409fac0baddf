//! Condition operators as types.
//!
//! Each operator belongs to a family (String, Arn, Numeric, Date, Bool);
//! [`Fits<T>`] says which key types ([`super::types`]) a family fits.
//! `...IfExists` forms fit where their base fits. [`Null`] fits every key.
//! [`ForAnyValue`] and [`ForAllValues`] wrap an operator for multi-valued keys.

use super::sealed::Sealed;
use super::types::{self, TakesPlainOperators, TakesSetOperators};
use super::{ConditionKeyType, OperatorFor, value};

/// The kind of value the operator named `base` (without `ForAnyValue:`/
/// `ForAllValues:`) takes, from [`OPERATOR_VALUE_KINDS`].
pub fn value_kind(base: &str) -> Option<&'static str> {
    OPERATOR_VALUE_KINDS
        .iter()
        .find(|(name, _)| *name == base)
        .map(|(_, kind)| *kind)
}

/// The kind of value an operator takes on key `K`, whatever the key's
/// multiplicity (`ForAnyValue(op)` takes what `op` takes). Sealed.
pub trait ValueKind<K>: Sealed {
    /// A [`value`] kind marker.
    type Value;
}

/// A condition operator: its name in the policy. Sealed.
pub trait Operator: Sealed {
    /// The name written into `Condition` (`StringEquals`, `ForAnyValue:StringLike`).
    fn name(&self) -> String;
}

/// The operator's family fits key type `T`.
#[diagnostic::on_unimplemented(
    message = "operator `{Self}` does not fit a condition key of type `{T}`",
    label = "wrong operator family for this key's type",
    note = "String keys take String*/Arn* operators; Numeric keys Numeric*; Timestamp keys Date* or Numeric* (epoch seconds); Boolean keys Bool; ARN keys Arn*/String*; any key takes Null",
    note = "the key's type is in its docs and in `ConditionKey::condition_type()`"
)]
pub trait Fits<T>: Sealed {}

macro_rules! fits {
    ($op:ident, [$($ty:ident),*]) => {
        $(impl Fits<types::$ty> for $op {})*
    };
}

/// The families, their operators and the key types each fits, in one
/// list: the `Fits` impls and [`FAMILY_FITS`] (which the linter applies)
/// both come from it.
macro_rules! families {
    ($($family:literal => [$($op:ident),* $(,)?] fits [$($ty:ident),*] values $kind:ty as $tag:literal;)*) => {
        $(operators!($family => [$($op),*] fits [$($ty),*] values $kind);)*

        /// The kind of value each operator takes, by name (`equals`: the
        /// key's `values::` enum or text; `pattern`; `text`; `number`;
        /// `time`; `boolean`): the list the builder's value kinds come
        /// from, which the linter's value checks follow too.
        pub const OPERATOR_VALUE_KINDS: &[(&str, &str)] = &[
            $($((stringify!($op), $tag),)*)*
            ("Null", "boolean"),
        ];

        /// Which condition key types (the [`types`] markers) each operator
        /// family fits; an untyped key takes every family and [`Null`] fits
        /// every key. The builder's `Fits` impls are generated from this
        /// list, and the linter (`operator-type-mismatch`) applies it.
        pub const FAMILY_FITS: &[(&str, &[&str])] = &[$(($family, &[$(stringify!($ty)),*])),*];
    };
}

macro_rules! operators {
    ($family:literal => [$($op:ident),* $(,)?] fits $types:tt values $kind:ty) => {$(
        #[doc = concat!("`", stringify!($op), "` (", $family, " family).")]
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
        pub struct $op;

        impl Sealed for $op {}

        impl Operator for $op {
            fn name(&self) -> String {
                stringify!($op).to_string()
            }
        }

        fits!($op, $types);
        impl Fits<types::Untyped> for $op {}

        impl<K: ConditionKeyType> ValueKind<K> for $op {
            type Value = $kind;
        }

        impl<K: ConditionKeyType> OperatorFor<K> for $op
        where
            $op: Fits<K::Type>,
            K::Values: TakesPlainOperators,
        {
            type Value = $kind;
        }
    )*};
}

families! {
    "String" => [
        StringEquals, StringNotEquals, StringEqualsIgnoreCase, StringNotEqualsIgnoreCase,
        StringEqualsIfExists, StringNotEqualsIfExists, StringEqualsIgnoreCaseIfExists,
        StringNotEqualsIgnoreCaseIfExists,
    ] fits [String, Arn] values K::EqualsValue as "equals";
    "String" => [
        StringLike, StringNotLike, StringLikeIfExists, StringNotLikeIfExists,
    ] fits [String, Arn] values value::Pattern as "pattern";
    "Arn" => [
        ArnEquals, ArnNotEquals, ArnLike, ArnNotLike,
        ArnEqualsIfExists, ArnNotEqualsIfExists, ArnLikeIfExists, ArnNotLikeIfExists,
    ] fits [String, Arn] values value::Text as "text";
    "Numeric" => [
        NumericEquals, NumericNotEquals, NumericLessThan, NumericLessThanEquals,
        NumericGreaterThan, NumericGreaterThanEquals,
        NumericEqualsIfExists, NumericNotEqualsIfExists, NumericLessThanIfExists,
        NumericLessThanEqualsIfExists, NumericGreaterThanIfExists, NumericGreaterThanEqualsIfExists,
    ] fits [Numeric, Timestamp] values value::Number as "number";
    "Date" => [
        DateEquals, DateNotEquals, DateLessThan, DateLessThanEquals,
        DateGreaterThan, DateGreaterThanEquals,
        DateEqualsIfExists, DateNotEqualsIfExists, DateLessThanIfExists,
        DateLessThanEqualsIfExists, DateGreaterThanIfExists, DateGreaterThanEqualsIfExists,
    ] fits [Timestamp] values value::Time as "time";
    "Bool" => [Bool, BoolIfExists] fits [Boolean] values value::Boolean as "boolean";
}

/// `Null`: whether the key is present. Fits every key, with or without sets.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Null;

impl Sealed for Null {}

impl Operator for Null {
    fn name(&self) -> String {
        "Null".to_string()
    }
}

impl<K: ConditionKeyType> OperatorFor<K> for Null {
    type Value = value::Boolean;
}

/// `ForAnyValue:` — at least one of the key's values matches. Multi-valued keys only.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ForAnyValue<O>(pub O);

/// `ForAllValues:` — every one of the key's values matches. Multi-valued keys only.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ForAllValues<O>(pub O);

impl<O: Operator> Sealed for ForAnyValue<O> {}
impl<O: Operator> Sealed for ForAllValues<O> {}

impl<O: Operator> Operator for ForAnyValue<O> {
    fn name(&self) -> String {
        format!("ForAnyValue:{}", self.0.name())
    }
}

impl<O: Operator> Operator for ForAllValues<O> {
    fn name(&self) -> String {
        format!("ForAllValues:{}", self.0.name())
    }
}

impl<K: ConditionKeyType, O: Operator + Fits<K::Type> + ValueKind<K>> OperatorFor<K>
    for ForAnyValue<O>
where
    K::Values: TakesSetOperators,
{
    type Value = O::Value;
}

impl<K: ConditionKeyType, O: Operator + Fits<K::Type> + ValueKind<K>> OperatorFor<K>
    for ForAllValues<O>
where
    K::Values: TakesSetOperators,
{
    type Value = O::Value;
}
