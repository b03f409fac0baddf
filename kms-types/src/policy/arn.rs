//! ARNs of KMS resources, built from the ARN formats of the data
//! ([`ResourceType::arn_format`]): `arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}`
//! and `arn:${Partition}:kms:${Region}:${Account}:alias/${Alias}`.
//!
//! ```
//! use kms_types::policy::arn::{self, Partition};
//!
//! let any_key = arn::key(Partition::Aws, "*", "111122223333", "*").unwrap();
//! assert_eq!(any_key.as_str(), "arn:aws:kms:*:111122223333:key/*");
//! // A policy variable stands for the account of the caller.
//! let own = arn::key(Partition::AwsCn, "cn-north-1", "${aws:PrincipalAccount}", "*").unwrap();
//! assert_eq!(own.to_string(), "arn:aws-cn:kms:cn-north-1:${aws:PrincipalAccount}:key/*");
//! let alias = arn::alias(Partition::Aws, "us-west-2", "111122223333", "alias/app-*").unwrap();
//! assert_eq!(alias.as_str(), "arn:aws:kms:us-west-2:111122223333:alias/app-*");
//! // An empty account matches no key: refused, with the reason.
//! let error = arn::key(Partition::Aws, "*", "", "*").unwrap_err();
//! assert!(error.to_string().contains("account"));
//! ```
//!
//! Wildcards (`*`, `?`) are allowed in the region, the account and the id,
//! where IAM matches them; an empty part is refused because it matches no
//! KMS resource (KMS keys and aliases are regional and owned by an account).

use std::fmt;
use std::str::FromStr;

use crate::ResourceType;

/// `*`: every resource.
pub const ANY: &str = "*";

/// An AWS partition: the second part of an ARN.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Partition {
    /// `aws`: the commercial Regions.
    Aws,
    /// `aws-cn`: the China Regions.
    AwsCn,
    /// `aws-us-gov`: AWS GovCloud (US).
    AwsUsGov,
    /// `aws-iso`: the US ISO Regions.
    AwsIso,
    /// `aws-iso-b`: the US ISOB Regions.
    AwsIsoB,
    /// `aws-iso-e`: the European ISOE Regions.
    AwsIsoE,
    /// `aws-iso-f`: the US ISOF Regions.
    AwsIsoF,
    /// `aws-eusc`: the AWS European Sovereign Cloud.
    AwsEusc,
}

impl Partition {
    /// Every partition.
    pub const ALL: [Partition; 8] = [
        Partition::Aws,
        Partition::AwsCn,
        Partition::AwsUsGov,
        Partition::AwsIso,
        Partition::AwsIsoB,
        Partition::AwsIsoE,
        Partition::AwsIsoF,
        Partition::AwsEusc,
    ];

    /// The partition as ARNs spell it (`aws-us-gov`).
    pub fn as_str(self) -> &'static str {
        match self {
            Partition::Aws => "aws",
            Partition::AwsCn => "aws-cn",
            Partition::AwsUsGov => "aws-us-gov",
            Partition::AwsIso => "aws-iso",
            Partition::AwsIsoB => "aws-iso-b",
            Partition::AwsIsoE => "aws-iso-e",
            Partition::AwsIsoF => "aws-iso-f",
            Partition::AwsEusc => "aws-eusc",
        }
    }
}

impl fmt::Display for Partition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Partition {
    type Err = ArnError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Partition::ALL
            .into_iter()
            .find(|p| p.as_str() == text)
            .ok_or_else(|| ArnError {
                part: "partition",
                value: text.to_string(),
                reason: "not an AWS partition (aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc)",
            })
    }
}

/// A KMS ARN (or ARN pattern), ready for [`Statement::resource`](super::Statement::resource).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Arn {
    resource_type: ResourceType,
    text: String,
}

impl Arn {
    /// The ARN text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The resource type it names.
    pub fn resource_type(&self) -> ResourceType {
        self.resource_type
    }
}

