//! Run-time support of the generated code, which reaches it by path
//! (`weftql_runtime::support`): conversions between `async_graphql::Value` /
//! `FieldValue` and Rust values ([`FromValue`], [`IntoField`], [`AsField`],
//! [`IdField`]), the builders of fields and arguments, and what every
//! generated resolver does around the method it calls: read the parent and
//! the arguments, catch a panic, and turn a failure into a GraphQL error
//! with its path. Nothing here knows any schema.

use ::async_graphql::dynamic::{FieldFuture, FieldValue, ResolverContext, TypeRef};
use ::async_graphql::{Error, ErrorExtensions, Name, Value};
use ::std::any::Any;
use ::std::string::{String, ToString};
use ::std::vec::Vec;

/// A value read from an argument or input field.
pub trait FromValue: Sized {
    fn from_value(value: &Value) -> Result<Self, String>;
}

/// An owned resolver result turned into a field value.
pub trait IntoField {
    fn into_field(self) -> FieldValue<'static>;
}

/// A value held by the parent, turned into a field value that borrows it.
pub trait AsField {
    fn as_field(&self) -> FieldValue<'_>;
}

/// A value served as a GraphQL `ID` (a string), from strings or integers.
pub trait IdField {
    fn id_field(&self) -> FieldValue<'static>;
}

macro_rules! scalar {
    ($($ty:ty => $read:expr),* $(,)?) => {$(
        impl FromValue for $ty {
            fn from_value(value: &Value) -> Result<Self, String> {
                let read: fn(&Value) -> Option<$ty> = $read;
                read(value).ok_or_else(|| mismatch(stringify!($ty), value))
            }
        }
        impl IntoField for $ty {
            fn into_field(self) -> FieldValue<'static> {
                FieldValue::value(self)
            }
        }
        impl AsField for $ty {
            fn as_field(&self) -> FieldValue<'_> {
                FieldValue::value(self.clone())
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
    bool => |v| match v { Value::Boolean(b) => Some(*b), _ => None },
    String => |v| match v { Value::String(s) => Some(s.clone()), _ => None },
}

impl FromValue for ::async_graphql::ID {
    fn from_value(value: &Value) -> Result<Self, String> {
        match value {
            Value::String(s) => Ok(::async_graphql::ID(s.clone())),
            Value::Number(n) if n.is_i64() || n.is_u64() => Ok(::async_graphql::ID(n.to_string())),
            other => Err(mismatch("ID", other)),
        }
    }
}

impl IntoField for ::async_graphql::ID {
    fn into_field(self) -> FieldValue<'static> {
        FieldValue::value(self.0)
    }
}

impl AsField for ::async_graphql::ID {
    fn as_field(&self) -> FieldValue<'_> {
        FieldValue::value(self.0.clone())
    }
}

macro_rules! id_field {
    ($($ty:ty),*) => {$(
        impl IdField for $ty {
            fn id_field(&self) -> FieldValue<'static> {
                FieldValue::value(self.to_string())
            }
        }
    )*};
}

id_field!(i32, i64, u32, u64, String, ::async_graphql::ID);

impl<T: IdField> IdField for Option<T> {
    fn id_field(&self) -> FieldValue<'static> {
        self.as_ref().map_or(FieldValue::NULL, IdField::id_field)
    }
}

impl<T: IdField> IdField for Vec<T> {
    fn id_field(&self) -> FieldValue<'static> {
        FieldValue::list(self.iter().map(IdField::id_field))
    }
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_value(value: &Value) -> Result<Self, String> {
        match value {
            Value::Null => Ok(None),
            other => T::from_value(other).map(Some),
        }
    }
}

impl<T: FromValue> FromValue for Vec<T> {
    fn from_value(value: &Value) -> Result<Self, String> {
        match value {
            Value::List(items) => items.iter().map(T::from_value).collect(),
            single => T::from_value(single).map(|item| ::std::vec![item]),
        }
    }
}

