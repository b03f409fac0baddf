//! IAM condition operator names: `[ForAnyValue:|ForAllValues:]Base[IfExists]`.

/// The family an operator belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Family {
    String,
    Numeric,
    Date,
    Bool,
    Binary,
    IpAddress,
    Arn,
    Null,
}

const BASES: &[(&str, Family)] = &[
    ("StringEquals", Family::String),
    ("StringNotEquals", Family::String),
    ("StringEqualsIgnoreCase", Family::String),
    ("StringNotEqualsIgnoreCase", Family::String),
    ("StringLike", Family::String),
    ("StringNotLike", Family::String),
    ("NumericEquals", Family::Numeric),
    ("NumericNotEquals", Family::Numeric),
    ("NumericLessThan", Family::Numeric),
    ("NumericLessThanEquals", Family::Numeric),
    ("NumericGreaterThan", Family::Numeric),
    ("NumericGreaterThanEquals", Family::Numeric),
    ("DateEquals", Family::Date),
    ("DateNotEquals", Family::Date),
    ("DateLessThan", Family::Date),
    ("DateLessThanEquals", Family::Date),
    ("DateGreaterThan", Family::Date),
    ("DateGreaterThanEquals", Family::Date),
    ("Bool", Family::Bool),
    ("BinaryEquals", Family::Binary),
    ("IpAddress", Family::IpAddress),
    ("NotIpAddress", Family::IpAddress),
    ("ArnEquals", Family::Arn),
    ("ArnNotEquals", Family::Arn),
    ("ArnLike", Family::Arn),
    ("ArnNotLike", Family::Arn),
    ("Null", Family::Null),
];

/// A parsed operator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Operator {
    /// The operator as written.
    pub(crate) text: String,
    /// `ForAnyValue` or `ForAllValues`, if qualified.
    pub(crate) qualifier: Option<&'static str>,
    /// The base name without qualifier or `IfExists`.
    pub(crate) base: String,
    pub(crate) family: Family,
    /// Whether the name ends in `IfExists`.
    pub(crate) if_exists: bool,
    /// Whether the base is a negated match (`StringNotEquals`,
    /// `NotIpAddress`, `ArnNotLike`, ...).
    pub(crate) negated: bool,
}

impl Operator {
    /// Parses an operator name; `None` when IAM does not define it.
    /// (IAM operator names are case-sensitive.)
    pub(crate) fn parse(text: &str) -> Option<Operator> {
        let (qualifier, rest) = match text.split_once(':') {
            Some(("ForAnyValue", rest)) => (Some("ForAnyValue"), rest),
            Some(("ForAllValues", rest)) => (Some("ForAllValues"), rest),
            Some(_) => return None,
            None => (None, text),
        };
        let base = rest.strip_suffix("IfExists").unwrap_or(rest);
        let family = BASES.iter().find(|(name, _)| *name == base)?.1;
        if family == Family::Null && base != rest {
            return None; // there is no NullIfExists
        }
        Some(Operator {
            text: text.to_string(),
            qualifier,
            base: base.to_string(),
            family,
            if_exists: base != rest,
            negated: base.contains("Not"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        let op = Operator::parse("ForAllValues:StringLikeIfExists").unwrap();
        assert_eq!(op.qualifier, Some("ForAllValues"));
        assert_eq!(op.base, "StringLike");
        assert_eq!(op.family, Family::String);
        assert!(Operator::parse("NullIfExists").is_none());
        assert!(Operator::parse("StringEqual").is_none());
        assert!(Operator::parse("ForSomeValues:StringEquals").is_none());
        assert_eq!(
            Operator::parse("NotIpAddress").unwrap().family,
            Family::IpAddress
        );
    }
}
