//! Condition operators: names, families, value kinds, and which family fits
//! which key type, all from [`crate::for_each_operator_family!`].

use std::fmt;

/// An operator family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    /// `StringEquals`, `StringLike`, ...
    String,
    /// `ArnEquals`, `ArnLike`, ...
    Arn,
    /// `NumericEquals`, `NumericLessThan`, ...
    Numeric,
    /// `DateEquals`, `DateLessThan`, ...
    Date,
    /// `Bool`.
    Bool,
    /// `BinaryEquals`.
    Binary,
    /// `IpAddress`, `NotIpAddress`.
    IpAddress,
    /// `Null`: whether the key is present.
    Null,
}

impl Family {
    /// The family's name (`String`, `IpAddress`).
    pub fn name(self) -> &'static str {
        match self {
            Family::String => "String",
            Family::Arn => "Arn",
            Family::Numeric => "Numeric",
            Family::Date => "Date",
            Family::Bool => "Bool",
            Family::Binary => "Binary",
            Family::IpAddress => "IpAddress",
            Family::Null => "Null",
        }
    }
}

/// The kind of value an operator compares the key with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ValueKind {
    /// `...Equals` String operators: the key's closed set of values, or text.
    Equals,
    /// `...Like` String operators: text with `*` and `?`.
    Pattern,
    /// Arn operators: an ARN, with `*` and `?` under `ArnLike`.
    Text,
    /// Numeric operators: a number.
    Number,
    /// Date operators: an ISO 8601 date-time or epoch seconds.
    Time,
    /// `Bool` and `Null`: true or false.
    Boolean,
    /// `BinaryEquals`: base64.
    Binary,
    /// `IpAddress`: an address or CIDR range.
    Ip,
}

impl ValueKind {
    /// The kind's name as the builder's docs and the lists use it
    /// (`equals`, `pattern`, `text`, `number`, `time`, `boolean`, `binary`, `ip`).
    pub fn name(self) -> &'static str {
        match self {
            ValueKind::Equals => "equals",
            ValueKind::Pattern => "pattern",
            ValueKind::Text => "text",
            ValueKind::Number => "number",
            ValueKind::Time => "time",
            ValueKind::Boolean => "boolean",
            ValueKind::Binary => "binary",
            ValueKind::Ip => "ip",
        }
    }
}

/// The type of a condition key, as operators see it: the builder's
/// `policy::types` markers have these names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KeyType {
    /// `String` and `String (list)`.
    String,
    /// `Numeric`.
    Numeric,
    /// `Timestamp`.
    Timestamp,
    /// `Boolean`.
    Boolean,
    /// `ARN`.
    Arn,
    /// A key no source types: every family fits.
    Untyped,
}

impl KeyType {
    /// Every key type.
    pub const ALL: [KeyType; 6] = [
        KeyType::String,
        KeyType::Numeric,
        KeyType::Timestamp,
        KeyType::Boolean,
        KeyType::Arn,
        KeyType::Untyped,
    ];

    /// The marker's name (`String`, `Untyped`).
    pub fn marker(self) -> &'static str {
        match self {
            KeyType::String => "String",
            KeyType::Numeric => "Numeric",
            KeyType::Timestamp => "Timestamp",
            KeyType::Boolean => "Boolean",
            KeyType::Arn => "Arn",
            KeyType::Untyped => "Untyped",
        }
    }

    /// The key type of an IAM condition type as AWS's documents spell it
    /// (`String`, `String (list)`, `ArrayOfString`, `Boolean`, `Bool`,
    /// `Numeric`, `Date`, `Timestamp`, `ARN`, `ArrayOfARN`), case-insensitively;
    /// `None` for a spelling IAM does not use.
    pub fn of_condition_type(name: &str) -> Option<KeyType> {
        let name = name.trim();
        let is = |s: &str| name.eq_ignore_ascii_case(s);
        Some(
            if is("String") || is("String (list)") || is("ArrayOfString") {
                KeyType::String
            } else if is("Boolean") || is("Bool") || is("ArrayOfBool") {
                KeyType::Boolean
            } else if is("Numeric") || is("ArrayOfNumeric") {
                KeyType::Numeric
            } else if is("Timestamp") || is("Date") || is("ArrayOfDate") {
                KeyType::Timestamp
            } else if is("ARN") || is("ArrayOfARN") {
                KeyType::Arn
            } else {
                return None;
            },
        )
    }

    /// What to write instead of an operator that does not fit this type.
    pub fn suggestion(self) -> &'static str {
        match self {
            KeyType::String => {
                "use a String operator (StringEquals, StringLike, ...) or an Arn operator"
            }
            KeyType::Numeric => "use a Numeric operator (NumericEquals, NumericLessThan, ...)",
            KeyType::Timestamp => {
                "use a Date operator (DateLessThan, ...) or a Numeric one on epoch seconds"
            }
            KeyType::Boolean => "use Bool",
            KeyType::Arn => "use an Arn operator (ArnEquals, ArnLike, ...) or a String one",
            KeyType::Untyped => "any operator fits a key no source types",
        }
    }
}

