//! Serialize/Deserialize as the IAM names (`Display` / `FromStr`).

use crate::{AccessLevel, Action, ConditionKey, ConditionType, ResourceType, ValueType};

/// Serialize/Deserialize by `Display`/`FromStr`; also invoked by the
/// generated code for the `values` enums (hence the full paths).
macro_rules! by_name {
    ($($ty:ty),* $(,)?) => {$(
        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(deserializer)?;
                text.parse().map_err(<D::Error as ::serde::de::Error>::custom)
            }
        }
    )*};
}
pub(crate) use by_name;

by_name!(
    AccessLevel,
    Action,
    ConditionKey,
    ConditionType,
    ResourceType,
    ValueType
);
