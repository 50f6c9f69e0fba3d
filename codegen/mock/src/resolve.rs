//! The mock's implementation of every object type for the engine: one
//! interpreter ([`MockObject`]) over the type's field plans. For each field
//! it reads every parent of the level (an object handle, a connection's page,
//! an edge or a page info), applies the request's scenario, and answers from
//! the field's [`FieldKind`]: a leaf value, one object, a list, a connection
//! page, or a mutation's payload, objects grouped by their concrete type.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::indexmap::IndexMap;
use async_graphql::{Name, Value};
use weftql_runtime::engine::{
    Abstract, Arguments, Children, FieldCall, FieldError, Leaves, Object, Output, Part, Placement,
    Resolved, Values,
};
use weftql_runtime::support;

use super::collection::{self, Page};
use super::handle::Handle;
use super::model::{FieldKind, FieldPlan, TypeId, Verb};
use super::mutation;
use super::scenario::{Outcome, Scenario};
use super::world::World;

/// What a field's parent value is.
#[derive(Clone)]
pub enum Parent {
    Root,
    Object(Handle),
    Page(Arc<Page>),
    Edge(Arc<Page>, usize),
    PageInfo(Arc<Page>),
}

/// A field's arguments as the mock reads them.
pub struct Args(IndexMap<Name, Value>);

impl Args {
    pub fn of(arguments: &Arguments) -> Self {
        match Value::from_json(arguments.to_json()) {
            Ok(Value::Object(map)) => Args(map),
            _ => Args(IndexMap::new()),
        }
    }

    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.get(name)
    }

    pub fn map(&self) -> &IndexMap<Name, Value> {
        &self.0
    }
}

/// One parent's value of a field, objects with their concrete type.
pub enum Mocked {
    Null,
    Leaf(Value),
    Object(Parent, String),
    List(Vec<Mocked>),
}

/// The object type `owner`, answered from `world`.
pub struct MockObject {
    pub world: Arc<World>,
    pub owner: TypeId,
}

impl Object for MockObject {
    fn fields(&self) -> Vec<String> {
        let plans = self.world.model.fields(self.owner);
        plans.iter().map(|plan| plan.name.clone()).collect()
    }

    fn root(&self) -> Values {
        Values::new(vec![Parent::Root])
    }

    fn resolve<'a>(&'a self, call: FieldCall<'a>) -> Resolved<'a> {
        let Some(plan) = self.world.model.fields(self.owner).get(call.field).cloned() else {
            return support::failed(call.parents.len(), FieldError::internal("no such field"));
        };
        let effect = call
            .ctx
            .data_opt::<Scenario>()
            .and_then(|s| s.effect(&plan.coordinate, self.world.model.is_root(self.owner)));
        let answer = move || {
            let parents = call.parents.get::<Parent>()?;
            let args = Args::of(call.arguments);
            let values = parents
                .iter()
                .map(|parent| value(&self.world, self.owner, &plan, parent, &args))
                .collect();
            Ok(output(values))
        };
        let Some(effect) = effect else {
            return ready(call.parents.len(), answer());
        };
        Resolved::later(async move {
            if let Some(delay) = effect.delay {
                tokio::time::sleep(delay).await;
            }
            let parents = call.parents.len();
            match effect.outcome {
                None => settle(parents, answer()),
                Some(Outcome::Null) => output((0..parents).map(|_| Mocked::Null).collect()),
                Some(Outcome::Error(message)) => Output::failed(parents, FieldError::new(message)),
            }
        })
    }

    fn subscribe<'a>(
        &'a self,
        call: FieldCall<'a>,
    ) -> weftql_runtime::futures_util::future::BoxFuture<
        'a,
        Result<weftql_runtime::engine::Events, FieldError>,
    > {
        Box::pin(async move {
            let plan = self
                .world
                .model
                .fields(self.owner)
                .get(call.field)
                .cloned()
                .ok_or_else(|| FieldError::internal("no such field"))?;
            let args = Args::of(call.arguments);
            Ok(super::subscription::events(
                self.world.clone(),
                self.owner,
                plan,
                &args,
            ))
        })
    }
}

/// Interfaces and unions: the mock places every object under its concrete
/// type itself, so nothing is left to split.
pub struct Concrete;

impl Abstract for Concrete {
    fn split(&self, _values: Values) -> Result<Vec<Part>, FieldError> {
        Err(FieldError::internal(
            "the mock gave an abstract type's values",
        ))
    }
}

fn ready<'a>(parents: usize, answer: Result<Output, FieldError>) -> Resolved<'a> {
    Resolved::Ready(settle(parents, answer))
}

fn settle(parents: usize, answer: Result<Output, FieldError>) -> Output {
    answer.unwrap_or_else(|error| Output::failed(parents, error))
}

/// Every parent's value: JSON at once when no object is among them, else
/// the next level's objects grouped by type.
pub fn output(values: Vec<Mocked>) -> Output {
    if !values.iter().any(has_objects) {
        let mut leaves = Leaves::with_capacity(values.len());
        for value in &values {
            leaves.push(&json(value));
        }
        return Output::Leaves(leaves);
    }
    let mut groups: Vec<(String, Vec<Parent>)> = Vec::new();
    let mut numbers: HashMap<String, u32> = HashMap::new();
    let placements: Vec<Placement> = values
        .into_iter()
        .map(|value| place(value, &mut groups, &mut numbers))
        .collect();
    let mut children = Children::with_capacity(placements.len());
    for (type_name, parents) in groups {
        children.group(Cow::Owned(type_name), parents);
    }
    for placement in placements {
        children.push(placement);
    }
    Output::Children(children)
}

