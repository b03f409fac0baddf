//! Who can do what under a key policy, and AWS IAM Access Analyzer's
//! checks on it, offline: public access, cross-account access, the policy
//! lockout safety check, and grant delegation.
//!
//! ```
//! use kms_types::authz::summary::{summarize, AccessCode};
//!
//! let summary = summarize(r#"{"Version": "2012-10-17", "Statement": [{
//!     "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:Decrypt", "Resource": "*"}]}"#, None).unwrap();
//! let codes: Vec<AccessCode> = summary.findings.iter().map(|f| f.code).collect();
//! assert!(codes.contains(&AccessCode::PublicAccess));
//! assert!(codes.contains(&AccessCode::LockoutRisk));
//! ```

use super::document::{ALL_BITS, ActionBits, PrincipalEntry, bit, scalar_text};
use super::{Document, InputError};
use crate::Action;
use crate::policy::Effect;

/// Condition keys that restrict who the caller is (an account, an
/// organization, a principal, a service, a network path): with a positive
/// operator on one of them, an Allow to `*` is not public. (IAM Access
/// Analyzer, "Preview access", "How Access Analyzer works with KMS keys".)
pub const RESTRICTING_KEYS: &[&str] = &[
    "kms:calleraccount",
    "aws:principalaccount",
    "aws:principalarn",
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:principalservicename",
    "aws:sourceaccount",
    "aws:sourcearn",
    "aws:sourceorgid",
    "aws:sourceorgpaths",
    "aws:sourcevpc",
    "aws:sourcevpce",
    "aws:userid",
    "aws:username",
];

/// Conditions that confine `CreateGrant` to AWS services or named
/// grantees: `kms:GrantIsForAWSResource`, `kms:ViaService`,
/// `kms:GranteePrincipal`.
pub const GRANT_RESTRICTING_KEYS: &[&str] = &[
    "kms:grantisforawsresource",
    "kms:viaservice",
    "kms:granteeprincipal",
];

/// What an access finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AccessCode {
    /// An Allow to anyone that no condition restricts.
    PublicAccess,
    /// An Allow to another account (a note for the reviewer).
    CrossAccountAccess,
    /// No principal is left who may `PutKeyPolicy`.
    LockoutRisk,
    /// `CreateGrant` to a wide principal without a condition that confines it.
    GrantDelegation,
}

impl AccessCode {
    /// The stable string form (`public-access`).
    pub fn as_str(self) -> &'static str {
        match self {
            AccessCode::PublicAccess => "public-access",
            AccessCode::CrossAccountAccess => "cross-account-access",
            AccessCode::LockoutRisk => "lockout-risk",
            AccessCode::GrantDelegation => "grant-delegation",
        }
    }
}

/// One access finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessFinding {
    /// What it is about.
    pub code: AccessCode,
    /// The statement's index (`None`: the whole policy).
    pub statement: Option<usize>,
    /// Byte span of the statement (or the policy) in its text.
    pub span: (usize, usize),
    /// What it means.
    pub message: String,
}

/// Who a statement's `Principal` names.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Who {
    /// Anyone (`*`).
    Anyone,
    /// Every principal of an account whose identity policies allow it.
    Account(String),
    /// One user, role or session.
    Principal(String),
    /// An AWS service.
    Service(String),
    /// Anyone but these (`NotPrincipal`).
    AllBut(Vec<String>),
}

impl std::fmt::Display for Who {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Who::Anyone => f.write_str("anyone (*)"),
            Who::Account(a) => write!(f, "account {a} (through its IAM policies)"),
            Who::Principal(p) => f.write_str(p),
            Who::Service(s) => write!(f, "service {s}"),
            Who::AllBut(list) => write!(f, "anyone but {}", list.join(", ")),
        }
    }
}

/// One line of a summary: who may (or may not) do which actions, under
/// which conditions, by which statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Access {
    /// Who.
    pub who: Who,
    /// Allow or Deny.
    pub effect: Effect,
    /// The actions.
    pub actions: Vec<Action>,
    /// The conditions, as `Operator key [values]`.
    pub conditions: Vec<String>,
    /// The statement's index and Sid.
    pub statement: (usize, Option<String>),
    /// Line and column of the statement.
    pub location: (u32, u32),
}

/// Who can do what under a key policy, and its access findings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// The key's account, as far as the policy shows it (the account whose
    /// root the policy allows `kms:*`, else the account named most often,
    /// if one is); `None` also means no cross-account note is made.
    pub account: Option<String>,
    /// One entry per (statement, principal).
    pub access: Vec<Access>,
    /// Access Analyzer's checks.
    pub findings: Vec<AccessFinding>,
}

