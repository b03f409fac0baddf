//! Scenario files (`kms-sim`'s input, DESIGN.md "Deciding a request"):
//! one scenario or an array, each a request and the policies in force.

use std::sync::Arc;

use kms_json::{Json, SourceIndex, Spanned};

use super::{Decide, Document, Grant, InputError, Outcome, Request};
use crate::ResourceType;

/// One scenario: a request, the policies in force, and what a fixture expects.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Its `name` (or `scenario N`).
    pub name: String,
    /// The request.
    pub request: Request,
    /// The policies in force.
    pub policies: Decide,
    /// `expected`, for fixtures (the simulator ignores it).
    pub expected: Option<Outcome>,
    /// Line and column of the scenario in its file.
    pub location: (u32, u32),
}

/// An input that cannot be read, located in the file it is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// The file.
    pub file: Arc<str>,
    /// Line, from 1.
    pub line: u32,
    /// Column in characters, from 1.
    pub column: u32,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for Located {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

/// Reads the file a policy path names: its display name and text, or why not.
pub type Loader<'a> = dyn FnMut(&str) -> Result<(Arc<str>, String), String> + 'a;

/// Reads the scenarios in `text` (file `file`): one object or an array.
/// The flag says whether the text held an array. Policies given as paths
/// are read through `load` (relative to the scenario file is the caller's
/// business).
pub fn load_scenarios(
    text: &str,
    file: &str,
    load: &mut Loader<'_>,
) -> Result<(Vec<Scenario>, bool), Located> {
    let file: Arc<str> = file.into();
    let index = SourceIndex::new(text);
    let locate = |e: InputError| {
        let (line, column) = index.line_col(e.offset.min(text.len()));
        Located {
            file: file.clone(),
            line: line as u32,
            column: column as u32,
            message: e.message,
        }
    };
    let value = kms_json::parse(text).map_err(|e| locate(InputError::new(e.offset, e.message)))?;
    let (items, array): (Vec<&Spanned>, bool) = match &value.value {
        Json::Array(items) => (items.iter().collect(), true),
        Json::Object(_) => (vec![&value], false),
        _ => {
            return Err(locate(InputError::new(
                value.start,
                format!(
                    "not a scenario file: expected an object or an array of objects, found {}",
                    value.kind()
                ),
            )));
        }
    };
    let mut reader = Reader {
        index: &index,
        file: file.clone(),
        load,
    };
    let mut out = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        match reader.scenario(i, item) {
            Ok(s) => out.push(s),
            Err(Failure::Here(e)) => return Err(locate(e)),
            Err(Failure::Elsewhere(e)) => return Err(e),
        }
    }
    Ok((out, array))
}

enum Failure {
    Here(InputError),
    Elsewhere(Located),
}

impl From<InputError> for Failure {
    fn from(e: InputError) -> Failure {
        Failure::Here(e)
    }
}

struct Reader<'a, 'l> {
    index: &'a SourceIndex,
    file: Arc<str>,
    load: &'a mut Loader<'l>,
}

fn here(at: usize, message: impl Into<String>) -> Failure {
    Failure::Here(InputError::new(at, message))
}