fn has_objects(value: &Mocked) -> bool {
    match value {
        Mocked::Object(..) => true,
        Mocked::List(items) => items.iter().any(has_objects),
        _ => false,
    }
}

fn json(value: &Mocked) -> Value {
    match value {
        Mocked::Leaf(value) => value.clone(),
        Mocked::List(items) => Value::List(items.iter().map(json).collect()),
        _ => Value::Null,
    }
}

fn place(
    value: Mocked,
    groups: &mut Vec<(String, Vec<Parent>)>,
    numbers: &mut HashMap<String, u32>,
) -> Placement {
    match value {
        Mocked::Null | Mocked::Leaf(_) => Placement::Null,
        Mocked::List(items) => Placement::List(
            items
                .into_iter()
                .map(|item| place(item, groups, numbers))
                .collect(),
        ),
        Mocked::Object(parent, type_name) => {
            let group = *numbers.entry(type_name.clone()).or_insert_with(|| {
                groups.push((type_name, Vec::new()));
                (groups.len() - 1) as u32
            });
            let members = &mut groups[group as usize].1;
            members.push(parent);
            Placement::Item {
                group,
                index: (members.len() - 1) as u32,
            }
        }
    }
}

/// The field's value for one parent.
fn value(world: &World, owner: TypeId, plan: &FieldPlan, parent: &Parent, args: &Args) -> Mocked {
    if let Some(Value::Null) = world.overrides.get(&plan.coordinate) {
        return Mocked::Null;
    }
    match parent {
        Parent::Object(object) => on_object(world, plan, object, args),
        Parent::Page(page) => on_page(world, owner, plan, page, args),
        Parent::Edge(page, position) => on_edge(world, owner, plan, page, *position, args),
        Parent::PageInfo(page) => Mocked::Leaf(match plan.kind {
            FieldKind::HasNextPage => Value::Boolean(page.has_next()),
            FieldKind::HasPreviousPage => Value::Boolean(page.has_previous()),
            FieldKind::StartCursor if !page.items.is_empty() => Value::String(page.cursor(0)),
            FieldKind::EndCursor if !page.items.is_empty() => {
                Value::String(page.cursor(page.items.len() - 1))
            }
            FieldKind::Leaf(_) => world.leaf(plan, &page_holder(world, owner, page)),
            _ => Value::Null,
        }),
        Parent::Root => on_root(world, owner, plan, args),
    }
}

fn on_root(world: &World, owner: TypeId, plan: &FieldPlan, args: &Args) -> Mocked {
    let root = world.root(owner);
    let Some(action) = plan.action else {
        return on_object(world, plan, &root, args);
    };
    let target = match plan.kind {
        FieldKind::One(target) | FieldKind::Many(target) => world.model.concrete(target, 0),
        FieldKind::Leaf(_) => root.ty,
        _ => return on_object(world, plan, &root, args),
    };
    let Some(changed) = mutation::apply(
        &world.model,
        &world.store,
        action,
        target,
        plan.args.id.as_deref(),
        args.map(),
    ) else {
        return Mocked::Null;
    };
    match plan.kind {
        FieldKind::Leaf(_) if action.verb == Verb::Delete && plan.ty.base() == "Boolean" => {
            Mocked::Leaf(Value::Boolean(true))
        }
        FieldKind::Leaf(_) => Mocked::Leaf(Value::String(changed.id_text(&world.model))),
        FieldKind::Many(_) => Mocked::List(vec![object(world, changed)]),
        _ => object(world, changed),
    }
}

fn on_object(world: &World, plan: &FieldPlan, parent: &Handle, args: &Args) -> Mocked {
    match plan.kind {
        FieldKind::Leaf(_) => Mocked::Leaf(world.leaf(plan, parent)),
        FieldKind::One(target) => world
            .one(plan, parent, target, args)
            .map_or(Mocked::Null, |h| object(world, h)),
        FieldKind::Many(item) => {
            let page = collection::page(world, plan, parent, item, args);
            Mocked::List(page.items.into_iter().map(|h| object(world, h)).collect())
        }
        FieldKind::Connection(item) => {
            let page = collection::page(world, plan, parent, item, args);
            Mocked::Object(Parent::Page(Arc::new(page)), plan.ty.base().to_string())
        }
        _ => Mocked::Null,
    }
}

fn on_page(
    world: &World,
    owner: TypeId,
    plan: &FieldPlan,
    page: &Arc<Page>,
    args: &Args,
) -> Mocked {
    let type_name = || plan.ty.base().to_string();
    match plan.kind {
        FieldKind::Edges => Mocked::List(
            (0..page.items.len())
                .map(|i| Mocked::Object(Parent::Edge(page.clone(), i), type_name()))
                .collect(),
        ),
        FieldKind::Nodes => Mocked::List(
            page.items
                .iter()
                .map(|h| object(world, h.clone()))
                .collect(),
        ),
        FieldKind::PageInfo => Mocked::Object(Parent::PageInfo(page.clone()), type_name()),
        FieldKind::TotalCount => Mocked::Leaf(Value::from(page.total as u64)),
        _ => on_object(world, plan, &page_holder(world, owner, page), args),
    }
}

fn on_edge(
    world: &World,
    owner: TypeId,
    plan: &FieldPlan,
    page: &Page,
    position: usize,
    args: &Args,
) -> Mocked {
    let Some(node) = page.items.get(position) else {
        return Mocked::Null;
    };
    match plan.kind {
        FieldKind::EdgeNode => object(world, node.clone()),
        FieldKind::Cursor => Mocked::Leaf(Value::String(page.cursor(position))),
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

/// An object, under its concrete type.
pub fn object(world: &World, handle: Handle) -> Mocked {
    let type_name = world.model.ty(handle.ty).name.clone();
    Mocked::Object(Parent::Object(handle), type_name)
}
