//! The mock world one schema load serves: the model, the seed, the store
//! of mutations (shared across reloads) and the overrides. It answers the
//! two questions every resolver asks: a leaf field's value on an object, and
//! which object a field that returns one object points at.

use std::sync::Arc;

use async_graphql::Value;
use weftql_codegen::ir::TypeRef;

use super::fake::Generator;
use super::handle::{Handle, Key, lookup};
use super::hash::{self, mix, mix_str};
use super::model::{FieldKind, FieldPlan, Match, Model, POPULATION, TypeId};
use super::overrides::Overrides;
use super::resolve::Args;
use super::store::Store;

/// Where the keys of objects looked up by other arguments than an id start.
const PINNED_BASE: u64 = 1_000_000;

pub struct World {
    pub model: Model,
    pub seed: u64,
    pub store: Arc<Store>,
    pub overrides: Overrides,
    /// How often a subscription yields an event.
    pub event_interval: std::time::Duration,
}

impl World {
    /// The value of the leaf field `plan` on `object`: an override, what a
    /// mutation stored, its id, or a value drawn for this object and field.
    pub fn leaf(&self, plan: &FieldPlan, object: &Handle) -> Value {
        if let Some(value) = self.overrides.get(&plan.coordinate) {
            return value.clone();
        }
        if let Some((_, value)) = object
            .pins
            .iter()
            .flat_map(|p| p.iter())
            .find(|(name, _)| *name == plan.name)
        {
            return value.clone();
        }
        let salt = self.model.entity_salt(object.entity);
        if let Some(value) = self.store.value(salt, object.digest, &plan.name) {
            return value;
        }
        if plan.name == "id" {
            return match plan.ty.base() {
                "Int" | "Float" => Value::from(object.number()),
                _ => Value::String(object.id_text(&self.model)),
            };
        }
        let FieldKind::Leaf(generator) = &plan.kind else {
            return Value::Null;
        };
        if *generator == Generator::Email
            && let Some(Value::String(username)) = self.sibling(object, &Generator::Username)
        {
            return Value::String(format!("{}@example.com", username.to_lowercase()));
        }
        let mut rng = hash::rng(mix(mix(mix(self.seed, salt), object.digest), plan.salt));
        shaped(&plan.ty, generator, &mut rng)
    }

    /// The value of `object`'s first field drawn by `generator`, so that an
    /// email can agree with its username.
    fn sibling(&self, object: &Handle, generator: &Generator) -> Option<Value> {
        let fields = self.model.fields(object.ty);
        let sibling = fields
            .iter()
            .find(|f| matches!(&f.kind, FieldKind::Leaf(g) if g == generator))?;
        Some(self.leaf(sibling, object))
    }

    /// The object the field `plan` (of type `target`) on `parent` points at:
    /// the one its id argument names, the one a payload created, the owner
    /// that listed `parent`, or one of the population chosen by hash.
    /// `None` for a deleted object.
    pub fn one(
        &self,
        plan: &FieldPlan,
        parent: &Handle,
        target: TypeId,
        args: &Args,
    ) -> Option<Handle> {
        let model = &self.model;
        if let Some(id) = plan.args.id.as_deref().and_then(|name| args.get(name)) {
            let id = match id {
                Value::String(id) => id.clone(),
                other => other.to_string(),
            };
            let found = lookup(model, target, &id);
            let deleted = self
                .store
                .is_deleted(model.entity_salt(found.entity), found.digest);
            return (!deleted).then_some(found);
        }
        let viewed = model.ty(parent.ty).entity != parent.entity;
        if viewed && model.ty(target).entity == parent.entity {
            return Some(Handle::new(model, target, parent.key.clone()));
        }
        if let Key::Owned { owner, .. } = &parent.key
            && model.accepts(target, owner.ty)
        {
            return Some((**owner).clone());
        }
        let hash = mix(
            mix(mix(self.seed, parent.digest), plan.salt),
            arguments_hash(args),
        );
        let pins: Vec<(String, Value)> = plan
            .args
            .filters
            .iter()
            .filter(|f| f.how == Match::Equals && f.path.len() == 1)
            .filter_map(|f| Some((f.field.clone()?, args.get(&f.path[0])?.clone())))
            .collect();
        let ty = model.concrete(target, hash);
        if pins.is_empty() {
            return Some(Handle::new(model, ty, Key::Index(1 + hash % POPULATION)));
        }
        let mut pinned = Handle::new(model, ty, Key::Index(PINNED_BASE + hash % 1_000_000_000));
        pinned.pins = Some(pins.into());
        Some(pinned)
    }

    /// The object standing for a root operation type.
    pub fn root(&self, ty: TypeId) -> Handle {
        Handle::new(&self.model, ty, Key::Index(0))
    }
}

/// A hash of a field's arguments: the same arguments, the same object.
pub fn arguments_hash(args: &Args) -> u64 {
    args.map().iter().fold(0, |h, (name, value)| {
        mix_str(mix_str(h, name), &value.to_string())
    })
}

/// A value of type `ty` from `generator`: lists get one to three items.
fn shaped(ty: &TypeRef, generator: &Generator, rng: &mut rand::rngs::ChaCha8Rng) -> Value {
    match ty {
        TypeRef::NonNull(inner) => shaped(inner, generator, rng),
        TypeRef::List(inner) => {
            let count = 1 + rand::RngExt::random_range(rng, 0..3);
            Value::List((0..count).map(|_| shaped(inner, generator, rng)).collect())
        }
        TypeRef::Named(_) => generator.generate(rng),
    }
}
