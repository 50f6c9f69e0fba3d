//! Constant values against their types: default values and directive
//! arguments must coerce to the declared input type, as the spec's input
//! coercion rules say.

use super::{Schema, TypeKind, TypeRef, Value};

/// Checks `value` against `ty`; the error says what is wrong and where in the value.
pub fn check(schema: &Schema, value: &Value, ty: &TypeRef) -> Result<(), String> {
    match (ty, value) {
        (_, Value::Variable(name)) => Err(format!(
            "a constant is required, found the variable `${name}`"
        )),
        (TypeRef::NonNull(_), Value::Null) => Err(format!("`{ty}` cannot be null")),
        (TypeRef::NonNull(inner), _) => check(schema, value, inner),
        (_, Value::Null) => Ok(()),
        (TypeRef::List(inner), Value::List(items)) => {
            items.iter().enumerate().try_for_each(|(i, item)| {
                check(schema, item, inner).map_err(|e| format!("item {i}: {e}"))
            })
        }
        (TypeRef::List(inner), _) => check(schema, value, inner),
        (TypeRef::Named(name), _) => check_named(schema, value, name),
    }
}

fn check_named(schema: &Schema, value: &Value, name: &str) -> Result<(), String> {
    let found = describe(value);
    let ok = match name {
        "Int" => {
            matches!(value, Value::Int(n) if n.as_i64().is_some_and(|n| i32::try_from(n).is_ok()))
        }
        "Float" => matches!(value, Value::Int(_) | Value::Float(_)),
        "String" => matches!(value, Value::String(_)),
        "Boolean" => matches!(value, Value::Boolean(_)),
        "ID" => matches!(value, Value::String(_) | Value::Int(_)),
        _ => return check_defined(schema, value, name),
    };
    if ok {
        Ok(())
    } else {
        Err(format!("expected {}, found {found}", expected(name)))
    }
}

fn check_defined(schema: &Schema, value: &Value, name: &str) -> Result<(), String> {
    let Some(def) = schema.get(name) else {
        return Ok(()); // unknown types are reported where they are named
    };
    match (&def.kind, value) {
        (TypeKind::Scalar(_), _) => Ok(()),
        (TypeKind::Enum(e), Value::Enum(v)) => {
            if e.values.iter().any(|x| &x.name == v) {
                Ok(())
            } else {
                Err(format!("`{v}` is not a value of the enum `{name}`"))
            }
        }
        (TypeKind::Enum(_), Value::String(s)) => Err(format!(
            "enum values are written without quotes: `{s}`, not `\"{s}\"`"
        )),
        (TypeKind::InputObject(input), Value::Object(fields)) => {
            for key in fields.keys() {
                if !input.fields.iter().any(|f| &f.name == key) {
                    return Err(format!("`{name}` has no field `{key}`"));
                }
            }
            if input.one_of {
                let set: Vec<_> = fields
                    .iter()
                    .filter(|(_, v)| !matches!(v, Value::Null))
                    .collect();
                if set.len() != 1 || set.len() != fields.len() {
                    return Err(format!(
                        "the @oneOf input `{name}` takes exactly one non-null field"
                    ));
                }
            }
            for field in &input.fields {
                match fields.get(&field.name) {
                    Some(v) => check(schema, v, &field.ty)
                        .map_err(|e| format!("field `{}`: {e}", field.name))?,
                    None if field.ty.is_non_null() && field.default.is_none() => {
                        return Err(format!(
                            "the required field `{}` of `{name}` is missing",
                            field.name
                        ));
                    }
                    None => {}
                }
            }
            Ok(())
        }
        (TypeKind::Enum(_), _) | (TypeKind::InputObject(_), _) => Err(format!(
            "expected {} `{name}`, found {}",
            def.kind_name(),
            describe(value)
        )),
        _ => Ok(()), // output types in input positions are reported elsewhere
    }
}

fn expected(name: &str) -> &'static str {
    match name {
        "Int" => "a 32-bit integer",
        "Float" => "a number",
        "String" => "a string",
        "Boolean" => "`true` or `false`",
        _ => "a string or an integer",
    }
}

fn describe(value: &Value) -> String {
    match value {
        Value::Variable(v) => format!("`${v}`"),
        Value::Int(n) => format!("`{}`", n.as_i64().map_or("?".into(), |n| n.to_string())),
        Value::Float(f) => format!("`{f}`"),
        Value::String(s) => format!("`{s:?}`"),
        Value::Boolean(b) => format!("`{b}`"),
        Value::Null => "`null`".into(),
        Value::Enum(e) => format!("the enum value `{e}`"),
        Value::List(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
    }
}
