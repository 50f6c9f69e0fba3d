//! Run-time support of the generated code: conversions between
//! `async_graphql::Value` / `FieldValue` and Rust values, and the small
//! helpers every generated resolver uses. Emitted verbatim as `mod support`.

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
pub fn input_object<'v>(value: &'v Value, ty: &str) -> Result<&'v ::async_graphql::indexmap::IndexMap<Name, Value>, String> {
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
    let value = match (fields.get(name), default) {
        (Some(value), _) => T::from_value(value),
        (None, Some(default)) => T::from_value(&default()),
        (None, None) => T::from_value(&Value::Null),
    };
    value.map_err(|e| ::std::format!("field `{name}`: {e}"))
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
macro_rules! object_values {
    ($($ty:ty),* $(,)?) => {$(
        impl support::IntoField for $ty {
            fn into_field(self) -> ::async_graphql::dynamic::FieldValue<'static> {
                ::async_graphql::dynamic::FieldValue::owned_any(self)
            }
        }
        impl support::AsField for $ty {
            fn as_field(&self) -> ::async_graphql::dynamic::FieldValue<'_> {
                ::async_graphql::dynamic::FieldValue::borrowed_any(self)
            }
        }
    )*};
}
pub(crate) use object_values;

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
    let value = ctx.args.get(name).map(|v| v.as_value()).unwrap_or(&Value::Null);
    T::from_value(value).map_err(|e| Error::new(::std::format!("argument `{name}`: {e}")))
}

/// The parent object's Rust value.
pub fn parent<'a, T: Any + Send + Sync>(ctx: &ResolverContext<'a>) -> ::async_graphql::Result<&'a T> {
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
pub async fn unpanicked<T, E>(future: impl ::std::future::Future<Output = Result<T, E>>) -> Result<T, Failure<E>> {
    match ::async_graphql::futures_util::FutureExt::catch_unwind(::std::panic::AssertUnwindSafe(future)).await {
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