/// Summarizes key policy text; `account` is the key's account when known
/// (else inferred, see [`Summary::account`]).
pub fn summarize(text: &str, account: Option<&str>) -> Result<Summary, InputError> {
    let value = kms_json::parse(text).map_err(|e| InputError::new(e.offset, e.message))?;
    let document = Document::from_spanned(&value, &kms_json::SourceIndex::new(text))?;
    // The same facts the linter reads, statement by statement.
    let mut compiler = super::Compiler::default();
    let statements: Vec<&kms_json::Spanned> = match value.get("Statement").map(|s| &s.value) {
        Some(kms_json::Json::Array(items)) => items.iter().collect(),
        Some(_) => value.get("Statement").into_iter().collect(),
        None => Vec::new(),
    };
    let facts: Vec<Facts> = statements
        .iter()
        .enumerate()
        .filter_map(|(i, s)| Facts::read(&mut compiler, i, s).flatten())
        .collect();
    let account = account
        .map(str::to_string)
        .or_else(|| infer_account(&facts));
    let mut access = Vec::new();
    for s in &document.statements {
        let Some((negated, entries)) = &s.principals else {
            continue;
        };
        let actions: Vec<Action> = Action::ALL
            .iter()
            .copied()
            .filter(|a| s.actions & bit(*a) != 0)
            .collect();
        let conditions: Vec<String> = s
            .conditions
            .iter()
            .map(|c| format!("{} {} {:?}", c.operator, c.key, c.values))
            .collect();
        let mut whos: Vec<Who> = if *negated {
            vec![Who::AllBut(entries.iter().map(entry_text).collect())]
        } else {
            entries.iter().filter_map(who).collect()
        };
        whos.dedup();
        for who in whos {
            access.push(Access {
                who,
                effect: s.effect,
                actions: actions.clone(),
                conditions: conditions.clone(),
                statement: (s.index, s.sid.clone()),
                location: (s.line, s.column),
            });
        }
    }
    let findings = findings(&facts, account.as_deref());
    Ok(Summary {
        account,
        access,
        findings,
    })
}

fn entry_text(e: &PrincipalEntry) -> String {
    match e {
        PrincipalEntry::Anyone => "*".into(),
        PrincipalEntry::Account(a) => a.clone(),
        PrincipalEntry::Arn(a) | PrincipalEntry::Service(a) => a.clone(),
        PrincipalEntry::Other => "(federated)".into(),
    }
}

fn who(e: &PrincipalEntry) -> Option<Who> {
    Some(match e {
        PrincipalEntry::Anyone => Who::Anyone,
        PrincipalEntry::Account(a) => Who::Account(a.clone()),
        PrincipalEntry::Arn(a) => Who::Principal(a.clone()),
        PrincipalEntry::Service(s) => Who::Service(s.clone()),
        PrincipalEntry::Other => return None,
    })
}

/// What the access checks need of one statement: small, so the linter
/// keeps one per statement of a policy of any size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Facts {
    index: usize,
    span: (usize, usize),
    allow: bool,
    /// `*` in `Principal`, or a `NotPrincipal`.
    anyone: bool,
    negated: bool,
    /// The accounts its principals are in (accounts, users, roles, sessions).
    accounts: Vec<String>,
    /// Whether it names a principal that is not a service.
    names_non_service: bool,
    actions: ActionBits,
    restricted: bool,
    grant_restricted: bool,
    /// The account it gives every action, unconditionally, by `:root` or id.
    delegates_all_to: Option<String>,
}

