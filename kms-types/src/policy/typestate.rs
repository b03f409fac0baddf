//! Type-level lists and the checks that walk them.
//!
//! A statement's actions and keys are lists `Cons<Head, Tail>` ending in
//! `Nil`; each check is a trait implemented for `Nil` and, recursively, for
//! `Cons` when the head passes. The head's own trait ([`AppliesTo`],
//! [`KeyPolicyAllows`]) carries the message a person reads.

use std::marker::PhantomData;

use super::sealed::Sealed;
use super::{AppliesTo, ConditionKeyType, KeyPolicyAllows};

/// The empty type-level list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Nil;

/// A type-level list: `H` followed by `T`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cons<H, T>(PhantomData<fn() -> (H, T)>);

/// Every action set of the list accepts key `K`. `Key` is `K`, found
/// through each set's [`AppliesTo`]: where one does not accept the key,
/// rustc cannot name it, and the checks after it stay silent.
pub trait ActionsAccept<K>: Sealed {
    /// `K`, once checked.
    type Key;
}
impl<K> ActionsAccept<K> for Nil {
    type Key = K;
}
impl<K, H: AppliesTo<T::Key>, T: ActionsAccept<K>> ActionsAccept<K> for Cons<H, T> {
    type Key = <H as AppliesTo<T::Key>>::Key;
}

/// Every key of the list applies to action set `X`; `Actions` is `X`,
/// found through each key's [`AppliesTo`] for the same reason.
pub trait KeysApplyTo<X>: Sealed {
    /// `X`, once checked.
    type Actions;
}
impl<X> KeysApplyTo<X> for Nil {
    type Actions = X;
}
impl<X: AppliesTo<K>, K, T: KeysApplyTo<X>> KeysApplyTo<X> for Cons<K, T> {
    type Actions = <(T::Actions, <X as AppliesTo<K>>::Key) as First>::Output;
}

/// The first type of a pair: a type computed through a check is unknown
/// wherever the check fails.
pub trait First {
    /// The first type.
    type Output;
}
impl<A, B> First for (A, B) {
    type Output = A;
}

/// Every action set of the list allows key `K` in a key policy.
pub trait ActionsAllowInKeyPolicy<K>: Sealed {}
impl<K> ActionsAllowInKeyPolicy<K> for Nil {}
impl<K, H: KeyPolicyAllows<K>, T: ActionsAllowInKeyPolicy<K>> ActionsAllowInKeyPolicy<K>
    for Cons<H, T>
{
}

/// Every key of the list is allowed in a key policy with the actions `A`.
pub trait KeysAllowedInKeyPolicy<A>: Sealed {}
impl<A> KeysAllowedInKeyPolicy<A> for Nil {}
impl<A: ActionsAllowInKeyPolicy<K>, K: ConditionKeyType, T: KeysAllowedInKeyPolicy<A>>
    KeysAllowedInKeyPolicy<A> for Cons<K, T>
{
}

/// The actions of a statement written with `NotAction`: every action but
/// those listed. No condition key is checked against it, so a statement
/// in this state takes no condition (the keys would have to apply to every
/// action left in); write the statement as JSON and lint it instead.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AllBut;

/// The statement names its actions with `Action` (or none yet).
#[diagnostic::on_unimplemented(
    message = "a statement has `Action` or `NotAction`, not both",
    label = "this statement already has `.not_action(..)`",
    note = "IAM rejects a statement with both elements: split it into two statements"
)]
pub trait NamesActions: Sealed {}
impl NamesActions for Nil {}
impl<H, T> NamesActions for Cons<H, T> {}

/// The statement names its actions with `NotAction` (or none yet).
#[diagnostic::on_unimplemented(
    message = "a statement has `Action` or `NotAction`, not both",
    label = "this statement already has `.action(..)`",
    note = "IAM rejects a statement with both elements: split it into two statements"
)]
pub trait NamesNotActions: Sealed {}
impl NamesNotActions for Nil {}
impl NamesNotActions for AllBut {}

/// The statement has no condition yet.
#[diagnostic::on_unimplemented(
    message = "`.not_action(..)` comes before any condition",
    label = "this statement already has a condition",
    note = "a condition's key would have to apply to every action `NotAction` leaves in; write such a statement as JSON and lint it (`kms_types::lint`)"
)]
pub trait NoConditions: Sealed {}
impl NoConditions for Nil {}

impl Sealed for Nil {}
impl Sealed for AllBut {}
impl<H, T> Sealed for Cons<H, T> {}
impl Sealed for NoPrincipal {}
impl Sealed for HasPrincipal {}

/// A statement state: no Principal yet.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NoPrincipal;

/// A statement state: Principal set.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HasPrincipal;

/// The statement has a Principal (required in key policies).
#[diagnostic::on_unimplemented(
    message = "a key policy statement needs a Principal",
    label = "this statement has no `.principal(..)`",
    note = "add `.principal(Principal::aws(\"arn:aws:iam::111122223333:root\"))` (or another principal) to the statement"
)]
pub trait PrincipalGiven: Sealed {}
impl PrincipalGiven for HasPrincipal {}

/// The statement has no Principal (identity-based policies have none).
#[diagnostic::on_unimplemented(
    message = "an identity-based policy statement cannot have a Principal",
    label = "this statement has a `.principal(..)`",
    note = "remove `.principal(..)`, or add the statement to a `KeyPolicy`"
)]
pub trait PrincipalAbsent: Sealed {}
impl PrincipalAbsent for NoPrincipal {}
