//! The subscription root as a stream of mock events: each field yields an
//! event at once, then one every interval, each a new object (or leaf
//! value) drawn like any other, until the client goes away.

use std::sync::Arc;
use std::time::Duration;

use async_graphql::dynamic::{FieldValue, SubscriptionField, SubscriptionFieldFuture, TypeRef};
use async_graphql::futures_util::stream;

use super::handle::{Handle, Key};
use super::hash::mix;
use super::model::{FieldPlan, Shape, TypeId};
use super::resolve::object;
use super::world::{World, arguments_hash};

/// Where the keys of event objects start, past the population and what
/// mutations create.
const EVENT_BASE: u64 = 100_000;

pub fn field(
    world: Arc<World>,
    owner: TypeId,
    plan: Arc<FieldPlan>,
    ty: TypeRef,
    interval: Duration,
) -> SubscriptionField {
    let name = plan.name.clone();
    SubscriptionField::new(name, ty, move |ctx| {
        let (world, plan) = (world.clone(), plan.clone());
        let salt = mix(plan.salt, arguments_hash(&ctx.args));
        SubscriptionFieldFuture::new(async move {
            Ok(stream::unfold(0_u64, move |n| {
                let (world, plan) = (world.clone(), plan.clone());
                async move {
                    if n > 0 {
                        tokio::time::sleep(interval).await;
                    }
                    Some((Ok(event(&world, owner, &plan, salt, n)), n + 1))
                }
            }))
        })
    })
}

/// The `n`th event of the field `plan`.
fn event(world: &World, owner: TypeId, plan: &FieldPlan, salt: u64, n: u64) -> FieldValue<'static> {
    let model = &world.model;
    let key = Key::Index(EVENT_BASE + mix(salt, n) % EVENT_BASE);
    match plan.shape {
        Shape::One(target) => object(
            world,
            plan,
            Handle::new(model, model.concrete(target, key.digest()), key),
        ),
        Shape::Many(target) => FieldValue::list([object(
            world,
            plan,
            Handle::new(model, model.concrete(target, key.digest()), key),
        )]),
        _ => FieldValue::value(world.leaf(plan, &Handle::new(model, owner, key))),
    }
}
