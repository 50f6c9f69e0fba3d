//! Mock objects as lightweight handles: the type a value is served as, the
//! entity its values come from, and a key. No field is stored: each is
//! derived from a hash of the seed, the entity, the key and the field, so an
//! object is the same wherever it appears. A child listed by its owner keeps
//! the owner in its key, and its id carries it, so the child points back at
//! that owner even when fetched on its own.

use std::sync::Arc;

use async_graphql::Value;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use super::hash::{mix, mix_str};
use super::model::{EntityId, Model, TypeId};

#[derive(Debug, Clone)]
pub struct Handle {
    pub ty: TypeId,
    pub entity: EntityId,
    pub key: Key,
    /// A hash of the key, the input of every value's hash.
    pub digest: u64,
    /// Leaf values fixed by the arguments that looked the object up
    /// (`user(login: "octocat")` has that login).
    pub pins: Option<Arc<[(String, Value)]>>,
}

#[derive(Debug, Clone)]
pub enum Key {
    /// One of an entity's population, or an object a mutation created.
    Index(u64),
    /// The `n`th child its owner lists; it points back at the owner.
    Owned { owner: Arc<Handle>, n: u64 },
    /// An id the client made up: the object with exactly that id.
    Named(Arc<str>),
}

impl Key {
    pub fn digest(&self) -> u64 {
        match self {
            Key::Index(index) => mix(1, *index),
            Key::Owned { owner, n } => {
                mix(mix(mix(2, u64::from(owner.entity.0)), owner.digest), *n)
            }
            Key::Named(name) => mix_str(3, name),
        }
    }
}

impl Handle {
    /// The object `key` of type `ty`, with the values of `ty`'s entity.
    pub fn new(model: &Model, ty: TypeId, key: Key) -> Handle {
        Handle::viewing(ty, model.ty(ty).entity, key)
    }

    /// The object `key` of `entity`, served as `ty` (a mutation's payload
    /// type views the entity it created).
    pub fn viewing(ty: TypeId, entity: EntityId, key: Key) -> Handle {
        Handle {
            ty,
            entity,
            digest: key.digest(),
            key,
            pins: None,
        }
    }

    /// The `id` a client sees: base64 of `Type:index` (or of
    /// `Type:n@OwnerType:owner-id` for an owned child), or the client's own.
    pub fn id_text(&self, model: &Model) -> String {
        match &self.key {
            Key::Named(name) => name.to_string(),
            Key::Index(index) => STANDARD.encode(format!("{}:{index}", model.ty(self.ty).name)),
            Key::Owned { owner, n } => STANDARD.encode(format!(
                "{}:{n}@{}:{}",
                model.ty(self.ty).name,
                model.ty(owner.ty).name,
                owner.id_text(model)
            )),
        }
    }

    /// A number for `id: Int` fields.
    pub fn number(&self) -> u64 {
        match self.key {
            Key::Index(index) => index,
            _ => self.digest % 1_000_000,
        }
    }
}

/// The type and key an id names, if it is one of ours; `None` for an id
/// the client made up.
pub fn decode(model: &Model, id: &str) -> Option<(TypeId, Key)> {
    let bytes = STANDARD.decode(id).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let (type_name, rest) = text.split_once(':')?;
    let ty = model.find(type_name)?;
    let key = match rest.split_once('@') {
        None => Key::Index(rest.parse().ok()?),
        Some((n, owner)) => {
            let (owner_type, owner_id) = owner.split_once(':')?;
            let owner_ty = model.find(owner_type)?;
            Key::Owned {
                owner: Arc::new(lookup(model, owner_ty, owner_id)),
                n: n.parse().ok()?,
            }
        }
    };
    Some((ty, key))
}

/// The object of type `ty` (or, for an id of ours naming another type of
/// the same entity or a member of `ty`, that object) with id `id`.
pub fn lookup(model: &Model, ty: TypeId, id: &str) -> Handle {
    match decode(model, id) {
        Some((found, key)) if model.accepts(ty, found) => Handle::new(model, found, key),
        Some((found, key)) if model.ty(found).entity == model.ty(ty).entity => {
            Handle::new(model, ty, key)
        }
        _ => Handle::new(
            model,
            model.concrete(ty, mix_str(0, id)),
            Key::Named(id.into()),
        ),
    }
}
