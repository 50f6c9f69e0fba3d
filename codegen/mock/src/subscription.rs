//! The subscription root as a stream of mock events: each field yields an
//! event at once, then one every interval, each a new object (or leaf
//! value) drawn like any other, until the client goes away.

use std::sync::Arc;

use async_graphql::futures_util::stream::{self, StreamExt};
use weftql_runtime::engine::Events;

use super::handle::{Handle, Key};
use super::hash::mix;
use super::model::{FieldKind, FieldPlan, TypeId};
use super::resolve::{Args, Mocked, object, output};
use super::world::{World, arguments_hash};

/// Where the keys of event objects start, past the population and what
/// mutations create.
const EVENT_BASE: u64 = 100_000;

/// The events of the subscription field `plan` for `args`.
pub fn events(world: Arc<World>, owner: TypeId, plan: Arc<FieldPlan>, args: &Args) -> Events {
    let salt = mix(plan.salt, arguments_hash(args));
    let interval = world.event_interval;
    stream::unfold(0_u64, move |n| {
        let (world, plan) = (world.clone(), plan.clone());
        async move {
            if n > 0 {
                tokio::time::sleep(interval).await;
            }
            Some((output(vec![event(&world, owner, &plan, salt, n)]), n + 1))
        }
    })
    .boxed()
}

/// The `n`th event of the field `plan`.
fn event(world: &World, owner: TypeId, plan: &FieldPlan, salt: u64, n: u64) -> Mocked {
    let model = &world.model;
    let key = Key::Index(EVENT_BASE + mix(salt, n) % EVENT_BASE);
    match plan.kind {
        FieldKind::One(target) => object(
            world,
            Handle::new(model, model.concrete(target, key.digest()), key),
        ),
        FieldKind::Many(target) => Mocked::List(vec![object(
            world,
            Handle::new(model, model.concrete(target, key.digest()), key),
        )]),
        _ => Mocked::Leaf(world.leaf(plan, &Handle::new(model, owner, key))),
    }
}