impl<T: FromValue> FromValue for ::std::boxed::Box<T> {
    fn from_value(value: &Value) -> Result<Self, String> {
        T::from_value(value).map(::std::boxed::Box::new)
    }
}

impl<T: IntoField> IntoField for Option<T> {
    fn into_field(self) -> FieldValue<'static> {
        self.map_or(FieldValue::NULL, IntoField::into_field)
    }
}

impl<T: IntoField> IntoField for Vec<T> {
    fn into_field(self) -> FieldValue<'static> {
        FieldValue::list(self.into_iter().map(IntoField::into_field))
    }
}

impl<T: IntoField> IntoField for ::std::boxed::Box<T> {
    fn into_field(self) -> FieldValue<'static> {
        (*self).into_field()
    }
}

impl<T: AsField> AsField for Option<T> {
    fn as_field(&self) -> FieldValue<'_> {
        self.as_ref().map_or(FieldValue::NULL, AsField::as_field)
    }
}

impl<T: AsField> AsField for Vec<T> {
    fn as_field(&self) -> FieldValue<'_> {
        FieldValue::list(self.iter().map(AsField::as_field))
    }
}

impl<T: AsField> AsField for ::std::boxed::Box<T> {
    fn as_field(&self) -> FieldValue<'_> {
        (**self).as_field()
    }
}

/// An enum value's name, given as an enum literal or (from JSON variables) a string.
pub fn enum_name<'v>(value: &'v Value, ty: &str) -> Result<&'v str, String> {
    match value {
        Value::Enum(name) => Ok(name.as_str()),
        Value::String(name) => Ok(name.as_str()),
        other => Err(mismatch(ty, other)),
    }
}

pub fn enum_field(name: &'static str) -> FieldValue<'static> {
    FieldValue::value(Value::Enum(Name::new(name)))
}

/// The fields of an input object value.
pub fn input_object<'v>(
    value: &'v Value,
    ty: &str,
) -> Result<&'v ::async_graphql::indexmap::IndexMap<Name, Value>, String> {
    match value {
        Value::Object(fields) => Ok(fields),
        other => Err(mismatch(ty, other)),
    }
}

/// One field of an input object, or its default when absent.
pub fn input_field<T: FromValue>(
    fields: &::async_graphql::indexmap::IndexMap<Name, Value>,
    name: &str,
    default: Option<fn() -> Value>,
) -> Result<T, String> {
    T::from_value(&given_or_default(fields, name, default))
        .map_err(|e| ::std::format!("field `{name}`: {e}"))
}

/// An input object's field `name`, else its default, else null.
fn given_or_default<'v>(
    fields: &'v ::async_graphql::indexmap::IndexMap<Name, Value>,
    name: &str,
    default: Option<fn() -> Value>,
) -> ::std::borrow::Cow<'v, Value> {
    match (fields.get(name), default) {
        (Some(value), _) => ::std::borrow::Cow::Borrowed(value),
        (None, Some(default)) => ::std::borrow::Cow::Owned(default()),
        (None, None) => ::std::borrow::Cow::Owned(Value::Null),
    }
}

/// The one set field of a `@oneOf` input object.
pub fn one_of<'v>(value: &'v Value, ty: &str) -> Result<(&'v str, &'v Value), String> {
    let fields = input_object(value, ty)?;
    let mut set = fields.iter().filter(|(_, v)| !matches!(v, Value::Null));
    match (set.next(), set.next()) {
        (Some((name, value)), None) => Ok((name.as_str(), value)),
        _ => Err(::std::format!("`{ty}` takes exactly one non-null field")),
    }
}

