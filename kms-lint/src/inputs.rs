//! Where policies live: a policy file, a CloudFormation template (JSON or
//! YAML) or a Terraform plan (`terraform show -json`). Each yields the
//! policies it holds, with what the linter needs to point at them.

use std::borrow::Cow;

use kms_json::{Reader, Spanned};
use kms_types::lint::PolicyKind;

use crate::yaml;

/// What a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Policy JSON: a policy, a statement, or an array of statements.
    Policy,
    /// A CloudFormation template, JSON or YAML.
    CloudFormation,
    /// A Terraform plan in JSON (`terraform show -json PLAN`).
    Terraform,
}

/// One policy found in a file.
#[derive(Debug, Clone)]
pub struct Embedded<'a> {
    /// Where it is: a CloudFormation path (`Resources/MyKey/Properties/KeyPolicy`),
    /// a Terraform address with its attribute (`aws_kms_key.main.policy`),
    /// or empty for a policy file.
    pub label: String,
    /// The text the document's spans point into: the file itself
    /// (borrowed, however many policies it holds), or, for a Terraform
    /// plan, the policy string it holds (decoded).
    pub text: Cow<'a, str>,
    /// Whether `text` is the file's own text (so lines and columns are the
    /// file's).
    pub in_file: bool,
    /// The policy as read, or `None` for a policy file: the linter reads
    /// it itself, one statement at a time (`kms_types::lint::lint_text`).
    pub document: Option<Spanned>,
    /// Key or identity policy, from the resource type (or as asked).
    pub kind: PolicyKind,
}

/// A file that cannot be read as what it claims to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// What is wrong.
    pub message: String,
    /// Byte offset in the file, where known.
    pub offset: usize,
}

/// Key policies in CloudFormation: (resource type, property).
const CFN_KEY_POLICIES: &[(&str, &str)] = &[
    ("AWS::KMS::Key", "KeyPolicy"),
    ("AWS::KMS::ReplicaKey", "KeyPolicy"),
];
/// Identity policies in CloudFormation: (resource type, property).
const CFN_POLICY_DOCUMENTS: &[&str] = &["AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"];
/// Resources with inline `Policies[].PolicyDocument`.
const CFN_INLINE_POLICIES: &[&str] = &["AWS::IAM::Role", "AWS::IAM::User", "AWS::IAM::Group"];
/// Terraform resource types whose `policy` attribute is a policy, and its kind.
const TERRAFORM_POLICIES: &[(&str, PolicyKind)] = &[
    ("aws_kms_key", PolicyKind::Key),
    ("aws_kms_key_policy", PolicyKind::Key),
    ("aws_kms_replica_key", PolicyKind::Key),
    ("aws_iam_policy", PolicyKind::Identity),
    ("aws_iam_role_policy", PolicyKind::Identity),
    ("aws_iam_user_policy", PolicyKind::Identity),
    ("aws_iam_group_policy", PolicyKind::Identity),
];

/// What a document is, by what it holds at the top: a template
/// (`Resources`, `AWSTemplateFormatVersion`), a plan (`planned_values`,
/// `terraform_version`), a policy (`Statement`), a statement (`Effect`,
/// `Action`, `NotAction`) or an array of statements; `None` for anything
/// else (a `package.json`, a workflow).
pub fn classify(document: &Spanned) -> Option<Format> {
    if let Some(entries) = document.as_object() {
        let keys: Vec<&str> = entries.iter().map(|(k, _, _)| k.as_str()).collect();
        return classify_keys(&keys);
    }
    classify_array(document)
}

/// [`classify`] for an object, from its top-level keys.
fn classify_keys(keys: &[&str]) -> Option<Format> {
    let has = |key: &str| keys.contains(&key);
    if has("Resources") || has("AWSTemplateFormatVersion") {
        Some(Format::CloudFormation)
    } else if has("planned_values") || has("terraform_version") {
        Some(Format::Terraform)
    } else if has("Statement") || has("Effect") || has("Action") || has("NotAction") {
        Some(Format::Policy)
    } else {
        None
    }
}

