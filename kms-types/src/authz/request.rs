//! A request: action, resource, principal and context; and grants.

use std::fmt;
use std::str::FromStr;

use crate::{Action, ResourceType};

/// What kind of caller a [`Principal`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PrincipalKind {
    /// An account's root user (`arn:aws:iam::111122223333:root`).
    Root,
    /// An IAM user.
    User,
    /// An IAM role (as a principal in its own right).
    Role,
    /// An assumed-role session (`arn:aws:sts::111122223333:assumed-role/ROLE/SESSION`).
    Session,
    /// A federated user (`arn:aws:sts::111122223333:federated-user/NAME`).
    FederatedUser,
    /// An AWS service principal (`s3.amazonaws.com`).
    Service,
}

/// The caller of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// Its ARN, or a service principal's name.
    pub arn: String,
    /// What kind of caller.
    pub kind: PrincipalKind,
    /// Its account (`None` for a service principal).
    pub account: Option<String>,
    /// For a session, its role's name; for a user, the user's name.
    pub(crate) name: Option<String>,
    partition: String,
}

impl Principal {
    /// Whether `arn` is the role of this session (`arn:PARTITION:iam::ACCOUNT:role/PATH/NAME`).
    pub(crate) fn role_matches(&self, arn: &str) -> bool {
        // `arn:PARTITION:iam::ACCOUNT:role/` then a path ending in the name.
        let (Some(account), Some(name)) = (&self.account, &self.name) else {
            return false;
        };
        let rest = arn
            .strip_prefix("arn:")
            .and_then(|r| r.strip_prefix(self.partition.as_str()))
            .and_then(|r| r.strip_prefix(":iam::"))
            .and_then(|r| r.strip_prefix(account.as_str()))
            .and_then(|r| r.strip_prefix(":role/"));
        rest.is_some_and(|path| path.rsplit('/').next() == Some(name.as_str()))
    }

    /// The principal's role ARN for a session (without the role's path,
    /// which the session ARN does not carry), else its ARN.
    pub fn principal_arn(&self) -> String {
        match (self.kind, &self.account, &self.name) {
            (PrincipalKind::Session, Some(account), Some(role)) => {
                format!("arn:{}:iam::{account}:role/{role}", self.partition)
            }
            _ => self.arn.clone(),
        }
    }
}

impl FromStr for Principal {
    type Err = String;

