//! Values in: arguments and input-object fields read into their Rust
//! types ([`FromValue`]) straight from the engine's coerced JSON (the
//! engine has applied every default already), `@oneOf` inputs, enum names,
//! and custom scalars through serde.

use ::std::string::{String, ToString};
use ::std::vec::Vec;

use crate::engine::{Arguments, FieldError};
use crate::id::ID;

/// An argument's or input field's value as the engine coerced it: JSON
/// (enum values as their names, `ID`s as strings).
pub use apollo_compiler::response::JsonValue as Value;

/// The fields of an input object value, by name.
pub type InputFields = apollo_compiler::response::JsonMap;

/// What an input field left out reads as.
static NULL: Value = Value::Null;

/// Why a value does not fit the Rust type of an argument or input field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct InputError(pub String);

/// A value read from an argument or input field.
pub trait FromValue: Sized {
    fn from_value(value: &Value) -> Result<Self, InputError>;
}

macro_rules! scalar {
    ($($ty:ty => $read:expr),* $(,)?) => {$(
        impl FromValue for $ty {
            fn from_value(value: &Value) -> Result<Self, InputError> {
                let read: fn(&Value) -> Option<$ty> = $read;
                read(value).ok_or_else(|| mismatch(stringify!($ty), value))
            }
        }
    )*};
}

scalar! {
    i32 => |v| match v { Value::Number(n) => n.as_i64().and_then(|n| i32::try_from(n).ok()), _ => None },
    i16 => |v| match v { Value::Number(n) => n.as_i64().and_then(|n| i16::try_from(n).ok()), _ => None },
    i8 => |v| match v { Value::Number(n) => n.as_i64().and_then(|n| i8::try_from(n).ok()), _ => None },
    u16 => |v| match v { Value::Number(n) => n.as_u64().and_then(|n| u16::try_from(n).ok()), _ => None },
    u8 => |v| match v { Value::Number(n) => n.as_u64().and_then(|n| u8::try_from(n).ok()), _ => None },
    f64 => |v| match v { Value::Number(n) => n.as_f64(), _ => None },
    f32 => |v| match v { Value::Number(n) => n.as_f64().map(|f| f as f32), _ => None },
    bool => |v| match v { Value::Bool(b) => Some(*b), _ => None },
    String => |v| match v { Value::String(s) => Some(s.as_str().to_string()), _ => None },
}

impl FromValue for ID {
    fn from_value(value: &Value) -> Result<Self, InputError> {
        match value {
            Value::String(s) => Ok(ID(s.as_str().to_string())),
            Value::Number(n) if n.is_i64() || n.is_u64() => Ok(ID(n.to_string())),
            other => Err(mismatch("ID", other)),
        }
    }
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_value(value: &Value) -> Result<Self, InputError> {
        match value {
            Value::Null => Ok(None),
            other => T::from_value(other).map(Some),
        }
    }
}

impl<T: FromValue> FromValue for Vec<T> {
    fn from_value(value: &Value) -> Result<Self, InputError> {
        match value {
            Value::Array(items) => items.iter().map(T::from_value).collect(),
            single => T::from_value(single).map(|item| ::std::vec![item]),
        }
    }
}

impl<T: FromValue> FromValue for ::std::boxed::Box<T> {
    fn from_value(value: &Value) -> Result<Self, InputError> {
        T::from_value(value).map(::std::boxed::Box::new)
    }
}

/// Argument `name` of the field being resolved.
pub fn arg<T: FromValue>(arguments: &Arguments, name: &str) -> Result<T, FieldError> {
    T::from_value(arguments.value(name).unwrap_or(&NULL))
        .map_err(|e| FieldError::new(::std::format!("argument `{name}`: {e}")))
}

/// A custom scalar's argument, read through serde (its Rust type is the
/// user's choice, so it cannot implement [`FromValue`] here).
pub fn scalar_arg<T: ::serde::de::DeserializeOwned>(
    arguments: &Arguments,
    name: &str,
) -> Result<T, FieldError> {
    scalar_from_value(arguments.value(name).unwrap_or(&NULL))
        .map_err(|e| FieldError::new(::std::format!("argument `{name}`: {e}")))
}

/// An enum value's name (the engine passes enum values as their names).
pub fn enum_name<'v>(value: &'v Value, ty: &str) -> Result<&'v str, InputError> {
    match value {
        Value::String(name) => Ok(name.as_str()),
        other => Err(mismatch(ty, other)),
    }
}

/// The fields of an input object value.
pub fn input_object<'v>(value: &'v Value, ty: &str) -> Result<&'v InputFields, InputError> {
    match value {
        Value::Object(fields) => Ok(fields),
        other => Err(mismatch(ty, other)),
    }
}