impl Facts {
    /// The facts of the statement at `value` read straight from its JSON,
    /// for the linter (which reports the grammar itself): `None` when the
    /// statement does not follow the grammar, and `Some(None)` when it
    /// has no `Principal`.
    pub(crate) fn read(
        compiler: &mut super::Compiler,
        index: usize,
        value: &kms_json::Spanned,
    ) -> Option<Option<Facts>> {
        use kms_json::Json;
        let allow = match value.get("Effect")?.as_str()? {
            "Allow" => true,
            "Deny" => false,
            _ => return None,
        };
        let (negated, principal) = match (value.get("Principal"), value.get("NotPrincipal")) {
            (Some(p), None) => (false, p),
            (None, Some(p)) => (true, p),
            (None, None) => return Some(None),
            _ => return None,
        };
        let actions = match (value.get("Action"), value.get("NotAction")) {
            (Some(a), None) => compiler.covered(a, false).ok()?,
            (None, Some(a)) => compiler.covered(a, true).ok()?,
            _ => return None,
        };
        let mut anyone = negated;
        let mut accounts = Vec::new();
        let mut names_non_service = negated;
        let mut delegate = None;
        let mut each = |kind: &str, name: &str| {
            if kind == "AWS" {
                names_non_service = true;
                if name == "*" {
                    anyone = true;
                    return;
                }
                if let Some((account, root)) = super::document::principal_account(name) {
                    if !accounts.iter().any(|a: &String| a == account) {
                        accounts.push(account.to_string());
                    }
                    if root && delegate.is_none() {
                        delegate = Some(account.to_string());
                    }
                }
            } else if kind != "Service" {
                names_non_service = true;
            }
        };
        match &principal.value {
            Json::String(s) if s == "*" => {
                anyone = true;
                names_non_service = true;
            }
            Json::Object(kinds) => {
                for (kind, _, names) in kinds {
                    match &names.value {
                        Json::String(name) => each(kind, name),
                        Json::Array(items) => {
                            for item in items {
                                each(kind, item.as_str()?);
                            }
                        }
                        _ => return None,
                    }
                }
            }
            _ => return None,
        }
        if negated {
            accounts.clear();
        }
        accounts.sort();
        accounts.dedup();
        let mut restricted = false;
        let mut grant_restricted = false;
        let mut conditions = false;
        if let Some(blocks) = value.get("Condition") {
            for (operator, _, keys) in blocks.as_object()? {
                let operator = kms_iam_rules::Operator::parse(operator)?;
                for (key, _, values) in keys.as_object()? {
                    conditions = true;
                    let listed = |list: &[&str]| list.iter().any(|k| key.eq_ignore_ascii_case(k));
                    let (caller, grant) =
                        (listed(RESTRICTING_KEYS), listed(GRANT_RESTRICTING_KEYS));
                    if caller || grant {
                        let texts: Vec<&str> = match &values.value {
                            Json::Array(items) => items.iter().filter_map(scalar_text).collect(),
                            _ => scalar_text(values).into_iter().collect(),
                        };
                        let holds = restricts(&operator, &texts);
                        restricted |= caller && holds;
                        grant_restricted |= grant && holds;
                    }
                }
            }
        }
        let delegates_all_to =
            delegate.filter(|_| allow && !negated && actions == ALL_BITS && !conditions);
        Some(Some(Facts {
            index,
            span: (value.start, value.end),
            allow,
            anyone,
            negated,
            accounts,
            names_non_service,
            actions,
            restricted,
            grant_restricted,
            delegates_all_to,
        }))
    }
}

/// The key's account as a key policy shows it: the account it gives every
/// action unconditionally (AWS's default policy does), else the account
/// its principals name most often.
pub(crate) fn infer_account(facts: &[Facts]) -> Option<String> {
    if let Some(a) = facts.iter().find_map(|f| f.delegates_all_to.clone()) {
        return Some(a);
    }
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for a in facts.iter().flat_map(|f| &f.accounts) {
        match counts.iter_mut().find(|(x, _)| *x == a) {
            Some((_, n)) => *n += 1,
            None => counts.push((a, 1)),
        }
    }
    // The most named account, when one is; a tie says nothing.
    let top = counts.iter().map(|(_, n)| *n).max()?;
    match counts.iter().filter(|(_, n)| *n == top).collect::<Vec<_>>()[..] {
        [(a, _)] => Some(a.to_string()),
        _ => None,
    }
}

/// Whether `operator` with `values` restricts: positive, not `...IfExists`,
/// not `ForAllValues:`, not `Null`, no lone `*`, and `Bool` only on `true`.
fn restricts(op: &kms_iam_rules::Operator, values: &[&str]) -> bool {
    !op.negated()
        && !op.if_exists
        && op.qualifier != Some(kms_iam_rules::Qualifier::ForAllValues)
        && op.family() != kms_iam_rules::Family::Null
        && !values.is_empty()
        && !values.contains(&"*")
        && (op.family() != kms_iam_rules::Family::Bool
            || values.iter().all(|v| v.eq_ignore_ascii_case("true")))
}

fn names(actions: ActionBits) -> String {
    if actions == ALL_BITS {
        return format!("every KMS action (kms:*, {} actions)", Action::COUNT);
    }
    let names: Vec<&str> = Action::ALL
        .iter()
        .filter(|a| actions & bit(**a) != 0)
        .map(|a| a.iam_name())
        .collect();
    names.join(", ")
}

