//! The runtime form of a statement and the IAM JSON grammar, both ways.

use std::collections::BTreeMap;
use std::fmt;

use kms_iam_rules::grammar;
use serde_json::{Map, Value, json};

/// `Allow` or `Deny`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Effect {
    /// `"Effect": "Allow"`
    Allow,
    /// `"Effect": "Deny"`
    Deny,
}

impl Effect {
    /// As written in the policy.
    pub fn as_str(self) -> &'static str {
        match self {
            Effect::Allow => "Allow",
            Effect::Deny => "Deny",
        }
    }
}

/// A statement's `Principal`.
#[derive(Debug, Clone, PartialEq)]
pub struct Principal(Value);

impl Principal {
    /// `"Principal": "*"` (anyone).
    pub fn any() -> Principal {
        Principal(json!("*"))
    }

    /// `"Principal": {"AWS": arn}` (an account, user or role ARN, or `"*"`).
    pub fn aws(arn: impl Into<String>) -> Principal {
        Principal(json!({ "AWS": arn.into() }))
    }

    /// `"Principal": {"AWS": [arns...]}`.
    pub fn aws_list<S: Into<String>>(arns: impl IntoIterator<Item = S>) -> Principal {
        let arns: Vec<String> = arns.into_iter().map(Into::into).collect();
        Principal(json!({ "AWS": arns }))
    }

    /// `"Principal": {"Service": name}`.
    pub fn service(name: impl Into<String>) -> Principal {
        Principal(json!({ "Service": name.into() }))
    }

    pub(crate) fn into_json(self) -> Value {
        self.0
    }
}

/// One statement, without type-level information: what the JSON holds.
#[derive(Debug, Clone, PartialEq)]
pub struct StatementData {
    /// `Sid`.
    pub sid: Option<String>,
    /// `Effect`.
    pub effect: Effect,
    /// `Principal`, as JSON.
    pub principal: Option<Value>,
    /// `NotPrincipal`, as JSON.
    pub not_principal: Option<Value>,
    /// `Action` entries.
    pub actions: Vec<String>,
    /// `NotAction` entries.
    pub not_actions: Vec<String>,
    /// `Resource` entries.
    pub resources: Vec<String>,
    /// `NotResource` entries.
    pub not_resources: Vec<String>,
    /// `Condition`: operator → key → value (a string, bool, number or array).
    pub conditions: BTreeMap<String, BTreeMap<String, Value>>,
}

impl StatementData {
    /// An empty statement, to fill at run time (actions read from a file,
    /// say) and add with [`Policy::checked_statement`](super::Policy::checked_statement),
    /// which checks it with the linter's rules.
    pub fn new(effect: Effect) -> Self {
        StatementData {
            sid: None,
            effect,
            principal: None,
            not_principal: None,
            actions: Vec::new(),
            not_actions: Vec::new(),
            resources: Vec::new(),
            not_resources: Vec::new(),
            conditions: BTreeMap::new(),
        }
    }

    /// Adds `operator: { key: value }`; a second value for the same operator
    /// and key is merged into an array, not dropped.
    pub fn add_condition(&mut self, operator: String, key: String, value: Value) {
        let keys = self.conditions.entry(operator).or_default();
        match keys.remove(&key) {
            None => {
                keys.insert(key, value);
            }
            Some(existing) => {
                let mut merged = match existing {
                    Value::Array(items) => items,
                    other => vec![other],
                };
                match value {
                    Value::Array(items) => merged.extend(items),
                    other => merged.push(other),
                }
                keys.insert(key, Value::Array(merged));
            }
        }
    }

    /// The statement as IAM JSON: one entry as a string, several as an array.
    pub fn to_json(&self) -> Value {
        let mut out = Map::new();
        if let Some(sid) = &self.sid {
            out.insert("Sid".into(), json!(sid));
        }
        out.insert("Effect".into(), json!(self.effect.as_str()));
        if let Some(principal) = &self.principal {
            out.insert("Principal".into(), principal.clone());
        }
        if let Some(not_principal) = &self.not_principal {
            out.insert("NotPrincipal".into(), not_principal.clone());
        }
        let one_or_many = |items: &[String]| match items {
            [one] => json!(one),
            many => json!(many),
        };
        if !self.actions.is_empty() {
            out.insert("Action".into(), one_or_many(&self.actions));
        }
        if !self.not_actions.is_empty() {
            out.insert("NotAction".into(), one_or_many(&self.not_actions));
        }
        if !self.resources.is_empty() {
            out.insert("Resource".into(), one_or_many(&self.resources));
        }
        if !self.not_resources.is_empty() {
            out.insert("NotResource".into(), one_or_many(&self.not_resources));
        }
        if !self.conditions.is_empty() {
            let conditions: Map<String, Value> = self
                .conditions
                .iter()
                .map(|(op, keys)| {
                    let keys: Map<String, Value> =
                        keys.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
                    (op.clone(), Value::Object(keys))
                })
                .collect();
            out.insert("Condition".into(), Value::Object(conditions));
        }
        Value::Object(out)
    }
}

