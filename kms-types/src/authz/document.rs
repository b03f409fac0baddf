//! Policies compiled for deciding: each statement's actions as a bit set
//! over [`Action::ALL`], its principals parsed, its conditions with their
//! operators parsed and key names lower-cased, and where it is in the text.

use std::sync::Arc;

use kms_iam_rules::Operator;
use kms_iam_rules::action_name::glob;
use kms_json::{Json, SourceIndex, Spanned};

use super::InputError;
use crate::Action;
use crate::policy::Effect;

const _: () = assert!(
    Action::COUNT <= 128,
    "authz keeps a statement's actions in a u128"
);

/// One bit per action of [`Action::ALL`].
pub(crate) type ActionBits = u128;

pub(crate) const fn bit(action: Action) -> ActionBits {
    1u128 << (action as usize)
}

/// A policy compiled for deciding requests ([`super::Decide`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    pub(crate) statements: Vec<Statement>,
    /// Whether policy variables are read (`Version` 2012-10-17).
    pub(crate) variables: bool,
    /// The file the policy came from, for locations (`None`: not from a file).
    pub(crate) origin: Option<Arc<str>>,
}

/// An entry of `Principal` / `NotPrincipal`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum PrincipalEntry {
    /// `"*"` or `{"AWS": "*"}`.
    Anyone,
    /// An account: `123456789012` or `arn:PARTITION:iam::123456789012:root`.
    Account(String),
    /// A user, role, assumed-role session or federated user ARN.
    Arn(String),
    /// `{"Service": "s3.amazonaws.com"}`.
    Service(String),
    /// `Federated` or `CanonicalUser`: never a KMS caller here.
    Other,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Condition {
    pub(crate) operator: Operator,
    pub(crate) key: String,
    pub(crate) key_lower: String,
    pub(crate) values: Vec<String>,
    pub(crate) has_variables: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Statement {
    pub(crate) index: usize,
    pub(crate) sid: Option<String>,
    pub(crate) effect: Effect,
    /// The actions the statement covers (`NotAction` already inverted).
    pub(crate) actions: ActionBits,
    pub(crate) resources: Option<(bool, Vec<String>)>,
    /// `(negated, entries)`; `None`: no Principal element.
    pub(crate) principals: Option<(bool, Vec<PrincipalEntry>)>,
    pub(crate) conditions: Vec<Condition>,
    pub(crate) line: u32,
    pub(crate) column: u32,
    /// Byte span of the statement in its text.
    pub(crate) span: (usize, usize),
}

impl Document {
    /// Reads policy JSON text (an object with `Statement`).
    ///
    /// ```
    /// use kms_types::authz::Document;
    /// let doc = Document::parse(r#"{"Version": "2012-10-17", "Statement": [
    ///     {"Effect": "Allow", "Action": "kms:*", "Resource": "*"}]}"#).unwrap();
    /// assert_eq!(doc.statement_count(), 1);
    /// assert!(Document::parse(r#"{"Effect": "Allow"}"#).is_err());
    /// ```
    pub fn parse(text: &str) -> Result<Document, InputError> {
        let value = kms_json::parse(text).map_err(|e| InputError::new(e.offset, e.message))?;
        Document::from_spanned(&value, &SourceIndex::new(text))
    }

    /// Reads a policy from a spanned JSON value whose text `index` indexes
    /// (the statement locations are lines of that text).
    pub fn from_spanned(value: &Spanned, index: &SourceIndex) -> Result<Document, InputError> {
        let Some(fields) = value.as_object() else {
            return Err(InputError::new(
                value.start,
                format!(
                    "not a policy: expected an object with `Statement`, found {}",
                    value.kind()
                ),
            ));
        };
        if value.get("Statement").is_none() {
            let statement = value.get("Effect").is_some() || value.get("Action").is_some();
            return Err(InputError::new(
                value.start,
                if statement {
                    "not a policy: the object has no `Statement` (this is a statement: wrap it as {\"Version\": \"2012-10-17\", \"Statement\": [...]})"
                } else {
                    "not a policy: the object has no `Statement`"
                },
            ));
        }
        let mut variables = false;
        let mut statements = None;
        for (name, at, field) in fields {
            match name.as_str() {
                "Version" => match field.as_str() {
                    Some("2012-10-17") => variables = true,
                    Some("2008-10-17") => variables = false,
                    _ => {
                        return Err(InputError::new(
                            field.start,
                            "`Version` must be \"2012-10-17\" or \"2008-10-17\"",
                        ));
                    }
                },
                "Id" => {}
                "Statement" => statements = Some(field),
                _ => {
                    return Err(InputError::new(
                        *at,
                        format!("`{name}` is not a policy element (Version, Id, Statement)"),
                    ));
                }
            }
        }
        let Some(statements) = statements else {
            return Err(InputError::new(
                value.start,
                "not a policy: the object has no `Statement`",
            ));
        };
        let items: Vec<&Spanned> = match &statements.value {
            Json::Array(items) => items.iter().collect(),
            Json::Object(_) => vec![statements],
            _ => {
                return Err(InputError::new(
                    statements.start,
                    "`Statement` must be an object or an array of objects",
                ));
            }
        };
        let mut compiler = Compiler::default();
        let statements = items
            .into_iter()
            .enumerate()
            .map(|(i, s)| statement(&mut compiler, i, s, Some(index)))
            .collect::<Result<_, _>>()?;
        Ok(Document {
            statements,
            variables,
            origin: None,
        })
    }

    /// The same policy, its locations naming `file`.
    pub fn with_origin(mut self, file: impl Into<Arc<str>>) -> Document {
        self.origin = Some(file.into());
        self
    }

    /// How many statements it has.
    pub fn statement_count(&self) -> usize {
        self.statements.len()
    }
}

impl<K: crate::policy::PolicyKindRule> From<&crate::policy::Policy<K>> for Document {
    /// A policy built with [`crate::policy`]: its JSON, compiled.
    fn from(policy: &crate::policy::Policy<K>) -> Document {
        let text = policy.to_json().to_string();
        // The builder writes only what this reader reads.
        Document::parse(&text)
            .unwrap_or_else(|e| unreachable!("the builder wrote a policy authz cannot read: {e}"))
    }
}

impl From<&Document> for Document {
    fn from(document: &Document) -> Document {
        document.clone()
    }
}

fn strings(value: &Spanned, element: &str) -> Result<Vec<String>, InputError> {
    let wrong = |at: usize| {
        InputError::new(
            at,
            format!("`{element}` must be a string or an array of strings"),
        )
    };
    match &value.value {
        Json::String(s) => Ok(vec![s.clone()]),
        Json::Array(items) => items
            .iter()
            .map(|item| {
                item.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| wrong(item.start))
            })
            .collect(),
        _ => Err(wrong(value.start)),
    }
}