/// Implements [`IntoField`] and [`AsField`] for object values (generated
/// structs, root markers, bound structs): served by value or by reference.
#[macro_export]
macro_rules! object_values {
    ($($ty:ty),* $(,)?) => {$(
        impl $crate::support::IntoField for $ty {
            fn into_field(self) -> $crate::async_graphql::dynamic::FieldValue<'static> {
                $crate::async_graphql::dynamic::FieldValue::owned_any(self)
            }
        }
        impl $crate::support::AsField for $ty {
            fn as_field(&self) -> $crate::async_graphql::dynamic::FieldValue<'_> {
                $crate::async_graphql::dynamic::FieldValue::borrowed_any(self)
            }
        }
    )*};
}

/// A field that resolves from its parent's value `P`, without a method.
pub fn column<P: Any + Send + Sync>(
    name: &str,
    ty: &str,
    get: for<'a> fn(&'a P) -> FieldValue<'a>,
) -> ::async_graphql::dynamic::Field {
    ::async_graphql::dynamic::Field::new(name, type_ref(ty), move |ctx| own_field(ctx, get))
}

/// A field resolved by a trait method.
pub fn method(
    name: &str,
    ty: &str,
    resolve: impl for<'a> Fn(ResolverContext<'a>) -> FieldFuture<'a> + Send + Sync + 'static,
) -> ::async_graphql::dynamic::Field {
    ::async_graphql::dynamic::Field::new(name, type_ref(ty), resolve)
}

/// An argument or input field definition.
pub fn input(name: &str, ty: &str) -> ::async_graphql::dynamic::InputValue {
    ::async_graphql::dynamic::InputValue::new(name, type_ref(ty))
}

/// A custom scalar's argument, read through serde (its Rust type is the
/// user's choice, so it cannot implement [`FromValue`] here).
pub fn scalar_arg<T: ::serde::de::DeserializeOwned>(
    ctx: &ResolverContext<'_>,
    name: &str,
) -> ::async_graphql::Result<T> {
    let value = ctx
        .args
        .get(name)
        .map(|v| v.as_value().clone())
        .unwrap_or(Value::Null);
    scalar_value(value).map_err(|e| Error::new(::std::format!("argument `{name}`: {e}")))
}

/// A custom scalar's value read through serde.
pub fn scalar_from_value<T: ::serde::de::DeserializeOwned>(value: &Value) -> Result<T, String> {
    scalar_value(value.clone())
}

fn scalar_value<T: ::serde::de::DeserializeOwned>(value: Value) -> Result<T, String> {
    ::async_graphql::from_value(value).map_err(|e| e.to_string())
}

/// One custom-scalar field of an input object, or its default when absent.
pub fn scalar_input_field<T: ::serde::de::DeserializeOwned>(
    fields: &::async_graphql::indexmap::IndexMap<Name, Value>,
    name: &str,
    default: Option<fn() -> Value>,
) -> Result<T, String> {
    scalar_value(given_or_default(fields, name, default).into_owned())
        .map_err(|e| ::std::format!("field `{name}`: {e}"))
}

/// A custom scalar's value (or a list or option of them) as a field value.
pub fn scalar_field<T: ::serde::Serialize>(value: &T) -> FieldValue<'static> {
    FieldValue::value(::async_graphql::to_value(value).unwrap_or(Value::Null))
}

/// An owned custom-scalar value as a field value.
pub fn scalar_into_field<T: ::serde::Serialize>(value: T) -> FieldValue<'static> {
    scalar_field(&value)
}

/// The answer of a method field of a custom scalar type.
pub fn scalar_answer<T: ::serde::Serialize, E: ErrorExtensions>(
    ctx: &ResolverContext<'_>,
    result: Result<T, Failure<E>>,
    nullable: bool,
) -> ::async_graphql::Result<Option<FieldValue<'static>>> {
    field_result(ctx, result.map(scalar_into_field), nullable)
}

/// A value held by the parent, as a field value.
pub fn as_field<T: AsField>(value: &T) -> FieldValue<'_> {
    value.as_field()
}

/// A value held by the parent, served as a GraphQL `ID`.
pub fn id_field<T: IdField>(value: &T) -> FieldValue<'static> {
    value.id_field()
}

