//! `FromStr` for every generated enum: case-insensitive, optional IAM
//! prefix, and an error that suggests the nearest names.

use std::fmt;

/// A name that is not a variant of the enum it was parsed as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseNameError {
    /// What was being parsed (`action`, `condition key`).
    pub kind: &'static str,
    /// The input, as given.
    pub input: String,
    /// The nearest known names, best first (at most three).
    pub suggestions: Vec<&'static str>,
}

impl fmt::Display for ParseNameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.input.len() > MAX_SUGGESTED_LEN {
            let head: String = self.input.chars().take(64).collect();
            write!(
                f,
                "unknown KMS {} `{head}…` ({} bytes; no IAM name is that long)",
                self.kind,
                self.input.len()
            )?;
        } else {
            write!(f, "unknown KMS {} `{}`", self.kind, self.input)?;
        }
        match self.suggestions.as_slice() {
            [] => Ok(()),
            [one] => write!(f, "; did you mean `{one}`?"),
            many => {
                let names: Vec<String> = many.iter().map(|n| format!("`{n}`")).collect();
                write!(f, "; did you mean one of {}?", names.join(", "))
            }
        }
    }
}

impl std::error::Error for ParseNameError {}

fn strip_prefix<'a>(text: &'a str, prefix: Option<&str>) -> &'a str {
    match prefix {
        Some(prefix) => text
            .split_once(':')
            .filter(|(p, _)| p.eq_ignore_ascii_case(prefix))
            .map_or(text, |(_, rest)| rest),
        None => text,
    }
}

/// Inputs longer than this get no suggestions.
const MAX_SUGGESTED_LEN: usize = 256;

/// Finds the variant whose name is exactly `input` (API enum values: IAM's
/// `StringEquals` compares them case-sensitively); otherwise an error with
/// the nearest values, the same one in another case first.
pub(crate) fn lookup_exact<T: Copy>(
    input: &str,
    all: &[T],
    name: fn(T) -> &'static str,
    kind: &'static str,
) -> Result<T, ParseNameError> {
    if let Some(found) = all.iter().copied().find(|v| name(*v) == input) {
        return Ok(found);
    }
    let mut error = match lookup(input, None, all, name, kind) {
        Ok(other_case) => ParseNameError {
            kind,
            input: input.to_string(),
            suggestions: vec![name(other_case)],
        },
        Err(error) => error,
    };
    error.input = input.to_string();
    Err(error)
}

/// The values of `all` nearest to `input` (at most three), for messages.
pub(crate) fn suggest(input: &str, all: &[&'static str]) -> Vec<&'static str> {
    match lookup_exact(input, all, |v| v, "value") {
        Ok(_) => Vec::new(),
        Err(error) => error.suggestions,
    }
}

/// Finds the variant whose name equals `input`, ignoring ASCII case and an
/// optional `prefix:`.
pub(crate) fn lookup<T: Copy>(
    input: &str,
    prefix: Option<&str>,
    all: &[T],
    name: fn(T) -> &'static str,
    kind: &'static str,
) -> Result<T, ParseNameError> {
    let wanted = strip_prefix(input.trim(), prefix);
    if let Some(found) = all
        .iter()
        .copied()
        .find(|v| name(*v).eq_ignore_ascii_case(wanted))
    {
        return Ok(found);
    }
    // No IAM name is longer than this: suggesting for a longer input would
    // only cost time (edit distance is quadratic; a 50 MiB name took 70 s).
    if wanted.len() > MAX_SUGGESTED_LEN {
        return Err(ParseNameError {
            kind,
            input: input.to_string(),
            suggestions: Vec::new(),
        });
    }
    let lower = wanted.to_ascii_lowercase();
    let mut scored: Vec<(usize, &'static str)> = all
        .iter()
        .map(|v| name(*v))
        .filter_map(|candidate| {
            let bound = (candidate.len() / 3).max(2);
            let close = bounded_edit_distance(lower.as_bytes(), candidate.as_bytes(), bound);
            let contains = lower.len() >= 3
                && candidate
                    .as_bytes()
                    .windows(lower.len())
                    .any(|w| w.eq_ignore_ascii_case(lower.as_bytes()));
            match close {
                Some(distance) => Some((distance, candidate)),
                None if contains => Some((bound + 1, candidate)),
                None => None,
            }
        })
        .collect();
    scored.sort();
    Err(ParseNameError {
        kind,
        input: input.to_string(),
        suggestions: scored.into_iter().take(3).map(|(_, n)| n).collect(),
    })
}

/// Levenshtein distance between `a` (lower case) and `b` (compared
/// ignoring ASCII case), if it is at most `bound`; `None` otherwise. Both
/// are at most `MAX_SUGGESTED_LEN` bytes, so the rows live on the stack, and
/// a row whose every entry exceeds `bound` ends the search early.
fn bounded_edit_distance(a: &[u8], b: &[u8], bound: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > bound
        || a.len() > MAX_SUGGESTED_LEN
        || b.len() > MAX_SUGGESTED_LEN
    {
        return None;
    }
    let mut rows = [[0usize; MAX_SUGGESTED_LEN + 1]; 2];
    for (j, slot) in rows[0].iter_mut().enumerate().take(b.len() + 1) {
        *slot = j;
    }
    for (i, &ca) in a.iter().enumerate() {
        let (first, second) = rows.split_at_mut(1);
        let (previous, current) = if i % 2 == 0 {
            (&first[0], &mut second[0])
        } else {
            (&second[0], &mut first[0])
        };
        current[0] = i + 1;
        let mut row_min = current[0];
        for (j, &cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb.to_ascii_lowercase());
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
            row_min = row_min.min(current[j + 1]);
        }
        if row_min > bound {
            return None;
        }
    }
    let previous = &rows[a.len() % 2];
    let distance = previous[b.len()];
    (distance <= bound).then_some(distance)
}

#[cfg(test)]
mod tests {
    use super::bounded_edit_distance;

    fn edit_distance(a: &str, b: &str) -> usize {
        bounded_edit_distance(a.as_bytes(), b.as_bytes(), 64).unwrap()
    }

    #[test]
    fn distances() {
        assert_eq!(edit_distance("decrpt", "decrypt"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("decrypt", "DeCrypt"), 0);
        assert_eq!(bounded_edit_distance(b"kitten", b"sitting", 2), None);
        assert_eq!(bounded_edit_distance(b"a", b"abcd", 2), None);
    }
}