/// Compiles statements, remembering what each action pattern covers: a
/// large policy repeats its patterns.
#[derive(Debug, Default)]
pub(crate) struct Compiler {
    patterns: std::collections::HashMap<String, ActionBits>,
}

impl Compiler {
    /// The actions one `Action` entry covers: an exact name, or a pattern
    /// matched against every action once per compiler.
    fn entry(&mut self, entry: &str) -> ActionBits {
        if !kms_iam_rules::action_name::is_pattern(entry) {
            // An exact name: `kms:` and one action, whatever its case.
            return kms_iam_rules::action_name::split(entry)
                .filter(|(service, _)| service.eq_ignore_ascii_case(crate::SERVICE_PREFIX))
                .and_then(|(_, name)| name.parse::<Action>().ok())
                .map_or(0, bit);
        }
        if let Some(known) = self.patterns.get(entry) {
            return *known;
        }
        let covered = Action::ALL
            .iter()
            .filter(|a| glob(entry, a.iam_name()))
            .fold(0, |bits, a| bits | bit(*a));
        self.patterns.insert(entry.to_string(), covered);
        covered
    }

    /// The actions an `Action` (or, `not_action`, a `NotAction`) value
    /// covers, read without copying its strings; the error is the offset
    /// of a value that is not a string.
    pub(crate) fn covered(
        &mut self,
        value: &Spanned,
        not_action: bool,
    ) -> Result<ActionBits, usize> {
        let mut bits = 0;
        match &value.value {
            Json::String(s) => bits |= self.entry(s),
            Json::Array(items) => {
                for item in items {
                    bits |= self.entry(item.as_str().ok_or(item.start)?);
                }
            }
            _ => return Err(value.start),
        }
        Ok(if not_action { !bits & ALL_BITS } else { bits })
    }
}

