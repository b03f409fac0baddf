//! Compile-time-checked KMS policies.
//!
//! A [`Statement`]'s type records the actions and condition keys it uses, so
//! that these do not compile, each with a message that says what to do:
//!
//! - a condition key that does not apply to one of the statement's actions,
//!   whichever comes first ([`AppliesTo`]);
//! - an operator that does not fit the key's type (`StringEquals` on a
//!   Boolean key, `NumericLessThan` on a String key);
//! - `ForAnyValue`/`ForAllValues` on a single-valued key, or a plain
//!   operator on a multi-valued one;
//! - a key the condition-key page allows in IAM policies only, in a
//!   [`KeyPolicy`] ([`KeyPolicyAllows`]);
//! - a [`KeyPolicy`] statement without a Principal, an [`IdentityPolicy`]
//!   statement with one.
//!
//! ```
//! use kms_types::policy::{op, IdentityPolicy, Statement};
//! use kms_types::{actions, keys};
//!
//! let policy = IdentityPolicy::new().statement(
//!     Statement::allow()
//!         .action(actions::Decrypt)
//!         .action(actions::GenerateDataKey)
//!         .resource("arn:aws:kms:us-west-2:111122223333:key/*")
//!         .condition(op::StringEquals, keys::ViaService, ["ec2.us-west-2.amazonaws.com"])
//!         .condition(op::ForAnyValue(op::StringEquals), keys::EncryptionContextKeys, ["AppName"]),
//! );
//! let json: serde_json::Value = policy.to_json();
//! assert_eq!(json["Statement"][0]["Action"][0], "kms:Decrypt");
//! assert_eq!(IdentityPolicy::from_json(&json).unwrap(), policy);
//! ```
//!
//! Which operator fits which key follows IAM and AWS's own policies:
//! String and ARN keys take the String and Arn families; Numeric keys the
//! Numeric family; Timestamp keys the Date and Numeric families (epoch
//! seconds, as the `kms:ValidTo` example does); Boolean keys `Bool`; every
//! key takes `Null`. `...IfExists` forms fit where their base fits.

pub mod arn;
mod document;
pub mod op;
pub mod types;
mod typestate;
pub mod value;

pub use document::{Effect, PolicyParseError, Principal, StatementData};
pub use typestate::{
    ActionsAccept, ActionsAllowInKeyPolicy, AllBut, Cons, First, HasPrincipal,
    KeysAllowedInKeyPolicy, KeysApplyTo, NamesActions, NamesNotActions, Nil, NoConditions,
    NoPrincipal, PrincipalAbsent, PrincipalGiven,
};

use std::marker::PhantomData;

use crate::{Action, ConditionKey};

/// Every trait that carries a compile-time promise has `Sealed` as a
/// supertrait; only this crate (its hand-written markers and its generated
/// types) implements it, so no user type can claim, say, that
/// `kms:ViaService` applies to `ListKeys`.
pub(crate) mod sealed {
    /// Implemented by this crate's own types only.
    #[allow(unnameable_types)] // unnameable on purpose: that is the seal
    pub trait Sealed {}
}

/// A set of actions with a type: one action (`actions::Decrypt`), a pattern
/// (`patterns::GenerateDataKeyStar` = `kms:GenerateDataKey*`) or an access level
/// (`access::Write`). Sealed: implemented by the generated types only.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a typed KMS action set",
    label = "expected a type from `kms_types::actions`, `patterns` or `access`",
    note = "write `actions::Decrypt` (one action), `patterns::GenerateDataKeyStar` (`kms:GenerateDataKey*`) or `access::Write` (an access level), not `Action::Decrypt` or a string",
    note = "the typed builder checks keys against the actions at compile time; for names known only at run time, fill a `StatementData::new(..)` and add it with `Policy::checked_statement`, which checks it with the linter's rules"
)]
pub trait ActionSet: sealed::Sealed {
    /// The actions the set covers.
    const ACTIONS: &'static [Action];
    /// What the set writes into the `Action` element.
    const IAM_NAMES: &'static [&'static str];
}

/// A condition key as a type, carrying its condition type and multiplicity.
/// Sealed: implemented by the generated `keys::*` types only.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a typed KMS condition key",
    label = "expected a type from `kms_types::keys`",
    note = "write `keys::ViaService` (or `keys::EncryptionContext(\"AppName\")` for a template), not `ConditionKey::ViaService` or a string"
)]
pub trait ConditionKeyType: sealed::Sealed {
    /// The key.
    const KEY: ConditionKey;
    /// Its condition type marker ([`types::String`], [`types::Boolean`], ...).
    type Type;
    /// What `...Equals` String operators take for it: [`value::Enumerated`]
    /// of its [`crate::values`] enum when it has a closed set, else
    /// [`value::Text`].
    type EqualsValue;
    /// [`types::Single`], [`types::Multi`] or, for an untyped key, [`types::Unknown`].
    type Values;
    /// The name written into the policy (`kms:EncryptionContext:AppName` for a template).
    fn policy_name(&self) -> String;
}