pub(crate) fn policy_json(id: Option<&str>, statements: &[StatementData]) -> Value {
    let mut policy = json!({
        "Version": super::VERSION,
        "Statement": statements.iter().map(StatementData::to_json).collect::<Vec<_>>(),
    });
    if let Some(id) = id {
        policy["Id"] = Value::String(id.to_string());
    }
    policy
}

/// A policy document that does not follow the IAM grammar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyParseError {
    /// JSON pointer to the offending element (`/Statement/0/Effect`).
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl PolicyParseError {
    pub(crate) fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        PolicyParseError {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for PolicyParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for PolicyParseError {}

fn strings(value: &Value, path: &str) -> Result<Vec<String>, PolicyParseError> {
    match value {
        Value::String(s) => Ok(vec![s.clone()]),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                item.as_str().map(str::to_string).ok_or_else(|| {
                    PolicyParseError::new(format!("{path}/{i}"), "expected a string")
                })
            })
            .collect(),
        _ => Err(PolicyParseError::new(
            path,
            "expected a string or an array of strings",
        )),
    }
}

/// The JSON pointer of statement `index` (`/Statement` when it is a single object).
pub(crate) fn statement_path(json: &Value, index: usize) -> String {
    if json.get("Statement").is_some_and(Value::is_object) {
        "/Statement".to_string()
    } else {
        format!("/Statement/{index}")
    }
}

/// The policy's `Id` (if any) and its statements.
pub(crate) type Parsed = (Option<String>, Vec<StatementData>);

pub(crate) fn parse_policy(json: &Value) -> Result<Parsed, PolicyParseError> {
    let object = json
        .as_object()
        .ok_or_else(|| PolicyParseError::new("", "a policy is a JSON object"))?;
    for key in object.keys() {
        if !grammar::is_policy_element(key) {
            return Err(PolicyParseError::new(
                format!("/{key}"),
                format!("unknown policy element `{key}`"),
            ));
        }
    }
    match object.get("Version") {
        Some(Value::String(v)) if v == super::VERSION => {}
        Some(_) => {
            return Err(PolicyParseError::new(
                "/Version",
                format!("expected \"{}\"", super::VERSION),
            ));
        }
        None => return Err(PolicyParseError::new("", "missing `Version`")),
    }
    let id = match object.get("Id") {
        None => None,
        Some(Value::String(id)) => Some(id.clone()),
        Some(_) => return Err(PolicyParseError::new("/Id", "`Id` is a string")),
    };
    let statements = match object.get("Statement") {
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, s)| parse_statement(s, &format!("/Statement/{i}")))
            .collect(),
        Some(single @ Value::Object(_)) => Ok(vec![parse_statement(single, "/Statement")?]),
        _ => Err(PolicyParseError::new(
            "/Statement",
            "expected a statement or an array of statements",
        )),
    }?;
    Ok((id, statements))
}

fn parse_statement(json: &Value, path: &str) -> Result<StatementData, PolicyParseError> {
    let object = json
        .as_object()
        .ok_or_else(|| PolicyParseError::new(path, "a statement is a JSON object"))?;
    let effect = match object.get("Effect").and_then(Value::as_str) {
        Some("Allow") => Effect::Allow,
        Some("Deny") => Effect::Deny,
        _ => {
            return Err(PolicyParseError::new(
                format!("{path}/Effect"),
                "expected \"Allow\" or \"Deny\"",
            ));
        }
    };
    for (one, other) in grammar::EXCLUSIVE {
        if object.contains_key(*one) && object.contains_key(*other) {
            return Err(PolicyParseError::new(
                format!("{path}/{other}"),
                format!("a statement has `{one}` or `{other}`, not both"),
            ));
        }
    }
    let mut statement = StatementData::new(effect);
    for (key, value) in object {
        let at = format!("{path}/{key}");
        match key.as_str() {
            "Effect" => {}
            "Sid" => {
                statement.sid = Some(
                    value
                        .as_str()
                        .ok_or_else(|| PolicyParseError::new(&at, "expected a string"))?
                        .to_string(),
                )
            }
            "Principal" => statement.principal = Some(value.clone()),
            "NotPrincipal" => statement.not_principal = Some(value.clone()),
            "Action" => statement.actions = strings(value, &at)?,
            "NotAction" => statement.not_actions = strings(value, &at)?,
            "Resource" => statement.resources = strings(value, &at)?,
            "NotResource" => statement.not_resources = strings(value, &at)?,
            "Condition" => {
                let operators = value
                    .as_object()
                    .ok_or_else(|| PolicyParseError::new(&at, "expected an object of operators"))?;
                for (operator, keys) in operators {
                    let keys = keys.as_object().ok_or_else(|| {
                        PolicyParseError::new(
                            format!("{at}/{operator}"),
                            "expected an object of keys",
                        )
                    })?;
                    statement.conditions.insert(
                        operator.clone(),
                        keys.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
                    );
                }
            }
            other => {
                debug_assert!(!grammar::is_statement_element(other));
                return Err(PolicyParseError::new(
                    at,
                    format!(
                        "unknown statement element `{other}`; a statement holds {}",
                        grammar::STATEMENT_ELEMENTS.join(", ")
                    ),
                ));
            }
        }
    }
    Ok(statement)
}
