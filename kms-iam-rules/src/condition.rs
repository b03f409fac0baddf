//! How a condition operator compares a request's values with a policy's:
//! the semantics the request evaluator (`kms_types::authz`) decides with,
//! and whose absent-key half ([`crate::absent`]) the linter states.
//!
//! IAM User Guide, "IAM JSON policy elements: Condition operators" and
//! "Single-valued vs. multivalued context keys":
//!
//! - values of one key are ORed: a positive operator holds when a request
//!   value matches *any* policy value; a negated one (`StringNotEquals`,
//!   `ArnNotLike`, `NotIpAddress`, ...) when it matches *none*;
//! - `ForAnyValue:` holds when at least one request value satisfies the
//!   operator, `ForAllValues:` when every one does (vacuously, over none);
//! - a key the request lacks is decided by [`on_absent_key`] alone, so the
//!   linter's absent-key findings and the evaluator cannot disagree;
//! - an operator without a qualifier on a key with several request values
//!   (AWS documents nothing for it, and says multivalued keys need a set
//!   operator) does not hold, positive or negated: an Allow written so
//!   grants nothing (the simulator `@cloud-copilot/iam-simulate` decides
//!   the same);
//! - `String*` compare case-sensitively (`...IgnoreCase`: ignoring case),
//!   `StringLike` with `*` and `?`; `Arn*` compare each of the six
//!   `:`-separated parts separately, with `*` and `?` inside a part, both
//!   `ArnEquals` and `ArnLike`; `Numeric*` compare numbers, `Date*` times
//!   (RFC 3339 / ISO 8601 or epoch seconds); `Bool` ignores case;
//!   `BinaryEquals` compares the base64 text; `IpAddress` tests CIDR
//!   membership, IPv4 and IPv6. A value that cannot be read as the
//!   operator's kind matches nothing.

use std::cmp::Ordering;
use std::net::IpAddr;

use crate::absent::on_absent_key;
use crate::operator::{Family, Operator, Qualifier};

