//! The grammar of a condition key name.
//!
//! ```text
//! key-name    = prefix ":" name [ separator placeholder ]
//! prefix      = 1*( lower / digit / "-" / "." )    ; "kms", "aws", "cognito-identity.amazonaws.com"
//! name        = 1*( any but whitespace )           ; "ViaService", "RecipientAttestation:PCR0"
//! separator   = ":" / "/"
//! placeholder = "${" 1*alnum "}"                   ; "${EncryptionContextKey}", "${TagKey}"
//!             / lower 1*( lower / "-" )  with a "-" ; "context-key", "tag-key"
//! ```
//!
//! A name is not split on every `:`: `kms:RecipientAttestation:PCR0` is one
//! plain key, while `kms:EncryptionContext:context-key` and
//! `kms:EncryptionContext:${EncryptionContextKey}` are the same templated
//! family. In a policy, key names compare case-insensitively, and a
//! templated key is used with a name in place of the placeholder
//! (`kms:EncryptionContext:Department`).

/// The parts of a key name, borrowed from the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyNameParts<'a> {
    /// The service prefix (`kms`, `aws`).
    pub prefix: &'a str,
    /// The name after the prefix, without placeholder (`EncryptionContext`).
    pub name: &'a str,
    /// The separator and placeholder of a templated key (`(':', "context-key")`).
    pub placeholder: Option<(char, &'a str)>,
}

/// Parses a key name by the grammar above; the error says why not.
pub fn parse(text: &str) -> Result<KeyNameParts<'_>, String> {
    let Some((prefix, rest)) = text.split_once(':') else {
        return Err(format!(
            "`{text}` is not a condition key name: expected `prefix:Name`"
        ));
    };
    if prefix.is_empty()
        || !prefix
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
    {
        return Err(format!("`{text}` has an invalid service prefix `{prefix}`"));
    }
    if rest.is_empty() || rest.chars().any(char::is_whitespace) {
        return Err(format!("`{text}` has an empty name or one with whitespace"));
    }
    let split = rest.char_indices().rfind(|&(_, c)| c == ':' || c == '/');
    if let Some((index, separator)) = split {
        let (name, tail) = (&rest[..index], &rest[index + 1..]);
        if !name.is_empty() && is_placeholder(tail) {
            return Ok(KeyNameParts {
                prefix,
                name,
                placeholder: Some((separator, tail)),
            });
        }
    }
    Ok(KeyNameParts {
        prefix,
        name: rest,
        placeholder: None,
    })
}

/// Whether `text` is a placeholder (`${TagKey}`, `context-key`).
pub fn is_placeholder(text: &str) -> bool {
    if let Some(inner) = text.strip_prefix("${").and_then(|t| t.strip_suffix('}')) {
        return !inner.is_empty() && inner.chars().all(|c| c.is_ascii_alphanumeric());
    }
    text.contains('-')
        && text.starts_with(|c: char| c.is_ascii_lowercase())
        && text.chars().all(|c| c.is_ascii_lowercase() || c == '-')
}

/// The family of a key: lower-cased prefix and name, with `separator*` for
/// a template (`kms:encryptioncontext:*`); two spellings of a placeholder
/// are one family.
pub fn family(prefix: &str, name: &str, separator: Option<char>) -> String {
    let mut family = format!(
        "{}:{}",
        prefix.to_ascii_lowercase(),
        name.to_ascii_lowercase()
    );
    if let Some(separator) = separator {
        family.push(separator);
        family.push('*');
    }
    family
}

/// Whether a key written in a policy (`kms:EncryptionContext:Department`)
/// is the key `prefix:name` (plain when `separator` is `None`), or an
/// instance of the template `prefix:name{separator}placeholder`: IAM
/// compares key names case-insensitively.
pub fn matches(prefix: &str, name: &str, separator: Option<char>, concrete: &str) -> bool {
    let Some((written_prefix, rest)) = concrete.split_once(':') else {
        return false;
    };
    if !written_prefix.eq_ignore_ascii_case(prefix) {
        return false;
    }
    match separator {
        None => rest.eq_ignore_ascii_case(name),
        Some(separator) => {
            rest.len() > name.len() + 1
                && rest.is_char_boundary(name.len())
                && rest[..name.len()].eq_ignore_ascii_case(name)
                && rest[name.len()..].starts_with(separator)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_keys_are_not_split_on_colons() {
        let key = parse("kms:RecipientAttestation:PCR0").unwrap();
        assert_eq!(key.name, "RecipientAttestation:PCR0");
        assert!(key.placeholder.is_none());
    }

    #[test]
    fn templates_match_instances_case_insensitively() {
        let page = parse("kms:EncryptionContext:context-key").unwrap();
        let aws = parse("kms:EncryptionContext:${EncryptionContextKey}").unwrap();
        assert_eq!(page.name, aws.name);
        let sep = page.placeholder.map(|p| p.0);
        assert!(matches(
            "kms",
            "EncryptionContext",
            sep,
            "kms:EncryptionContext:AppName"
        ));
        assert!(matches(
            "kms",
            "EncryptionContext",
            sep,
            "KMS:encryptioncontext:AppName"
        ));
        assert!(!matches(
            "kms",
            "EncryptionContext",
            sep,
            "kms:EncryptionContextKeys"
        ));
        assert!(!matches(
            "kms",
            "EncryptionContext",
            sep,
            "kms:EncryptionContext:"
        ));
        assert!(matches(
            "aws",
            "ResourceTag",
            Some('/'),
            "aws:ResourceTag/team"
        ));
        assert!(matches("kms", "ViaService", None, "KMS:VIASERVICE"));
        assert_eq!(
            family("kms", "EncryptionContext", sep),
            "kms:encryptioncontext:*"
        );
    }

    #[test]
    fn malformed_names_are_errors() {
        assert!(parse("ViaService").is_err());
        assert!(parse("KMS:ViaService").is_err());
        assert!(parse("kms:").is_err());
        assert!(parse("kms:Via Service").is_err());
        assert_eq!(
            parse("cognito-identity.amazonaws.com:amr").unwrap().prefix,
            "cognito-identity.amazonaws.com"
        );
    }
}