/// One field of an input object (null when left out).
pub fn input_field<T: FromValue>(fields: &InputFields, name: &str) -> Result<T, InputError> {
    T::from_value(fields.get(name).unwrap_or(&NULL))
        .map_err(|e| InputError(::std::format!("field `{name}`: {e}")))
}

/// The one set field of a `@oneOf` input object.
pub fn one_of<'v>(value: &'v Value, ty: &str) -> Result<(&'v str, &'v Value), InputError> {
    let fields = input_object(value, ty)?;
    let mut set = fields.iter().filter(|(_, v)| !matches!(v, Value::Null));
    match (set.next(), set.next()) {
        (Some((name, value)), None) => Ok((name.as_str(), value)),
        _ => Err(InputError(::std::format!(
            "`{ty}` takes exactly one non-null field"
        ))),
    }
}

/// A custom scalar's value read through serde.
pub fn scalar_from_value<T: ::serde::de::DeserializeOwned>(value: &Value) -> Result<T, InputError> {
    apollo_compiler::response::serde_json_bytes::from_value(value.clone())
        .map_err(|e| InputError(e.to_string()))
}

/// One custom-scalar field of an input object (null when left out).
pub fn scalar_input_field<T: ::serde::de::DeserializeOwned>(
    fields: &InputFields,
    name: &str,
) -> Result<T, InputError> {
    scalar_from_value(fields.get(name).unwrap_or(&NULL))
        .map_err(|e| InputError(::std::format!("field `{name}`: {e}")))
}

fn mismatch(expected: &str, found: &Value) -> InputError {
    InputError(::std::format!("expected {expected}, found {found}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(value: serde_json::Value) -> Value {
        Value::from(value)
    }

    #[test]
    fn numbers_are_read_within_their_range() {
        assert_eq!(i32::from_value(&json(7.into())), Ok(7));
        assert_eq!(
            i8::from_value(&json(300.into())),
            Err(InputError("expected i8, found 300".to_string()))
        );
        assert_eq!(f64::from_value(&json(2.into())), Ok(2.0));
        assert!(bool::from_value(&json("true".into())).is_err());
    }

    #[test]
    fn ids_come_from_strings_and_integers() {
        let id = |v: serde_json::Value| ID::from_value(&json(v)).map(|id| id.0);
        assert_eq!(id("TGlua05vZGU6MQ==".into()), Ok("TGlua05vZGU6MQ==".into()));
        assert_eq!(id(42.into()), Ok("42".into()));
        assert!(id(1.5.into()).is_err());
    }

    #[test]
    fn null_is_none_and_a_single_value_is_a_list_of_one() {
        assert_eq!(Option::<i32>::from_value(&Value::Null), Ok(None));
        assert_eq!(Vec::<i32>::from_value(&json(3.into())), Ok(vec![3]));
        let list = json(serde_json::json!([1, null]));
        assert_eq!(
            Vec::<Option<i32>>::from_value(&list),
            Ok(vec![Some(1), None])
        );
        assert!(Vec::<i32>::from_value(&list).is_err());
    }

    #[test]
    fn input_objects_read_their_fields_and_one_of_takes_one() {
        let object = json(serde_json::json!({ "a": 1, "b": null }));
        let fields = input_object(&object, "In").unwrap();
        assert_eq!(input_field::<i32>(fields, "a"), Ok(1));
        assert_eq!(input_field::<Option<i32>>(fields, "c"), Ok(None));
        assert_eq!(
            input_field::<i32>(fields, "c"),
            Err(InputError(
                "field `c`: expected i32, found null".to_string()
            ))
        );
        assert_eq!(one_of(&object, "In").map(|(name, _)| name), Ok("a"));
        let two = json(serde_json::json!({ "a": 1, "b": 2 }));
        assert!(one_of(&two, "In").is_err());
        assert_eq!(enum_name(&json("ACTIVE".into()), "Status"), Ok("ACTIVE"));
    }

    #[test]
    fn custom_scalars_convert_through_serde() {
        let value = json(serde_json::json!(["2024-01-02", null]));
        let read: Vec<Option<String>> = scalar_from_value(&value).unwrap();
        assert_eq!(read, vec![Some("2024-01-02".to_string()), None]);
        let object = json(serde_json::json!({ "at": 5 }));
        let fields = input_object(&object, "In").unwrap();
        assert_eq!(scalar_input_field::<u64>(fields, "at"), Ok(5));
        assert!(scalar_input_field::<u64>(fields, "other").is_err());
        assert_eq!(scalar_input_field::<Option<u64>>(fields, "other"), Ok(None));
    }
}
