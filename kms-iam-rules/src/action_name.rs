//! The grammar of action names: `service:Action`, with `*` (any run of
//! characters) and `?` (one character) in either part, compared
//! case-insensitively (IAM User Guide, "IAM JSON policy elements: Action").

/// The service and action parts of `service:Action`; `None` without a `:`.
pub fn split(name: &str) -> Option<(&str, &str)> {
    name.split_once(':')
}

/// Whether an `Action` entry can name an action of service `prefix`: `*`,
/// or a service part that is `prefix` or a pattern matching it.
pub fn names_service(entry: &str, prefix: &str) -> bool {
    entry == "*"
        || split(entry).is_some_and(|(service, _)| {
            service.eq_ignore_ascii_case(prefix) || (is_pattern(service) && glob(service, prefix))
        })
}

/// Whether an entry is a pattern (has `*` or `?`).
pub fn is_pattern(entry: &str) -> bool {
    entry.contains(['*', '?'])
}

/// Whether `text` matches `pattern` (`*`, `?`), ignoring ASCII case: IAM's
/// one glob ([`crate::condition::wildcard`]) as action names use it.
pub fn glob(pattern: &str, text: &str) -> bool {
    crate::condition::wildcard(pattern, text, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns() {
        assert!(glob("Generate*", "GenerateDataKey"));
        assert!(glob("re?ncrypt*", "ReEncryptFrom"));
        assert!(!glob("Generate*Pair", "GenerateDataKey"));
        assert!(glob("*", ""));
        assert!(names_service("KMS:Decrypt", "kms"));
        assert!(names_service("k*:Decrypt", "kms"));
        assert!(names_service("*", "kms"));
        assert!(!names_service("s3:GetObject", "kms"));
        assert!(!names_service("Decrypt", "kms"));
    }
}
