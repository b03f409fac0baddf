//! What a policy allows: KMS requests decided offline, as AWS documents it.
//!
//! ```
//! use kms_types::authz::{Decide, Document, Request};
//!
//! let key_policy = Document::parse(r#"{"Version": "2012-10-17", "Statement": [{
//!     "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
//!     "Action": "kms:*", "Resource": "*"}]}"#).unwrap();
//! let role_policy = Document::parse(r#"{"Version": "2012-10-17", "Statement": [{
//!     "Effect": "Allow", "Action": "kms:Decrypt",
//!     "Resource": "arn:aws:kms:*:111122223333:key/*"}]}"#).unwrap();
//! let request = Request::parse(
//!     "kms:Decrypt",
//!     Some("arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
//!     "arn:aws:sts::111122223333:assumed-role/app/session",
//! ).unwrap();
//! // The key policy delegates to the account: an identity policy must allow too.
//! assert!(!Decide::new(&key_policy).decide(&request).is_allowed());
//! assert!(Decide::new(&key_policy).identity(&role_policy).decide(&request).is_allowed());
//! ```
//!
//! # The rules
//!
//! IAM User Guide, "Policy evaluation logic" and "Cross-account policy
//! evaluation logic"; AWS KMS Developer Guide, "Key policies", "Allowing
//! users in other accounts to use a KMS key", "Grants in AWS KMS",
//! "Determining access to an AWS KMS key":
//!
//! 1. A `Deny` statement that matches, in any policy in force (key policy,
//!    identity policies, permission boundary, session policy, SCPs for
//!    principals that are not services, RCPs), decides [`Outcome::ExplicitDeny`].
//! 2. Every SCP level (principals that are not services) and every RCP
//!    level must have an `Allow` that matches, or [`Outcome::ImplicitDeny`].
//! 3. For a request on a key, the key policy must allow:
//!    - naming the principal itself (its user, session or service name, or
//!      `*`) allows it in the key's account with no identity policy;
//!    - naming the role of a session allows it too, bounded by the
//!      permission boundary and the session policy;
//!    - naming the account (`"AWS": "111122223333"` or its `:root`)
//!      delegates: an identity policy of the principal must allow, bounded
//!      by the boundary and the session policy. An account's root user
//!      needs no identity policy (none bounds it), here or in another
//!      account; no one has access the key policy does not give.
//!    - For any other principal of another account, whatever the key
//!      policy names, an identity policy of the principal must allow as well.
//! 4. A grant for the key allows its operations to its grantee (a user,
//!    role — and the role's sessions —, session, or an account, which then
//!    delegates as in 3) when its constraints hold: `EncryptionContextEquals`
//!    the request's encryption context exactly (case-sensitive),
//!    `EncryptionContextSubset` every pair of the constraint in it. No
//!    identity policy is needed, in any account.
//! 5. A request on no key (`kms:ListKeys`, `kms:CreateKey`) or on an alias
//!    needs an identity policy that allows, bounded as above.
//!
//! Where AWS documents nothing, the answer is the one that denies:
//!
//! - a grant's permissions are bounded by a permission boundary and a
//!   session policy, like a key policy naming the role;
//! - a key-policy statement without a `Principal` matches no one;
//! - a `Resource` pattern of fewer than six ARN parts, or a policy variable
//!   whose key the request lacks (and no default), matches nothing;
//! - an operator without `ForAnyValue`/`ForAllValues` on a key with several
//!   request values matches nothing (see [`crate::rules::condition`]).
//!
//! Conditions are decided by [`crate::rules::condition::evaluate`], whose
//! absent-key rule is the [`crate::rules::absent`] table the linter states.
//! The context keys `aws:PrincipalArn` (the role's ARN for a session),
//! `aws:PrincipalAccount`, `aws:ResourceAccount`, `kms:CallerAccount`,
//! `aws:PrincipalIsAWSService`, `aws:PrincipalServiceName` and
//! `aws:username` (users) are derived from the request when not given.

