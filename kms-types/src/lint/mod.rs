//! The linter: the builder's checks, on policy JSON that already exists.
//!
//! ```
//! use kms_types::lint::{lint, PolicyKind};
//!
//! let report = lint(r#"{"Effect": "Allow", "Action": "kms:ListKeys", "Resource": "*",
//!     "Condition": {"StringEquals": {"kms:ViaService": "ec2.us-west-2.amazonaws.com"}}}"#,
//!     PolicyKind::Auto).unwrap();
//! assert_eq!(report.findings[0].code, "key-not-for-action");
//! assert_eq!(report.findings[0].line, 2);
//! ```
//!
//! Accepted documents: a full policy (`Version`, `Statement`), a single
//! statement, or an array of statements; every string-or-array field in
//! either form; `Action`/`NotAction`, `Resource`/`NotResource`, every
//! `Principal` form. The `aws:` keys the KMS data lists (`aws:ResourceTag/*`,
//! `aws:RequestTag/*`, `aws:TagKeys`) are checked against the actions that
//! take them, as the builder checks them; actions of other services and
//! other global keys are left alone. IAM's rules (operators, fits, absent
//! keys, grammar) are [`crate::rules`], which the builder reads too.
//!
//! Finding codes (stable strings): see [`Code`] and [`CODES`].

/// The JSON reader the linter uses: spans for every value, duplicate keys
/// kept (the `kms-json` crate).
pub use kms_json as json;
mod checks;
mod codes;
mod evaluation;
mod grammar;
mod stream;

use std::fmt;
use std::str::FromStr;

use crate::pattern::glob;
use crate::{
    Action, ConditionKey, ConditionType, PolicyType, ResourceType, SERVICE_PREFIX, ValueType,
};
use json::{Json, Spanned};
use kms_iam_rules::{Family, Operator};

pub use codes::{CODES, Code};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The policy does not do what it says: fix it.
    Error,
    /// The policy works, but less well than it could, or by accident.
    Warning,
    /// Nothing wrong: something a reviewer should see (`cross-account-access`).
    Note,
}

impl Severity {
    /// `error` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// Which kind of policy the document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyKind {
    /// A KMS key policy: statements have a Principal; "IAM policies only" keys are errors.
    Key,
    /// An identity-based (IAM) policy.
    Identity,
    /// A key policy if any statement has a Principal, else an identity policy.
    Auto,
}

/// One problem found in a policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// What the finding is about; its string form is stable.
    pub code: Code,
    /// How serious it is.
    pub severity: Severity,
    /// JSON pointer to the element (`/Statement/0/Condition/StringEquals/kms:ViaService`).
    pub path: String,
    /// Line, from 1.
    pub line: u32,
    /// Column in characters, from 1.
    pub column: u32,
    /// Byte span of the element in the text.
    pub span: (usize, usize),
    /// What is wrong and what to do.
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {}[{}]: {} (at {})",
            self.line,
            self.column,
            self.severity.as_str(),
            self.code,
            self.message,
            self.path
        )
    }
}

/// Text that is not JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// What is wrong.
    pub message: String,
    /// Line, from 1.
    pub line: u32,
    /// Column in characters, from 1.
    pub column: u32,
    /// Byte offset.
    pub offset: usize,
    /// JSON pointer of the innermost element being read, as far as known.
    pub path: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for ParseError {}

/// The result of linting one document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Findings, in document order.
    pub findings: Vec<Finding>,
    /// The kind the document was linted as.
    pub kind: PolicyKind,
    /// How many statements were read.
    pub statements: usize,
    /// How many statements (or whole policies) were not checked because a
    /// CloudFormation intrinsic function (`Fn::If`, `!Sub`, ...) computes
    /// them or their `Effect` ([`Options::intrinsics`]).
    pub unchecked: usize,
}

impl Report {
    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}

/// How to lint a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Key policy, identity policy, or decided by the statements.
    pub kind: PolicyKind,
    /// Treat CloudFormation intrinsic functions (`{"Ref": ...}`,
    /// `{"Fn::Sub": ...}`, the YAML `!Sub` forms once read as such) as opaque
    /// values: nothing is guessed about what they compute, and no finding is
    /// raised on them.
    pub intrinsics: bool,
}

/// Lints a policy document.
pub fn lint(text: &str, kind: PolicyKind) -> Result<Report, ParseError> {
    lint_text(
        text,
        Options {
            kind,
            intrinsics: false,
        },
    )
}