/// The answer of a method field: `result` converted, or its error reported.
pub fn answer<T: IntoField, E: ErrorExtensions>(
    ctx: &ResolverContext<'_>,
    result: Result<T, Failure<E>>,
    nullable: bool,
) -> ::async_graphql::Result<Option<FieldValue<'static>>> {
    field_result(ctx, result.map(IntoField::into_field), nullable)
}

/// An argument of the current field.
pub fn arg<T: FromValue>(ctx: &ResolverContext<'_>, name: &str) -> ::async_graphql::Result<T> {
    let value = ctx
        .args
        .get(name)
        .map(|v| v.as_value())
        .unwrap_or(&Value::Null);
    T::from_value(value).map_err(|e| Error::new(::std::format!("argument `{name}`: {e}")))
}

/// The parent object's Rust value.
pub fn parent<'a, T: Any + Send + Sync>(
    ctx: &ResolverContext<'a>,
) -> ::async_graphql::Result<&'a T> {
    ctx.parent_value.try_downcast_ref::<T>()
}

/// A field that resolves from its parent without awaiting anything.
pub fn own_field<'a, P: Any + Send + Sync>(
    ctx: ResolverContext<'a>,
    get: impl FnOnce(&'a P) -> FieldValue<'a>,
) -> FieldFuture<'a> {
    match ctx.parent_value.try_downcast_ref::<P>() {
        Ok(parent) => FieldFuture::Value(Some(get(parent))),
        Err(error) => FieldFuture::new(async move { Err::<Option<FieldValue<'a>>, Error>(error) }),
    }
}

/// The implementation `build_schema` was given, kept in the schema's data.
pub struct Registered<R>(pub R);

pub fn resolvers<'a, R: Send + Sync + 'static>(ctx: &ResolverContext<'a>) -> &'a R {
    &ctx.ctx.data_unchecked::<Registered<R>>().0
}

/// A resolver method's result as its field's value. A failed nullable field
/// becomes null and its error, with the field's path, joins the response, as
/// the spec says (async-graphql 7's dynamic schema alone would drop both the
/// key and the path). A failed non-null field is left to async-graphql,
/// which omits the field and reports the error without a path.
pub fn field_result<E: ErrorExtensions>(
    ctx: &ResolverContext<'_>,
    result: Result<FieldValue<'static>, E>,
    nullable: bool,
) -> ::async_graphql::Result<Option<FieldValue<'static>>> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(error) if nullable => {
            ctx.add_error(ctx.set_error_path(error.extend().into_server_error(ctx.item.pos)));
            Ok(None)
        }
        Err(error) => Err(error.extend()),
    }
}

/// How a resolver method failed: its own error, or a panic.
pub enum Failure<E> {
    Error(E),
    Panic,
}

impl<E: ErrorExtensions> ErrorExtensions for Failure<E> {
    fn extend(&self) -> Error {
        match self {
            Failure::Error(error) => error.extend(),
            Failure::Panic => Error::new("Internal server error")
                .extend_with(|_, extensions| extensions.set("code", "INTERNAL_SERVER_ERROR")),
        }
    }
}

/// Runs a resolver method's future, turning a panic into [`Failure::Panic`]:
/// the panic hook has reported it; the client sees a masked error and the
/// other fields and requests go on.
pub async fn unpanicked<T, E>(
    future: impl ::std::future::Future<Output = Result<T, E>>,
) -> Result<T, Failure<E>> {
    match ::async_graphql::futures_util::FutureExt::catch_unwind(::std::panic::AssertUnwindSafe(
        future,
    ))
    .await
    {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(error)) => Err(Failure::Error(error)),
        Err(_) => Err(Failure::Panic),
    }
}

/// A resolver's own error turned into a GraphQL error (its `extend()`).
pub fn error<E: ErrorExtensions>(error: E) -> Error {
    error.extend()
}

