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
//! `Principal` form. Actions of other services and keys outside `kms:` are
//! left alone.
//!
//! Finding codes (stable): see [`CODES`].

/// The JSON reader the linter uses: spans for every value, duplicate keys
/// kept (the `kms-json` crate).
pub use kms_json as json;
mod evaluation;
mod operators;

use std::fmt;
use std::str::FromStr;

use crate::pattern::glob;
use crate::{
    Action, ConditionKey, ConditionType, PolicyType, ResourceType, SERVICE_PREFIX, ValueType,
};
use json::{Json, Spanned};
use operators::{Family, Operator};

/// Every finding code, with its severity and what it means.
pub const CODES: &[(&str, Severity, &str)] = &[
    (
        "policy-grammar",
        Severity::Error,
        "the document does not follow the IAM policy grammar",
    ),
    (
        "policy-version",
        Severity::Warning,
        "`Version` missing or 2008-10-17: accepted, but policy variables are taken literally",
    ),
    (
        "duplicate-key",
        Severity::Error,
        "a key repeated in one JSON object: parsers that accept it keep the last, the rest is never seen",
    ),
    (
        "unknown-action",
        Severity::Error,
        "a kms: action that does not exist (a warning when the condition-key page names it but the action data is older)",
    ),
    (
        "pattern-matches-nothing",
        Severity::Error,
        "a kms: action pattern that covers no action",
    ),
    (
        "unknown-condition-key",
        Severity::Error,
        "a kms: condition key that does not exist",
    ),
    (
        "unknown-operator",
        Severity::Error,
        "a condition operator IAM does not define",
    ),
    (
        "key-not-for-action",
        Severity::Error,
        "a key that does not apply to an action named in the statement (a warning when only a wildcard brought the action in)",
    ),
    (
        "operator-type-mismatch",
        Severity::Error,
        "an operator that does not fit the key's type",
    ),
    (
        "weak-operator",
        Severity::Warning,
        "an operator that works on the key's type but checks less than the right one",
    ),
    (
        "set-operator-on-single-valued",
        Severity::Error,
        "ForAnyValue/ForAllValues on a single-valued key (OverlyPermissiveCondition)",
    ),
    (
        "missing-set-operator",
        Severity::Error,
        "a multi-valued key without ForAnyValue/ForAllValues",
    ),
    (
        "deprecated-key",
        Severity::Warning,
        "a deprecated key; use its replacement",
    ),
    (
        "invalid-value",
        Severity::Error,
        "a value that cannot be the key's type",
    ),
    (
        "resource-kind-mismatch",
        Severity::Error,
        "no resource of a kind the action takes (a warning when only a wildcard brought the action in)",
    ),
    (
        "resource-arn-format",
        Severity::Warning,
        "a kms ARN that matches no KMS resource: an empty region or account, an unknown partition, or a resource part outside the data's ARN formats",
    ),
    (
        "iam-only-key-in-key-policy",
        Severity::Error,
        "a key the condition-key page allows in IAM policies only, in a key policy",
    ),
];

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The policy does not do what it says: fix it.
    Error,
    /// The policy works, but less well than it could, or by accident.
    Warning,
}

impl Severity {
    /// `error` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
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
    /// A stable code from [`CODES`].
    pub code: &'static str,
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
    let lines = LineIndex::new(text);
    let document = json::parse(text).map_err(|error| {
        let (line, column) = lines.line_col(text, error.offset);
        ParseError {
            message: error.message,
            line,
            column,
            offset: error.offset,
            path: error.path,
        }
    })?;
    Ok(lint_document(
        text,
        &document,
        Options {
            kind,
            intrinsics: false,
        },
    ))
}

/// Lints a policy that was already read: `document`'s spans are byte
/// offsets into `text` (a whole template, say, of which the policy is a
/// part), and findings' lines and columns are `text`'s.
pub fn lint_document(text: &str, document: &Spanned, options: Options) -> Report {
    let mut linter = Linter {
        text,
        lines: LineIndex::new(text),
        findings: Vec::new(),
        kind: options.kind,
        not_action: false,
        intrinsics: options.intrinsics,
        opaque_seen: false,
    };
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
    for (statement, path) in &statements {
        linter.statement(statement, path);
    }
    linter
        .findings
        .sort_by_key(|f| (f.span.0, f.code, f.message.clone()));
    Report {
        findings: linter.findings,
        kind: linter.kind,
        statements: statements.len(),
    }
}