/// Access Analyzer's checks over the facts of a whole key policy, for the
/// key of `account` (`None`: not known, and no cross-account note).
pub(crate) fn findings(facts: &[Facts], account: Option<&str>) -> Vec<AccessFinding> {
    let mut out = Vec::new();
    let put_key_policy = bit(Action::PutKeyPolicy);
    let create_grant = bit(Action::CreateGrant);
    let mut can_put_policy = false;
    for f in facts.iter().filter(|f| f.allow) {
        if f.actions & put_key_policy != 0 && f.names_non_service {
            can_put_policy = true;
        }
        if f.actions == 0 {
            continue;
        }
        let public = f.anyone && !f.restricted;
        if public {
            out.push(AccessFinding {
                code: AccessCode::PublicAccess,
                statement: Some(f.index),
                span: f.span,
                message: format!(
                    "statement {} allows anyone ({}) {}, and no condition restricts the caller to accounts, organizations or principals (kms:CallerAccount, aws:PrincipalAccount, aws:PrincipalOrgID, aws:PrincipalArn, ...)",
                    f.index,
                    if f.negated { "NotPrincipal" } else { "\"*\"" },
                    names(f.actions)
                ),
            });
        }
        let external: Vec<&str> = f
            .accounts
            .iter()
            .map(String::as_str)
            .filter(|a| Some(*a) != account)
            .collect();
        if let (false, Some(own)) = (external.is_empty(), account) {
            out.push(AccessFinding {
                code: AccessCode::CrossAccountAccess,
                statement: Some(f.index),
                span: f.span,
                message: format!(
                    "statement {} lets account{} {} (not the key's account {own}) use {}",
                    f.index,
                    if external.len() == 1 { "" } else { "s" },
                    external.join(", "),
                    names(f.actions)
                ),
            });
        }
        let wide = f.anyone || !external.is_empty() && account.is_some();
        if f.actions & create_grant != 0 && wide && !public && !f.grant_restricted {
            out.push(AccessFinding {
                code: AccessCode::GrantDelegation,
                statement: Some(f.index),
                span: f.span,
                message: format!(
                    "statement {} lets {} create grants on the key without `kms:GrantIsForAWSResource`, `kms:ViaService` or `kms:GranteePrincipal`: a grantee then needs no policy at all",
                    f.index,
                    if f.anyone { "anyone" } else { "another account" }
                ),
            });
        }
    }
    if !can_put_policy {
        out.push(AccessFinding {
            code: AccessCode::LockoutRisk,
            statement: None,
            span: (0, 0),
            message: "no statement allows any principal kms:PutKeyPolicy: no one could change this key policy again (AWS's policy lockout safety check rejects it unless bypassed)".to_string(),
        });
    }
    out
}

impl Summary {
    /// The summary as text: one line per (statement, principal).
    pub fn render(&self) -> String {
        let mut out = String::new();
        if let Some(a) = &self.account {
            out.push_str(&format!("key account: {a}\n"));
        }
        for a in &self.access {
            let sid = a
                .statement
                .1
                .as_deref()
                .map(|s| format!(" ({s})"))
                .unwrap_or_default();
            out.push_str(&format!(
                "{}:{} statement {}{sid}: {} {} {}\n",
                a.location.0,
                a.location.1,
                a.statement.0,
                a.who,
                if a.effect == Effect::Allow {
                    "may"
                } else {
                    "may not"
                },
                names(a.actions.iter().fold(0, |b, x| b | bit(*x)))
            ));
            for c in &a.conditions {
                out.push_str(&format!("    when {c}\n"));
            }
        }
        for f in &self.findings {
            out.push_str(&format!("{}: {}\n", f.code.as_str(), f.message));
        }
        out
    }

    /// The summary as JSON: `{"account", "access": [{who, effect, actions,
    /// conditions, statement, sid, line}], "findings": [{code, statement, message}]}`.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "account": self.account,
            "access": self.access.iter().map(|a| serde_json::json!({
                "who": a.who.to_string(),
                "effect": a.effect.as_str(),
                "actions": a.actions.iter().map(|x| x.iam_name()).collect::<Vec<_>>(),
                "conditions": a.conditions,
                "statement": a.statement.0,
                "sid": a.statement.1,
                "line": a.location.0,
            })).collect::<Vec<_>>(),
            "findings": self.findings.iter().map(|f| serde_json::json!({
                "code": f.code.as_str(),
                "statement": f.statement,
                "message": f.message,
            })).collect::<Vec<_>>(),
        })
    }
}