/// Implemented for exactly the (action set, key) pairs the model allows.
/// Sealed. The pairs are listed on each key type's page (`keys::ViaService`:
/// "Applies to") rather than as hundreds of impls here.
#[diagnostic::on_unimplemented(
    message = "condition key `{K}` does not apply to `{Self}`",
    label = "`{Self}` does not support `{K}`",
    note = "KMS ignores a key that an action does not support: in an Allow the condition never matches, in a Deny it never denies",
    note = "split the statement, or use only actions that support the key (see `ConditionKey::actions()`)"
)]
pub trait AppliesTo<K>: sealed::Sealed {
    /// `K` itself. A statement records its keys and actions through it, so
    /// that when this check fails the statement's type is unknown and rustc
    /// reports this one mistake, not the key-policy check it would fail next.
    type Key;
}

/// Two impls for every action set make `AppliesTo<?K>` ambiguous while the
/// key's type is still being inferred, so the check waits for it and the
/// error can name the key (with none, rustc fails early and prints `_`;
/// with one, it would infer that key).
#[doc(hidden)]
#[derive(Debug)]
pub enum NotAKey1 {}
#[doc(hidden)]
#[derive(Debug)]
pub enum NotAKey2 {}
impl<S: ActionSet> AppliesTo<NotAKey1> for S {
    type Key = NotAKey1;
}
impl<S: ActionSet> AppliesTo<NotAKey2> for S {
    type Key = NotAKey2;
}
// The same for the key-policy check: with a key not yet known (a condition
// that already failed), it is ambiguous, not a second error.
impl<S: ActionSet> KeyPolicyAllows<NotAKey1> for S {}
impl<S: ActionSet> KeyPolicyAllows<NotAKey2> for S {}

/// Implemented for the (action set, key) pairs a key policy may use: every
/// pair the condition-key page does not mark "IAM policies only". Sealed;
/// the pairs are listed on each key type's page.
#[diagnostic::on_unimplemented(
    message = "`{K}` is valid in IAM policies only for `{Self}`; it cannot be used in a key policy",
    label = "IAM policies only",
    note = "put this statement in an `IdentityPolicy`, or remove the condition"
)]
pub trait KeyPolicyAllows<K>: sealed::Sealed {}

/// A condition operator that fits condition key `K`: right family for the
/// key's type, set qualifier exactly when the key is multi-valued.
#[diagnostic::on_unimplemented(
    message = "operator `{Self}` does not fit condition key `{K}`",
    label = "this operator does not fit the key's type or multiplicity",
    note = "String keys take String*/Arn* operators; Numeric keys Numeric*; Timestamp keys Date* or Numeric* (epoch seconds); Boolean keys Bool; ARN keys Arn*/String*; any key takes Null",
    note = "multi-valued keys need `op::ForAnyValue(..)`/`op::ForAllValues(..)`; single-valued keys must not have them"
)]
pub trait OperatorFor<K: ConditionKeyType>: op::Operator {
    /// The kind of value the condition takes ([`value`]).
    type Value;
}

/// A statement under construction. `P` records whether it has a Principal,
/// `A` the action sets used, `C` the condition keys used.
#[derive(Debug, Clone, PartialEq)]
#[must_use = "a statement does nothing until it is added to a policy"]
pub struct Statement<P = NoPrincipal, A = Nil, C = Nil> {
    data: StatementData,
    types: PhantomData<TypeRecord<P, A, C>>,
}

/// The type-level record of a statement; `fn() -> _` keeps `Statement`
/// `Send`, `Sync` and covariant whatever the markers are.
type TypeRecord<P, A, C> = fn() -> (P, A, C);

impl Statement {
    /// A statement with `"Effect": "Allow"`.
    pub fn allow() -> Statement {
        Statement::new(Effect::Allow)
    }

    /// A statement with `"Effect": "Deny"`.
    pub fn deny() -> Statement {
        Statement::new(Effect::Deny)
    }

    fn new(effect: Effect) -> Statement {
        Statement {
            data: StatementData::new(effect),
            types: PhantomData,
        }
    }
}

impl<P, A, C> Statement<P, A, C> {
    fn retype<P2, A2, C2>(self) -> Statement<P2, A2, C2> {
        Statement {
            data: self.data,
            types: PhantomData,
        }
    }

    /// Sets the `Sid`.
    pub fn sid(mut self, sid: impl Into<String>) -> Self {
        self.data.sid = Some(sid.into());
        self
    }