impl fmt::Display for KeyType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.marker())
    }
}

/// One base operator (without qualifier).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OperatorDef {
    /// The base name (`StringEquals`).
    pub name: &'static str,
    /// Its `...IfExists` form, if IAM has one (`Null` has none).
    pub if_exists_name: Option<&'static str>,
    /// Its family.
    pub family: Family,
    /// The kind of value it takes.
    pub value_kind: ValueKind,
}

impl OperatorDef {
    /// Whether the operator is a negated match (`StringNotEquals`,
    /// `NotIpAddress`, `ArnNotLike`, ...): true when the key is absent.
    pub fn negated(&self) -> bool {
        self.name.contains("Not")
    }

    /// Whether the operator compares ignoring case (`StringEqualsIgnoreCase`).
    pub fn ignores_case(&self) -> bool {
        self.name.contains("IgnoreCase")
    }
}

macro_rules! tables {
    ($($family:ident => [$($ops:tt),* $(,)?] fits $fits:tt values $kind:ident;)*) => {
        /// Every base operator IAM defines, in the list's order.
        pub const OPERATORS: &[OperatorDef] = &[$($(tables!(@def $family $kind $ops)),*),*];

        /// Which key types each family fits (an untyped key takes every
        /// family; `Null` fits every key and is not listed). A family with
        /// two rows (String's `...Equals` and `...Like`) is listed once.
        pub const FAMILY_FITS: &[(Family, &[KeyType])] = &tables!(@fits [] $($family $fits)*);
    };
    (@def $family:ident $kind:ident ($base:ident, $if_exists:ident)) => {
        OperatorDef {
            name: stringify!($base),
            if_exists_name: Some(stringify!($if_exists)),
            family: Family::$family,
            value_kind: tables!(@kind $kind),
        }
    };
    (@def $family:ident $kind:ident $base:ident) => {
        OperatorDef {
            name: stringify!($base),
            if_exists_name: None,
            family: Family::$family,
            value_kind: tables!(@kind $kind),
        }
    };
    (@kind equals) => { ValueKind::Equals };
    (@kind pattern) => { ValueKind::Pattern };
    (@kind text) => { ValueKind::Text };
    (@kind number) => { ValueKind::Number };
    (@kind time) => { ValueKind::Time };
    (@kind boolean) => { ValueKind::Boolean };
    (@kind binary) => { ValueKind::Binary };
    (@kind ip) => { ValueKind::Ip };
    // Collect one row per family: String's second row repeats the first.
    (@fits [$($done:tt)*]) => { [$($done)*] };
    (@fits [$($done:tt)*] String $fits:tt String $fits2:tt $($rest:tt)*) => {
        tables!(@fits [$($done)*] String $fits $($rest)*)
    };
    (@fits [$($done:tt)*] Null any $($rest:tt)*) => { tables!(@fits [$($done)*] $($rest)*) };
    (@fits [$($done:tt)*] $family:ident [$($ty:ident),*] $($rest:tt)*) => {
        tables!(@fits [$($done)* (Family::$family, &[$(KeyType::$ty),*]),] $($rest)*)
    };
}

crate::for_each_operator_family!(tables);

/// `ForAnyValue:` or `ForAllValues:`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Qualifier {
    /// `ForAnyValue:` — at least one of the key's values matches.
    ForAnyValue,
    /// `ForAllValues:` — every one of the key's values matches.
    ForAllValues,
}

impl Qualifier {
    /// `ForAnyValue` or `ForAllValues`.
    pub fn name(self) -> &'static str {
        match self {
            Qualifier::ForAnyValue => "ForAnyValue",
            Qualifier::ForAllValues => "ForAllValues",
        }
    }
}

/// An operator as written in a policy: `[ForAnyValue:|ForAllValues:]Base[IfExists]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operator {
    /// The set qualifier, if any.
    pub qualifier: Option<Qualifier>,
    /// The base operator.
    pub def: &'static OperatorDef,
    /// Whether the name ends in `IfExists`.
    pub if_exists: bool,
}

impl Operator {
    /// Parses an operator name; `None` when IAM does not define it. IAM
    /// operator names are case-sensitive.
    pub fn parse(text: &str) -> Option<Operator> {
        let (qualifier, rest) = match text.split_once(':') {
            Some(("ForAnyValue", rest)) => (Some(Qualifier::ForAnyValue), rest),
            Some(("ForAllValues", rest)) => (Some(Qualifier::ForAllValues), rest),
            Some(_) => return None,
            None => (None, text),
        };
        for def in OPERATORS {
            if def.name == rest {
                return Some(Operator {
                    qualifier,
                    def,
                    if_exists: false,
                });
            }
            if def.if_exists_name == Some(rest) {
                return Some(Operator {
                    qualifier,
                    def,
                    if_exists: true,
                });
            }
        }
        None
    }

    /// The base operator's name (`StringLike` for `ForAnyValue:StringLikeIfExists`).
    pub fn base(&self) -> &'static str {
        self.def.name
    }

    /// The family.
    pub fn family(&self) -> Family {
        self.def.family
    }

    /// Whether the base is a negated match.
    pub fn negated(&self) -> bool {
        self.def.negated()
    }

    /// The kind of value it takes.
    pub fn value_kind(&self) -> ValueKind {
        self.def.value_kind
    }
}

