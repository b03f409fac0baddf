//! Serialize/Deserialize as the IAM names (`Display` / `FromStr`).

use serde::de::{Deserialize, Deserializer, Error};
use serde::ser::{Serialize, Serializer};

use crate::{AccessLevel, Action, ConditionKey, ConditionType, ResourceType, ValueType};

macro_rules! by_name {
    ($($ty:ty),*) => {$(
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                text.parse().map_err(D::Error::custom)
            }
        }
    )*};
}

by_name!(
    AccessLevel,
    Action,
    ConditionKey,
    ConditionType,
    ResourceType,
    ValueType
);
