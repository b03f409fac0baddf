//! IAM action patterns: `*` matches any run of characters, `?` one
//! character, case-insensitively; the service prefix is optional.

use crate::Action;

/// The actions an IAM action pattern covers (see [`Action::matching`]).
#[derive(Debug, Clone)]
pub struct Matching<'a> {
    pattern: Option<&'a str>,
    next: usize,
}

impl<'a> Matching<'a> {
    pub(crate) fn new(pattern: &'a str) -> Self {
        let pattern = pattern.trim();
        // `kms:Decrypt` and `Decrypt` both name kms actions; `*` alone covers all.
        let pattern = match pattern.split_once(':') {
            Some((service, rest)) if glob(service, crate::SERVICE_PREFIX) => Some(rest),
            Some(_) => None,
            None => Some(pattern),
        };
        Matching { pattern, next: 0 }
    }
}

impl Iterator for Matching<'_> {
    type Item = Action;

    fn next(&mut self) -> Option<Action> {
        let pattern = self.pattern?;
        while let Some(&action) = Action::ALL.get(self.next) {
            self.next += 1;
            if glob(pattern, action.name()) {
                return Some(action);
            }
        }
        None
    }
}

/// Whether `text` matches `pattern` (`*`, `?`), ignoring ASCII case.
pub(crate) fn glob(pattern: &str, text: &str) -> bool {
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
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == b'*')
}

#[cfg(test)]
mod tests {
    use super::glob;

    #[test]
    fn wildcards() {
        assert!(glob("Generate*", "GenerateDataKey"));
        assert!(glob("generate*", "GenerateDataKey"));
        assert!(glob("*Key*", "DescribeKey"));
        assert!(glob("Re?ncrypt*", "ReEncryptFrom"));
        assert!(!glob("Generate*", "Decrypt"));
        assert!(!glob("Decrypt", "DecryptX"));
        assert!(glob("*", ""));
        assert!(glob("k?s", "KMS"));
    }
}