fn principal_entries(value: &Spanned) -> Result<Vec<PrincipalEntry>, InputError> {
    if value.as_str() == Some("*") {
        return Ok(vec![PrincipalEntry::Anyone]);
    }
    let Some(fields) = value.as_object() else {
        return Err(InputError::new(
            value.start,
            "`Principal` must be \"*\" or an object ({\"AWS\": ...}, {\"Service\": ...})",
        ));
    };
    let mut entries = Vec::new();
    for (kind, at, names) in fields {
        let names = strings(names, kind)?;
        for name in names {
            entries.push(match kind.as_str() {
                "AWS" => aws_principal(&name),
                "Service" => PrincipalEntry::Service(name),
                "Federated" | "CanonicalUser" => PrincipalEntry::Other,
                _ => {
                    return Err(InputError::new(
                        *at,
                        format!(
                            "`{kind}` is not a principal type (AWS, Service, Federated, CanonicalUser)"
                        ),
                    ));
                }
            });
        }
    }
    Ok(entries)
}

/// A condition or context value as text: a string, a number as written,
/// or `true`/`false`; `None` for anything else.
pub(crate) fn scalar_text(value: &Spanned) -> Option<&str> {
    match &value.value {
        Json::String(s) | Json::Number(s) => Some(s),
        Json::Bool(true) => Some("true"),
        Json::Bool(false) => Some("false"),
        _ => None,
    }
}

/// A scalar or an array of scalars as texts ([`scalar_text`]); anything
/// else is an error with `wrong`, located at it.
pub(crate) fn scalar_texts(value: &Spanned, wrong: &str) -> Result<Vec<String>, InputError> {
    let one = |v: &Spanned| {
        scalar_text(v)
            .map(str::to_string)
            .ok_or_else(|| InputError::new(v.start, wrong))
    };
    match &value.value {
        Json::Array(items) => items.iter().map(one).collect(),
        _ => Ok(vec![one(value)?]),
    }
}

fn aws_principal(name: &str) -> PrincipalEntry {
    if name == "*" {
        return PrincipalEntry::Anyone;
    }
    match principal_account(name) {
        Some((account, true)) => PrincipalEntry::Account(account.to_string()),
        _ => PrincipalEntry::Arn(name.to_string()),
    }
}

/// The account of an `AWS` principal entry and whether the entry is the
/// account itself (`111122223333` or `arn:PARTITION:iam::111122223333:root`)
/// rather than a principal in it; `None` for `*` and what names no account.
pub(crate) fn principal_account(name: &str) -> Option<(&str, bool)> {
    if kms_iam_rules::grammar::is_account_id(name) {
        return Some((name, true));
    }
    let mut parts = name.splitn(6, ':');
    let (arn, _, service, _, account, resource) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    (arn == "arn" && !account.is_empty())
        .then_some((account, service == "iam" && resource == "root"))
}