mod document;
mod request;
mod scenario;
pub mod summary;
mod typed;

use std::fmt;
use std::sync::Arc;

use kms_iam_rules::condition;

pub(crate) use document::Compiler;
pub use document::Document;
use document::{PrincipalEntry, Statement, bit};
pub use request::{Context, Grant, Principal, PrincipalKind, Request};
pub use scenario::{Loader, Located, Scenario, load_scenarios};
pub use typed::{ContextValue, TypedRequest};

use crate::ResourceType;
use crate::policy::Effect;

/// Input the evaluator cannot read: what is wrong and the byte offset in
/// the text it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// Byte offset of the problem.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

impl InputError {
    pub(crate) fn new(offset: usize, message: impl Into<String>) -> InputError {
        InputError {
            offset,
            message: message.into(),
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (byte {})", self.message, self.offset)
    }
}

impl std::error::Error for InputError {}

/// The decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// Allowed.
    Allow,
    /// A `Deny` statement matched.
    ExplicitDeny,
    /// Nothing allowed it, or an SCP/RCP level or a boundary did not.
    ImplicitDeny,
}

impl Outcome {
    /// `Allow`, `ExplicitDeny` or `ImplicitDeny`.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Allow => "Allow",
            Outcome::ExplicitDeny => "ExplicitDeny",
            Outcome::ImplicitDeny => "ImplicitDeny",
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A statement (or grant) that decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reason {
    /// Which policy: `key_policy`, `identity_policies/0`,
    /// `permission_boundary`, `session_policy`, `scps/LEVEL/N`,
    /// `rcps/LEVEL/N`, `grants/N`.
    pub policy: String,
    /// The statement's index in the policy (0 for a grant).
    pub statement: usize,
    /// The statement's `Sid`, if it has one.
    pub sid: Option<String>,
    /// `Allow` or `Deny`.
    pub effect: Effect,
    /// The file the policy came from, if it came from one.
    pub file: Option<Arc<str>>,
    /// Line and column (from 1) of the statement in its text; `None` for a grant.
    pub location: Option<(u32, u32)>,
}

/// A decision with the statements that decided it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// Allow, explicit deny or implicit deny.
    pub outcome: Outcome,
    /// For an Allow, the statements that together allowed it; for an
    /// explicit deny, every Deny that matched; for an implicit deny, none.
    pub reasons: Vec<Reason>,
    /// Why, in a sentence.
    pub why: String,
}

impl Decision {
    /// Whether it is [`Outcome::Allow`].
    pub fn is_allowed(&self) -> bool {
        self.outcome == Outcome::Allow
    }
}

/// Which policies are in force for a request: build with [`Decide::new`]
/// (the key policy) or [`Decide::without_key_policy`], add the rest, then
/// [`Decide::decide`] any number of requests.
#[derive(Debug, Clone, Default)]
pub struct Decide {
    key_policy: Option<Document>,
    identity: Vec<Document>,
    boundary: Option<Document>,
    session: Option<Document>,
    scps: Vec<Vec<Document>>,
    rcps: Vec<Vec<Document>>,
    grants: Vec<Grant>,
}

/// How a principal matched a statement's `Principal`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Via {
    /// Not at all.
    No,
    /// Through its account: the account's identity policies decide.
    Account,
    /// Through the role of a session: bounded by boundary and session policy.
    Role,
    /// Itself (its ARN, its service name, or `*`).
    Itself,
}

impl Decide {
    /// The policies in force for a request on the key with this key policy.
    pub fn new(key_policy: impl Into<Document>) -> Decide {
        Decide {
            key_policy: Some(key_policy.into()),
            ..Decide::default()
        }
    }

    /// For requests on no key (`kms:ListKeys`, `kms:CreateKey`): a request
    /// on a key is then denied, as a key without a key policy cannot exist.
    pub fn without_key_policy() -> Decide {
        Decide::default()
    }