/// Whether `value` is a CloudFormation intrinsic function: an object with
/// one entry, `Ref` or `Fn::*`.
pub fn is_intrinsic(value: &Spanned) -> bool {
    matches!(value.as_object(), Some([(key, _, _)]) if key == "Ref" || key.starts_with("Fn::"))
}

struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    fn line_col(&self, text: &str, offset: usize) -> (u32, u32) {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let mut start = self.starts[line];
        let mut end = offset;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        start = start.min(end);
        (line as u32 + 1, text[start..end].chars().count() as u32 + 1)
    }
}

/// JSON pointer escaping of one segment.
fn pointer(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// One kms action a statement covers, and whether a wildcard brought it in.
#[derive(Clone, Copy)]
struct Covered {
    action: Action,
    by_wildcard: bool,
}

struct Linter<'a> {
    text: &'a str,
    lines: LineIndex,
    findings: Vec<Finding>,
    kind: PolicyKind,
    /// Whether the statement being checked covers its actions by `NotAction`.
    not_action: bool,
    /// Whether intrinsic functions are opaque values ([`Options::intrinsics`]).
    intrinsics: bool,
    /// Whether `strings` skipped an opaque value since it was last reset.
    opaque_seen: bool,
}

impl Linter<'_> {
    fn find(
        &mut self,
        code: &'static str,
        severity: Severity,
        at: (usize, usize),
        path: &str,
        message: String,
    ) {
        let (line, column) = self.lines.line_col(self.text, at.0);
        self.findings.push(Finding {
            code,
            severity,
            path: path.to_string(),
            line,
            column,
            span: at,
            message,
        });
    }

    fn grammar(&mut self, value: &Spanned, path: &str, message: String) {
        self.find(
            "policy-grammar",
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

    /// Every key repeated within one object, anywhere in the document.
    fn duplicates(&mut self, value: &Spanned, path: &str) {
        match &value.value {
            Json::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.duplicates(item, &format!("{path}/{i}"));
                }
            }
            Json::Object(entries) => {
                let mut first: std::collections::HashMap<&str, usize> =
                    std::collections::HashMap::new();
                for (index, (key, at, item)) in entries.iter().enumerate() {
                    let item_path = format!("{path}/{}", pointer(key));
                    match first.get(key.as_str()) {
                        None => {
                            first.insert(key, index);
                        }
                        Some(&earlier) => {
                            let (earlier_line, _) =
                                self.lines.line_col(self.text, entries[earlier].1);
                            let (line, _) = self.lines.line_col(self.text, *at);
                            let last = entries
                                .iter()
                                .rposition(|(k, _, _)| k == key)
                                .unwrap_or(index);
                            let (last_line, _) = self.lines.line_col(self.text, entries[last].1);
                            let message = format!(
                                "`{key}` appears more than once in this object (lines {earlier_line} and {line}); JSON parsers that accept duplicate keys (serde_json, Python, JavaScript) keep the last one (line {last_line}), and this linter checks only that one: the others are never seen. AWS may reject the policy; keep one `{key}`"
                            );
                            self.find(
                                "duplicate-key",
                                Severity::Error,
                                (*at, self.token_end(*at, key)),
                                &item_path,
                                message,
                            );
                        }
                    }
                    self.duplicates(item, &item_path);
                }
            }
            _ => {}
        }
    }

    /// The statements of a policy, a statement array or a single statement.
    fn statements<'d>(&mut self, document: &'d Spanned) -> Vec<(&'d Spanned, String)> {
        if self.opaque(document) {
            return Vec::new();
        }
        match &document.value {
            Json::Array(items) => items
                .iter()
                .enumerate()
                .filter(|(_, s)| !self.opaque(s))
                .map(|(i, s)| (s, format!("/{i}")))
                .collect(),
            Json::Object(entries) if document.get("Statement").is_some() => {
                for (key, at, value) in entries {
                    if !matches!(key.as_str(), "Version" | "Statement" | "Id") {
                        let message = format!(
                            "unknown policy element `{key}`; a policy holds `Version`, `Id` and `Statement`"
                        );
                        self.find(
                            "policy-grammar",
                            Severity::Error,
                            (*at, value.end),
                            &format!("/{}", pointer(key)),
                            message,
                        );
                    }
                }
                let variables = self.text.contains("${");
                let consequence = if variables {
                    "this policy's `${...}` policy variables are taken literally"
                } else {
                    "policy variables (`${aws:username}`) would be taken literally"
                };
                match document.get("Version") {
                    Some(v) if v.as_str() == Some("2012-10-17") || self.opaque(v) => {}
                    Some(v) if v.as_str() == Some("2008-10-17") => self.find(
                        "policy-version",
                        Severity::Warning,
                        (v.start, v.end),
                        "/Version",
                        format!("`Version` 2008-10-17 is accepted, but under it {consequence}; use \"2012-10-17\""),
                    ),
                    Some(v) => self.grammar(v, "/Version", "`Version` is \"2012-10-17\" (or the older \"2008-10-17\")".to_string()),
                    None => self.find(
                        "policy-version",
                        Severity::Warning,
                        (document.start, document.start + 1),
                        "",
                        format!("the policy has no `Version`: IAM reads it as 2008-10-17, under which {consequence}; add \"Version\": \"2012-10-17\""),
                    ),
                }
                let statement = document.get("Statement").expect("checked");
                if self.opaque(statement) {
                    return Vec::new();
                }
                match &statement.value {
                    Json::Array(items) => items
                        .iter()
                        .enumerate()
                        .filter(|(_, s)| !self.opaque(s))
                        .map(|(i, s)| (s, format!("/Statement/{i}")))
                        .collect(),
                    Json::Object(_) => vec![(statement, "/Statement".to_string())],
                    _ => {
                        let message = format!(
                            "`Statement` should be an object or an array, not {}",
                            statement.kind()
                        );
                        self.grammar(statement, "/Statement", message);
                        Vec::new()
                    }
                }
            }
            Json::Object(_) => vec![(document, String::new())],
            _ => {
                let message = format!(
                    "a policy is an object or an array of statements, not {}",
                    document.kind()
                );
                self.grammar(document, "", message);
                Vec::new()
            }
        }
    }

    /// A string-or-array field: each string with its span and path.
    fn strings<'d>(
        &mut self,
        value: &'d Spanned,
        path: &str,
    ) -> Vec<(&'d str, &'d Spanned, String)> {
        if self.opaque(value) {
            self.opaque_seen = true;
            return Vec::new();
        }
        match &value.value {
            Json::String(s) => vec![(s.as_str(), value, path.to_string())],
            Json::Array(items) => {
                let mut out = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    let item_path = format!("{path}/{i}");
                    match &item.value {
                        _ if self.opaque(item) => self.opaque_seen = true,
                        Json::String(s) => out.push((s.as_str(), item, item_path)),
                        _ => {
                            let message = format!("expected a string, found {}", item.kind());
                            self.grammar(item, &item_path, message);
                        }
                    }
                }
                out
            }
            _ => {
                let message = format!(
                    "expected a string or an array of strings, found {}",
                    value.kind()
                );
                self.grammar(value, path, message);
                Vec::new()
            }
        }
    }

    /// The kms actions named by an Action/NotAction field.
    fn actions(&mut self, value: &Spanned, path: &str) -> Vec<Covered> {
        let mut covered = Vec::new();
        for (name, at, item_path) in self.strings(value, path) {
            let span = (at.start, at.end);
            let is_kms = name == "*"
                || name.split_once(':').is_some_and(|(service, _)| {
                    service.eq_ignore_ascii_case(SERVICE_PREFIX)
                        || (service.contains(['*', '?']) && glob(service, SERVICE_PREFIX))
                });
            if !is_kms {
                continue;
            }
            if name.contains(['*', '?']) {
                let before = covered.len();
                covered.extend(Action::matching(name).map(|action| Covered {
                    action,
                    by_wildcard: true,
                }));
                if covered.len() == before {
                    self.find("pattern-matches-nothing", Severity::Error, span, &item_path,
                        format!("the pattern `{name}` matches no KMS action; check its spelling (`kms:` names are PascalCase, e.g. `kms:GenerateDataKey*`)"));
                }
            } else {
                match name.parse::<Action>() {
                    Ok(action) => covered.push(Covered { action, by_wildcard: false }),
                    Err(_) if named_by_condition_key_page(name) => {
                        self.find("unknown-action", Severity::Warning, span, &item_path, format!(
                            "`{name}` is not in this crate's action list, but the AWS condition-key page names it: the action data is older than the page; regenerate from newer sources to check it"
                        ))
                    }
                    Err(error) => self.find("unknown-action", Severity::Error, span, &item_path, error.to_string()),
                }
            }
        }
        covered
    }

    fn statement(&mut self, statement: &Spanned, path: &str) {
        let Some(entries) = statement.as_object() else {
            let message = format!("a statement is an object, not {}", statement.kind());
            self.grammar(statement, path, message);
            return;
        };
        if statement.get("Effect").is_some_and(|e| self.opaque(e)) {
            // An Effect a template computes: every effect-dependent judgment
            // would be a guess.
            return;
        }
        let effect = match statement.get("Effect").map(|e| e.as_str()) {
            Some(Some("Allow")) => "Allow",
            Some(Some("Deny")) => "Deny",
            Some(_) => {
                let effect = statement.get("Effect").expect("checked");
                self.grammar(
                    effect,
                    &format!("{path}/Effect"),
                    "`Effect` is \"Allow\" or \"Deny\"".to_string(),
                );
                "Allow"
            }
            None => {
                self.grammar(
                    statement,
                    path,
                    "the statement has no `Effect`; add \"Effect\": \"Allow\" or \"Deny\""
                        .to_string(),
                );
                "Allow"
            }
        };
        for (key, at, value) in entries {
            if !matches!(
                key.as_str(),
                "Sid"
                    | "Effect"
                    | "Principal"
                    | "NotPrincipal"
                    | "Action"
                    | "NotAction"
                    | "Resource"
                    | "NotResource"
                    | "Condition"
            ) {
                let message = format!("unknown statement element `{key}`");
                self.find(
                    "policy-grammar",
                    Severity::Error,
                    (*at, value.end),
                    &format!("{path}/{}", pointer(key)),
                    message,
                );
            }
        }
        let mut covered = Vec::new();
        if let Some(action) = statement.get("Action") {
            covered = self.actions(action, &format!("{path}/Action"));
        }
        self.not_action = false;
        if let Some(not_action) = statement.get("NotAction") {
            let excluded = self.actions(not_action, &format!("{path}/NotAction"));
            if statement.get("Action").is_none() {
                // The statement covers every KMS action NotAction leaves in
                // (and every action of other services): checked as if a
                // wildcard had brought them in.
                self.not_action = true;
                covered = Action::ALL
                    .iter()
                    .filter(|a| !excluded.iter().any(|e| e.action == **a))
                    .map(|&action| Covered {
                        action,
                        by_wildcard: true,
                    })
                    .collect();
            }
        }
        if statement.get("Resource").is_none() && statement.get("NotResource").is_none() {
            self.grammar(
                statement,
                path,
                "the statement has neither `Resource` nor `NotResource`: IAM rejects it (\"Policy statement must contain resources\"); in a key policy use \"Resource\": \"*\" (the key itself)".to_string(),
            );
        }
        if statement.get("Action").is_none() && statement.get("NotAction").is_none() {
            self.grammar(
                statement,
                path,
                "the statement has neither `Action` nor `NotAction`".to_string(),
            );
        }
        if let Some(resource) = statement.get("Resource") {
            let resource_path = format!("{path}/Resource");
            self.opaque_seen = false;
            let listed = self.strings(resource, &resource_path);
            let computed = self.opaque_seen;
            self.arn_formats(&listed);
            let resources: Vec<(String, (usize, usize))> = listed
                .into_iter()
                .map(|(r, at, _)| (r.to_string(), (at.start, at.end)))
                .collect();
            // A resource a template computes could be of any kind.
            if !computed {
                self.resources(
                    &covered,
                    &resources,
                    (resource.start, resource.end),
                    &resource_path,
                );
            }
        }
        if let Some(not_resource) = statement.get("NotResource") {
            let listed = self.strings(not_resource, &format!("{path}/NotResource"));
            self.arn_formats(&listed);
        }
        if let Some(condition) = statement.get("Condition") {
            self.conditions(condition, &format!("{path}/Condition"), &covered, effect);
        }
    }

    /// Each kms ARN against the ARN formats of the data.
    fn arn_formats(&mut self, listed: &[(&str, &Spanned, String)]) {
        for (resource, at, path) in listed {
            if let Some(problem) = arn_problem(resource) {
                let message = format!("`{resource}` matches no KMS resource: {problem}");
                self.find(
                    "resource-arn-format",
                    Severity::Warning,
                    (at.start, at.end),
                    path,
                    message,
                );
            }
        }
    }

    fn resources(
        &mut self,
        covered: &[Covered],
        resources: &[(String, (usize, usize))],
        at: (usize, usize),
        path: &str,
    ) {
        let kinds: Vec<ResourceKind> = resources.iter().map(|(r, _)| ResourceKind::of(r)).collect();
        if kinds.contains(&ResourceKind::Any) {
            return;
        }
        for (kind_of_action, actions) in [
            (
                false,
                covered
                    .iter()
                    .filter(|c| !c.by_wildcard)
                    .collect::<Vec<_>>(),
            ),
            (true, covered.iter().filter(|c| c.by_wildcard).collect()),
        ] {
            let mismatched: Vec<Action> = actions
                .iter()
                .map(|c| c.action)
                .filter(|action| {
                    let takes: Vec<ResourceType> = action
                        .resources()
                        .iter()
                        .filter_map(|r| r.resource_type)
                        .collect();
                    !kinds.iter().any(|k| match k {
                        ResourceKind::Any => true,
                        ResourceKind::Kms(ty) => takes.contains(ty),
                        ResourceKind::Other => false,
                    })
                })
                .collect();
            if mismatched.is_empty() {
                continue;
            }
            let names: Vec<String> = mismatched.iter().map(|a| a.to_string()).collect();
            let shown: Vec<&str> = resources.iter().map(|(r, _)| r.as_str()).collect();
            let wants: Vec<String> = mismatched
                .iter()
                .map(|a| {
                    let takes: Vec<&str> = a
                        .resources()
                        .iter()
                        .filter_map(|r| r.resource_type.map(|t| t.name()))
                        .collect();
                    if takes.is_empty() {
                        format!("{a} takes no resource (use \"*\")")
                    } else {
                        format!("{a} takes {}", takes.join(" or "))
                    }
                })
                .collect();
            let (severity, how) = if kind_of_action {
                (Severity::Warning, "brought in by a wildcard, ")
            } else {
                (Severity::Error, "")
            };
            let message = format!(
                "{how}{} cannot match any of these resources ({}): {}; the statement has no effect for {}",
                names.join(", "),
                shown.join(", "),
                wants.join("; "),
                if names.len() == 1 { "it" } else { "them" }
            );
            self.find("resource-kind-mismatch", severity, at, path, message);
        }
    }

    fn conditions(&mut self, condition: &Spanned, path: &str, covered: &[Covered], effect: &str) {
        if self.opaque(condition) {
            return;
        }
        let Some(operators) = condition.as_object() else {
            let message = format!(
                "`Condition` is an object of operators, not {}",
                condition.kind()
            );
            self.grammar(condition, path, message);
            return;
        };
        for (operator_text, operator_at, keys) in operators {
            let operator_path = format!("{path}/{}", pointer(operator_text));
            let operator_span = (*operator_at, self.token_end(*operator_at, operator_text));
            let operator = Operator::parse(operator_text);
            if operator.is_none() {
                self.find(
                    "unknown-operator",
                    Severity::Error,
                    operator_span,
                    &operator_path,
                    format!("`{operator_text}` is not an IAM condition operator"),
                );
            }
            if self.opaque(keys) {
                continue;
            }
            let Some(entries) = keys.as_object() else {
                let message = format!(
                    "an operator maps condition keys to values, not {}",
                    keys.kind()
                );
                self.grammar(keys, &operator_path, message);
                continue;
            };
            for (key_text, key_at, value) in entries {
                let key_path = format!("{operator_path}/{}", pointer(key_text));
                let key_span = (*key_at, self.token_end(*key_at, key_text));
                // Keys of other services (global `aws:` keys) are left alone.
                let own = key_text
                    .split_once(':')
                    .is_some_and(|(prefix, _)| prefix.eq_ignore_ascii_case(SERVICE_PREFIX));
                if !own {
                    continue;
                }
                let Some(key) = ConditionKey::for_policy_key(key_text) else {
                    let message = match key_text.parse::<ConditionKey>() {
                        Err(error) if !error.suggestions.is_empty() => error.to_string(),
                        _ => format!("unknown KMS condition key `{key_text}`"),
                    };
                    self.find(
                        "unknown-condition-key",
                        Severity::Error,
                        key_span,
                        &key_path,
                        message,
                    );
                    continue;
                };
                self.key(
                    key,
                    key_text,
                    key_span,
                    &key_path,
                    value,
                    operator.as_ref(),
                    covered,
                    effect,
                );
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn key(
        &mut self,
        key: ConditionKey,
        key_text: &str,
        at: (usize, usize),
        path: &str,
        value: &Spanned,
        operator: Option<&Operator>,
        covered: &[Covered],
        effect: &str,
    ) {
        #[allow(deprecated)]
        if let Some(replacement) = key.deprecated_by() {
            self.find(
                "deprecated-key",
                Severity::Warning,
                at,
                path,
                format!(
                    "`{key_text}` is deprecated: use `{replacement}`, which works the same way"
                ),
            );
        }
        // What IAM does for the actions that do not support the key: it is
        // absent from their requests (see `evaluation`).
        let null_value = match &value.value {
            Json::Bool(b) => Some(*b),
            Json::String(s) if is_bool(s) => Some(s.eq_ignore_ascii_case("true")),
            _ => None,
        };
        let absent = operator.and_then(|op| evaluation::on_absent_key(op, null_value));
        for by_wildcard in [false, true] {
            let missing: Vec<String> = covered
                .iter()
                .filter(|c| c.by_wildcard == by_wildcard && !c.action.accepts(key))
                .map(|c| c.action.to_string())
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect();
            if missing.is_empty() {
                continue;
            }
            let them = if missing.len() == 1 { "it" } else { "them" };
            let how = if by_wildcard {
                "brought in by a wildcard: "
            } else {
                ""
            };
            let not_action = if self.not_action {
                " (the statement's NotAction leaves them in)"
            } else {
                ""
            };
            let (severity, consequence) = match &absent {
                Some((holds, why)) => {
                    let outcome = evaluation::Outcome::of(effect, *holds);
                    (
                        outcome.severity(by_wildcard),
                        format!(
                            "the key is absent from {their} requests and {why}, so {}",
                            outcome.describe(them),
                            their = if missing.len() == 1 { "its" } else { "their" },
                        ),
                    )
                }
                None => (
                    if by_wildcard {
                        Severity::Warning
                    } else {
                        Severity::Error
                    },
                    format!(
                        "the key is absent from {} requests",
                        if missing.len() == 1 { "its" } else { "their" }
                    ),
                ),
            };
            self.find("key-not-for-action", severity, at, path, format!(
                "`{key_text}` does not apply to {how}{}{not_action}; {consequence} (split the statement or drop those actions)",
                missing.join(", ")
            ));
        }
        if self.kind == PolicyKind::Key {
            let iam_only: Vec<String> = covered
                .iter()
                .filter(|c| {
                    c.action
                        .condition_keys()
                        .iter()
                        .any(|k| k.key == key && k.policy_type == Some(PolicyType::IamOnly))
                })
                .map(|c| c.action.to_string())
                .collect();
            if !iam_only.is_empty() {
                self.find("iam-only-key-in-key-policy", Severity::Error, at, path, format!(
                    "`{key_text}` is valid in IAM policies only for {}: it cannot be used in a key policy; move the statement to an IAM policy",
                    iam_only.join(", ")
                ));
            }
        }
        let Some(operator) = operator else { return };
        let condition_type = key.condition_type();
        let multi = key.value_type() == Some(ValueType::MultiValued);
        if operator.qualifier.is_some() && key.value_type() == Some(ValueType::SingleValued) {
            self.find("set-operator-on-single-valued", Severity::Error, at, path, format!(
                "`{}` on the single-valued key `{key_text}` also matches requests without the key (AWS rejects ForAllValues here as OverlyPermissiveCondition); remove `{}:`",
                operator.text, operator.qualifier.unwrap_or_default()
            ));
        }
        if operator.qualifier.is_none() && multi && operator.family != Family::Null {
            self.find("missing-set-operator", Severity::Error, at, path, format!(
                "`{key_text}` is multi-valued: use `ForAnyValue:{0}` (any value matches) or `ForAllValues:{0}` (every value matches)",
                operator.text
            ));
        }
        let values = self.values(value, path);
        if let Some(condition_type) = condition_type {
            self.operator_fit(operator, condition_type, key_text, &values, at, path);
            self.value_types(operator, condition_type, key_text, &values);
        }
    }

    fn values<'d>(&mut self, value: &'d Spanned, path: &str) -> Vec<(&'d Spanned, String)> {
        if self.opaque(value) {
            return Vec::new();
        }
        match &value.value {
            Json::Array(items) => items
                .iter()
                .enumerate()
                .filter(|(_, v)| !self.opaque(v))
                .map(|(i, v)| (v, format!("{path}/{i}")))
                .collect(),
            Json::Object(_) | Json::Null => {
                let message = format!(
                    "a condition value is a string, number, boolean or an array of them, not {}",
                    value.kind()
                );
                self.grammar(value, path, message);
                Vec::new()
            }
            _ => vec![(value, path.to_string())],
        }
    }

    fn operator_fit(
        &mut self,
        operator: &Operator,
        ty: ConditionType,
        key_text: &str,
        values: &[(&Spanned, String)],
        at: (usize, usize),
        path: &str,
    ) {
        use Family::*;
        let fit = match (ty, operator.family) {
            (_, Null) => Fit::Fits,
            (ConditionType::String | ConditionType::StringList, String | Arn) => Fit::Fits,
            (ConditionType::Arn, String | Arn) => Fit::Fits,
            (ConditionType::Numeric, Numeric) => Fit::Fits,
            (ConditionType::Numeric, String) => Fit::Weak("Numeric operators compare numbers; String operators compare text (\"90\" is not \"90.0\")"),
            (ConditionType::Timestamp, Date | Numeric) => Fit::Fits,
            (ConditionType::Timestamp, String) => Fit::Weak("Date operators compare times; String operators compare text"),
            (ConditionType::Boolean, Bool) => Fit::Fits,
            (ConditionType::Boolean, String)
                if matches!(operator.base.as_str(), "StringEquals" | "StringNotEquals")
                    && values.iter().all(|(v, _)| matches!(&v.value, Json::String(s) if s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false"))) =>
            {
                Fit::Weak("use `Bool` for Boolean keys")
            }
            _ => Fit::Mismatch,
        };
        let type_name = ty.name();
        match fit {
            Fit::Fits => {}
            Fit::Weak(why) => self.find("weak-operator", Severity::Warning, at, path, format!(
                "`{}` works on the {type_name} key `{key_text}` but checks less than it should: {why}",
                operator.text
            )),
            Fit::Mismatch => self.find("operator-type-mismatch", Severity::Error, at, path, format!(
                "`{}` does not fit the {type_name} key `{key_text}`: {}",
                operator.text,
                suggestion(ty)
            )),
        }
    }

    fn value_types(
        &mut self,
        operator: &Operator,
        ty: ConditionType,
        key_text: &str,
        values: &[(&Spanned, String)],
    ) {
        for (value, value_path) in values {
            let text = match &value.value {
                Json::String(s) => s.clone(),
                Json::Number(n) => n.clone(),
                Json::Bool(b) => b.to_string(),
                _ => {
                    let message = format!(
                        "a condition value is a string, number or boolean, not {}",
                        value.kind()
                    );
                    self.grammar(value, value_path, message);
                    continue;
                }
            };
            if text.contains("${") {
                continue; // a policy variable: resolved at request time
            }
            let span = (value.start, value.end);
            let problem = match (operator.family, ty) {
                (Family::Null, _) => (!is_bool(&text)).then(|| "`Null` takes true (key absent) or false (key present)".to_string()),
                (Family::Bool, _) => (!is_bool(&text)).then(|| format!("`{key_text}` is Boolean: use true or false")),
                (_, ConditionType::Numeric) | (Family::Numeric, ConditionType::Timestamp) => {
                    (text.trim().parse::<f64>().is_err()).then(|| format!("`{key_text}` takes a number here, not {text:?}"))
                }
                (Family::Date, ConditionType::Timestamp) => (!is_date(&text)).then(|| {
                    format!("`{key_text}` takes a date (2030-01-01T00:00:00Z) or epoch seconds here, not {text:?}")
                }),
                (_, ConditionType::Boolean) => (!is_bool(&text)).then(|| format!("`{key_text}` is Boolean: use true or false, not {text:?}")),
                _ => None,
            };
            if let Some(problem) = problem {
                self.find("invalid-value", Severity::Error, span, value_path, problem);
            }
        }
    }
}

enum Fit {
    Fits,
    Weak(&'static str),
    Mismatch,
}

fn suggestion(ty: ConditionType) -> &'static str {
    match ty {
        ConditionType::String | ConditionType::StringList => {
            "use a String operator (StringEquals, StringLike, ...) or an Arn operator"
        }
        ConditionType::Numeric => "use a Numeric operator (NumericEquals, NumericLessThan, ...)",
        ConditionType::Timestamp => {
            "use a Date operator (DateLessThan, ...) or a Numeric one on epoch seconds"
        }
        ConditionType::Boolean => "use Bool",
        ConditionType::Arn => "use an Arn operator (ArnEquals, ArnLike, ...) or a String one",
    }
}

fn is_bool(text: &str) -> bool {
    text.eq_ignore_ascii_case("true") || text.eq_ignore_ascii_case("false")
}

fn is_date(text: &str) -> bool {
    let text = text.trim();
    if text.parse::<f64>().is_ok() {
        return true;
    }
    let bytes = text.as_bytes();
    bytes.len() >= 10
        && bytes[..4].iter().all(u8::is_ascii_digit)
        && bytes[4] == b'-'
        && bytes[5..7].iter().all(u8::is_ascii_digit)
        && bytes[7] == b'-'
        && bytes[8..10].iter().all(u8::is_ascii_digit)
}

/// Whether the condition-key page names this action as an operation that the
/// action data lacks (e.g. `kms:GenerateMac` in the seed vintage).
fn named_by_condition_key_page(name: &str) -> bool {
    let bare = name.split_once(':').map_or(name, |(_, rest)| rest);
    ConditionKey::ALL.iter().any(|key| {
        key.operations()
            .iter()
            .any(|op| op.unmatched.iter().any(|u| u.eq_ignore_ascii_case(bare)))
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ResourceKind {
    Any,
    Kms(ResourceType),
    Other,
}

impl ResourceKind {
    /// `*`, a kms ARN (`...:key/...`, `...:alias/...`), a wildcard resource
    /// part, or another service's ARN.
    fn of(resource: &str) -> ResourceKind {
        if resource == "*" {
            return ResourceKind::Any;
        }
        let Some(parts) = split_arn(resource) else {
            return ResourceKind::Other;
        };
        if !glob(parts[2], SERVICE_PREFIX) {
            return ResourceKind::Other;
        }
        let resource_part = parts[5];
        let type_part = resource_part.split('/').next().unwrap_or_default();
        if type_part.contains(['*', '?']) {
            return ResourceKind::Any;
        }
        ResourceType::ALL
            .iter()
            .find(|t| glob(type_part, t.name()))
            .map_or(ResourceKind::Other, |t| ResourceKind::Kms(*t))
    }
}

/// The six parts of an ARN (`arn`, partition, service, region, account,
/// resource), splitting on `:` outside policy variables
/// (`${aws:PrincipalAccount}` is one piece); `None` if there are fewer.
fn split_arn(arn: &str) -> Option<[&str; 6]> {
    let mut parts = [""; 6];
    let (mut start, mut index, mut depth) = (0, 0, 0usize);
    let bytes = arn.as_bytes();
    let mut i = 0;
    while i < bytes.len() && index < 5 {
        match bytes[i] {
            b'$' if bytes.get(i + 1) == Some(&b'{') => {
                depth += 1;
                i += 1;
            }
            b'}' if depth > 0 => depth -= 1,
            b':' if depth == 0 => {
                parts[index] = &arn[start..i];
                index += 1;
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if index < 5 || parts[0] != "arn" {
        return None;
    }
    parts[5] = &arn[start..];
    Some(parts)
}

/// Why a kms ARN matches no KMS resource, if it does not. Other services'
/// ARNs and `*` are not this check's business.
fn arn_problem(resource: &str) -> Option<String> {
    let parts = split_arn(resource)?;
    let [_, partition, service, region, account, rest] = parts;
    if !glob(service, SERVICE_PREFIX) {
        return None;
    }
    let free = |part: &str| part.contains(['*', '?']) || part.contains("${");
    if !free(partition) && crate::policy::arn::Partition::from_str(partition).is_err() {
        return Some(format!(
            "`{partition}` is not an AWS partition (aws, aws-cn, aws-us-gov, ...)"
        ));
    }
    if region.is_empty() {
        return Some(
            "the region is empty; KMS keys and aliases are regional (use `*` for any region)"
                .to_string(),
        );
    }
    if account.is_empty() {
        return Some(
            "the account is empty; KMS keys and aliases belong to an account (use the 12-digit ID, `*`, or `${aws:PrincipalAccount}`)"
                .to_string(),
        );
    }
    let account_id = account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit());
    if !(free(account) || account_id) {
        return Some(format!("`{account}` is not a 12-digit account ID"));
    }
    // The resource part against each ARN format's (`key/${KeyId}`).
    let formats: Vec<&str> = ResourceType::ALL
        .iter()
        .filter_map(|t| t.arn_format())
        .filter_map(|f| split_arn(f).map(|p| p[5]))
        .collect();
    if formats.is_empty() {
        return None; // sources without ARN formats: nothing to compare
    }
    let fits = |format: &str| {
        let fixed = &format[..format.find("${").unwrap_or(format.len())];
        let literal_end = rest.find(['*', '?', '$']).unwrap_or(rest.len());
        let literal = &rest[..literal_end];
        if literal_end < rest.len() {
            // A pattern: its literal head must agree with the format's.
            literal.starts_with(fixed) || fixed.starts_with(literal)
        } else {
            literal.starts_with(fixed) && literal.len() > fixed.len()
        }
    };
    if formats.iter().any(|f| fits(f)) {
        return None;
    }
    Some(format!(
        "the resource part `{rest}` fits none of the ARN formats ({})",
        formats
            .iter()
            .map(|f| format!("`{f}`"))
            .collect::<Vec<_>>()
            .join(", ")
    ))
}
