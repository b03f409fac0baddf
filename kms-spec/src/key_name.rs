//! The grammar of a condition key name, as owned data for the model; the
//! grammar itself is `kms_iam_rules::key_name`.
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
    /// Parses a key name by the grammar above (`kms_iam_rules::key_name`).
    pub fn parse(text: &str) -> Result<KeyName, KeyNameError> {
        let parts = kms_iam_rules::key_name::parse(text).map_err(KeyNameError)?;
        Ok(KeyName {
            prefix: parts.prefix.to_string(),
            name: parts.name.to_string(),
            placeholder: parts.placeholder.map(|(separator, text)| Placeholder {
                separator,
                text: text.to_string(),
            }),
        })
    }

    /// The key family this name belongs to: IAM key names compare
    /// case-insensitively, and two spellings of a placeholder are one family.
    pub fn family(&self) -> String {
        kms_iam_rules::key_name::family(&self.prefix, &self.name, self.separator())
    }

    /// Whether a concrete key used in a policy (`kms:EncryptionContext:AppName`)
    /// belongs to this name (exactly, or as an instance of the template).
    pub fn matches(&self, concrete: &str) -> bool {
        kms_iam_rules::key_name::matches(&self.prefix, &self.name, self.separator(), concrete)
    }

    fn separator(&self) -> Option<char> {
        self.placeholder.as_ref().map(|p| p.separator)
    }
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