    /// Adds an identity policy of the principal.
    pub fn identity(mut self, policy: impl Into<Document>) -> Decide {
        self.identity.push(policy.into());
        self
    }

    /// Sets the principal's permission boundary.
    pub fn boundary(mut self, policy: impl Into<Document>) -> Decide {
        self.boundary = Some(policy.into());
        self
    }

    /// Sets the session policy.
    pub fn session(mut self, policy: impl Into<Document>) -> Decide {
        self.session = Some(policy.into());
        self
    }

    /// Adds an SCP level (the next one down from the root); every level
    /// must allow.
    pub fn scp_level(mut self, policies: impl IntoIterator<Item = Document>) -> Decide {
        self.scps.push(policies.into_iter().collect());
        self
    }

    /// Adds an RCP level; every level must allow.
    pub fn rcp_level(mut self, policies: impl IntoIterator<Item = Document>) -> Decide {
        self.rcps.push(policies.into_iter().collect());
        self
    }

    /// Adds a grant on the key.
    pub fn grant(mut self, grant: Grant) -> Decide {
        self.grants.push(grant);
        self
    }

    /// Decides `request`.
    pub fn decide(&self, request: &Request) -> Decision {
        Evaluation { request }.decide(self)
    }
}

struct Evaluation<'r> {
    request: &'r Request,
}

fn reason(name: impl Into<String>, doc: &Document, s: &Statement) -> Reason {
    Reason {
        policy: name.into(),
        statement: s.index,
        sid: s.sid.clone(),
        effect: s.effect,
        file: doc.origin.clone(),
        location: Some((s.line, s.column)),
    }
}

