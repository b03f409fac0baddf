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
        write!(f, "unknown KMS {} `{}`", self.kind, self.input)?;
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
    let lower = wanted.to_ascii_lowercase();
    let mut scored: Vec<(usize, &'static str)> = all
        .iter()
        .map(|v| name(*v))
        .filter_map(|candidate| {
            let distance = edit_distance(&lower, &candidate.to_ascii_lowercase());
            let close = distance <= (candidate.len() / 3).max(2);
            let contains = lower.len() >= 3 && candidate.to_ascii_lowercase().contains(&lower);
            (close || contains).then_some((distance, candidate))
        })
        .collect();
    scored.sort();
    Err(ParseNameError {
        kind,
        input: input.to_string(),
        suggestions: scored.into_iter().take(3).map(|(_, n)| n).collect(),
    })
}

/// Levenshtein distance over bytes (names are ASCII).
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, &ca) in a.iter().enumerate() {
        current[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::edit_distance;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("decrpt", "decrypt"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