/// [`classify`] for an array: one of statements.
fn classify_array(document: &Spanned) -> Option<Format> {
    {
        match document.as_array() {
            Some(items)
                if !items.is_empty()
                    && items.iter().all(|s| {
                        s.get("Effect").is_some()
                            || s.get("Action").is_some()
                            || s.get("NotAction").is_some()
                    }) =>
            {
                Some(Format::Policy)
            }
            _ => None,
        }
    }
}

impl Format {
    /// What the format is called in messages.
    pub fn describe(self) -> &'static str {
        match self {
            Format::Policy => "a policy",
            Format::CloudFormation => "a CloudFormation template",
            Format::Terraform => "a Terraform plan",
        }
    }
}

/// Reads `text` (named `file`) as `format`, or decides by content when
/// `format` is `None` ([`classify`]). A file that is not what `format`
/// says, that is none of policy, template or plan, or that is empty, is
/// an error naming what it is. `kind` applies to policy files only.
pub fn read<'a>(
    file: &str,
    text: &'a str,
    format: Option<Format>,
    kind: PolicyKind,
) -> Result<(Format, Vec<Embedded<'a>>), InputError> {
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.is_empty() {
        return Err(InputError {
            message: "empty file: there is no policy in it".to_string(),
            offset: 0,
        });
    }
    let looks_yaml = file.ends_with(".yaml")
        || file.ends_with(".yml")
        || !(trimmed.starts_with('{') || trimmed.starts_with('['));
    let not_json = |e: kms_json::JsonError| InputError {
        message: format!("not JSON: {}", e.message),
        offset: e.offset,
    };
    // A JSON object is told by its top-level keys, read without building
    // its values: a policy file is then linted as a stream and never
    // becomes one tree.
    let keys = if looks_yaml {
        None
    } else {
        top_level_keys(text)
    };
    let (document, found) = match keys {
        Some(keys) => {
            let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
            (None, classify_keys(&keys))
        }
        None => {
            let document = if looks_yaml {
                yaml_doc(text)?
            } else {
                kms_json::parse(text).map_err(not_json)?
            };
            let found = classify(&document);
            (Some(document), found)
        }
    };
    let start = text.len() - trimmed.len();
    let format = match (format, found) {
        (_, None) => {
            let what = if looks_yaml { "YAML" } else { "JSON" };
            return Err(InputError {
                message: format!(
                    "not a policy: {what} with none of `Statement`, `Effect`, `Action`, `Resources` or `planned_values` at the top, so neither a policy, a statement, a CloudFormation template nor a Terraform plan"
                ),
                offset: start,
            });
        }
        (Some(wanted), Some(found)) if wanted != found => {
            return Err(InputError {
                message: format!(
                    "this is {}, not {} as `--kind` says",
                    found.describe(),
                    wanted.describe()
                ),
                offset: start,
            });
        }
        (_, Some(found)) if looks_yaml && found != Format::CloudFormation => {
            return Err(InputError {
                message: format!(
                    "YAML that reads as {}: only CloudFormation templates are read from YAML",
                    found.describe()
                ),
                offset: start,
            });
        }
        (_, Some(found)) => found,
    };
    let whole = |document: Option<Spanned>| match document {
        Some(document) => Ok(document),
        None => kms_json::parse(text).map_err(not_json),
    };
    let policies = match format {
        Format::Policy => vec![Embedded {
            label: String::new(),
            text: Cow::Borrowed(text),
            in_file: true,
            document,
            kind,
        }],
        Format::CloudFormation => cloudformation(text, &whole(document)?),
        Format::Terraform => terraform(&whole(document)?)?,
    };
    Ok((format, policies))
}

/// The keys of a JSON object at the top of `text`, its values checked but
/// not built; `None` when the text is not an object or not JSON (the
/// caller then reads it whole, for its error or its shape).
fn top_level_keys(text: &str) -> Option<Vec<String>> {
    let mut reader = Reader::new(text);
    if !reader.eat(b'{') {
        return None;
    }
    let mut keys = Vec::new();
    if reader.eat(b'}') {
        return reader.at_end().then_some(keys);
    }
    loop {
        keys.push(reader.key().ok()?.0);
        if !reader.eat(b':') {
            return None;
        }
        reader.skip_value().ok()?;
        if reader.eat(b',') {
            continue;
        }
        if reader.eat(b'}') {
            return reader.at_end().then_some(keys);
        }
        return None;
    }
}