impl Evaluation<'_> {
    fn decide(&self, d: &Decide) -> Decision {
        let r = self.request;
        let service = r.principal.kind == PrincipalKind::Service;
        // 1. Explicit denies, anywhere.
        let mut denies = Vec::new();
        let mut deny_in = |name: &dyn Fn() -> String, doc: &Document, principal_scoped: bool| {
            for s in &doc.statements {
                if s.effect == Effect::Deny && self.matches(doc, s, principal_scoped) != Via::No {
                    denies.push(reason(name(), doc, s));
                }
            }
        };
        if let Some(doc) = &d.key_policy {
            deny_in(&|| "key_policy".into(), doc, true);
        }
        if !service {
            for (i, doc) in d.identity.iter().enumerate() {
                deny_in(&|| format!("identity_policies/{i}"), doc, false);
            }
            if let Some(doc) = &d.boundary {
                deny_in(&|| "permission_boundary".into(), doc, false);
            }
            if let Some(doc) = &d.session {
                deny_in(&|| "session_policy".into(), doc, false);
            }
            for (l, level) in d.scps.iter().enumerate() {
                for (i, doc) in level.iter().enumerate() {
                    deny_in(&|| format!("scps/{l}/{i}"), doc, false);
                }
            }
        }
        for (l, level) in d.rcps.iter().enumerate() {
            for (i, doc) in level.iter().enumerate() {
                deny_in(&|| format!("rcps/{l}/{i}"), doc, true);
            }
        }
        if !denies.is_empty() {
            return Decision {
                outcome: Outcome::ExplicitDeny,
                why: format!(
                    "{} Deny statement{} matched",
                    denies.len(),
                    if denies.len() == 1 { "" } else { "s" }
                ),
                reasons: denies,
            };
        }
        // 2. Organization levels.
        if !service {
            for (l, level) in d.scps.iter().enumerate() {
                if self.first_allow(level.iter(), false).is_none() {
                    return implicit(format!("SCP level {l} allows nothing that matches"));
                }
            }
        }
        for (l, level) in d.rcps.iter().enumerate() {
            if self.first_allow(level.iter(), true).is_none() {
                return implicit(format!("RCP level {l} allows nothing that matches"));
            }
        }
        let mut reasons = Vec::new();
        let bounded = |reasons: &mut Vec<Reason>| -> bool {
            for (name, doc) in [
                ("permission_boundary", &d.boundary),
                ("session_policy", &d.session),
            ] {
                if let Some(doc) = doc {
                    match self.first_allow(std::iter::once(doc), false) {
                        Some(s) => reasons.push(reason(name, doc, s)),
                        None => return false,
                    }
                }
            }
            true
        };
        let identity = || -> Option<Reason> {
            if service {
                return None;
            }
            d.identity.iter().enumerate().find_map(|(i, doc)| {
                doc.statements
                    .iter()
                    .find(|s| s.effect == Effect::Allow && self.matches(doc, s, false) != Via::No)
                    .map(|s| reason(format!("identity_policies/{i}"), doc, s))
            })
        };
        let on_key = r.resource_type() == Some(ResourceType::Key);
        if !on_key {
            if service {
                return implicit("a service principal's request on no key: no policy applies");
            }
            if r.principal.kind == PrincipalKind::Root && r.same_account() {
                // The root user is bounded by no identity policy.
                return allow(reasons, "the account's root user".into());
            }
            let Some(found) = identity() else {
                return implicit("no identity policy allows it");
            };
            reasons.push(found);
            if !bounded(&mut reasons) {
                return implicit(
                    "an identity policy allows it, but the permission boundary or session policy does not",
                );
            }
            return allow(reasons, "an identity policy allows it".into());
        }
        // 3. The key policy.
        let key_allow = d.key_policy.as_ref().and_then(|doc| {
            doc.statements
                .iter()
                .filter(|s| s.effect == Effect::Allow)
                .map(|s| (self.matches(doc, s, true), s))
                .filter(|(via, _)| *via != Via::No)
                .max_by_key(|(via, s)| (*via, std::cmp::Reverse(s.index)))
                .map(|(via, s)| (via, reason("key_policy", doc, s)))
        });
        let same_account = r.same_account();
        let root = r.principal.kind == PrincipalKind::Root;
        if let Some((via, key_reason)) = key_allow.clone() {
            let mut rs = vec![key_reason];
            // A service, or an account's root user, whom no identity policy
            // bounds: the key policy's Allow is enough, in any account.
            let decided = if service || root {
                Some("the key policy allows it".to_string())
            } else if !same_account {
                identity().and_then(|id| {
                    rs.push(id);
                    bounded(&mut rs).then(|| {
                        "the key policy allows the other account and an identity policy allows it"
                            .to_string()
                    })
                })
            } else {
                match via {
                    Via::Itself => Some("the key policy names the principal".into()),
                    Via::Role => bounded(&mut rs)
                        .then(|| "the key policy names the session's role".into()),
                    _ => identity().and_then(|id| {
                        rs.push(id);
                        bounded(&mut rs).then(|| {
                            "the key policy delegates to the account and an identity policy allows it"
                                .to_string()
                        })
                    }),
                }
            };
            if let Some(why) = decided {
                return allow(rs, why);
            }
        }
        // 4. Grants.
        for (i, grant) in d.grants.iter().enumerate() {
            if !grant.allows(r) {
                continue;
            }
            let mut rs = vec![Reason {
                policy: format!("grants/{i}"),
                statement: 0,
                sid: None,
                effect: Effect::Allow,
                file: None,
                location: None,
            }];
            if grant.grantee.kind == PrincipalKind::Root && !root {
                match identity() {
                    Some(id) => rs.push(id),
                    None => continue,
                }
            }
            if bounded(&mut rs) {
                return allow(rs, "a grant allows it".into());
            }
        }
        if d.key_policy.is_none() {
            return implicit("a request on a key needs the key policy, and none was given");
        }
        implicit(match key_allow {
            None => "the key policy does not allow it, and no grant does".to_string(),
            Some((Via::Account, _)) if same_account => {
                "the key policy delegates to the account, but no identity policy allows it (or a boundary does not)".to_string()
            }
            Some(_) if !same_account => {
                "the key policy allows the other account, but no identity policy of the principal allows it (or a boundary does not)".to_string()
            }
            Some(_) => "the key policy allows it, but the permission boundary or session policy does not".to_string(),
        })
    }

    fn first_allow<'d>(
        &self,
        docs: impl Iterator<Item = &'d Document>,
        principal_scoped: bool,
    ) -> Option<&'d Statement> {
        docs.flat_map(|doc| doc.statements.iter().map(move |s| (doc, s)))
            .find(|(doc, s)| {
                s.effect == Effect::Allow && self.matches(doc, s, principal_scoped) != Via::No
            })
            .map(|(_, s)| s)
    }

    /// Whether statement `s` of `doc` matches the request, and how the
    /// principal matched. `principal_scoped`: a resource policy, whose
    /// statements without `Principal` match no one.
    fn matches(&self, doc: &Document, s: &Statement, principal_scoped: bool) -> Via {
        let r = self.request;
        if s.actions & bit(r.action) == 0 {
            return Via::No;
        }
        let via = match &s.principals {
            None if principal_scoped => return Via::No,
            None => Via::Itself,
            Some((negated, entries)) => {
                let via = entries
                    .iter()
                    .map(|e| r.principal.matched_by(e))
                    .max()
                    .unwrap_or(Via::No);
                match (negated, via) {
                    (false, via) => via,
                    (true, Via::No) => Via::Itself,
                    (true, _) => Via::No,
                }
            }
        };
        if via == Via::No {
            return Via::No;
        }
        if let Some((negated, patterns)) = &s.resources {
            let resource = r.resource.as_deref().unwrap_or("*");
            let any = patterns.iter().any(|p| {
                let p = if doc.variables {
                    match condition::substitute(p, |k| r.variable(k)) {
                        Some(p) => p,
                        None => return false,
                    }
                } else {
                    std::borrow::Cow::Borrowed(p.as_str())
                };
                p == "*" || condition::arn_matches(&p, resource)
            });
            if any == *negated {
                return Via::No;
            }
        }
        for c in &s.conditions {
            let values = r.context.values(&c.key_lower, r);
            let holds = if c.has_variables && doc.variables {
                let substituted: Option<Vec<String>> = c
                    .values
                    .iter()
                    .map(|v| condition::substitute(v, |k| r.variable(k)).map(|v| v.into_owned()))
                    .collect();
                match substituted {
                    Some(values_now) => {
                        condition::evaluate(&c.operator, &values_now, values.as_deref())
                    }
                    None => false,
                }
            } else {
                condition::evaluate(&c.operator, &c.values, values.as_deref())
            };
            if !holds {
                return Via::No;
            }
        }
        via
    }
}

fn implicit(why: impl Into<String>) -> Decision {
    Decision {
        outcome: Outcome::ImplicitDeny,
        reasons: Vec::new(),
        why: why.into(),
    }
}

fn allow(reasons: Vec<Reason>, why: String) -> Decision {
    Decision {
        outcome: Outcome::Allow,
        reasons,
        why,
    }
}

impl Principal {
    fn matched_by(&self, entry: &PrincipalEntry) -> Via {
        match entry {
            PrincipalEntry::Anyone => Via::Itself,
            PrincipalEntry::Service(name) => {
                if self.kind == PrincipalKind::Service && self.arn == *name {
                    Via::Itself
                } else {
                    Via::No
                }
            }
            PrincipalEntry::Account(account) => {
                if self.account.as_deref() != Some(account.as_str()) {
                    Via::No
                } else if self.kind == PrincipalKind::Root {
                    Via::Itself
                } else {
                    Via::Account
                }
            }
            PrincipalEntry::Arn(arn) => {
                if *arn == self.arn {
                    Via::Itself
                } else if self.kind == PrincipalKind::Session && self.role_matches(arn) {
                    Via::Role
                } else {
                    Via::No
                }
            }
            PrincipalEntry::Other => Via::No,
        }
    }
}