impl fmt::Display for Operator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(q) = self.qualifier {
            write!(f, "{}:", q.name())?;
        }
        match (self.if_exists, self.def.if_exists_name) {
            (true, Some(name)) => f.write_str(name),
            _ => f.write_str(self.def.name),
        }
    }
}

/// How well an operator family fits a key type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// It fits: the builder compiles it, the linter is silent.
    Fits,
    /// IAM evaluates it, but it checks less than the family made for the
    /// key's type (a String operator on a Numeric key compares text):
    /// the builder rejects it, the linter warns, with this reason.
    Weak(&'static str),
    /// `StringEquals`/`StringNotEquals` on a Boolean key: weak when every
    /// value is `"true"` or `"false"`, a mismatch otherwise.
    WeakOnBooleanText(&'static str),
    /// It does not fit: the builder rejects it, the linter reports an error.
    Mismatch,
}

impl Fit {
    /// Whether it is [`Fit::Fits`].
    pub fn is_fit(self) -> bool {
        self == Fit::Fits
    }
}

/// How operator family `family` (base operator `base`) fits a key of type
/// `key`: [`FAMILY_FITS`], then the tier that works but checks less
/// (DESIGN.md, "Which operator fits which key").
pub fn fit(family: Family, key: KeyType, base: &str) -> Fit {
    if family == Family::Null || key == KeyType::Untyped {
        return Fit::Fits;
    }
    let listed = FAMILY_FITS
        .iter()
        .any(|(f, types)| *f == family && types.contains(&key));
    if listed {
        return Fit::Fits;
    }
    match (key, family) {
        (KeyType::Numeric, Family::String) => Fit::Weak(
            "Numeric operators compare numbers; String operators compare text (\"90\" is not \"90.0\")",
        ),
        (KeyType::Timestamp, Family::String) => {
            Fit::Weak("Date operators compare times; String operators compare text")
        }
        (KeyType::Boolean, Family::String)
            if matches!(base, "StringEquals" | "StringNotEquals") =>
        {
            Fit::WeakOnBooleanText("use `Bool` for Boolean keys")
        }
        _ => Fit::Mismatch,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_with_qualifiers_and_if_exists() {
        let op = Operator::parse("ForAllValues:StringLikeIfExists").unwrap();
        assert_eq!(op.qualifier, Some(Qualifier::ForAllValues));
        assert_eq!(op.base(), "StringLike");
        assert_eq!(op.family(), Family::String);
        assert!(op.if_exists);
        assert_eq!(op.to_string(), "ForAllValues:StringLikeIfExists");
        assert!(Operator::parse("NullIfExists").is_none());
        assert!(Operator::parse("StringEqual").is_none());
        assert!(Operator::parse("stringequals").is_none());
        assert!(Operator::parse("ForSomeValues:StringEquals").is_none());
        let ip = Operator::parse("NotIpAddress").unwrap();
        assert_eq!(ip.family(), Family::IpAddress);
        assert!(ip.negated());
        assert!(Operator::parse("BinaryEqualsIfExists").is_some());
    }

    #[test]
    fn every_name_is_unique_and_round_trips() {
        let mut names = Vec::new();
        for def in OPERATORS {
            names.push(def.name);
            names.extend(def.if_exists_name);
        }
        let count = names.len();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), count);
        for name in names {
            assert_eq!(Operator::parse(name).unwrap().to_string(), name);
        }
        // 27 base operators (IAM User Guide, "Condition operators").
        assert_eq!(OPERATORS.len(), 27);
    }

    #[test]
    fn the_fit_table_follows_the_design() {
        use KeyType::*;
        let fits = |f, k| fit(f, k, "").is_fit();
        assert!(fits(Family::String, Arn) && fits(Family::Arn, String));
        assert!(fits(Family::Numeric, Timestamp) && !fits(Family::Date, Numeric));
        assert!(!fits(Family::Bool, String) && fits(Family::Bool, Boolean));
        assert!(!fits(Family::IpAddress, String) && fits(Family::IpAddress, Untyped));
        assert!(fits(Family::Null, Boolean));
        assert!(matches!(
            fit(Family::String, Numeric, "StringEquals"),
            Fit::Weak(_)
        ));
        assert!(matches!(
            fit(Family::String, Boolean, "StringEquals"),
            Fit::WeakOnBooleanText(_)
        ));
        assert_eq!(fit(Family::String, Boolean, "StringLike"), Fit::Mismatch);
        assert_eq!(FAMILY_FITS.len(), 7);
    }

    #[test]
    fn condition_type_spellings() {
        assert_eq!(
            KeyType::of_condition_type("String (list)"),
            Some(KeyType::String)
        );
        assert_eq!(KeyType::of_condition_type("ArrayOfARN"), Some(KeyType::Arn));
        assert_eq!(KeyType::of_condition_type("Date"), Some(KeyType::Timestamp));
        assert_eq!(KeyType::of_condition_type("Integer"), None);
    }
}