    /// Adds an action, a pattern or an access level. Every condition key
    /// already on the statement must apply to it.
    pub fn action<X: ActionSet>(
        mut self,
        _actions: X,
    ) -> Statement<P, Cons<<C as KeysApplyTo<X>>::Actions, A>, C>
    where
        A: NamesActions,
        C: KeysApplyTo<X>,
    {
        self.data
            .actions
            .extend(X::IAM_NAMES.iter().map(|n| n.to_string()));
        self.retype()
    }

    /// Adds to `NotAction`: the statement covers every action but these
    /// (of every service). A statement has `Action` or `NotAction`, not
    /// both, and takes no condition once it has `NotAction` ([`AllBut`]).
    pub fn not_action<X: ActionSet>(mut self, _actions: X) -> Statement<P, AllBut, C>
    where
        A: NamesNotActions,
        C: NoConditions,
    {
        self.data
            .not_actions
            .extend(X::IAM_NAMES.iter().map(|n| n.to_string()));
        self.retype()
    }

    /// Adds a resource: `"*"`, an ARN string, or an [`arn::Arn`] built from
    /// the data's ARN formats.
    pub fn resource(mut self, resource: impl Into<String>) -> Self {
        self.data.resources.push(resource.into());
        self
    }

    /// Adds to `NotResource`: the statement covers every resource but
    /// these. IAM rejects a statement with both `Resource` and
    /// `NotResource`; so do `from_json` and the linter.
    pub fn not_resource(mut self, resource: impl Into<String>) -> Self {
        self.data.not_resources.push(resource.into());
        self
    }

    /// Adds a condition. The key must apply to every action already on the
    /// statement, the operator must fit the key, and the values must be of
    /// the kind the operator takes on that key ([`value`]: a `values::`
    /// enum for a closed set, an integer for a Numeric key, ...).
    ///
    /// A single value is written as a scalar, an array or `Vec` as a JSON
    /// array.
    pub fn condition<O, K, V>(
        mut self,
        operator: O,
        key: K,
        values: V,
    ) -> Statement<P, A, Cons<<A as ActionsAccept<K>>::Key, C>>
    where
        K: ConditionKeyType,
        O: OperatorFor<K>,
        A: ActionsAccept<K>,
        O::Value: value::Takes<K, V>,
    {
        self.data.add_condition(
            operator.name(),
            key.policy_name(),
            <O::Value as value::Takes<K, V>>::value(values),
        );
        self.retype()
    }

    /// The statement as IAM JSON.
    pub fn to_json(&self) -> serde_json::Value {
        self.data.to_json()
    }

    /// The statement's data, without its type-level record.
    pub fn data(&self) -> &StatementData {
        &self.data
    }
}

impl<A, C> Statement<NoPrincipal, A, C> {
    /// Sets the `Principal` (key policies need one; identity policies have none).
    pub fn principal(mut self, principal: Principal) -> Statement<HasPrincipal, A, C> {
        self.data.principal = Some(principal.into_json());
        self.retype()
    }
}

/// The `Version` every policy is written with.
pub const VERSION: &str = kms_iam_rules::grammar::VERSION_2012;

/// A policy document: [`IdentityPolicy`] or [`KeyPolicy`]. What each kind
/// accepts is checked at compile time by its `statement` method, and again
/// by `from_json` for documents read back.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy<Kind> {
    id: Option<String>,
    statements: Vec<StatementData>,
    kind: PhantomData<Kind>,
}

/// A statement built at run time that the linter's rules reject
/// ([`Policy::checked_statement`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatementError {
    /// The error findings, with paths into the statement (`/Statement/0/...`).
    pub findings: Vec<crate::lint::Finding>,
}

