//! Finding codes: an enum with a stable string form, its default
//! severity and help text, from one list.

use std::fmt;

use super::Severity;

macro_rules! codes {
    ($($variant:ident = $name:literal, $severity:ident, $help:literal;)*) => {
        /// What a finding is about. The string form ([`Code::as_str`]) is
        /// stable: tools match on it (`key-not-for-action`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum Code {
            $(#[doc = concat!("`", $name, "`: ", $help, ".")] $variant,)*
        }

        impl Code {
            /// Every code, in the order of [`CODES`].
            pub const ALL: &[Code] = &[$(Code::$variant),*];

            /// The stable string form (`key-not-for-action`).
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            /// The severity findings of this code usually have (some are
            /// warnings when only a wildcard brought the action in).
            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }

            /// What the code means, in one line.
            pub fn help(self) -> &'static str {
                match self { $(Code::$variant => $help,)* }
            }
        }

        /// Every code as (string form, usual severity, help): the table
        /// form of [`Code`].
        pub const CODES: &[(&str, Severity, &str)] = &[$(($name, Severity::$severity, $help)),*];
    };
}

codes! {
    PolicyGrammar = "policy-grammar", Error, "the document does not follow the IAM policy grammar";
    PolicyVersion = "policy-version", Warning, "`Version` missing or 2008-10-17: accepted, but policy variables are taken literally";
    DuplicateKey = "duplicate-key", Error, "a key repeated in one JSON object: parsers that accept it keep the last, the rest is never seen";
    UnknownAction = "unknown-action", Error, "a kms: action that does not exist (a warning when the condition-key page names it but the action data is older)";
    PatternMatchesNothing = "pattern-matches-nothing", Error, "a kms: action pattern that covers no action";
    UnknownConditionKey = "unknown-condition-key", Error, "a kms: condition key that does not exist";
    UnknownOperator = "unknown-operator", Error, "a condition operator IAM does not define";
    KeyNotForAction = "key-not-for-action", Error, "a key that does not apply to an action named in the statement (a warning when only a wildcard brought the action in)";
    OperatorTypeMismatch = "operator-type-mismatch", Error, "an operator that does not fit the key's type";
    WeakOperator = "weak-operator", Warning, "an operator that works on the key's type but checks less than the right one";
    SetOperatorOnSingleValued = "set-operator-on-single-valued", Error, "ForAnyValue/ForAllValues on a single-valued key (OverlyPermissiveCondition)";
    MissingSetOperator = "missing-set-operator", Error, "a multi-valued key without ForAnyValue/ForAllValues";
    DeprecatedKey = "deprecated-key", Warning, "a deprecated key; use its replacement";
    ValueNotInSet = "value-not-in-set", Error, "a value outside the closed set the KMS API gives the key (`RSA2048` for kms:KeySpec), under an ...Equals operator";
    WildcardInEquals = "wildcard-in-equals", Warning, "a `*` or `?` under an ...Equals operator, which compares it as written";
    InvalidValue = "invalid-value", Error, "a value that cannot be the key's type";
    ResourceKindMismatch = "resource-kind-mismatch", Error, "no resource of a kind the action takes (a warning when only a wildcard brought the action in)";
    ResourceArnFormat = "resource-arn-format", Warning, "a kms ARN that matches no KMS resource: an empty region or account, an unknown partition, or a resource part outside the data's ARN formats";
    IamOnlyKeyInKeyPolicy = "iam-only-key-in-key-policy", Error, "a key the condition-key page allows in IAM policies only, in a key policy";
    PublicAccess = "public-access", Error, "a key policy Allow to anyone (`*`) that no condition restricts to accounts, organizations or principals (IAM Access Analyzer's public access)";
    CrossAccountAccess = "cross-account-access", Note, "a key policy Allow to another account: which account, which actions (IAM Access Analyzer's cross-account access)";
    LockoutRisk = "lockout-risk", Warning, "a key policy that lets no principal call kms:PutKeyPolicy: AWS KMS's policy lockout safety check refuses it unless bypassed (AWS managed keys have such policies)";
    GrantDelegation = "grant-delegation", Warning, "kms:CreateGrant to anyone or another account without kms:GrantIsForAWSResource, kms:ViaService or kms:GranteePrincipal";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<Code> for &str {
    fn eq(&self, other: &Code) -> bool {
        *self == other.as_str()
    }
}