impl fmt::Display for Arn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl From<Arn> for String {
    fn from(arn: Arn) -> String {
        arn.text
    }
}

/// A part of an ARN that matches no KMS resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArnError {
    /// Which part (`region`, `account`, `key id`, `alias name`, `partition`).
    pub part: &'static str,
    /// The value given.
    pub value: String,
    /// Why it is refused.
    pub reason: &'static str,
}

impl fmt::Display for ArnError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid {} `{}` in a KMS ARN: {}",
            self.part, self.value, self.reason
        )
    }
}

impl std::error::Error for ArnError {}

/// `arn:PARTITION:kms:REGION:ACCOUNT:key/KEY_ID`; `KEY_ID` may be `*`.
pub fn key(
    partition: Partition,
    region: &str,
    account: &str,
    key_id: &str,
) -> Result<Arn, ArnError> {
    let id = checked("key id", key_id, |c| c.is_ascii_alphanumeric() || c == '-')?;
    build(ResourceType::Key, partition, region, account, id)
}

/// `arn:PARTITION:kms:REGION:ACCOUNT:alias/NAME`; `NAME` with or without its
/// `alias/` prefix, and may be a pattern (`app-*`).
pub fn alias(
    partition: Partition,
    region: &str,
    account: &str,
    name: &str,
) -> Result<Arn, ArnError> {
    let name = name.strip_prefix("alias/").unwrap_or(name);
    let name = checked("alias name", name, |c| {
        c.is_ascii_alphanumeric() || matches!(c, '/' | '_' | '-')
    })?;
    build(ResourceType::Alias, partition, region, account, name)
}

fn build(
    resource_type: ResourceType,
    partition: Partition,
    region: &str,
    account: &str,
    last: &str,
) -> Result<Arn, ArnError> {
    let region = checked("region", region, |c| {
        c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'
    })?;
    let account = checked("account", account, |c| c.is_ascii_digit())?;
    if !account.contains(['*', '?', '$']) && account.len() != 12 {
        return Err(ArnError {
            part: "account",
            value: account.to_string(),
            reason: "an AWS account ID is 12 digits",
        });
    }
    // The format comes from the data; a build from sources without ARN
    // formats (the seed pages) uses IAM's documented layout for KMS.
    let format = resource_type.arn_format().unwrap_or(match resource_type {
        ResourceType::Alias => "arn:${Partition}:kms:${Region}:${Account}:alias/${Alias}",
        _ => "arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}",
    });
    let mut text = format
        .replace("${Partition}", partition.as_str())
        .replace("${Region}", region)
        .replace("${Account}", account);
    // The last placeholder is the resource's own name.
    if let Some(start) = text.rfind("${")
        && let Some(end) = text[start..].find('}')
    {
        text.replace_range(start..start + end + 1, last);
    }
    Ok(Arn {
        resource_type,
        text,
    })
}

/// A non-empty part made of `allowed` characters, IAM wildcards (`*`, `?`)
/// and policy variables (`${aws:PrincipalAccount}`).
fn checked<'a>(
    part: &'static str,
    value: &'a str,
    allowed: impl Fn(char) -> bool,
) -> Result<&'a str, ArnError> {
    let error = |reason| ArnError {
        part,
        value: value.to_string(),
        reason,
    };
    if value.is_empty() {
        return Err(error(
            "an empty part matches no KMS resource; use `*` for any",
        ));
    }
    let mut rest = value;
    while !rest.is_empty() {
        if let Some(variable) = rest.strip_prefix("${") {
            let end = variable
                .find('}')
                .ok_or_else(|| error("a policy variable `${` has no closing `}`"))?;
            rest = &variable[end + 1..];
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        if !(allowed(c) || c == '*' || c == '?') {
            return Err(error(
                "a character IAM does not allow there (or a `:`, which would split the ARN)",
            ));
        }
        rest = &rest[c.len_utf8()..];
    }
    Ok(value)
}
