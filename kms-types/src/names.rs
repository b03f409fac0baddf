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
        // Names that are not variants but mean something: a pattern, a
        // templated key with its name filled in.
        if self.kind == "action" && self.input.contains(['*', '?']) {
            return write!(
                f,
                "; `{}` is a pattern: `Action::matching` expands it",
                self.input
            );
        }
        if self.kind == "condition key"
            && let Some(key) = crate::ConditionKey::for_policy_key(&self.input)
        {
            return write!(
                f,
                "; it is an instance of the templated key `{key}`: `ConditionKey::for_policy_key` finds it"
            );
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
        // `prefix:` at the start, in any case (the prefix has no `:`).
        Some(prefix)
            if text.as_bytes().get(prefix.len()) == Some(&b':')
                && text.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes()) =>
        {
            &text[prefix.len() + 1..]
        }
        _ => text,
    }
}

/// `text` without surrounding whitespace; IAM names are ASCII, so the
/// common case is one look at each end.
fn trim(text: &str) -> &str {
    let bytes = text.as_bytes();
    let graphic = |b: Option<&u8>| b.is_some_and(u8::is_ascii_graphic);
    if graphic(bytes.first()) && graphic(bytes.last()) {
        text
    } else {
        text.trim()
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
    let wanted = input.trim();
    match all
        .iter()
        .copied()
        .find(|v| name(*v).eq_ignore_ascii_case(wanted))
    {
        Some(other_case) => Err(ParseNameError {
            kind,
            input: input.to_string(),
            suggestions: vec![name(other_case)],
        }),
        None => Err(not_found(input, wanted, all, name, kind)),
    }
}

/// The values of `all` nearest to `input` (at most three), for messages.
pub(crate) fn suggest(input: &str, all: &[&'static str]) -> Vec<&'static str> {
    match lookup_exact(input, all, |v| v, "value") {
        Ok(_) => Vec::new(),
        Err(error) => error.suggestions,
    }
}

/// Finds the variant whose name equals `input`, ignoring ASCII case and an
/// optional `prefix:`, with `find` (the generated `match` on names in lower
/// case); otherwise an error with the nearest of `all`.
pub(crate) fn lookup<T: Copy>(
    input: &str,
    prefix: Option<&str>,
    find: fn(&[u8]) -> Option<T>,
    all: &[T],
    name: fn(T) -> &'static str,
    kind: &'static str,
) -> Result<T, ParseNameError> {
    let wanted = strip_prefix(trim(input), prefix);
    // Names fit the stack; a longer input is compared with every name.
    let mut buffer = [0u8; 96];
    match buffer.get_mut(..wanted.len()) {
        Some(lower) => {
            lower.copy_from_slice(wanted.as_bytes());
            lower.make_ascii_lowercase();
            if let Some(found) = find(lower) {
                return Ok(found);
            }
        }
        None => {
            if let Some(found) = all
                .iter()
                .copied()
                .find(|v| name(*v).eq_ignore_ascii_case(wanted))
            {
                return Ok(found);
            }
        }
    }
    Err(not_found(input, wanted, all, name, kind))
}

/// The error for `input` (`wanted` once trimmed and unprefixed), with the
/// nearest names of `all`.
fn not_found<T: Copy>(
    input: &str,
    wanted: &str,
    all: &[T],
    name: fn(T) -> &'static str,
    kind: &'static str,
) -> ParseNameError {
    // No IAM name is longer than this: suggesting for a longer input would
    // only cost time (edit distance is quadratic; a 50 MiB name took 70 s).
    if wanted.len() > MAX_SUGGESTED_LEN {
        return ParseNameError {
            kind,
            input: input.to_string(),
            suggestions: Vec::new(),
        };
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
    ParseNameError {
        kind,
        input: input.to_string(),
        suggestions: scored.into_iter().take(3).map(|(_, n)| n).collect(),
    }
}

/// Levenshtein distance between `a` (lower case) and `b` (compared
/// ignoring ASCII case), if it is at most `bound`; `None` otherwise. Only
/// the band of cells within `bound` of the diagonal is computed (a cell
/// outside it is over the bound anyway), on two stack rows of bytes, and a
/// row whose every entry exceeds `bound` ends the search early: an unknown
/// name is compared with every IAM name, so this is the linter's hot path
/// on policies full of typos.
fn bounded_edit_distance(a: &[u8], b: &[u8], bound: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > bound
        || a.len() > MAX_SUGGESTED_LEN
        || b.len() > MAX_SUGGESTED_LEN
        || bound >= u8::MAX as usize
    {
        return None;
    }
    // A cheap lower bound first: a substitution changes two letter counts
    // by one, an insertion or deletion one, so the distance is at least
    // half the difference of the count vectors (letters folded into 32
    // buckets, which only lowers the bound).
    let mut counts = [0i16; 32];
    for &c in a {
        counts[(c & 31) as usize] += 1;
    }
    for &c in b {
        counts[(c.to_ascii_lowercase() & 31) as usize] -= 1;
    }
    let difference: usize = counts.iter().map(|c| c.unsigned_abs() as usize).sum();
    if difference.div_ceil(2) > bound {
        return None;
    }
    // Over the bound: every value at least this is as good as infinite.
    let over = (bound + 1) as u8;
    let mut rows = [[over; MAX_SUGGESTED_LEN + 2]; 2];
    for (j, slot) in rows[0].iter_mut().enumerate().take(b.len().min(bound) + 1) {
        *slot = j as u8;
    }
    for (i, &ca) in a.iter().enumerate() {
        let row = i + 1;
        let [first, second] = &mut rows;
        let (previous, current) = if i % 2 == 0 {
            (&*first, second)
        } else {
            (&*second, first)
        };
        let lo = row.saturating_sub(bound).max(1);
        let hi = (row + bound).min(b.len());
        current[lo - 1] = if lo == 1 {
            (row.min(bound + 1)) as u8
        } else {
            over
        };
        let mut row_min = current[lo - 1];
        for j in lo..=hi {
            let cb = b[j - 1];
            let substitution =
                previous[j - 1].saturating_add(u8::from(ca != cb.to_ascii_lowercase()));
            let value = substitution
                .min(previous[j].saturating_add(1))
                .min(current[j - 1].saturating_add(1))
                .min(over);
            current[j] = value;
            row_min = row_min.min(value);
        }
        if hi < b.len() {
            current[hi + 1] = over;
        }
        if row_min > bound as u8 {
            return None;
        }
    }
    let previous = &rows[a.len() % 2];
    let distance = previous[b.len()] as usize;
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
        assert_eq!(bounded_edit_distance(b"abcd", b"a", 3), Some(3));
        assert_eq!(
            bounded_edit_distance(b"generatemac", b"GenerateMAC", 2),
            Some(0)
        );
    }

    /// The banded distance agrees with the full table wherever it is within
    /// the bound.
    #[test]
    fn banded_agrees_with_the_full_table() {
        fn full(a: &[u8], b: &[u8]) -> usize {
            let mut row: Vec<usize> = (0..=b.len()).collect();
            for (i, &ca) in a.iter().enumerate() {
                let mut next = vec![i + 1; b.len() + 1];
                for (j, &cb) in b.iter().enumerate() {
                    next[j + 1] = (row[j] + usize::from(ca != cb.to_ascii_lowercase()))
                        .min(row[j + 1] + 1)
                        .min(next[j] + 1);
                }
                row = next;
            }
            row[b.len()]
        }
        let words = [
            "",
            "a",
            "ab",
            "decrypt",
            "decrpyt",
            "encrypt",
            "reencryptfrom",
            "ReEncryptTo",
            "xyz",
            "generatedatakey",
            "GenerateDataKeyPair",
        ];
        for a in words {
            let lower = a.to_ascii_lowercase();
            for b in words {
                for bound in 0..6 {
                    let expected = full(lower.as_bytes(), b.as_bytes());
                    let got = bounded_edit_distance(lower.as_bytes(), b.as_bytes(), bound);
                    assert_eq!(
                        got,
                        (expected <= bound).then_some(expected),
                        "{a} {b} {bound}"
                    );
                }
            }
        }
    }
}
