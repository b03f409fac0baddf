//! Rust identifiers for model names, in one tested place.
//!
//! - actions are already PascalCase (`Decrypt`);
//! - actions of IAM's grammar in lower case are PascalCased
//!   (`neptune-db:connect` → `Connect`);
//! - keys of the service itself (the model's prefix, `kms:`) drop the
//!   prefix and the placeholder, and each `:`/`/` segment is PascalCased:
//!   `kms:EncryptionContext:context-key` → `EncryptionContext`,
//!   `kms:RecipientAttestation:PCR0` → `RecipientAttestationPcr0`;
//! - keys of other services keep their prefix, each of its `-`/`.` words
//!   PascalCased: `aws:RequestTag/${TagKey}` → `AwsRequestTag`,
//!   `cognito-identity.amazonaws.com:amr` → `CognitoIdentityAmazonawsComAmr`;
//! - words with spaces or punctuation are joined: `Permissions management` →
//!   `PermissionsManagement`, `String (list)` → `StringList`.
//!
//! Two names that map to one identifier are an error, never a silent merge.

use std::collections::BTreeMap;

use kms_spec::KeyName;

/// PascalCase of the alphanumeric words of `text` (`PCR0` → `Pcr0`,
/// `context-key` → `ContextKey`); a word already in mixed case is kept.
pub fn pascal(text: &str) -> String {
    let mut out = String::new();
    for word in text.split(|c: char| !c.is_ascii_alphanumeric()) {
        let mut chars = word.chars();
        let Some(first) = chars.next() else { continue };
        out.push(first.to_ascii_uppercase());
        let rest: String = chars.collect();
        let all_upper = word.chars().all(|c| !c.is_ascii_lowercase());
        if all_upper && word.len() > 1 {
            out.push_str(&rest.to_ascii_lowercase());
        } else {
            out.push_str(&rest);
        }
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'N');
    }
    out
}

/// The variant name of a condition key of the service with IAM prefix
/// `service` (the model's `service.prefix`).
pub fn key_variant(name: &KeyName, service: &str) -> String {
    let base = pascal(&name.name);
    if name.prefix == service {
        base
    } else {
        format!("{}{base}", pascal(&name.prefix))
    }
}

/// The variant name of an action (validated PascalCase already; sanitised anyway).
pub fn action_variant(name: &str) -> String {
    pascal(name)
}

/// Rust's keywords (strict and reserved, 2024 edition), which an
/// identifier may not be.
const KEYWORDS: &[&str] = &[
    "Self", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue",
    "crate", "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if",
    "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub",
    "ref", "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Whether `text` can name an item: ASCII letters, digits and `_`, not
/// starting with a digit, not `_` alone, not a keyword. (The generator only
/// makes ASCII names; the build path does not carry syn to ask it.)
pub fn is_rust_identifier(text: &str) -> bool {
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    (first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && text != "_"
        && !KEYWORDS.contains(&text)
}

/// Assigns identifiers to `names`, failing on the first two that collide.
pub fn assign(
    kind: &str,
    names: impl IntoIterator<Item = (String, String)>,
) -> Result<BTreeMap<String, String>, String> {
    let mut by_ident: BTreeMap<String, String> = BTreeMap::new();
    let mut by_name = BTreeMap::new();
    for (name, ident) in names {
        if !is_rust_identifier(&ident) {
            return Err(format!(
                "{kind} `{name}` maps to `{ident}`, which is not a Rust identifier"
            ));
        }
        if let Some(other) = by_ident.get(&ident) {
            return Err(format!(
                "{kind}s `{other}` and `{name}` both map to the Rust identifier `{ident}`; \
                 rename one in kms-codegen/src/ident.rs"
            ));
        }
        by_ident.insert(ident.clone(), name.clone());
        by_name.insert(name, ident);
    }
    Ok(by_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers() {
        for ok in ["Decrypt", "_x", "PCR0", "Kms2", "union"] {
            assert!(is_rust_identifier(ok), "{ok}");
        }
        for bad in [
            "", "_", "0Key", "Self", "type", "async", "Key-Spec", "Clé", "a b",
        ] {
            assert!(!is_rust_identifier(bad), "{bad}");
        }
    }

    /// The hand-written check agrees with syn's on the names it is asked about.
    #[cfg(feature = "format")]
    #[test]
    fn identifiers_agree_with_syn() {
        let candidates = [
            "Decrypt",
            "_x",
            "PCR0",
            "",
            "_",
            "0Key",
            "Self",
            "self",
            "type",
            "async",
            "Key-Spec",
            "a b",
            "Type",
            "Crate",
            "dyn",
            "union",
            "macro_rules",
            "try",
        ];
        for text in candidates {
            assert_eq!(
                is_rust_identifier(text),
                syn::parse_str::<syn::Ident>(text).is_ok(),
                "{text:?}"
            );
        }
        // syn accepts `gen`, reserved only from the 2024 edition on, which
        // is the edition kms-types compiles the generated code in.
        assert!(syn::parse_str::<syn::Ident>("gen").is_ok());
        assert!(!is_rust_identifier("gen"));
        // Non-ASCII identifiers are valid Rust, but no generated name needs
        // one: refusing them keeps every generated name typeable.
        assert!(syn::parse_str::<syn::Ident>("Clé").is_ok());
        assert!(!is_rust_identifier("Clé"));
    }

    fn key(name: &str) -> String {
        key_variant(&KeyName::parse(name).unwrap(), "kms")
    }

    #[test]
    fn key_names() {
        assert_eq!(key("kms:ViaService"), "ViaService");
        assert_eq!(
            key("kms:EncryptionContext:context-key"),
            "EncryptionContext"
        );
        assert_eq!(
            key("kms:EncryptionContext:${EncryptionContextKey}"),
            "EncryptionContext"
        );
        assert_eq!(key("kms:EncryptionContextKeys"), "EncryptionContextKeys");
        assert_eq!(
            key("kms:RecipientAttestation:PCR0"),
            "RecipientAttestationPcr0"
        );
        assert_eq!(
            key("kms:RecipientAttestation:NitroTPMPCR10"),
            "RecipientAttestationNitroTPMPCR10"
        );
        assert_eq!(key("aws:RequestTag/${TagKey}"), "AwsRequestTag");
        assert_eq!(key("kms:GrantIsForAWSResource"), "GrantIsForAWSResource");
        assert_eq!(
            key("cognito-identity.amazonaws.com:amr"),
            "CognitoIdentityAmazonawsComAmr"
        );
        // The service comes from the model, not a literal: for another
        // service, kms keys keep their prefix.
        let via = KeyName::parse("kms:ViaService").unwrap();
        assert_eq!(key_variant(&via, "neptune-db"), "KmsViaService");
        assert_eq!(action_variant("connect"), "Connect");
    }

    #[test]
    fn words() {
        assert_eq!(pascal("Permissions management"), "PermissionsManagement");
        assert_eq!(pascal("String (list)"), "StringList");
        assert_eq!(pascal("Single-valued"), "SingleValued");
        assert_eq!(pascal("ARN"), "Arn");
        assert_eq!(pascal("3des"), "N3des");
    }

    #[test]
    fn collisions_fail_loudly() {
        let error = assign(
            "condition key",
            [
                ("kms:Foo:PCR0".to_string(), "FooPcr0".to_string()),
                ("kms:FooPcr0".to_string(), "FooPcr0".to_string()),
            ],
        )
        .unwrap_err();
        assert!(
            error.contains("both map to the Rust identifier `FooPcr0`"),
            "{error}"
        );
        assert!(assign("action", [("x y".to_string(), "x y".to_string())]).is_err());
    }
}