fn conditions(value: &Spanned) -> Result<Vec<Condition>, InputError> {
    let Some(blocks) = value.as_object() else {
        return Err(InputError::new(
            value.start,
            "`Condition` must be an object of operators",
        ));
    };
    let mut out = Vec::new();
    for (name, at, keys) in blocks {
        let Some(operator) = Operator::parse(name) else {
            return Err(InputError::new(
                *at,
                format!("`{name}` is not a condition operator IAM defines"),
            ));
        };
        let Some(keys) = keys.as_object() else {
            return Err(InputError::new(
                keys.start,
                format!("`{name}` must map condition keys to values"),
            ));
        };
        for (key, _, values) in keys {
            let values = scalar_texts(
                values,
                &format!(
                    "the values of `{key}` must be strings, numbers or booleans, or an array of them"
                ),
            )?;
            out.push(Condition {
                operator,
                key: key.clone(),
                key_lower: key.to_ascii_lowercase(),
                has_variables: values.iter().any(|v| v.contains("${")),
                values,
            });
        }
    }
    Ok(out)
}

fn statement(
    compiler: &mut Compiler,
    index: usize,
    value: &Spanned,
    source: Option<&SourceIndex>,
) -> Result<Statement, InputError> {
    let Some(fields) = value.as_object() else {
        return Err(InputError::new(
            value.start,
            format!("a statement must be an object, found {}", value.kind()),
        ));
    };
    let (line, column) = source.map_or((0, 0), |s| s.line_col(value.start));
    let mut s = Statement {
        index,
        sid: None,
        effect: Effect::Allow,
        actions: 0,
        resources: None,
        principals: None,
        conditions: Vec::new(),
        line: line as u32,
        column: column as u32,
        span: (value.start, value.end),
    };
    let (mut effect, mut actions) = (false, false);
    for (name, at, field) in fields {
        let twice = |other: bool| {
            if other {
                Err(InputError::new(
                    *at,
                    format!(
                        "`{name}` cannot be used with its pair (Action/NotAction, Resource/NotResource, Principal/NotPrincipal)"
                    ),
                ))
            } else {
                Ok(())
            }
        };
        match name.as_str() {
            "Sid" => {
                s.sid = Some(
                    field
                        .as_str()
                        .ok_or_else(|| InputError::new(field.start, "`Sid` must be a string"))?
                        .to_string(),
                )
            }
            "Effect" => {
                effect = true;
                s.effect = match field.as_str() {
                    Some("Allow") => Effect::Allow,
                    Some("Deny") => Effect::Deny,
                    _ => {
                        return Err(InputError::new(
                            field.start,
                            "`Effect` must be \"Allow\" or \"Deny\"",
                        ));
                    }
                }
            }
            "Action" | "NotAction" => {
                twice(actions)?;
                actions = true;
                s.actions = compiler.covered(field, name == "NotAction").map_err(|at| {
                    InputError::new(
                        at,
                        format!("`{name}` must be a string or an array of strings"),
                    )
                })?;
            }
            "Resource" | "NotResource" => {
                twice(s.resources.is_some())?;
                s.resources = Some((name == "NotResource", strings(field, name)?));
            }
            "Principal" | "NotPrincipal" => {
                twice(s.principals.is_some())?;
                s.principals = Some((name == "NotPrincipal", principal_entries(field)?));
            }
            "Condition" => s.conditions = conditions(field)?,
            _ => {
                return Err(InputError::new(
                    *at,
                    format!("`{name}` is not a statement element"),
                ));
            }
        }
    }
    if !effect {
        return Err(InputError::new(
            value.start,
            "the statement has no `Effect`",
        ));
    }
    if !actions {
        return Err(InputError::new(
            value.start,
            "the statement has no `Action` or `NotAction`",
        ));
    }
    Ok(s)
}

/// Every action's bit.
pub(crate) const ALL_BITS: ActionBits = {
    let mut bits = 0;
    let mut i = 0;
    while i < Action::ALL.len() {
        bits |= bit(Action::ALL[i]);
        i += 1;
    }
    bits
};
