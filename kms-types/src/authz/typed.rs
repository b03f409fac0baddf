//! Requests checked by the compiler, for tests that pin what a policy
//! allows: the action is a type (`actions::Decrypt`), and a context key
//! that does not apply to it, or a value of the wrong kind, does not
//! compile.
//!
//! ```
//! use kms_types::authz::{Decide, TypedRequest};
//! use kms_types::policy::{KeyPolicy, Principal, Statement};
//! use kms_types::{actions, keys};
//!
//! let key_policy = KeyPolicy::new().statement(
//!     Statement::allow()
//!         .principal(Principal::aws("arn:aws:iam::111122223333:role/payments"))
//!         .action(actions::Decrypt)
//!         .resource("*"),
//! );
//! let request = TypedRequest::new(actions::Decrypt)
//!     .on("arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab")
//!     .by("arn:aws:sts::111122223333:assumed-role/payments/job-42")
//!     .with(keys::ViaService, "s3.us-east-1.amazonaws.com")
//!     .with(keys::EncryptionContext("Department"), "IT")
//!     .build()
//!     .unwrap();
//! assert!(Decide::new(&key_policy).decide(&request).is_allowed());
//! ```
//!
//! ```compile_fail
//! use kms_types::authz::TypedRequest;
//! use kms_types::{actions, keys};
//! // kms:ViaService is not in a ListKeys request.
//! let _ = TypedRequest::new(actions::ListKeys).with(keys::ViaService, "s3.us-east-1.amazonaws.com");
//! ```
//!
//! ```compile_fail
//! use kms_types::authz::TypedRequest;
//! use kms_types::{actions, keys};
//! // kms:GrantIsForAWSResource is a Boolean: `true`, not "yes".
//! let _ = TypedRequest::new(actions::CreateGrant).with(keys::GrantIsForAWSResource, "yes");
//! ```

use std::marker::PhantomData;

use super::{Principal, Request};
use crate::policy::sealed::Sealed;
use crate::policy::types::{self, Multi, Single, Unknown};
use crate::policy::value::{ApiValue, Timestamp};
use crate::policy::{ActionSet, AppliesTo, ConditionKeyType};

/// A request under construction whose action is the type `A`.
#[derive(Debug, Clone)]
#[must_use = "call `.build()` to get the request"]
pub struct TypedRequest<A> {
    resource: Option<String>,
    principal: Option<String>,
    context: Vec<(String, Vec<String>)>,
    action: PhantomData<fn() -> A>,
}

impl<A: ActionSet> TypedRequest<A> {
    /// A request for one action (`actions::Decrypt`; a pattern or an
    /// access level is not one action and does not compile).
    pub fn new(_action: A) -> TypedRequest<A> {
        const {
            assert!(
                A::ACTIONS.len() == 1,
                "a request has one action: use a type from `kms_types::actions`, not a pattern or an access level"
            )
        };
        TypedRequest {
            resource: None,
            principal: None,
            context: Vec::new(),
            action: PhantomData,
        }
    }

    /// The resource: a KMS key or alias ARN.
    pub fn on(mut self, arn: impl AsRef<str>) -> Self {
        self.resource = Some(arn.as_ref().to_string());
        self
    }

    /// The caller ([`Principal`]'s forms: user, role, session, root, account id, service).
    pub fn by(mut self, principal: impl AsRef<str>) -> Self {
        self.principal = Some(principal.as_ref().to_string());
        self
    }

    /// Sets a context key: it must be one the action's requests carry, and
    /// the value of the key's type (strings for String and ARN keys,
    /// integers for Numeric keys, `bool` for Boolean keys, a
    /// [`Timestamp`] for Timestamp keys, arrays or `Vec`s of strings for
    /// multi-valued keys).
    pub fn with<K, V>(mut self, key: K, value: V) -> Self
    where
        K: ConditionKeyType,
        A: AppliesTo<K>,
        V: ContextValue<K::Type, K::Values>,
    {
        self.context.push((key.policy_name(), value.into_values()));
        self
    }

    /// The request; an error when the resource or principal is malformed,
    /// or the principal is missing.
    pub fn build(self) -> Result<Request, String> {
        let principal: Principal = self
            .principal
            .as_deref()
            .ok_or("the request has no principal: call `.by(...)`")?
            .parse()?;
        let mut request = Request::new(A::ACTIONS[0], self.resource.as_deref(), principal)?;
        for (key, values) in self.context {
            request.context.set(key, values);
        }
        Ok(request)
    }
}

/// `Self` can be the value of a context key of condition type `Type`
/// (`policy::types::String`, ...) and multiplicity `Values`. Sealed.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a request value for a `{Type}` key that is `{Values}`",
    label = "the key's type and multiplicity decide what it takes",
    note = "String and ARN keys take `&str`/`String`; Numeric keys integers (`7`); Boolean keys `true`/`false`; Timestamp keys `value::Timestamp`",
    note = "multi-valued keys (`Multi`) take an array or `Vec` of strings: `[\"Department\", \"Project\"]`"
)]
pub trait ContextValue<Type, Values>: Sealed {
    /// The value(s) as text.
    fn into_values(self) -> Vec<String>;
}

macro_rules! text_values {
    ($($ty:ident),*) => {$(
        impl ContextValue<types::$ty, Single> for &str {
            fn into_values(self) -> Vec<String> { vec![self.to_string()] }
        }
        impl ContextValue<types::$ty, Single> for String {
            fn into_values(self) -> Vec<String> { vec![self] }
        }
        impl ContextValue<types::$ty, Unknown> for &str {
            fn into_values(self) -> Vec<String> { vec![self.to_string()] }
        }
        impl ContextValue<types::$ty, Unknown> for String {
            fn into_values(self) -> Vec<String> { vec![self] }
        }
        impl<S: AsRef<str>, const N: usize> ContextValue<types::$ty, Multi> for [S; N] {
            fn into_values(self) -> Vec<String> { self.iter().map(|s| s.as_ref().to_string()).collect() }
        }
        impl<S: AsRef<str>, const N: usize> ContextValue<types::$ty, Unknown> for [S; N] {
            fn into_values(self) -> Vec<String> { self.iter().map(|s| s.as_ref().to_string()).collect() }
        }
        impl<S: AsRef<str>> ContextValue<types::$ty, Multi> for Vec<S> {
            fn into_values(self) -> Vec<String> { self.iter().map(|s| s.as_ref().to_string()).collect() }
        }
        impl<S: AsRef<str>> ContextValue<types::$ty, Multi> for &[S] {
            fn into_values(self) -> Vec<String> { self.iter().map(|s| s.as_ref().to_string()).collect() }
        }
        impl<E: ApiValue> ContextValue<types::$ty, Single> for E {
            fn into_values(self) -> Vec<String> { vec![self.api_name().to_string()] }
        }
    )*};
}
text_values!(String, Arn, Untyped);

macro_rules! number_values {
    ($($ty:ty),*) => {$(
        impl ContextValue<types::Numeric, Single> for $ty {
            fn into_values(self) -> Vec<String> { vec![self.to_string()] }
        }
        impl ContextValue<types::Timestamp, Single> for $ty {
            fn into_values(self) -> Vec<String> { vec![self.to_string()] }
        }
    )*};
}
number_values!(i32, i64, u32, u64);

impl ContextValue<types::Boolean, Single> for bool {
    fn into_values(self) -> Vec<String> {
        vec![self.to_string()]
    }
}

impl ContextValue<types::Timestamp, Single> for Timestamp {
    fn into_values(self) -> Vec<String> {
        vec![self.text()]
    }
}
