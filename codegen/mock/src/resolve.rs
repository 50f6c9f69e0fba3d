//! The one resolver every object field shares. It reads the parent (an
//! object handle, a connection's page, an edge or a page info), applies the
//! request's scenario, and answers from the field's [`Shape`]: a leaf
//! value, one object, a list, a connection page, or a mutation's payload.

use std::sync::Arc;

use async_graphql::dynamic::{FieldFuture, FieldValue, ObjectAccessor, ResolverContext};
use async_graphql::{Error, Value};

use super::collection::{self, Page};
use super::handle::Handle;
use super::model::{FieldPlan, Shape, TypeId, Verb};
use super::mutation;
use super::scenario::{Outcome, Scenario};
use super::world::World;

/// What a field's parent value is.
pub enum Parent {
    Object(Handle),
    Page(Arc<Page>),
    Edge(Arc<Page>, usize),
    PageInfo(Arc<Page>),
}

/// The resolver of the field `plan` of the object type `owner`.
pub fn resolver(
    world: Arc<World>,
    owner: TypeId,
    plan: Arc<FieldPlan>,
) -> impl for<'a> Fn(ResolverContext<'a>) -> FieldFuture<'a> + Send + Sync + 'static {
    move |ctx| {
        let effect = ctx
            .data_opt::<Scenario>()
            .and_then(|s| s.effect(&plan.coordinate, world.model.is_root(owner)));
        let Some(effect) = effect else {
            return FieldFuture::Value(value(&world, owner, &plan, &ctx));
        };
        let (world, plan) = (world.clone(), plan.clone());
        FieldFuture::new(async move {
            if let Some(delay) = effect.delay {
                tokio::time::sleep(delay).await;
            }
            match effect.outcome {
                None => Ok(value(&world, owner, &plan, &ctx)),
                Some(Outcome::Null) => Ok(None),
                // As the real server does: a nullable field becomes null and
                // its error keeps its path (async-graphql's dynamic schema
                // would drop both); a non-null one is left to async-graphql.
                Some(Outcome::Error(message)) if !plan.ty.is_non_null() => {
                    let error = Error::new(message).into_server_error(ctx.item.pos);
                    ctx.add_error(ctx.set_error_path(error));
                    Ok(None)
                }
                Some(Outcome::Error(message)) => Err(Error::new(message)),
            }
        })
    }
}

/// The field's value, or `None` for null.
fn value(
    world: &World,
    owner: TypeId,
    plan: &FieldPlan,
    ctx: &ResolverContext<'_>,
) -> Option<FieldValue<'static>> {
    if let Some(Value::Null) = world.overrides.get(&plan.coordinate) {
        return None;
    }
    match ctx.parent_value.downcast_ref::<Parent>() {
        Some(Parent::Object(object)) => on_object(world, plan, object, &ctx.args),
        Some(Parent::Page(page)) => on_page(world, owner, plan, page, &ctx.args),
        Some(Parent::Edge(page, position)) => {
            on_edge(world, owner, plan, page, *position, &ctx.args)
        }
        Some(Parent::PageInfo(page)) => Some(FieldValue::value(match plan.shape {
            Shape::HasNextPage => Value::Boolean(page.has_next()),
            Shape::HasPreviousPage => Value::Boolean(page.has_previous()),
            Shape::StartCursor if !page.items.is_empty() => Value::String(page.cursor(0)),
            Shape::EndCursor if !page.items.is_empty() => {
                Value::String(page.cursor(page.items.len() - 1))
            }
            Shape::Leaf(_) => world.leaf(plan, &page_holder(world, owner, page)),
            _ => Value::Null,
        })),
        None => on_root(world, owner, plan, &ctx.args),
    }
}

fn on_root(
    world: &World,
    owner: TypeId,
    plan: &FieldPlan,
    args: &ObjectAccessor<'_>,
) -> Option<FieldValue<'static>> {
    let root = world.root(owner);
    let Some(action) = plan.action else {
        return on_object(world, plan, &root, args);
    };
    let target = match plan.shape {
        Shape::One(target) | Shape::Many(target) => world.model.concrete(target, 0),
        Shape::Leaf(_) => root.ty,
        _ => return on_object(world, plan, &root, args),
    };
    let changed = mutation::apply(
        &world.model,
        &world.store,
        action,
        target,
        plan.args.id.as_deref(),
        args.as_index_map(),
    )?;
    Some(match plan.shape {
        Shape::Leaf(_) if action.verb == Verb::Delete && plan.ty.base() == "Boolean" => {
            FieldValue::value(true)
        }
        Shape::Leaf(_) => FieldValue::value(changed.id_text(&world.model)),
        Shape::Many(_) => FieldValue::list([object(world, plan, changed)]),
        _ => object(world, plan, changed),
    })
}

fn on_object(
    world: &World,
    plan: &FieldPlan,
    parent: &Handle,
    args: &ObjectAccessor<'_>,
) -> Option<FieldValue<'static>> {
    match plan.shape {
        Shape::Leaf(_) => Some(FieldValue::value(world.leaf(plan, parent))),
        Shape::One(target) => world
            .one(plan, parent, target, args)
            .map(|h| object(world, plan, h)),
        Shape::Many(item) => {
            let page = collection::page(world, plan, parent, item, args);
            Some(FieldValue::list(
                page.items.into_iter().map(|h| object(world, plan, h)),
            ))
        }
        Shape::Connection(item) => {
            let page = collection::page(world, plan, parent, item, args);
            Some(FieldValue::owned_any(Parent::Page(Arc::new(page))))
        }
        _ => None,
    }
}

fn on_page(
    world: &World,
    owner: TypeId,
    plan: &FieldPlan,
    page: &Arc<Page>,
    args: &ObjectAccessor<'_>,
) -> Option<FieldValue<'static>> {
    Some(match plan.shape {
        Shape::Edges => FieldValue::list(
            (0..page.items.len()).map(|i| FieldValue::owned_any(Parent::Edge(page.clone(), i))),
        ),
        Shape::Nodes => FieldValue::list(page.items.iter().map(|h| object(world, plan, h.clone()))),
        Shape::PageInfo => FieldValue::owned_any(Parent::PageInfo(page.clone())),
        Shape::TotalCount => FieldValue::value(page.total as u64),
        _ => return on_object(world, plan, &page_holder(world, owner, page), args),
    })
}

fn on_edge(
    world: &World,
    owner: TypeId,
    plan: &FieldPlan,
    page: &Page,
    position: usize,
    args: &ObjectAccessor<'_>,
) -> Option<FieldValue<'static>> {
    let node = page.items.get(position)?;
    match plan.shape {
        Shape::EdgeNode => Some(object(world, plan, node.clone())),
        Shape::Cursor => Some(FieldValue::value(page.cursor(position))),
        _ => {
            let edge = Handle::new(&world.model, owner, node.key.clone());
            on_object(world, plan, &edge, args)
        }
    }
}

/// An object standing for a connection or page info, for their other fields.
fn page_holder(world: &World, owner: TypeId, page: &Page) -> Handle {
    Handle::new(&world.model, owner, super::handle::Key::Index(page.digest))
}

/// An object as a field value, typed when the field's type is abstract.
pub fn object(world: &World, plan: &FieldPlan, handle: Handle) -> FieldValue<'static> {
    if world.model.find(plan.ty.base()) == Some(handle.ty) {
        return FieldValue::owned_any(Parent::Object(handle));
    }
    let name = world.model.ty(handle.ty).name.clone();
    FieldValue::owned_any(Parent::Object(handle)).with_type(name)
}