/// `[Type!]!` and the like, as a dynamic-schema type reference.
pub fn type_ref(text: &str) -> TypeRef {
    if let Some(inner) = text.strip_suffix('!') {
        TypeRef::NonNull(::std::boxed::Box::new(type_ref(inner)))
    } else if let Some(inner) = text.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
        TypeRef::List(::std::boxed::Box::new(type_ref(inner)))
    } else {
        TypeRef::named(text)
    }
}

fn mismatch(expected: &str, found: &Value) -> String {
    ::std::format!("expected {expected}, found {found}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_within_their_range() {
        assert_eq!(i32::from_value(&Value::from(7)), Ok(7));
        assert_eq!(
            i8::from_value(&Value::from(300)),
            Err("expected i8, found 300".to_string())
        );
        assert_eq!(f64::from_value(&Value::from(2)), Ok(2.0));
        assert!(bool::from_value(&Value::from("true")).is_err());
    }

    #[test]
    fn ids_come_from_strings_and_integers() {
        let id = |v: Value| ::async_graphql::ID::from_value(&v).map(|id| id.0);
        assert_eq!(
            id(Value::from("TGlua05vZGU6MQ==")),
            Ok("TGlua05vZGU6MQ==".into())
        );
        assert_eq!(id(Value::from(42)), Ok("42".into()));
        assert!(id(Value::from(1.5)).is_err());
    }

    #[test]
    fn null_is_none_and_a_single_value_is_a_list_of_one() {
        assert_eq!(Option::<i32>::from_value(&Value::Null), Ok(None));
        assert_eq!(Vec::<i32>::from_value(&Value::from(3)), Ok(vec![3]));
        let list = Value::List(vec![Value::from(1), Value::Null]);
        assert_eq!(
            Vec::<Option<i32>>::from_value(&list),
            Ok(vec![Some(1), None])
        );
        assert!(Vec::<i32>::from_value(&list).is_err());
    }

    #[test]
    fn input_objects_take_defaults_and_one_of_takes_one_field() {
        let object = Value::from_json(serde_json::json!({ "a": 1, "b": null })).unwrap();
        let fields = input_object(&object, "In").unwrap();
        assert_eq!(input_field::<i32>(fields, "a", None), Ok(1));
        assert_eq!(
            input_field::<i32>(fields, "c", Some(|| Value::from(5))),
            Ok(5)
        );
        assert_eq!(
            input_field::<i32>(fields, "c", None),
            Err("field `c`: expected i32, found null".to_string())
        );
        assert_eq!(one_of(&object, "In").map(|(name, _)| name), Ok("a"));
        let two = Value::from_json(serde_json::json!({ "a": 1, "b": 2 })).unwrap();
        assert!(one_of(&two, "In").is_err());
        assert_eq!(enum_name(&Value::from("ACTIVE"), "Status"), Ok("ACTIVE"));
    }

    #[test]
    fn custom_scalars_convert_through_serde() {
        let value = Value::from_json(serde_json::json!(["2024-01-02", null])).unwrap();
        let read: Vec<Option<String>> = scalar_from_value(&value).unwrap();
        assert_eq!(read, vec![Some("2024-01-02".to_string()), None]);
        let object = Value::from_json(serde_json::json!({ "at": 5 })).unwrap();
        let fields = input_object(&object, "In").unwrap();
        assert_eq!(scalar_input_field::<u64>(fields, "at", None), Ok(5));
        assert!(scalar_input_field::<u64>(fields, "other", None).is_err());
        assert_eq!(
            scalar_input_field::<Option<u64>>(fields, "other", None),
            Ok(None)
        );
    }

    #[test]
    fn type_refs_read_lists_and_non_null() {
        assert_eq!(type_ref("[LinkType!]!").to_string(), "[LinkType!]!");
        assert_eq!(type_ref("Int").to_string(), "Int");
    }
}
