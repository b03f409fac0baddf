//! Who can do what under a key policy, and AWS IAM Access Analyzer's
//! checks on it, offline: public access, cross-account access, the policy
//! lockout safety check, and grant delegation.
//!
//! ```
//! use kms_types::authz::summary::{summarize, AccessCode};
//!
//! let summary = summarize(r#"{"Version": "2012-10-17", "Statement": [{
//!     "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:Decrypt", "Resource": "*"}]}"#).unwrap();
//! let codes: Vec<AccessCode> = summary.findings.iter().map(|f| f.code).collect();
//! assert!(codes.contains(&AccessCode::PublicAccess));
//! assert!(codes.contains(&AccessCode::LockoutRisk));
//! ```

use super::document::{ActionBits, PrincipalEntry, Statement, all_bits, bit};
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
    /// root the policy allows `kms:*`, else the account named most often).
    pub account: Option<String>,
    /// One entry per (statement, principal).
    pub access: Vec<Access>,
    /// Access Analyzer's checks.
    pub findings: Vec<AccessFinding>,
}

/// Summarizes key policy text.
pub fn summarize(text: &str) -> Result<Summary, InputError> {
    let document = Document::parse(text)?;
    Ok(summarize_document(&document, None))
}

/// Summarizes a compiled key policy; `account` is the key's account when
/// known (else inferred, see [`Summary::account`]).
pub fn summarize_document(document: &Document, account: Option<&str>) -> Summary {
    let account = account
        .map(str::to_string)
        .or_else(|| infer_account(document));
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
    let findings = findings(document, account.as_deref());
    Summary {
        account,
        access,
        findings,
    }
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

fn arn_account(arn: &str) -> Option<&str> {
    arn.splitn(6, ':').nth(4).filter(|a| !a.is_empty())
}

fn entry_account(e: &PrincipalEntry) -> Option<&str> {
    match e {
        PrincipalEntry::Account(a) => Some(a),
        PrincipalEntry::Arn(arn) => arn_account(arn),
        _ => None,
    }
}

fn infer_account(document: &Document) -> Option<String> {
    let all = all_bits();
    for s in &document.statements {
        if s.effect == Effect::Allow && s.actions == all && s.conditions.is_empty() {
            if let Some((false, entries)) = &s.principals {
                if let Some(PrincipalEntry::Account(a)) = entries
                    .iter()
                    .find(|e| matches!(e, PrincipalEntry::Account(_)))
                {
                    return Some(a.clone());
                }
            }
        }
    }
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for s in &document.statements {
        for e in s.principals.iter().flat_map(|(_, e)| e) {
            if let Some(a) = entry_account(e) {
                match counts.iter_mut().find(|(x, _)| *x == a) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((a, 1)),
                }
            }
        }
    }
    counts
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map(|(a, _)| a.to_string())
}

/// Whether a condition restricts the caller to named accounts,
/// organizations or principals: a positive operator (not `...IfExists`,
/// not `ForAllValues:`) on a key of `keys`, without a lone `*` value.
fn restricted_by(s: &Statement, keys: &[&str]) -> bool {
    s.conditions.iter().any(|c| {
        let op = &c.operator;
        keys.contains(&c.key_lower.as_str())
            && !op.negated()
            && !op.if_exists
            && op.qualifier != Some(kms_iam_rules::Qualifier::ForAllValues)
            && op.family() != kms_iam_rules::Family::Null
            && !c.values.iter().any(|v| v == "*")
            && (op.family() != kms_iam_rules::Family::Bool
                || c.values.iter().all(|v| v.eq_ignore_ascii_case("true")))
    })
}

fn names(actions: ActionBits) -> String {
    if actions == all_bits() {
        return format!("every KMS action (kms:*, {} actions)", Action::COUNT);
    }
    let names: Vec<&str> = Action::ALL
        .iter()
        .filter(|a| actions & bit(**a) != 0)
        .map(|a| a.iam_name())
        .collect();
    names.join(", ")
}

fn findings(document: &Document, account: Option<&str>) -> Vec<AccessFinding> {
    let mut out = Vec::new();
    let put_key_policy = bit(Action::PutKeyPolicy);
    let create_grant = bit(Action::CreateGrant);
    let mut can_put_policy = false;
    for s in &document.statements {
        let Some((negated, entries)) = &s.principals else {
            continue;
        };
        let anyone = *negated || entries.contains(&PrincipalEntry::Anyone);
        if s.effect == Effect::Deny {
            continue;
        }
        if s.actions & put_key_policy != 0
            && (anyone
                || entries
                    .iter()
                    .any(|e| !matches!(e, PrincipalEntry::Service(_) | PrincipalEntry::Other)))
        {
            can_put_policy = true;
        }
        if s.actions == 0 {
            continue;
        }
        let public = anyone && !restricted_by(s, RESTRICTING_KEYS);
        if public {
            out.push(AccessFinding {
                code: AccessCode::PublicAccess,
                statement: Some(s.index),
                span: s.span,
                message: format!(
                    "statement {} allows anyone ({}) {}, and no condition restricts the caller to accounts, organizations or principals (kms:CallerAccount, aws:PrincipalAccount, aws:PrincipalOrgID, aws:PrincipalArn, ...)",
                    s.index,
                    if *negated { "NotPrincipal" } else { "\"*\"" },
                    names(s.actions)
                ),
            });
        }
        let external: Vec<&str> = entries
            .iter()
            .filter(|_| !negated)
            .filter_map(entry_account)
            .filter(|a| Some(*a) != account)
            .collect();
        if !external.is_empty() && account.is_some() {
            let mut accounts = external.clone();
            accounts.sort();
            accounts.dedup();
            out.push(AccessFinding {
                code: AccessCode::CrossAccountAccess,
                statement: Some(s.index),
                span: s.span,
                message: format!(
                    "statement {} lets account{} {} (not the key's account {}) use {}",
                    s.index,
                    if accounts.len() == 1 { "" } else { "s" },
                    accounts.join(", "),
                    account.unwrap_or_default(),
                    names(s.actions)
                ),
            });
        }
        let wide = anyone
            || entries
                .iter()
                .any(|e| matches!(e, PrincipalEntry::Account(a) if Some(a.as_str()) != account));
        if s.actions & create_grant != 0
            && wide
            && !public
            && !restricted_by(s, GRANT_RESTRICTING_KEYS)
        {
            out.push(AccessFinding {
                code: AccessCode::GrantDelegation,
                statement: Some(s.index),
                span: s.span,
                message: format!(
                    "statement {} lets {} create grants on the key without `kms:GrantIsForAWSResource`, `kms:ViaService` or `kms:GranteePrincipal`: a grantee then needs no policy at all",
                    s.index,
                    if anyone { "anyone".to_string() } else { "another account".to_string() }
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