    /// A user, role, session, federated-user or root ARN, an account id
    /// (its root), or a service principal name (`s3.amazonaws.com`).
    fn from_str(text: &str) -> Result<Principal, String> {
        let bad = |why: &str| {
            format!(
                "`{text}` is not a principal: {why} (expected arn:aws:iam::ACCOUNT:user/NAME, :role/NAME, :root, arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION, an account id, or a service principal such as s3.amazonaws.com)"
            )
        };
        let account_ok = kms_iam_rules::grammar::is_account_id;
        if account_ok(text) {
            return Ok(Principal {
                arn: format!("arn:aws:iam::{text}:root"),
                kind: PrincipalKind::Root,
                account: Some(text.to_string()),
                name: None,
                partition: "aws".into(),
            });
        }
        if !text.starts_with("arn:") {
            let service = text.contains('.')
                && !text.contains([':', '/', '*', ' '])
                && text.split('.').all(|part| !part.is_empty());
            if service && text.ends_with(".amazonaws.com") || text.ends_with(".amazonaws.com.cn") {
                return Ok(Principal {
                    arn: text.to_string(),
                    kind: PrincipalKind::Service,
                    account: None,
                    name: None,
                    partition: String::new(),
                });
            }
            return Err(bad("not an ARN, an account id or a service principal"));
        }
        let parts: Vec<&str> = text.splitn(6, ':').collect();
        if parts.len() != 6 {
            return Err(bad("an ARN has six `:`-separated parts"));
        }
        let (partition, service, region, account, resource) =
            (parts[1], parts[2], parts[3], parts[4], parts[5]);
        if partition.parse::<crate::policy::arn::Partition>().is_err() {
            return Err(bad("unknown partition"));
        }
        if !region.is_empty() {
            return Err(bad("IAM and STS ARNs have no region"));
        }
        if !account_ok(account) {
            return Err(bad("the account must be 12 digits"));
        }
        let nonempty = |s: &str| !s.is_empty() && !s.contains('*');
        let (kind, name) = match (service, resource) {
            ("iam", "root") => (PrincipalKind::Root, None),
            ("iam", r) if r.starts_with("user/") => {
                let name = r.rsplit('/').next().unwrap_or_default();
                (PrincipalKind::User, Some(name.to_string()))
            }
            ("iam", r) if r.starts_with("role/") => {
                let name = r.rsplit('/').next().unwrap_or_default();
                (PrincipalKind::Role, Some(name.to_string()))
            }
            ("sts", r) if r.starts_with("assumed-role/") => {
                let mut it = r["assumed-role/".len()..].splitn(2, '/');
                match (it.next(), it.next()) {
                    (Some(role), Some(session)) if nonempty(role) && nonempty(session) => {
                        (PrincipalKind::Session, Some(role.to_string()))
                    }
                    _ => return Err(bad("a session ARN is assumed-role/ROLE/SESSION")),
                }
            }
            ("sts", r) if r.starts_with("federated-user/") => (
                PrincipalKind::FederatedUser,
                Some(r["federated-user/".len()..].to_string()),
            ),
            _ => return Err(bad("not a user, role, session, federated user or root")),
        };
        if name.as_deref().is_some_and(|n| !nonempty(n)) {
            return Err(bad("the name is empty or has a wildcard"));
        }
        Ok(Principal {
            arn: text.to_string(),
            kind,
            account: Some(account.to_string()),
            name,
            partition: partition.to_string(),
        })
    }
}

impl fmt::Display for Principal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.arn)
    }
}

/// One context key's values.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    name: String,
    lower: String,
    values: Vec<String>,
}

/// The request context: keys (matched ignoring case) and their values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    entries: Vec<Entry>,
}

impl Context {
    /// An empty context.
    pub fn new() -> Context {
        Context::default()
    }

    /// Sets `key` to `values` (one value for a single-valued key),
    /// replacing any earlier value.
    pub fn set(&mut self, key: impl Into<String>, values: Vec<String>) {
        let name = key.into();
        let lower = name.to_ascii_lowercase();
        self.entries.retain(|e| e.lower != lower);
        self.entries.push(Entry {
            name,
            lower,
            values,
        });
    }

    /// The values given for `key` (ignoring case), if any.
    pub fn get(&self, key: &str) -> Option<&[String]> {
        self.entries
            .iter()
            .find(|e| e.lower.eq_ignore_ascii_case(key))
            .map(|e| e.values.as_slice())
    }

    /// The encryption context: every `kms:EncryptionContext:NAME` key's
    /// name (as written) and first value.
    pub fn encryption_context(&self) -> impl Iterator<Item = (&str, &str)> {
        const PREFIX: &str = "kms:encryptioncontext:";
        self.entries.iter().filter_map(|e| {
            let name = e.name.get(PREFIX.len()..)?;
            (e.lower.starts_with(PREFIX) && !name.is_empty())
                .then(|| (name, e.values.first().map_or("", String::as_str)))
        })
    }

    /// The values of lower-case key `lower`: given, or derived from the
    /// request.
    pub(crate) fn values<'a>(
        &'a self,
        lower: &str,
        request: &Request,
    ) -> Option<std::borrow::Cow<'a, [String]>> {
        if let Some(e) = self.entries.iter().find(|e| e.lower == lower) {
            return Some(std::borrow::Cow::Borrowed(&e.values));
        }
        request
            .derived(lower)
            .map(|v| std::borrow::Cow::Owned(vec![v]))
    }
}

/// A request to decide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The action.
    pub action: Action,
    /// The resource ARN (`None`: the action takes no resource, `*`).
    pub resource: Option<String>,
    /// The caller.
    pub principal: Principal,
    /// The request context.
    pub context: Context,
    resource_account: Option<String>,
    resource_type: Option<ResourceType>,
}

