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

/// Whether `text` matches `pattern` (`*`, `?`), ignoring ASCII case, in
/// time linear in `pattern.len() * text.len()` at worst and without
/// allocating.
pub fn glob(pattern: &str, text: &str) -> bool {
    let (p, t) = (pattern.as_bytes(), text.as_bytes());
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && (p[pi] == b'?' || p[pi].eq_ignore_ascii_case(&t[ti])) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == b'*' {
            star = Some((pi, ti));
            pi += 1;
        } else if let Some((star_pi, star_ti)) = star {
            pi = star_pi + 1;
            ti = star_ti + 1;
            star = Some((star_pi, star_ti + 1));
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == b'*' {
        pi += 1;
    }
    pi == p.len()
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
