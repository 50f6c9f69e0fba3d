//! A field's arguments as its resolver reads them: literals and variables
//! of the (already validated) document coerced to the argument types, input
//! objects' and arguments' defaults applied, as JSON that deserializes into
//! the resolver's Rust types.

use apollo_compiler::ast::{InputValueDefinition, Type, Value};
use apollo_compiler::response::{JsonMap, JsonValue};
use apollo_compiler::schema::ExtendedType;
use apollo_compiler::{Node, Schema};
use serde::de::DeserializeOwned;

use super::field_error::FieldError;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Arguments(JsonMap);

impl Arguments {
    /// Argument `name`, read as `T`; an argument left out reads as null, so
    /// `Option<T>` is `None`.
    pub fn get<T: DeserializeOwned>(&self, name: &str) -> Result<T, FieldError> {
        let value = self.0.get(name).cloned().unwrap_or(JsonValue::Null);
        apollo_compiler::response::serde_json_bytes::from_value(value).map_err(|error| {
            FieldError::internal(format!(
                "argument `{name}` does not fit its Rust type: {error}"
            ))
        })
    }

    /// Argument `name` as the engine coerced it; `None` when left out
    /// without a default.
    pub fn value(&self, name: &str) -> Option<&JsonValue> {
        self.0.get(name)
    }

    /// Argument `name` as JSON; null when left out.
    pub fn json(&self, name: &str) -> serde_json::Value {
        self.0
            .get(name)
            .and_then(|value| serde_json::to_value(value).ok())
            .unwrap_or(serde_json::Value::Null)
    }

    /// Every argument given or defaulted, as a JSON object.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(&self.0).unwrap_or(serde_json::Value::Null)
    }

    /// Coerces the arguments given to a field of the given definitions.
    pub(crate) fn coerce(
        schema: &Schema,
        definitions: &[Node<InputValueDefinition>],
        given: &[Node<apollo_compiler::ast::Argument>],
        variables: &JsonMap,
    ) -> Self {
        let mut coerced = JsonMap::new();
        for definition in definitions {
            let value = given
                .iter()
                .find(|argument| argument.name == definition.name)
                .and_then(|argument| coerce(schema, &argument.value, &definition.ty, variables))
                .or_else(|| {
                    let default = definition.default_value.as_ref()?;
                    coerce(schema, default, &definition.ty, variables)
                });
            if let Some(value) = value {
                coerced.insert(definition.name.as_str(), value);
            }
        }
        Arguments(coerced)
    }
}

/// The value of `value` at type `ty`, or `None` for a variable the request
/// did not give.
fn coerce(schema: &Schema, value: &Value, ty: &Type, variables: &JsonMap) -> Option<JsonValue> {
    if !ty.is_list() && is_custom_scalar(schema, ty) {
        return literal(value, variables);
    }
    Some(match value {
        Value::Null => JsonValue::Null,
        Value::Variable(name) => variables.get(name.as_str())?.clone(),
        Value::List(items) if ty.is_list() => JsonValue::Array(
            items
                .iter()
                .map(|item| {
                    coerce(schema, item, ty.item_type(), variables).unwrap_or(JsonValue::Null)
                })
                .collect(),
        ),
        // A single value where a list is expected is a list of one.
        _ if ty.is_list() => {
            JsonValue::Array(vec![coerce(schema, value, ty.item_type(), variables)?])
        }
        Value::Object(fields) => input_object(schema, fields, ty, variables),
        Value::Enum(name) => JsonValue::String(name.as_str().into()),
        Value::String(text) => JsonValue::String(text.as_str().into()),
        Value::Boolean(b) => JsonValue::Bool(*b),
        Value::Int(int) => match ty.inner_named_type().as_str() {
            "Float" => number(int.try_to_f64().ok()?),
            "ID" => JsonValue::String(int.as_str().into()),
            _ => match int.try_to_i32() {
                Ok(i) => JsonValue::Number(i.into()),
                // A custom scalar may hold more than 32 bits.
                Err(_) => serde_json_number(int.as_str())?,
            },
        },
        Value::Float(float) => number(float.try_to_f64().ok()?),
        // Validation admits no list where none is expected.
        Value::List(_) => JsonValue::Null,
    })
}

fn input_object(
    schema: &Schema,
    fields: &[(apollo_compiler::Name, Node<Value>)],
    ty: &Type,
    variables: &JsonMap,
) -> JsonValue {
    let mut object = JsonMap::new();
    let Some(ExtendedType::InputObject(definition)) = schema.types.get(ty.inner_named_type())
    else {
        return JsonValue::Null; // validation admits no other object literal
    };
    for (name, field) in &definition.fields {
        let value = fields
            .iter()
            .find(|(given, _)| given == name)
            .and_then(|(_, value)| coerce(schema, value, &field.ty, variables))
            .or_else(|| coerce(schema, field.default_value.as_ref()?, &field.ty, variables));
        if let Some(value) = value {
            object.insert(name.as_str(), value);
        }
    }
    JsonValue::Object(object)
}

fn is_custom_scalar(schema: &Schema, ty: &Type) -> bool {
    matches!(
        schema.types.get(ty.inner_named_type()),
        Some(scalar @ ExtendedType::Scalar(_)) if !scalar.is_built_in()
    )
}

/// A custom scalar's literal as JSON, as it is written.
fn literal(value: &Value, variables: &JsonMap) -> Option<JsonValue> {
    Some(match value {
        Value::Null => JsonValue::Null,
        Value::Variable(name) => variables.get(name.as_str())?.clone(),
        Value::Enum(name) => JsonValue::String(name.as_str().into()),
        Value::String(text) => JsonValue::String(text.as_str().into()),
        Value::Boolean(b) => JsonValue::Bool(*b),
        Value::Int(int) => serde_json_number(int.as_str())?,
        Value::Float(float) => number(float.try_to_f64().ok()?),
        Value::List(items) => JsonValue::Array(
            items
                .iter()
                .map(|item| literal(item, variables).unwrap_or(JsonValue::Null))
                .collect(),
        ),
        Value::Object(fields) => JsonValue::Object(
            fields
                .iter()
                .filter_map(|(name, value)| {
                    Some((name.as_str().into(), literal(value, variables)?))
                })
                .collect(),
        ),
    })
}

fn number(f: f64) -> JsonValue {
    serde_json::Number::from_f64(f)
        .map(|n| JsonValue::from(serde_json::Value::Number(n)))
        .unwrap_or(JsonValue::Null)
}

fn serde_json_number(text: &str) -> Option<JsonValue> {
    serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .map(JsonValue::from)
}