/// Whether `text` matches `pattern`, where `*` is any run of characters and
/// `?` one byte, comparing bytes exactly or ignoring ASCII case. Linear in
/// `pattern.len() * text.len()` at worst; no allocation. The one glob of
/// IAM: actions use it ignoring case, `StringLike` and ARNs exactly.
pub fn wildcard(pattern: &str, text: &str, ignore_case: bool) -> bool {
    let (p, t) = (pattern.as_bytes(), text.as_bytes());
    let same = |a: u8, b: u8| a == b || (ignore_case && a.eq_ignore_ascii_case(&b));
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && p[pi] != b'*' && (p[pi] == b'?' || same(p[pi], t[ti])) {
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

/// Whether ARN `arn` matches ARN pattern `pattern` as IAM compares ARNs
/// (`Resource`, `ArnLike`, `ArnEquals`): each of the six `:`-separated parts
/// (`arn:partition:service:region:account:resource`, the last keeping any
/// further `:`) matched separately, `*` and `?` staying inside their part.
/// `*` alone matches every ARN; a pattern of fewer than six parts is not an
/// ARN and matches nothing.
pub fn arn_matches(pattern: &str, arn: &str) -> bool {
    if pattern == "*" {
        return true;
    }
    let mut p = pattern.splitn(6, ':');
    let mut a = arn.splitn(6, ':');
    for _ in 0..6 {
        match (p.next(), a.next()) {
            (Some(pp), Some(ap)) if wildcard(pp, ap, false) => {}
            _ => return false,
        }
    }
    true
}

/// A date-time as IAM's `Date*` operators read it, in seconds since the
/// Unix epoch: a date (`2030-01-01`), a date and time with seconds and a
/// zone (`2030-01-01T00:00:00Z`, `2030-01-01T00:00:00.5+02:00`), or a number
/// of epoch seconds. A time without seconds or zone is not read (it
/// matches nothing), and neither is anything else.
pub fn parse_time(text: &str) -> Option<f64> {
    let text = text.trim();
    if let Ok(seconds) = text.parse::<f64>() {
        return seconds.is_finite().then_some(seconds);
    }
    let b = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = text.get(range)?;
        (!part.is_empty() && part.bytes().all(|c| c.is_ascii_digit())).then(|| part.parse().ok())?
    };
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let mut seconds = days_from_civil(year, month, day) as f64 * 86_400.0;
    if b.len() == 10 {
        return Some(seconds);
    }
    if !matches!(b[10], b'T' | b't') || b.len() < 16 || b[13] != b':' {
        return None;
    }
    let (hour, minute) = (digits(11..13)?, digits(14..16)?);
    if b.get(16) != Some(&b':') {
        return None; // seconds are required
    }
    let mut second = digits(17..19)? as f64;
    let mut at = 19;
    if b.get(at) == Some(&b'.') {
        let end = at
            + 1
            + b[at + 1..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
        if end == at + 1 {
            return None;
        }
        second += text[at..end].parse::<f64>().ok()?;
        at = end;
    }
    if hour > 23 || minute > 59 || second >= 61.0 {
        return None;
    }
    seconds += (hour * 3600 + minute * 60) as f64 + second;
    let offset = match &text[at..] {
        "" => return None, // a time needs its zone
        "Z" | "z" => 0,
        zone => {
            let zb = zone.as_bytes();
            if zb.len() != 6 || !matches!(zb[0], b'+' | b'-') || zb[3] != b':' {
                return None;
            }
            let (h, m) = (digits(at + 1..at + 3)?, digits(at + 4..at + 6)?);
            if h > 23 || m > 59 {
                return None;
            }
            let minutes = h * 60 + m;
            if zb[0] == b'+' { minutes } else { -minutes }
        }
    };
    Some(seconds - (offset * 60) as f64)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Whether address `ip` is in `range` (`203.0.113.0/24`, `2001:db8::/32`,
/// or one address). IPv4 and IPv6 never match each other.
pub fn ip_in_range(range: &str, ip: &str) -> bool {
    let Ok(ip) = ip.trim().parse::<IpAddr>() else {
        return false;
    };
    let (base, bits) = match range.trim().split_once('/') {
        Some((base, bits)) => match bits.parse::<u32>() {
            Ok(bits) => (base, Some(bits)),
            Err(_) => return false,
        },
        None => (range.trim(), None),
    };
    let Ok(base) = base.parse::<IpAddr>() else {
        return false;
    };
    let prefix = |a: u128, b: u128, width: u32, bits: u32| -> bool {
        bits <= width && (bits == 0 || (a ^ b) >> (width - bits) == 0)
    };
    match (base, ip) {
        (IpAddr::V4(b), IpAddr::V4(i)) => prefix(
            u32::from(b) as u128,
            u32::from(i) as u128,
            32,
            bits.unwrap_or(32),
        ),
        (IpAddr::V6(b), IpAddr::V6(i)) => {
            prefix(u128::from(b), u128::from(i), 128, bits.unwrap_or(128))
        }
        _ => false,
    }
}

fn compare_by(name: &str, ordering: Option<Ordering>) -> bool {
    let Some(ordering) = ordering else {
        return false;
    };
    // `...NotEquals` is compared as `...Equals` and negated by the caller.
    if name.ends_with("LessThanEquals") {
        ordering != Ordering::Greater
    } else if name.ends_with("LessThan") {
        ordering == Ordering::Less
    } else if name.ends_with("GreaterThanEquals") {
        ordering != Ordering::Less
    } else if name.ends_with("GreaterThan") {
        ordering == Ordering::Greater
    } else {
        ordering == Ordering::Equal
    }
}

/// Whether one request value matches one policy value under the operator's
/// *positive* form (`StringEquals` for `StringNotEquals`, `IpAddress` for
/// `NotIpAddress`); the negation is [`evaluate`]'s.
pub fn value_matches(operator: &Operator, policy: &str, request: &str) -> bool {
    let name = operator.base();
    match operator.family() {
        Family::String if name.contains("Like") => wildcard(policy, request, false),
        Family::String if operator.def.ignores_case() => {
            policy.eq_ignore_ascii_case(request)
                || (!policy.is_ascii() && policy.to_lowercase() == request.to_lowercase())
        }
        Family::String => policy == request,
        Family::Arn => request.starts_with("arn:") && arn_matches(policy, request),
        Family::Numeric => {
            let (Ok(p), Ok(r)) = (policy.trim().parse::<f64>(), request.trim().parse::<f64>())
            else {
                return false;
            };
            compare_by(name, r.partial_cmp(&p))
        }
        Family::Date => match (parse_time(policy), parse_time(request)) {
            (Some(p), Some(r)) => compare_by(name, r.partial_cmp(&p)),
            _ => false,
        },
        Family::Bool => policy.eq_ignore_ascii_case(request),
        Family::Binary => policy == request,
        Family::IpAddress => ip_in_range(policy, request),
        Family::Null => false,
    }
}

/// Whether a condition `operator` with `policy_values` (ORed) holds for a
/// request whose values for the key are `request` (`None`: the key is
/// absent). A present key with no values counts as absent.
pub fn evaluate<P: AsRef<str>, R: AsRef<str>>(
    operator: &Operator,
    policy_values: &[P],
    request: Option<&[R]>,
) -> bool {
    let request = request.filter(|values| !values.is_empty());
    if operator.family() == Family::Null {
        // `Null: true` holds when the key is absent, `Null: false` when it
        // is present; values that are not booleans match nothing.
        return policy_values.iter().any(|value| {
            let wanted = parse_bool(value.as_ref());
            match request {
                None => on_absent_key(operator, wanted).is_some_and(|a| a.holds),
                Some(_) => wanted == Some(false),
            }
        });
    }
    let Some(request) = request else {
        return on_absent_key(operator, None).is_some_and(|a| a.holds);
    };
    let negated = operator.negated();
    let one = |value: &R| {
        let any = policy_values
            .iter()
            .any(|p| value_matches(operator, p.as_ref(), value.as_ref()));
        any != negated
    };
    match operator.qualifier {
        Some(Qualifier::ForAllValues) => request.iter().all(one),
        Some(Qualifier::ForAnyValue) => request.iter().any(one),
        // A set of values needs a set operator: without one, nothing matches.
        None if request.len() > 1 => false,
        None => one(&request[0]),
    }
}

fn parse_bool(text: &str) -> Option<bool> {
    if text.eq_ignore_ascii_case("true") {
        Some(true)
    } else if text.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// Policy variables (`${aws:username}`, `${*}`, `${?}`, `${$}`, and
/// `${key, 'default'}`) replaced in `text` with the values `lookup` gives
/// (IAM User Guide, "IAM policy elements: Variables and tags"). `None` when
/// a variable names a key `lookup` does not know and has no default: the
/// element then matches nothing. Text without `${` is returned borrowed.
pub fn substitute<'t>(
    text: &'t str,
    mut lookup: impl FnMut(&str) -> Option<String>,
) -> Option<std::borrow::Cow<'t, str>> {
    if !text.contains("${") {
        return Some(std::borrow::Cow::Borrowed(text));
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            return Some(std::borrow::Cow::Owned(out));
        };
        let inner = &after[..end];
        match inner {
            "*" | "?" | "$" => out.push_str(inner),
            _ => {
                let (key, default) = match inner.split_once(',') {
                    Some((key, default)) => {
                        let default = default.trim();
                        let default = default
                            .strip_prefix('\'')
                            .and_then(|d| d.strip_suffix('\''))
                            .unwrap_or(default);
                        (key.trim(), Some(default))
                    }
                    None => (inner.trim(), None),
                };
                match lookup(key) {
                    Some(value) => out.push_str(&value),
                    None => out.push_str(default?),
                }
            }
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Some(std::borrow::Cow::Owned(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn holds(op: &str, policy: &[&str], request: Option<&[&str]>) -> bool {
        evaluate(&Operator::parse(op).unwrap(), policy, request)
    }

    #[test]
    fn strings() {
        assert!(holds("StringEquals", &["IT", "HR"], Some(&["HR"])));
        assert!(!holds("StringEquals", &["IT"], Some(&["it"])));
        assert!(holds("StringEqualsIgnoreCase", &["IT"], Some(&["it"])));
        assert!(holds("StringNotEquals", &["IT", "HR"], Some(&["Ops"])));
        assert!(!holds("StringNotEquals", &["IT", "HR"], Some(&["IT"])));
        assert!(holds(
            "StringLike",
            &["s3.*.amazonaws.com"],
            Some(&["s3.us-east-1.amazonaws.com"])
        ));
        assert!(!holds(
            "StringLike",
            &["S3.*"],
            Some(&["s3.us-east-1.amazonaws.com"])
        ));
        // Absent: positive false, negated true, IfExists true.
        assert!(!holds("StringEquals", &["IT"], None));
        assert!(holds("StringNotEquals", &["IT"], None));
        assert!(holds("StringEqualsIfExists", &["IT"], None));
        assert!(!holds("StringEqualsIfExists", &["IT"], Some(&["HR"])));
    }

    #[test]
    fn sets() {
        let keys: &[&str] = &["Department", "Project"];
        assert!(holds("ForAnyValue:StringEquals", &["Project"], Some(keys)));
        assert!(!holds(
            "ForAllValues:StringEquals",
            &["Project"],
            Some(keys)
        ));
        assert!(holds(
            "ForAllValues:StringEquals",
            &["Project", "Department", "x"],
            Some(keys)
        ));
        assert!(holds("ForAllValues:StringEquals", &["Project"], None));
        assert!(holds("ForAllValues:StringEquals", &["Project"], Some(&[])));
        assert!(!holds("ForAnyValue:StringEquals", &["Project"], None));
        assert!(holds(
            "ForAnyValue:StringNotEquals",
            &["Project"],
            Some(keys)
        ));
        assert!(!holds(
            "ForAllValues:StringNotEquals",
            &["Project"],
            Some(keys)
        ));
        // No set operator on several values: no match, either way.
        assert!(!holds(
            "StringEquals",
            &["Project", "Department"],
            Some(keys)
        ));
        assert!(!holds("StringNotEquals", &["Owner"], Some(keys)));
        // One value is a set of one.
        assert!(holds(
            "ForAllValues:StringEquals",
            &["Project"],
            Some(&["Project"])
        ));
    }

    #[test]
    fn null() {
        assert!(holds("Null", &["true"], None));
        assert!(!holds("Null", &["true"], Some(&["x"])));
        assert!(holds("Null", &["false"], Some(&["x"])));
        assert!(!holds("Null", &["false"], None));
        assert!(!holds("Null", &["maybe"], None));
    }

    #[test]
    fn numbers_dates_bools_ips() {
        assert!(holds("NumericLessThanEquals", &["30"], Some(&["7"])));
        assert!(!holds("NumericLessThan", &["7"], Some(&["7.0"])));
        assert!(holds("NumericEquals", &["7"], Some(&["7.0"])));
        assert!(holds("NumericNotEquals", &["7"], Some(&["8"])));
        assert!(!holds("NumericGreaterThan", &["x"], Some(&["8"])));
        assert!(holds(
            "DateLessThan",
            &["2030-01-01T00:00:00Z"],
            Some(&["2029-12-31T23:59:59Z"])
        ));
        assert!(holds(
            "DateEquals",
            &["2030-01-01T02:00:00+02:00"],
            Some(&["1893456000"])
        ));
        assert!(holds(
            "DateGreaterThanEquals",
            &["2030-01-01"],
            Some(&["2030-01-01T00:00:00Z"])
        ));
        assert!(holds("Bool", &["true"], Some(&["TRUE"])));
        assert!(!holds("Bool", &["true"], Some(&["false"])));
        assert!(holds(
            "IpAddress",
            &["203.0.113.0/24"],
            Some(&["203.0.113.7"])
        ));
        assert!(!holds(
            "IpAddress",
            &["203.0.113.0/24"],
            Some(&["203.0.114.7"])
        ));
        assert!(holds(
            "NotIpAddress",
            &["203.0.113.0/24"],
            Some(&["203.0.114.7"])
        ));
        assert!(holds(
            "IpAddress",
            &["2001:db8::/32"],
            Some(&["2001:db8::1"])
        ));
        assert!(!holds(
            "IpAddress",
            &["2001:db8::/32"],
            Some(&["203.0.113.7"])
        ));
        assert!(holds("IpAddress", &["0.0.0.0/0"], Some(&["8.8.8.8"])));
    }

    #[test]
    fn arns() {
        let role = "arn:aws:iam::111122223333:role/app";
        assert!(holds("ArnLike", &["arn:aws:iam::*:role/*"], Some(&[role])));
        assert!(holds(
            "ArnEquals",
            &["arn:aws:iam::111122223333:role/a*"],
            Some(&[role])
        ));
        assert!(!holds("ArnLike", &["arn:aws:iam::*:user/*"], Some(&[role])));
        assert!(holds(
            "ArnNotLike",
            &["arn:aws:iam::*:user/*"],
            Some(&[role])
        ));
        // `*` does not cross a part.
        assert!(!arn_matches(
            "arn:aws:kms:*",
            "arn:aws:kms:us-east-1:111122223333:key/k"
        ));
        assert!(arn_matches(
            "arn:aws:kms:*:*:*",
            "arn:aws:kms:us-east-1:111122223333:key/k"
        ));
        assert!(arn_matches(
            "arn:aws:kms:*:111122223333:key/*",
            "arn:aws:kms:us-east-1:111122223333:key/k"
        ));
        assert!(!arn_matches(
            "arn:aws:kms:*:444455556666:key/*",
            "arn:aws:kms:us-east-1:111122223333:key/k"
        ));
        assert!(arn_matches("*", "anything"));
    }

    #[test]
    fn times() {
        assert_eq!(parse_time("1970-01-01T00:00:00Z"), Some(0.0));
        assert_eq!(parse_time("2030-01-01"), Some(1_893_456_000.0));
        assert_eq!(parse_time("2024-02-29T12:00:00Z"), Some(1_709_208_000.0));
        assert_eq!(parse_time("2023-02-29"), None);
        assert_eq!(parse_time("three weeks"), None);
        assert_eq!(parse_time("2030-01-01T00:00Z"), None);
        assert_eq!(parse_time("2030-01-01T00:00:00"), None);
        assert_eq!(parse_time("2030-01-01 00:00:00Z"), None);
        assert_eq!(
            parse_time("2030-01-01T00:00:00.5-01:00"),
            Some(1_893_459_600.5)
        );
    }

    #[test]
    fn variables() {
        let lookup = |k: &str| (k == "aws:username").then(|| "bob".to_string());
        assert_eq!(
            substitute("home/${aws:username}/*", lookup).unwrap(),
            "home/bob/*"
        );
        assert_eq!(substitute("a${*}b", lookup).unwrap(), "a*b");
        assert_eq!(substitute("${aws:userid}", lookup), None);
        assert_eq!(substitute("${aws:userid, 'none'}", lookup).unwrap(), "none");
    }
}