fn yaml_doc(text: &str) -> Result<Spanned, InputError> {
    yaml::parse(text).map_err(|e| InputError {
        message: format!("not YAML: {}", e.message),
        offset: e.offset,
    })
}

/// The policies of a template's resources, in document order.
fn cloudformation<'a>(text: &'a str, template: &Spanned) -> Vec<Embedded<'a>> {
    let mut out = Vec::new();
    let Some(resources) = template.get("Resources").and_then(Spanned::as_object) else {
        return out;
    };
    let mut push = |label: String, document: &Spanned, kind| {
        // A policy an intrinsic computes (`!Sub`, `Fn::If`) is not guessed
        // at: the linter counts it as unchecked.
        out.push(Embedded {
            label,
            text: Cow::Borrowed(text),
            in_file: true,
            document: Some(document.clone()),
            kind,
        });
    };
    for (name, _, resource) in resources {
        let Some(ty) = resource.get("Type").and_then(Spanned::as_str) else {
            continue;
        };
        let Some(properties) = resource.get("Properties") else {
            continue;
        };
        let base = format!("Resources/{name}/Properties");
        if let Some((_, property)) = CFN_KEY_POLICIES.iter().find(|(t, _)| *t == ty) {
            if let Some(policy) = properties.get(property) {
                push(format!("{base}/{property}"), policy, PolicyKind::Key);
            }
        } else if CFN_POLICY_DOCUMENTS.contains(&ty) {
            if let Some(policy) = properties.get("PolicyDocument") {
                push(
                    format!("{base}/PolicyDocument"),
                    policy,
                    PolicyKind::Identity,
                );
            }
        } else if CFN_INLINE_POLICIES.contains(&ty)
            && let Some(policies) = properties.get("Policies").and_then(Spanned::as_array)
        {
            for (i, inline) in policies.iter().enumerate() {
                if let Some(policy) = inline.get("PolicyDocument") {
                    push(
                        format!("{base}/Policies/{i}/PolicyDocument"),
                        policy,
                        PolicyKind::Identity,
                    );
                }
            }
        }
    }
    out
}

/// The policies of a plan's planned values, modules included.
fn terraform(plan: &Spanned) -> Result<Vec<Embedded<'static>>, InputError> {
    let mut out = Vec::new();
    if let Some(root) = plan
        .get("planned_values")
        .and_then(|v| v.get("root_module"))
    {
        module(root, &mut out, 0)?;
    }
    Ok(out)
}

fn module(
    module: &Spanned,
    out: &mut Vec<Embedded<'static>>,
    depth: usize,
) -> Result<(), InputError> {
    if depth > 64 {
        return Ok(());
    }
    for resource in module
        .get("resources")
        .and_then(Spanned::as_array)
        .unwrap_or(&[])
    {
        let (Some(ty), Some(address)) = (
            resource.get("type").and_then(Spanned::as_str),
            resource.get("address").and_then(Spanned::as_str),
        ) else {
            continue;
        };
        let Some((_, kind)) = TERRAFORM_POLICIES.iter().find(|(t, _)| *t == ty) else {
            continue;
        };
        let Some(policy) = resource.get("values").and_then(|v| v.get("policy")) else {
            continue;
        };
        // Unknown until apply (`null` in planned values): nothing to check.
        let Some(text) = policy.as_str() else {
            continue;
        };
        let document = kms_json::parse(text).map_err(|e| InputError {
            message: format!(
                "{address}.policy is not JSON: {} (byte {} of the policy)",
                e.message, e.offset
            ),
            offset: policy.start,
        })?;
        out.push(Embedded {
            label: format!("{address}.policy"),
            text: Cow::Owned(text.to_string()),
            in_file: false,
            document: Some(document),
            kind: *kind,
        });
    }
    for child in module
        .get("child_modules")
        .and_then(Spanned::as_array)
        .unwrap_or(&[])
    {
        self::module(child, out, depth + 1)?;
    }
    Ok(())
}
