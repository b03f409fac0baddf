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
//! family (same prefix and name, each with a placeholder).

/// A parsed condition key name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct KeyName {
    /// The service prefix (`kms`, `aws`).
    pub prefix: String,
    /// The name after the prefix, without placeholder (`EncryptionContext`).
    pub name: String,
    /// The placeholder of a templated key (`context-key`), if any.
    pub placeholder: Option<Placeholder>,
}

/// The variable part of a templated key name.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Placeholder {
    /// The character between name and placeholder (`:` or `/`).
    pub separator: char,
    /// The placeholder as written (`context-key`, `${EncryptionContextKey}`).
    pub text: String,
}

/// Why a string is not a key name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyNameError(pub String);

impl KeyName {
    /// Parses a key name by the grammar above.
    pub fn parse(text: &str) -> Result<KeyName, KeyNameError> {
        let Some((prefix, rest)) = text.split_once(':') else {
            return Err(KeyNameError(format!(
                "`{text}` is not a condition key name: expected `prefix:Name`"
            )));
        };
        if prefix.is_empty()
            || !prefix
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
        {
            return Err(KeyNameError(format!(
                "`{text}` has an invalid service prefix `{prefix}`"
            )));
        }
        if rest.is_empty() || rest.chars().any(char::is_whitespace) {
            return Err(KeyNameError(format!(
                "`{text}` has an empty name or one with whitespace"
            )));
        }
        let split = rest.char_indices().rfind(|&(_, c)| c == ':' || c == '/');
        if let Some((index, separator)) = split {
            let (name, tail) = (&rest[..index], &rest[index + 1..]);
            if !name.is_empty() && is_placeholder(tail) {
                return Ok(KeyName {
                    prefix: prefix.to_string(),
                    name: name.to_string(),
                    placeholder: Some(Placeholder {
                        separator,
                        text: tail.to_string(),
                    }),
                });
            }
        }
        Ok(KeyName {
            prefix: prefix.to_string(),
            name: rest.to_string(),
            placeholder: None,
        })
    }

    /// The key family this name belongs to: IAM key names compare
    /// case-insensitively, and two spellings of a placeholder are one family.
    pub fn family(&self) -> String {
        let mut family = format!(
            "{}:{}",
            self.prefix.to_ascii_lowercase(),
            self.name.to_ascii_lowercase()
        );
        if let Some(placeholder) = &self.placeholder {
            family.push(placeholder.separator);
            family.push('*');
        }
        family
    }

    /// Whether a concrete key used in a policy (`kms:EncryptionContext:AppName`)
    /// belongs to this name (exactly, or as an instance of the template).
    pub fn matches(&self, concrete: &str) -> bool {
        let Some((prefix, rest)) = concrete.split_once(':') else {
            return false;
        };
        if !prefix.eq_ignore_ascii_case(&self.prefix) {
            return false;
        }
        match &self.placeholder {
            None => rest.eq_ignore_ascii_case(&self.name),
            Some(placeholder) => {
                rest.len() > self.name.len() + 1
                    && rest.is_char_boundary(self.name.len())
                    && rest[..self.name.len()].eq_ignore_ascii_case(&self.name)
                    && rest[self.name.len()..].starts_with(placeholder.separator)
            }
        }
    }
}

fn is_placeholder(text: &str) -> bool {
    if let Some(inner) = text.strip_prefix("${").and_then(|t| t.strip_suffix('}')) {
        return !inner.is_empty() && inner.chars().all(|c| c.is_ascii_alphanumeric());
    }
    text.contains('-')
        && text.starts_with(|c: char| c.is_ascii_lowercase())
        && text.chars().all(|c| c.is_ascii_lowercase() || c == '-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_keys_are_not_split_on_colons() {
        let key = KeyName::parse("kms:RecipientAttestation:PCR0").unwrap();
        assert_eq!(key.name, "RecipientAttestation:PCR0");
        assert!(key.placeholder.is_none());
    }

    #[test]
    fn both_spellings_of_the_encryption_context_template_are_one_family() {
        let page = KeyName::parse("kms:EncryptionContext:context-key").unwrap();
        let aws = KeyName::parse("kms:EncryptionContext:${EncryptionContextKey}").unwrap();
        assert_eq!(page.name, "EncryptionContext");
        assert_eq!(page.family(), aws.family());
        assert!(page.matches("kms:EncryptionContext:AppName"));
        assert!(page.matches("KMS:encryptioncontext:AppName"));
        assert!(!page.matches("kms:EncryptionContextKeys"));
    }

    #[test]
    fn global_tag_keys_use_a_slash() {
        let key = KeyName::parse("aws:RequestTag/${TagKey}").unwrap();
        assert_eq!(key.prefix, "aws");
        assert_eq!(key.name, "RequestTag");
        assert_eq!(key.placeholder.unwrap().separator, '/');
    }

    #[test]
    fn malformed_names_are_errors() {
        assert!(KeyName::parse("ViaService").is_err());
        assert!(KeyName::parse("KMS:ViaService").is_err());
        assert!(KeyName::parse("kms:").is_err());
        // IAM's grammar: a prefix may contain dots (web identity keys).
        let amr = KeyName::parse("cognito-identity.amazonaws.com:amr").unwrap();
        assert_eq!(amr.prefix, "cognito-identity.amazonaws.com");
        assert_eq!(amr.name, "amr");
        assert!(KeyName::parse("Kms:Foo").is_err());
        assert!(KeyName::parse("kms:Via Service").is_err());
    }
}
