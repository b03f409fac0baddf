//! Markers for a key's condition type and multiplicity, and which operator
//! families and qualifiers each accepts.

use super::sealed::Sealed;

macro_rules! sealed {
    ($($ty:ident),*) => {$(impl Sealed for $ty {})*};
}
sealed!(
    String, Boolean, Numeric, Timestamp, Arn, Untyped, Single, Multi, Unknown
);

/// A String (or "String (list)") key.
#[derive(Debug, Clone, Copy)]
pub enum String {}
/// A Boolean key.
#[derive(Debug, Clone, Copy)]
pub enum Boolean {}
/// A Numeric key.
#[derive(Debug, Clone, Copy)]
pub enum Numeric {}
/// A Timestamp key.
#[derive(Debug, Clone, Copy)]
pub enum Timestamp {}
/// An ARN key.
#[derive(Debug, Clone, Copy)]
pub enum Arn {}
/// A key no source types (a newer vintage's undescribed keys): any operator fits.
#[derive(Debug, Clone, Copy)]
pub enum Untyped {}

/// A single-valued key: plain operators only.
#[derive(Debug, Clone, Copy)]
pub enum Single {}
/// A multi-valued key: `ForAnyValue`/`ForAllValues` required (except with `Null`).
#[derive(Debug, Clone, Copy)]
pub enum Multi {}
/// A key whose multiplicity no source gives: both forms are accepted.
#[derive(Debug, Clone, Copy)]
pub enum Unknown {}

/// The key's multiplicity allows an operator without a set qualifier.
#[diagnostic::on_unimplemented(
    message = "this condition key is multi-valued: the operator needs a set qualifier",
    label = "multi-valued key used without `ForAnyValue`/`ForAllValues`",
    note = "wrap the operator: `op::ForAnyValue(op::StringEquals)` (at least one value matches) or `op::ForAllValues(op::StringEquals)` (every value matches)",
    note = "AWS Access Analyzer reports this as \"Missing qualifier\""
)]
pub trait TakesPlainOperators: Sealed {}
impl TakesPlainOperators for Single {}
impl TakesPlainOperators for Unknown {}

/// The key's multiplicity allows `ForAnyValue`/`ForAllValues`.
#[diagnostic::on_unimplemented(
    message = "this condition key is single-valued: `ForAnyValue`/`ForAllValues` do not fit it",
    label = "set qualifier on a single-valued key",
    note = "a set operator on a single-valued key matches requests that lack the key (AWS rejects ForAllValues on kms:EncryptionContext:* as OverlyPermissiveCondition)",
    note = "remove the qualifier: use the operator alone, e.g. `op::StringEquals`"
)]
pub trait TakesSetOperators: Sealed {}
impl TakesSetOperators for Multi {}
impl TakesSetOperators for Unknown {}
