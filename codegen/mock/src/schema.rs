//! The executable schema, built at run time from codegen's IR with
//! async-graphql's dynamic schema: every type as the SDL declares it, with
//! descriptions, defaults and deprecations for GraphiQL, and every object
//! field served by the one generic resolver (subscription fields by the
//! event stream).

use std::sync::Arc;
use std::time::Duration;

use async_graphql::dynamic::{
    Enum, EnumItem, Field, InputObject, InputValue, Interface, InterfaceField, Object, Scalar,
    Schema, SchemaError, Subscription, TypeRef, Union,
};
use async_graphql::{Name, Value};
use weftql_codegen::ir::{self, Deprecated, TypeKind};

use super::reading::served_type;
use super::resolve::resolver;
use super::subscription;
use super::world::World;

/// The schema `ir` describes, answering from `world`; subscription events
/// come every `interval`.
pub fn build(
    ir: &ir::Schema,
    world: &Arc<World>,
    interval: Duration,
) -> Result<Schema, SchemaError> {
    let mut builder = Schema::build(
        &ir.query,
        ir.mutation.as_deref(),
        ir.subscription.as_deref(),
    );
    for def in &ir.types {
        builder = match &def.kind {
            TypeKind::Object(_) if ir.subscription.as_deref() == Some(def.name.as_str()) => {
                builder.register(subscription_root(def, world, interval))
            }
            TypeKind::Object(object) => builder.register(object_type(def, object, world)),
            TypeKind::Interface(interface) => builder.register(interface_type(ir, def, interface)),
            TypeKind::Union(union) => {
                let ty = union
                    .members
                    .iter()
                    .fold(Union::new(&def.name), |u, m| u.possible_type(&m.name));
                builder.register(described(
                    ty,
                    def.description.as_deref(),
                    Union::description,
                ))
            }
            TypeKind::Enum(e) => {
                let ty = e.values.iter().fold(Enum::new(&def.name), |ty, v| {
                    let item = described(
                        EnumItem::new(&v.name),
                        v.description.as_deref(),
                        EnumItem::description,
                    );
                    ty.item(deprecated(
                        item,
                        v.deprecated.as_ref(),
                        EnumItem::deprecation,
                    ))
                });
                builder.register(described(ty, def.description.as_deref(), Enum::description))
            }
            TypeKind::InputObject(input) => {
                let ty = input
                    .fields
                    .iter()
                    .fold(InputObject::new(&def.name), |ty, f| {
                        ty.field(input_value(f))
                    });
                let ty = if input.one_of { ty.oneof() } else { ty };
                builder.register(described(
                    ty,
                    def.description.as_deref(),
                    InputObject::description,
                ))
            }
            TypeKind::Scalar(scalar) => {
                let ty = described(
                    Scalar::new(&def.name),
                    def.description.as_deref(),
                    Scalar::description,
                );
                builder.register(match &scalar.specified_by {
                    Some(url) => ty.specified_by_url(url),
                    None => ty,
                })
            }
        };
    }
    builder.finish()
}

fn object_type(def: &ir::TypeDef, object: &ir::Object, world: &Arc<World>) -> Object {
    let owner = world
        .model
        .find(&def.name)
        .expect("every object type is in the model");
    let plans = world.model.fields(owner);
    let ty = object
        .implements
        .iter()
        .fold(Object::new(&def.name), |o, i| o.implement(&i.name));
    let ty = described(ty, def.description.as_deref(), Object::description);
    object.fields.iter().zip(plans).fold(ty, |ty, (f, plan)| {
        let field = Field::new(
            &f.name,
            type_ref(&plan.ty),
            resolver(world.clone(), owner, plan.clone()),
        );
        let field = f
            .args
            .iter()
            .fold(field, |field, a| field.argument(input_value(a)));
        let field = described(field, f.description.as_deref(), Field::description);
        ty.field(deprecated(field, f.deprecated.as_ref(), Field::deprecation))
    })
}

fn subscription_root(def: &ir::TypeDef, world: &Arc<World>, interval: Duration) -> Subscription {
    let owner = world
        .model
        .find(&def.name)
        .expect("every object type is in the model");
    let ty = described(
        Subscription::new(&def.name),
        def.description.as_deref(),
        Subscription::description,
    );
    world
        .model
        .fields(owner)
        .iter()
        .zip(def.fields())
        .fold(ty, |ty, (plan, f)| {
            let field = subscription::field(
                world.clone(),
                owner,
                plan.clone(),
                type_ref(&plan.ty),
                interval,
            );
            let field = f
                .args
                .iter()
                .fold(field, |field, a| field.argument(input_value(a)));
            ty.field(field)
        })
}

fn interface_type(ir: &ir::Schema, def: &ir::TypeDef, interface: &ir::Interface) -> Interface {
    let ty = interface
        .implements
        .iter()
        .fold(Interface::new(&def.name), |i, n| i.implement(&n.name));
    let ty = described(ty, def.description.as_deref(), Interface::description);
    interface.fields.iter().fold(ty, |ty, f| {
        let field = f.args.iter().fold(
            InterfaceField::new(&f.name, type_ref(&served_type(ir, def, f))),
            |field, a| field.argument(input_value(a)),
        );
        let field = described(field, f.description.as_deref(), InterfaceField::description);
        ty.field(deprecated(
            field,
            f.deprecated.as_ref(),
            InterfaceField::deprecation,
        ))
    })
}

fn input_value(value: &ir::InputValue) -> InputValue {
    let input = InputValue::new(&value.name, type_ref(&value.ty));
    let input = match &value.default {
        Some(default) => input.default_value(constant(default)),
        None => input,
    };
    let input = described(input, value.description.as_deref(), InputValue::description);
    deprecated(input, value.deprecated.as_ref(), InputValue::deprecation)
}

fn described<T>(ty: T, description: Option<&str>, describe: fn(T, String) -> T) -> T {
    match description {
        Some(text) => describe(ty, text.to_string()),
        None => ty,
    }
}

fn deprecated<T>(
    ty: T,
    deprecation: Option<&Deprecated>,
    deprecate: fn(T, Option<&str>) -> T,
) -> T {
    match deprecation {
        Some(d) => deprecate(ty, d.reason.as_deref()),
        None => ty,
    }
}

fn type_ref(ty: &ir::TypeRef) -> TypeRef {
    match ty {
        ir::TypeRef::Named(name) => TypeRef::named(name),
        ir::TypeRef::List(inner) => TypeRef::List(Box::new(type_ref(inner))),
        ir::TypeRef::NonNull(inner) => TypeRef::NonNull(Box::new(type_ref(inner))),
    }
}

/// A constant from the SDL (a default value) as an async-graphql value.
fn constant(value: &ir::Value) -> Value {
    match value {
        ir::Value::Null | ir::Value::Variable(_) => Value::Null,
        ir::Value::Int(n) => Value::from(n.as_i64().unwrap_or_default()),
        ir::Value::Float(f) => Value::from(*f),
        ir::Value::String(s) => Value::from(s.as_str()),
        ir::Value::Boolean(b) => Value::from(*b),
        ir::Value::Enum(e) => Value::Enum(Name::new(e)),
        ir::Value::List(items) => Value::List(items.iter().map(constant).collect()),
        ir::Value::Object(fields) => Value::Object(
            fields
                .iter()
                .map(|(k, v)| (Name::new(k), constant(v)))
                .collect(),
        ),
    }
}