impl Reader<'_, '_> {
    fn scenario(&mut self, i: usize, value: &Spanned) -> Result<Scenario, Failure> {
        let Some(fields) = value.as_object() else {
            return Err(here(
                value.start,
                format!("a scenario must be an object, found {}", value.kind()),
            ));
        };
        let mut name = None;
        let mut request = None;
        let mut policies = Decide::default();
        let mut key_policy_given = false;
        let mut expected = None;
        for (field, at, v) in fields {
            if matches!(v.value, Json::Null) && field != "request" && field != "name" {
                continue;
            }
            match field.as_str() {
                "name" => {
                    name = Some(
                        v.as_str()
                            .ok_or_else(|| here(v.start, "`name` must be a string"))?
                            .to_string(),
                    )
                }
                "request" => request = Some(self.request(v)?),
                "key_policy" => {
                    policies.key_policy = Some(self.policy(v)?);
                    key_policy_given = true;
                }
                "identity_policies" => {
                    for p in list(v, "identity_policies")? {
                        let doc = self.policy(p)?;
                        policies.identity.push(doc);
                    }
                }
                "permission_boundary" => policies.boundary = Some(self.policy(v)?),
                "session_policy" => policies.session = Some(self.policy(v)?),
                "scps" | "rcps" => {
                    let mut levels = Vec::new();
                    for level in list(v, field)? {
                        let mut docs = Vec::new();
                        for p in list(level, "a level")? {
                            docs.push(self.policy(p)?);
                        }
                        levels.push(docs);
                    }
                    if field == "scps" {
                        policies.scps = levels;
                    } else {
                        policies.rcps = levels;
                    }
                }
                "grants" => {
                    for g in list(v, "grants")? {
                        policies.grants.push(grant(g)?);
                    }
                }
                "expected" => {
                    expected = Some(match v.as_str() {
                        Some("Allow") => Outcome::Allow,
                        Some("ExplicitDeny") => Outcome::ExplicitDeny,
                        Some("ImplicitDeny") => Outcome::ImplicitDeny,
                        _ => {
                            return Err(here(
                                v.start,
                                "`expected` must be \"Allow\", \"ExplicitDeny\" or \"ImplicitDeny\"",
                            ));
                        }
                    })
                }
                "Statement" | "Version" => {
                    return Err(here(
                        *at,
                        "this is a policy, not a scenario: put it under `key_policy` or `identity_policies` of a scenario (or run `kms-sim --summary` on a key policy)",
                    ));
                }
                _ => {
                    return Err(here(
                        *at,
                        format!(
                            "`{field}` is not a scenario field (name, request, key_policy, identity_policies, permission_boundary, session_policy, scps, rcps, grants, expected)"
                        ),
                    ));
                }
            }
        }
        let Some(request) = request else {
            return Err(here(value.start, "the scenario has no `request`"));
        };
        if request.resource_type() == Some(ResourceType::Key) && !key_policy_given {
            return Err(here(
                value.start,
                format!(
                    "{} is a request on a key, and every key has a key policy: give `key_policy`",
                    request.action
                ),
            ));
        }
        let (line, column) = self.index.line_col(value.start);
        Ok(Scenario {
            name: name.unwrap_or_else(|| format!("scenario {i}")),
            request,
            policies,
            expected,
            location: (line as u32, column as u32),
        })
    }

    fn request(&mut self, v: &Spanned) -> Result<Request, Failure> {
        let Some(fields) = v.as_object() else {
            return Err(here(v.start, "`request` must be an object"));
        };
        let get = |name: &str| fields.iter().find(|(k, _, _)| k == name).map(|(_, _, v)| v);
        for (k, at, _) in fields {
            if !matches!(k.as_str(), "action" | "resource" | "principal" | "context") {
                return Err(here(
                    *at,
                    format!("`{k}` is not a request field (action, resource, principal, context)"),
                ));
            }
        }
        let text = |name: &str| -> Result<&Spanned, Failure> {
            let value =
                get(name).ok_or_else(|| here(v.start, format!("the request has no `{name}`")))?;
            if value.as_str().is_none() {
                return Err(here(value.start, format!("`{name}` must be a string")));
            }
            Ok(value)
        };
        let action = text("action")?;
        let principal = text("principal")?;
        let resource = match get("resource") {
            None => None,
            Some(r) if matches!(r.value, Json::Null) => None,
            Some(r) => Some(
                r.as_str()
                    .ok_or_else(|| here(r.start, "`resource` must be a string"))?,
            ),
        };
        let action_name = action.as_str().unwrap_or_default();
        let parsed_action = action_name
            .parse::<crate::Action>()
            .map_err(|e| here(action.start, e.to_string()))?;
        if !action_name.to_ascii_lowercase().starts_with("kms:") {
            return Err(here(
                action.start,
                format!(
                    "`{action_name}` is not a KMS action: write `{}`",
                    parsed_action.iam_name()
                ),
            ));
        }
        let principal_value = principal
            .as_str()
            .unwrap_or_default()
            .parse()
            .map_err(|e: String| here(principal.start, e))?;
        let mut request = Request::new(parsed_action, resource, principal_value)
            .map_err(|e| here(get("resource").map_or(v.start, |r| r.start), e))?;
        if let Some(context) = get("context") {
            let Some(entries) = context.as_object() else {
                return Err(here(
                    context.start,
                    "`context` must be an object of keys and values",
                ));
            };
            for (key, at, value) in entries {
                if crate::rules::key_name::parse(key).is_err() {
                    return Err(here(
                        *at,
                        format!("`{key}` is not a condition key name (prefix:Name)"),
                    ));
                }
                let values = super::document::scalar_texts(
                    value,
                    &format!(
                        "the value of `{key}` must be a string, number or boolean, or an array of them"
                    ),
                )?;
                request.context.set(key.clone(), values);
            }
        }
        Ok(request)
    }

