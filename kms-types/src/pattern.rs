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

/// Whether `text` matches `pattern` (`*`, `?`), ignoring ASCII case: IAM's
/// action-name grammar (`kms_iam_rules::action_name::glob`).
pub(crate) use kms_iam_rules::action_name::glob;
