//! Lists and Relay connections: which objects a list field holds, the
//! filters its arguments ask for, and the window `first`, `last`, `skip`,
//! `offset`, `limit`, `take`, `after` and `before` cut from it. A [`Page`]
//! is what a connection's `edges`, `nodes`, `pageInfo` and `totalCount`
//! resolve from; cursors are `arrayconnection:<index>` in base64, as
//! graphql-relay writes them.

use std::ops::Range;
use std::sync::Arc;

use async_graphql::Value;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use super::handle::{Handle, Key, lookup};
use super::hash::mix;
use super::model::{FieldKind, FieldPlan, Match, POPULATION, TypeId};
use super::resolve::Args;
use super::world::World;

/// Items a root list or connection gives without `first`, `last` or `limit`.
const DEFAULT_PAGE: usize = 10;

/// A window of a list, and where it sits in the whole.
#[derive(Debug)]
pub struct Page {
    pub items: Vec<Handle>,
    /// The index of the first item in the whole list.
    pub offset: usize,
    pub total: usize,
    /// The connection's own hash, for its fields that are not about paging.
    pub digest: u64,
}

impl Page {
    pub fn has_next(&self) -> bool {
        self.offset + self.items.len() < self.total
    }

    pub fn has_previous(&self) -> bool {
        self.offset > 0
    }

    pub fn cursor(&self, position: usize) -> String {
        STANDARD.encode(format!("arrayconnection:{}", self.offset + position))
    }
}

/// The page of the list field `plan` (of items of type `item`) on `parent`.
pub fn page(world: &World, plan: &FieldPlan, parent: &Handle, item: TypeId, args: &Args) -> Page {
    let root = world.model.is_root(parent.ty);
    let all: Vec<Handle> = match plan.args.ids.as_deref().and_then(|name| args.get(name)) {
        Some(Value::List(ids)) => ids
            .iter()
            .filter_map(|id| match id {
                Value::String(id) => Some(lookup(&world.model, item, id)),
                _ => None,
            })
            .collect(),
        Some(_) => Vec::new(),
        None if root => population(world, item),
        None => children(world, plan, parent, item),
    };
    let kept: Vec<Handle> = all
        .into_iter()
        .filter(|h| matches(world, plan, h, args))
        .collect();
    let default = root.then_some(DEFAULT_PAGE);
    let range = window(kept.len(), args, default);
    Page {
        total: kept.len(),
        offset: range.start,
        digest: mix(parent.digest, plan.salt),
        items: kept
            .into_iter()
            .skip(range.start)
            .take(range.len())
            .collect(),
    }
}

/// Every object of `item`'s entity: those mutations created (newest first),
/// then the population, less those deleted.
fn population(world: &World, item: TypeId) -> Vec<Handle> {
    let model = &world.model;
    let salt = model.entity_salt(model.ty(item).entity);
    let created = world.store.created(salt);
    created
        .into_iter()
        .chain(1..=POPULATION)
        .map(|index| {
            let key = Key::Index(index);
            Handle::new(model, model.concrete(item, key.digest()), key)
        })
        .filter(|h| {
            !world
                .store
                .is_deleted(model.entity_salt(h.entity), h.digest)
        })
        .collect()
}

/// A nested list: the owner's own children, or members of the population.
fn children(world: &World, plan: &FieldPlan, parent: &Handle, item: TypeId) -> Vec<Handle> {
    let model = &world.model;
    let hash = mix(mix(world.seed, parent.digest), plan.salt);
    let count = match plan.kind {
        FieldKind::Connection(_) => 2 + hash % 9,
        _ => 1 + hash % 4,
    };
    let owner = plan.owns_items.then(|| Arc::new(parent.clone()));
    (0..count)
        .map(|n| {
            let key = match &owner {
                Some(owner) => Key::Owned {
                    owner: owner.clone(),
                    n,
                },
                None => Key::Index(1 + mix(hash, n) % POPULATION),
            };
            Handle::new(model, model.concrete(item, key.digest()), key)
        })
        .collect()
}

/// Whether `item` passes every filter argument given.
fn matches(world: &World, plan: &FieldPlan, item: &Handle, args: &Args) -> bool {
    plan.args.filters.iter().all(|filter| {
        let mut value = args.get(&filter.path[0]);
        for step in &filter.path[1..] {
            value = match value {
                Some(Value::Object(fields)) => fields.get(step.as_str()),
                _ => None,
            };
        }
        let Some(wanted) = value.filter(|v| **v != Value::Null) else {
            return true;
        };
        let model = &world.model;
        match &filter.field {
            None => {
                let needle = text(wanted).to_lowercase();
                model.fields(item.ty).iter().any(|f| {
                    matches!(f.kind, FieldKind::Leaf(_))
                        && f.ty.base() == "String"
                        && text(&world.leaf(f, item)).to_lowercase().contains(&needle)
                })
            }
            Some(field) => {
                let Some(field) = model.field(item.ty, field) else {
                    return true;
                };
                let actual = text(&world.leaf(field, item));
                match (filter.how, wanted) {
                    (Match::Equals, wanted) => actual == text(wanted),
                    (Match::Contains, wanted) => {
                        actual.to_lowercase().contains(&text(wanted).to_lowercase())
                    }
                    (Match::OneOf, Value::List(options)) => {
                        options.iter().any(|o| text(o) == actual)
                    }
                    (Match::OneOf, wanted) => actual == text(wanted),
                }
            }
        }
    })
}

/// A leaf value as the text filters compare.
fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Enum(name) => name.to_string(),
        other => other.to_string(),
    }
}

/// The part of `total` items that the paging arguments select; `default`
/// caps it when none of `first`, `last`, `limit`, `take` is given.
fn window(total: usize, args: &Args, default: Option<usize>) -> Range<usize> {
    let int = |name: &str| {
        args.get(name)
            .and_then(|v| match v {
                Value::Number(n) => n.as_i64(),
                _ => None,
            })
            .map(|n| usize::try_from(n).unwrap_or(0))
    };
    let cursor = |name: &str| {
        args.get(name)
            .and_then(|v| match v {
                Value::String(s) => Some(s.as_str()),
                _ => None,
            })
            .and_then(decode_cursor)
    };
    let mut end = cursor("before").map_or(total, |b| b.min(total));
    let mut start = cursor("after").map_or(0, |a| a + 1);
    start = (start + int("skip").or(int("offset")).unwrap_or(0)).min(end);
    let first = int("first").or(int("limit")).or(int("take"));
    let last = int("last");
    if let Some(first) = first.or(if last.is_none() { default } else { None }) {
        end = end.min(start + first);
    }
    if let Some(last) = last {
        start = start.max(end.saturating_sub(last));
    }
    start..end
}

fn decode_cursor(cursor: &str) -> Option<usize> {
    let text = String::from_utf8(STANDARD.decode(cursor).ok()?).ok()?;
    text.strip_prefix("arrayconnection:")?.parse().ok()
}