    fn policy(&mut self, v: &Spanned) -> Result<Document, Failure> {
        if let Some(path) = v.as_str() {
            let (name, text) = (self.load)(path).map_err(|e| here(v.start, e))?;
            let index = SourceIndex::new(&text);
            let parsed = kms_json::parse(&text)
                .map_err(|e| InputError::new(e.offset, e.message))
                .and_then(|value| Document::from_spanned(&value, &index));
            return match parsed {
                Ok(doc) => Ok(doc.with_origin(name)),
                Err(e) => {
                    let (line, column) = index.line_col(e.offset.min(text.len()));
                    Err(Failure::Elsewhere(Located {
                        file: name,
                        line: line as u32,
                        column: column as u32,
                        message: e.message,
                    }))
                }
            };
        }
        Ok(Document::from_spanned(v, self.index)?.with_origin(self.file.clone()))
    }
}

fn list<'v>(v: &'v Spanned, what: &str) -> Result<&'v [Spanned], Failure> {
    v.as_array()
        .ok_or_else(|| here(v.start, format!("`{what}` must be an array")))
}

fn grant(v: &Spanned) -> Result<Grant, Failure> {
    let Some(fields) = v.as_object() else {
        return Err(here(v.start, "a grant must be an object"));
    };
    let mut grantee = None;
    let mut operations = None;
    let mut constraints = None;
    for (k, at, value) in fields {
        match k.as_str() {
            "grantee_principal" => grantee = Some(value),
            "operations" => operations = Some(value),
            "constraints" => constraints = Some(value),
            "name" | "retiring_principal" => {}
            _ => {
                return Err(here(
                    *at,
                    format!(
                        "`{k}` is not a grant field (grantee_principal, operations, constraints, name, retiring_principal)"
                    ),
                ));
            }
        }
    }
    let grantee = grantee.ok_or_else(|| here(v.start, "the grant has no `grantee_principal`"))?;
    let grantee_name = grantee
        .as_str()
        .ok_or_else(|| here(grantee.start, "`grantee_principal` must be a string"))?;
    let operations = operations.ok_or_else(|| here(v.start, "the grant has no `operations`"))?;
    let names: Vec<&str> = list(operations, "operations")?
        .iter()
        .map(|o| {
            o.as_str()
                .ok_or_else(|| here(o.start, "an operation must be a string"))
        })
        .collect::<Result<_, _>>()?;
    let mut g = Grant::new(grantee_name, &names).map_err(|e| here(grantee.start, e))?;
    if let Some(c) = constraints.filter(|c| !matches!(c.value, Json::Null)) {
        let Some(fields) = c.as_object() else {
            return Err(here(c.start, "`constraints` must be an object"));
        };
        for (k, at, value) in fields {
            let pairs = value
                .as_object()
                .ok_or_else(|| {
                    here(
                        value.start,
                        format!("`{k}` must be an object of encryption context pairs"),
                    )
                })?
                .iter()
                .map(|(name, _, v)| {
                    v.as_str()
                        .map(|s| (name.clone(), s.to_string()))
                        .ok_or_else(|| {
                            here(v.start, "an encryption context value must be a string")
                        })
                })
                .collect::<Result<Vec<_>, _>>()?;
            match k.as_str() {
                "encryption_context_equals" => g.encryption_context_equals = Some(pairs),
                "encryption_context_subset" => g.encryption_context_subset = Some(pairs),
                _ => {
                    return Err(here(
                        *at,
                        format!(
                            "`{k}` is not a grant constraint (encryption_context_equals, encryption_context_subset)"
                        ),
                    ));
                }
            }
        }
    }
    Ok(g)
}