/// Lints policy text: a policy (`Version`, `Statement`) is read one
/// statement at a time, never held whole, so a policy of any size costs
/// the memory of its largest statement; any other shape (a statement, an
/// array of statements, duplicate top-level keys) and any text that is not
/// JSON are read whole, as [`lint_document`] does. The report is the same
/// either way.
pub fn lint_text(text: &str, options: Options) -> Result<Report, ParseError> {
    if let Some(report) = stream::lint_policy(text, options) {
        return Ok(report);
    }
    let document = json::parse(text).map_err(|error| {
        let (line, column) = json::line_col(text, error.offset);
        ParseError {
            message: error.message,
            line: line as u32,
            column: column as u32,
            offset: error.offset,
            path: error.path,
        }
    })?;
    Ok(lint_document(text, &document, options))
}

/// Lints a policy that was already read: `document`'s spans are byte
/// offsets into `text` (a whole template, say, of which the policy is a
/// part), and findings' lines and columns are `text`'s.
pub fn lint_document(text: &str, document: &Spanned, options: Options) -> Report {
    let mut linter = Linter::new(text, options);
    linter.duplicates(document, "");
    let statements = linter.statements(document);
    if options.kind == PolicyKind::Auto {
        let any_principal = statements
            .iter()
            .any(|(s, _)| s.get("Principal").is_some() || s.get("NotPrincipal").is_some());
        linter.kind = if any_principal {
            PolicyKind::Key
        } else {
            PolicyKind::Identity
        };
    }
    linter.whole_policy = document.get("Statement").is_some();
    for (i, (statement, path)) in statements.iter().enumerate() {
        linter.statement(statement, path);
        linter.collect_access(i, statement);
    }
    let count = statements.len();
    linter.finish(count, false)
}

/// Whether `value` is a CloudFormation intrinsic function: an object with
/// one entry, `Ref` or `Fn::*`.
pub fn is_intrinsic(value: &Spanned) -> bool {
    matches!(value.as_object(), Some([(key, _, _)]) if key == "Ref" || key.starts_with("Fn::"))
}

/// JSON pointer escaping of one segment.
fn pointer(segment: &str) -> std::borrow::Cow<'_, str> {
    if segment.contains(['~', '/']) {
        segment.replace('~', "~0").replace('/', "~1").into()
    } else {
        segment.into()
    }
}

/// One kms action a statement covers, and whether a wildcard brought it in.
#[derive(Clone, Copy)]
struct Covered {
    action: Action,
    by_wildcard: bool,
}

struct Linter<'a> {
    text: &'a str,
    /// Built at the first finding: a clean policy needs no line index.
    lines: std::cell::OnceCell<json::SourceIndex>,
    findings: Vec<Finding>,
    kind: PolicyKind,
    /// Whether the statement being checked covers its actions by `NotAction`.
    not_action: bool,
    /// Whether intrinsic functions are opaque values ([`Options::intrinsics`]).
    intrinsics: bool,
    /// Whether `strings` skipped an opaque value since it was last reset.
    opaque_seen: bool,
    /// Statements or policies skipped as computed by an intrinsic.
    unchecked: usize,
    /// Findings that hold if the policy is a key policy, while its kind is
    /// still [`PolicyKind::Auto`].
    if_key_policy: Vec<Finding>,
    /// The actions each action pattern covers, by pattern as written: a
    /// large policy repeats its patterns.
    patterns: std::collections::HashMap<String, Vec<Action>>,
    /// The condition key each key name written in the policy is (a large
    /// policy repeats its keys).
    keys: std::collections::HashMap<String, Option<ConditionKey>>,
    /// The statements compiled for the access checks (`None` once one
    /// cannot be: then no access finding is made, rather than a wrong one).
    access: Option<Vec<crate::authz::summary::Facts>>,
    /// Compiles statements for the access checks.
    compiler: crate::authz::Compiler,
    /// Whether the document is a whole policy (has `Statement`): only a
    /// whole key policy can be judged for lockout; the other access checks
    /// judge each statement.
    whole_policy: bool,
}

impl<'a> Linter<'a> {
    fn new(text: &'a str, options: Options) -> Self {
        Linter {
            text,
            lines: std::cell::OnceCell::new(),
            findings: Vec::new(),
            kind: options.kind,
            not_action: false,
            intrinsics: options.intrinsics,
            opaque_seen: false,
            unchecked: 0,
            if_key_policy: Vec::new(),
            patterns: std::collections::HashMap::new(),
            keys: std::collections::HashMap::new(),
            access: (options.kind != PolicyKind::Identity).then(Vec::new),
            compiler: crate::authz::Compiler::default(),
            whole_policy: false,
        }
    }