impl std::fmt::Display for StatementError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, finding) in self.findings.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(
                f,
                "{} at {}: {}",
                finding.code, finding.path, finding.message
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for StatementError {}

/// Marks an identity-based (IAM) policy: statements without Principal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Identity {}

/// Marks a KMS key policy: every statement has a Principal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {}

/// An identity-based (IAM) policy: statements without Principal.
pub type IdentityPolicy = Policy<Identity>;

/// A KMS key policy: every statement has a Principal.
pub type KeyPolicy = Policy<Key>;

/// What `from_json` requires of each statement of a policy kind. Sealed.
pub trait PolicyKindRule: sealed::Sealed {
    /// The kind the linter checks this policy as.
    const LINT_KIND: crate::lint::PolicyKind;
    /// `Err((path suffix, message))` when the statement does not belong in this kind.
    fn check(statement: &StatementData) -> Result<(), (&'static str, &'static str)>;
}

impl sealed::Sealed for Identity {}
impl sealed::Sealed for Key {}

impl PolicyKindRule for Identity {
    const LINT_KIND: crate::lint::PolicyKind = crate::lint::PolicyKind::Identity;
    fn check(statement: &StatementData) -> Result<(), (&'static str, &'static str)> {
        match (&statement.principal, &statement.not_principal) {
            (Some(_), _) => Err(("/Principal", "an identity-based policy has no Principal")),
            (_, Some(_)) => Err((
                "/NotPrincipal",
                "an identity-based policy has no NotPrincipal",
            )),
            (None, None) => Ok(()),
        }
    }
}

impl PolicyKindRule for Key {
    const LINT_KIND: crate::lint::PolicyKind = crate::lint::PolicyKind::Key;
    fn check(statement: &StatementData) -> Result<(), (&'static str, &'static str)> {
        match (&statement.principal, &statement.not_principal) {
            (None, None) => Err((
                "",
                "a key policy statement needs a Principal (or NotPrincipal)",
            )),
            _ => Ok(()),
        }
    }
}

impl<Kind> Default for Policy<Kind> {
    fn default() -> Self {
        Policy {
            id: None,
            statements: Vec::new(),
            kind: PhantomData,
        }
    }
}

impl<Kind: PolicyKindRule> Policy<Kind> {
    /// An empty policy.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the policy's `Id` element (AWS's default key policy has
    /// `"Id": "key-default-1"`).
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// The `Id` element, if set.
    pub fn id_element(&self) -> Option<&str> {
        self.id.as_deref()
    }

    /// The statements.
    pub fn statements(&self) -> &[StatementData] {
        &self.statements
    }

    /// The policy as IAM JSON (`Version`, `Id` when set, `Statement`).
    pub fn to_json(&self) -> serde_json::Value {
        document::policy_json(self.id.as_deref(), &self.statements)
    }

    /// Adds a statement built at run time ([`StatementData::new`]: actions,
    /// keys and values known only then), checked by the linter's rules
    /// ([`crate::lint`]) as a statement of this kind of policy: every error
    /// finding is returned, and the policy is not changed. Warnings pass.
    ///
    /// ```
    /// use kms_types::policy::{Effect, IdentityPolicy, StatementData};
    ///
    /// let names = ["kms:Decrypt", "kms:ListKeys"]; // read from a file, say
    /// let mut statement = StatementData::new(Effect::Allow);
    /// statement.actions = names.iter().map(|n| n.to_string()).collect();
    /// statement.resources = vec!["*".into()];
    /// statement.add_condition("StringEquals".into(), "kms:ViaService".into(),
    ///     "s3.us-east-1.amazonaws.com".into());
    /// let error = IdentityPolicy::new().checked_statement(statement).unwrap_err();
    /// assert_eq!(error.findings[0].code, "key-not-for-action"); // not in a ListKeys request
    /// ```
    pub fn checked_statement(mut self, statement: StatementData) -> Result<Self, StatementError> {
        let text = serde_json::json!({
            "Version": VERSION,
            "Statement": [statement.to_json()],
        })
        .to_string();
        let mut findings: Vec<crate::lint::Finding> = crate::lint::lint(&text, Kind::LINT_KIND)
            .map(|report| report.findings)
            .unwrap_or_default();
        findings.retain(|f| f.severity == crate::lint::Severity::Error);
        if let Err((suffix, message)) = Kind::check(&statement) {
            findings.push(crate::lint::Finding {
                code: crate::lint::Code::PolicyGrammar,
                severity: crate::lint::Severity::Error,
                path: format!("/Statement/0{suffix}"),
                line: 1,
                column: 1,
                span: (0, 0),
                message: message.to_string(),
            });
        }
        if !findings.is_empty() {
            return Err(StatementError { findings });
        }
        self.statements.push(statement);
        Ok(self)
    }

    /// Reads a policy written by `to_json` (or by hand) back. Only the
    /// grammar and the policy kind's Principal rule are checked here; the
    /// model's rules are the linter's job ([`crate::lint`]).
    pub fn from_json(json: &serde_json::Value) -> Result<Self, PolicyParseError> {
        let (id, statements) = document::parse_policy(json)?;
        for (index, statement) in statements.iter().enumerate() {
            if let Err((suffix, message)) = Kind::check(statement) {
                let path = format!("{}{suffix}", document::statement_path(json, index));
                return Err(PolicyParseError::new(path, message));
            }
        }
        Ok(Policy {
            id,
            statements,
            kind: PhantomData,
        })
    }
}

impl Policy<Identity> {
    /// Adds a statement (which must not have a Principal).
    pub fn statement<P: PrincipalAbsent, A, C>(mut self, statement: Statement<P, A, C>) -> Self {
        self.statements.push(statement.data);
        self
    }
}

impl Policy<Key> {
    /// Adds a statement, which needs a Principal and may not use a key the
    /// condition-key page allows in IAM policies only.
    pub fn statement<P: PrincipalGiven, A, C>(mut self, statement: Statement<P, A, C>) -> Self
    where
        C: KeysAllowedInKeyPolicy<A>,
    {
        self.statements.push(statement.data);
        self
    }
}