impl Request {
    /// A request from names: the action (`kms:Decrypt`, case-insensitive),
    /// the resource ARN (a KMS key or alias ARN, or `None`/`"*"` for
    /// actions that take none) and the principal ([`Principal`]'s forms).
    pub fn parse(action: &str, resource: Option<&str>, principal: &str) -> Result<Request, String> {
        let action: Action = action.parse().map_err(|e| format!("{e}"))?;
        let principal: Principal = principal.parse()?;
        Request::new(action, resource, principal)
    }

    /// A request with an empty context.
    pub fn new(
        action: Action,
        resource: Option<&str>,
        principal: Principal,
    ) -> Result<Request, String> {
        let resource = resource.filter(|r| *r != "*");
        let (resource_account, resource_type) = match resource {
            None => (None, None),
            Some(arn) => {
                let kind = kms_resource(arn)?;
                (
                    Some(arn.split(':').nth(4).unwrap_or_default().to_string()),
                    Some(kind),
                )
            }
        };
        if let Some(kind) = resource_type {
            let takes = action
                .resources()
                .iter()
                .any(|r| r.resource_type == Some(kind));
            if !takes {
                return Err(format!(
                    "{action} does not act on a KMS {} (it takes {})",
                    kind.name(),
                    action
                        .resources()
                        .iter()
                        .map(|r| r.resource_type.map_or("no resource (\"*\")", |t| t.name()))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
        Ok(Request {
            action,
            resource: resource.map(str::to_string),
            principal,
            context: Context::new(),
            resource_account,
            resource_type,
        })
    }

    /// Sets a context key.
    pub fn with(mut self, key: impl Into<String>, values: Vec<String>) -> Request {
        self.context.set(key, values);
        self
    }

    /// The kind of resource the request is on, if any.
    pub fn resource_type(&self) -> Option<ResourceType> {
        self.resource_type
    }

    /// Whether the caller is in the resource's account (true when the
    /// action takes no resource).
    pub fn same_account(&self) -> bool {
        match &self.resource_account {
            None => true,
            Some(account) => self.principal.account.as_deref() == Some(account),
        }
    }

    fn derived(&self, lower: &str) -> Option<String> {
        let p = &self.principal;
        match lower {
            "aws:principalarn" if p.kind != PrincipalKind::Service => Some(p.principal_arn()),
            "aws:principalaccount" | "kms:calleraccount" => p.account.clone(),
            "aws:resourceaccount" => self.resource_account.clone(),
            "aws:principalisawsservice" => Some((p.kind == PrincipalKind::Service).to_string()),
            "aws:principalservicename" if p.kind == PrincipalKind::Service => Some(p.arn.clone()),
            "aws:username" if p.kind == PrincipalKind::User => p.name.clone(),
            _ => None,
        }
    }

    /// A policy variable's value (`aws:username`): single values only.
    pub(crate) fn variable(&self, key: &str) -> Option<String> {
        let lower = key.to_ascii_lowercase();
        match self.context.values(&lower, self) {
            Some(values) if values.len() == 1 => Some(values[0].clone()),
            _ => None,
        }
    }
}

/// Whether `arn` is a KMS key or alias ARN, and which.
fn kms_resource(arn: &str) -> Result<ResourceType, String> {
    let bad = |why: &str| {
        format!(
            "`{arn}` is not a KMS resource ARN: {why} (expected arn:aws:kms:REGION:ACCOUNT:key/ID or :alias/NAME)"
        )
    };
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    if parts.len() != 6 || parts[0] != "arn" {
        return Err(bad(
            "an ARN has six `:`-separated parts, starting with `arn`",
        ));
    }
    if parts[2] != "kms" {
        return Err(bad("the service part is not `kms`"));
    }
    if parts[1].is_empty() || parts[3].is_empty() {
        return Err(bad("the partition or region is empty"));
    }
    if !kms_iam_rules::grammar::is_account_id(parts[4]) {
        return Err(bad("the account must be 12 digits"));
    }
    if arn.contains(['*', '?']) {
        return Err(bad("a request names one resource, without wildcards"));
    }
    match parts[5].split_once('/') {
        Some(("key", id)) if !id.is_empty() => Ok(ResourceType::Key),
        Some(("alias", name)) if !name.is_empty() => Ok(ResourceType::Alias),
        _ => Err(bad("the resource part is not key/ID or alias/NAME")),
    }
}

/// The operations a grant can allow (AWS KMS Developer Guide, "Grants in
/// AWS KMS", "Grant operations").
pub const GRANT_OPERATIONS: &[&str] = &[
    "Decrypt",
    "Encrypt",
    "GenerateDataKey",
    "GenerateDataKeyPair",
    "GenerateDataKeyPairWithoutPlaintext",
    "GenerateDataKeyWithoutPlaintext",
    "ReEncryptFrom",
    "ReEncryptTo",
    "Sign",
    "Verify",
    "GetPublicKey",
    "CreateGrant",
    "RetireGrant",
    "DescribeKey",
    "GenerateMac",
    "VerifyMac",
    "DeriveSharedSecret",
];

/// A KMS grant on the key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grant {
    /// Who may use it.
    pub grantee: Principal,
    /// The operations it allows.
    pub operations: Vec<Action>,
    /// `EncryptionContextEquals`: the request's encryption context must be exactly this.
    pub encryption_context_equals: Option<Vec<(String, String)>>,
    /// `EncryptionContextSubset`: the request's encryption context must include this.
    pub encryption_context_subset: Option<Vec<(String, String)>>,
}

impl Grant {
    /// A grant of `operations` (names such as `Decrypt` or `kms:Decrypt`)
    /// to `grantee`, without constraints.
    pub fn new(grantee: &str, operations: &[&str]) -> Result<Grant, String> {
        let grantee: Principal = grantee.parse()?;
        if grantee.kind == PrincipalKind::Service {
            return Err("a grantee cannot be a service principal (AWS KMS Developer Guide, \"Grants in AWS KMS\")".into());
        }
        let operations = operations
            .iter()
            .map(|op| {
                let name = op.strip_prefix("kms:").unwrap_or(op);
                if !GRANT_OPERATIONS.contains(&name) {
                    return Err(format!(
                        "`{op}` is not a grant operation (one of {})",
                        GRANT_OPERATIONS.join(", ")
                    ));
                }
                name.parse::<Action>().map_err(|e| e.to_string())
            })
            .collect::<Result<_, _>>()?;
        Ok(Grant {
            grantee,
            operations,
            encryption_context_equals: None,
            encryption_context_subset: None,
        })
    }

    /// Whether the grant allows `request` (grantee, operation, constraints).
    pub(crate) fn allows(&self, request: &Request) -> bool {
        if !self.operations.contains(&request.action) {
            return false;
        }
        let p = &request.principal;
        let g = &self.grantee;
        let grantee = p.arn == g.arn
            || (g.kind == PrincipalKind::Role
                && p.kind == PrincipalKind::Session
                && p.role_matches(&g.arn))
            || (g.kind == PrincipalKind::Root && p.account == g.account);
        if !grantee {
            return false;
        }
        // "The encryption context constraint is ignored for `DescribeKey`
        // and `RetireGrant` operations" (AWS KMS Developer Guide, "Using
        // grant constraints").
        if matches!(request.action, Action::DescribeKey | Action::RetireGrant) {
            return true;
        }
        let context: Vec<(&str, &str)> = request.context.encryption_context().collect();
        if let Some(equals) = &self.encryption_context_equals {
            let same = equals.len() == context.len()
                && equals
                    .iter()
                    .all(|(k, v)| context.iter().any(|(ck, cv)| ck == k && cv == v));
            if !same {
                return false;
            }
        }
        if let Some(subset) = &self.encryption_context_subset
            && !subset
                .iter()
                .all(|(k, v)| context.iter().any(|(ck, cv)| ck == k && cv == v))
        {
            return false;
        }
        true
    }
}