    /// The report: findings in document order. `any_principal` decides a
    /// kind still [`PolicyKind::Auto`] (a streamed policy), and with it
    /// whether the findings that hold only in key policies count.
    fn finish(mut self, statements: usize, any_principal: bool) -> Report {
        if self.kind == PolicyKind::Auto {
            self.kind = if any_principal {
                self.findings.append(&mut self.if_key_policy);
                PolicyKind::Key
            } else {
                PolicyKind::Identity
            };
        }
        if self.kind == PolicyKind::Key
            && self.unchecked == 0
            && let Some(statements) = self.access.take()
        {
            self.access_findings(statements);
        }
        self.findings.sort_by(|a, b| {
            (a.span.0, a.code.as_str(), &a.message).cmp(&(b.span.0, b.code.as_str(), &b.message))
        });
        Report {
            findings: self.findings,
            kind: self.kind,
            statements,
            unchecked: self.unchecked,
        }
    }

    /// The statement at `value` (the `index`th), compiled for the access checks.
    fn collect_access(&mut self, index: usize, value: &Spanned) {
        if let Some(list) = &mut self.access {
            match crate::authz::summary::Facts::read(&mut self.compiler, index, value) {
                Some(facts) => list.extend(facts),
                None => self.access = None,
            }
        }
    }

    /// IAM Access Analyzer's checks on a whole key policy
    /// ([`crate::authz::summary`]), as findings.
    fn access_findings(&mut self, facts: Vec<crate::authz::summary::Facts>) {
        use crate::authz::summary::{AccessCode, findings, infer_account};
        let account = infer_account(&facts);
        for f in findings(&facts, account.as_deref()) {
            if f.code == AccessCode::LockoutRisk && !self.whole_policy {
                continue; // a statement or a list of them may be part of a policy
            }
            let code = match f.code {
                AccessCode::PublicAccess => Code::PublicAccess,
                AccessCode::CrossAccountAccess => Code::CrossAccountAccess,
                AccessCode::LockoutRisk => Code::LockoutRisk,
                AccessCode::GrantDelegation => Code::GrantDelegation,
            };
            let path = f
                .statement
                .map(|i| format!("/Statement/{i}"))
                .unwrap_or_default();
            self.find(code, code.severity(), f.span, &path, f.message);
        }
    }

    fn lines(&self) -> &json::SourceIndex {
        self.lines.get_or_init(|| json::SourceIndex::new(self.text))
    }

    fn find(
        &mut self,
        code: Code,
        severity: Severity,
        at: (usize, usize),
        path: &str,
        message: String,
    ) {
        let (line, column) = self.lines().line_col(at.0);
        self.findings.push(Finding {
            code,
            severity,
            path: path.to_string(),
            line: line as u32,
            column: column as u32,
            span: at,
            message,
        });
    }

    fn grammar(&mut self, value: &Spanned, path: &str, message: String) {
        self.find(
            Code::PolicyGrammar,
            Severity::Error,
            (value.start, value.end),
            path,
            message,
        );
    }

    /// Whether `value` is computed by an intrinsic function (only in
    /// templates): it is skipped, never judged.
    fn opaque(&self, value: &Spanned) -> bool {
        self.intrinsics && is_intrinsic(value)
    }

    /// The end of the key or operator token at `at`: a JSON (or YAML
    /// double-quoted) string with its escapes, a YAML single-quoted one, or
    /// a plain YAML scalar, written as read.
    fn token_end(&self, at: usize, unescaped: &str) -> usize {
        match self.text.as_bytes().get(at) {
            Some(b'"') => json::string_end(self.text, at),
            Some(b'\'') => {
                let bytes = self.text.as_bytes();
                let mut i = at + 1;
                while i < bytes.len() {
                    if bytes[i] == b'\'' {
                        if bytes.get(i + 1) == Some(&b'\'') {
                            i += 2;
                            continue;
                        }
                        return i + 1;
                    }
                    i += 1;
                }
                self.text.len()
            }
            _ => {
                let mut end = (at + unescaped.len()).min(self.text.len());
                while !self.text.is_char_boundary(end) {
                    end -= 1;
                }
                end
            }
        }
    }
}
