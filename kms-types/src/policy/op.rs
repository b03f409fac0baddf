//! Condition operators as types.
//!
//! Each operator belongs to a family (String, Arn, Numeric, Date, Bool);
//! [`Fits<T>`] says which key types ([`super::types`]) a family fits. The
//! operators, families and fits are IAM's one list in `kms_iam_rules`
//! (re-exported as [`crate::rules`]), which the linter reads too.
//! `...IfExists` forms fit where their base fits. [`Null`] fits every key.
//! [`ForAnyValue`] and [`ForAllValues`] wrap an operator for multi-valued keys:
//! `op::ForAnyValue(op::StringEquals)`, or `op::ForAnyValue::StringEquals`,
//! the same value.

use super::sealed::Sealed;
use super::types::{self, TakesPlainOperators, TakesSetOperators};
use super::{ConditionKeyType, OperatorFor, value};

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

/// The builder's operator types, from IAM's one list of operators
/// (`kms_iam_rules::for_each_operator_family!`), which the linter and the
/// generator read too: a type per operator and per `...IfExists` form, and
/// `Fits` impls for the key types its family fits (Binary and IpAddress
/// fit no KMS key type: only an untyped key takes them). `Null` is written
/// below (it fits every key, with or without a set qualifier).
macro_rules! families {
    ($($family:ident => [$($ops:tt),* $(,)?] fits $fits:tt values $kind:ident;)*) => {
        $(operators!($family $fits $kind [$($ops),*]);)*
    };
}

macro_rules! operators {
    (Null any $kind:ident [$($ops:tt),*]) => {};
    ($family:ident $fits:tt $kind:ident [$(($op:ident, $if_exists:ident)),*]) => {
        $(
            operator!($family $fits $kind $op);
            operator!($family $fits $kind $if_exists);
        )*
    };
}

/// The Rust type of the values an operator of value kind `kind` takes on
/// key `K`.
macro_rules! value_type {
    ($k:ident, equals) => {
        $k::EqualsValue
    };
    ($k:ident, pattern) => {
        value::Pattern
    };
    ($k:ident, text) => {
        value::Text
    };
    ($k:ident, number) => {
        value::Number
    };
    ($k:ident, time) => {
        value::Time
    };
    ($k:ident, boolean) => {
        value::Boolean
    };
    ($k:ident, binary) => {
        value::Text
    };
    ($k:ident, ip) => {
        value::Text
    };
}

macro_rules! operator {
    ($family:ident $types:tt $kind:ident $op:ident) => {
        #[doc = concat!("`", stringify!($op), "` (", stringify!($family), " family).")]
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
            type Value = value_type!(K, $kind);
        }

        impl<K: ConditionKeyType> OperatorFor<K> for $op
        where
            $op: Fits<K::Type>,
            K::Values: TakesPlainOperators,
        {
            type Value = value_type!(K, $kind);
        }

        // `op::ForAnyValue::StringEquals` is what people type: it is
        // `op::ForAnyValue(op::StringEquals)`.
        impl ForAnyValue<()> {
            #[doc = concat!("`ForAnyValue:", stringify!($op), "`, the same as `ForAnyValue(", stringify!($op), ")`.")]
            #[allow(non_upper_case_globals)]
            pub const $op: ForAnyValue<$op> = ForAnyValue($op);
        }

        impl ForAllValues<()> {
            #[doc = concat!("`ForAllValues:", stringify!($op), "`, the same as `ForAllValues(", stringify!($op), ")`.")]
            #[allow(non_upper_case_globals)]
            pub const $op: ForAllValues<$op> = ForAllValues($op);
        }
    };
}

kms_iam_rules::for_each_operator_family!(families);

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
