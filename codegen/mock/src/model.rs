//! The mock's reading of a checked schema (codegen's IR), made once per
//! load: the object, interface and union types; the entity each object type
//! stands for (`LinkType` and `LinkNode` are both views of `link`); Relay
//! connections, their edges and page info; and for each field its
//! [`FieldKind`], the arguments whose meaning is plain, and for a mutation what
//! it does. Resolvers consult only this.

use std::collections::HashMap;
use std::sync::Arc;

use weftql_codegen::ir::{self, TypeKind, TypeRef};

use super::fake::Generator;
use super::hash::mix_str;

/// Objects each entity has before any mutation.
pub const POPULATION: u64 = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TypeId(pub u32);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EntityId(pub u32);

pub struct Model {
    types: Vec<TypeInfo>,
    by_name: HashMap<String, TypeId>,
    entities: HashMap<String, EntityId>,
    entity_salts: Vec<u64>,
    pub query: TypeId,
    pub mutation: Option<TypeId>,
    pub subscription: Option<TypeId>,
}

pub struct TypeInfo {
    pub name: String,
    pub entity: EntityId,
    pub kind: Kind,
}

pub enum Kind {
    Object(Vec<Arc<FieldPlan>>),
    /// An interface or union, and the object types that are it.
    Abstract(Vec<TypeId>),
}

pub struct FieldPlan {
    pub name: String,
    /// `Type.field`, the key of scenarios and overrides.
    pub coordinate: String,
    pub ty: TypeRef,
    /// A hash of the name, mixed into the hash of each of its values.
    pub salt: u64,
    pub kind: FieldKind,
    pub args: ArgPlan,
    /// For a list or connection: its items point back at the object that
    /// lists them (a link's votes' `link`), so they are that object's own.
    pub owns_items: bool,
    /// For a mutation root field: what it does to the store.
    pub action: Option<Action>,
}

/// How a field gets its value.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldKind {
    /// A scalar or enum, or a list of them.
    Leaf(Generator),
    /// One object (of an object, interface or union type).
    One(TypeId),
    /// A list of objects.
    Many(TypeId),
    /// A Relay connection of objects of the given type.
    Connection(TypeId),
    Edges,
    Nodes,
    TotalCount,
    PageInfo,
    EdgeNode,
    Cursor,
    HasNextPage,
    HasPreviousPage,
    StartCursor,
    EndCursor,
}

/// The arguments whose meaning is plain. Paging arguments (`first`, `last`,
/// `skip`, `offset`, `limit`, `take`, `after`, `before`) are read by name.
#[derive(Debug, Clone, Default)]
pub struct ArgPlan {
    /// The argument that names the object by id (`id`, `linkId`).
    pub id: Option<String>,
    /// The argument that lists the objects by id (`ids`).
    pub ids: Option<String>,
    pub filters: Vec<Filter>,
}

/// An argument (or a field of an input-object argument) that keeps the
/// items whose leaf `field` matches it; `field: None` searches every text field.
#[derive(Debug, Clone)]
pub struct Filter {
    pub path: Vec<String>,
    pub field: Option<String>,
    pub how: Match,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    Equals,
    Contains,
    OneOf,
}

pub const PAGING_ARGS: [&str; 8] = [
    "first", "last", "skip", "offset", "limit", "take", "after", "before",
];

/// What a mutation does, read from its name (see `mutation::classify`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    Create,
    Update,
    Delete,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Action {
    pub verb: Verb,
    pub entity: EntityId,
}

impl Model {
    /// The types, entities and roots of `schema`, before any field is
    /// planned (`reading::model` plans them).
    pub fn skeleton(schema: &ir::Schema) -> Model {
        let mut model = Model {
            types: Vec::new(),
            by_name: HashMap::new(),
            entities: HashMap::new(),
            entity_salts: Vec::new(),
            query: TypeId(0),
            mutation: None,
            subscription: None,
        };
        let composites = schema.types.iter().filter(|t| {
            matches!(
                t.kind,
                TypeKind::Object(_) | TypeKind::Interface(_) | TypeKind::Union(_)
            )
        });
        for def in composites {
            let id = TypeId(model.types.len() as u32);
            let entity = model.entity(entity_name(&def.name));
            model.by_name.insert(def.name.clone(), id);
            model.types.push(TypeInfo {
                name: def.name.clone(),
                entity,
                kind: Kind::Abstract(Vec::new()),
            });
        }
        // Members first: field plans ask which objects an interface stands for.
        let members: Vec<Vec<TypeId>> = model
            .types
            .iter()
            .map(|info| model.members(schema, &info.name))
            .collect();
        for (info, members) in model.types.iter_mut().zip(members) {
            info.kind = Kind::Abstract(members);
        }
        model.query = model.find(&schema.query).unwrap_or(TypeId(0));
        model.mutation = schema.mutation.as_deref().and_then(|m| model.find(m));
        model.subscription = schema.subscription.as_deref().and_then(|s| model.find(s));
        model
    }

    /// Gives each object type its field plans, in the order of [`Model::types`].
    pub fn plan_fields(&mut self, plans: Vec<Option<Vec<Arc<FieldPlan>>>>) {
        for (info, fields) in self.types.iter_mut().zip(plans) {
            if let Some(fields) = fields {
                info.kind = Kind::Object(fields);
            }
        }
    }

    /// Every type, in the order its id counts.
    pub fn types(&self) -> &[TypeInfo] {
        &self.types
    }

    /// The object types an interface or union stands for; none for an object.
    fn members(&self, schema: &ir::Schema, name: &str) -> Vec<TypeId> {
        let members = match schema.get(name).map(|d| &d.kind) {
            Some(TypeKind::Interface(interface)) => &interface.members,
            Some(TypeKind::Union(union)) => &union.members,
            _ => return Vec::new(),
        };
        members.iter().filter_map(|m| self.find(&m.name)).collect()
    }

    fn entity(&mut self, name: String) -> EntityId {
        let next = EntityId(self.entity_salts.len() as u32);
        let salt = mix_str(0, &name);
        *self.entities.entry(name).or_insert_with(|| {
            self.entity_salts.push(salt);
            next
        })
    }

    pub fn ty(&self, id: TypeId) -> &TypeInfo {
        &self.types[id.0 as usize]
    }

    pub fn find(&self, name: &str) -> Option<TypeId> {
        self.by_name.get(name).copied()
    }

    /// The entity a mutation's noun (`Link` in `createLink`) names.
    pub fn entity_named(&self, noun: &str) -> Option<EntityId> {
        self.entities.get(&entity_name(noun)).copied()
    }

    pub fn entity_salt(&self, entity: EntityId) -> u64 {
        self.entity_salts[entity.0 as usize]
    }

    pub fn fields(&self, ty: TypeId) -> &[Arc<FieldPlan>] {
        match &self.ty(ty).kind {
            Kind::Object(fields) => fields,
            Kind::Abstract(_) => &[],
        }
    }

    pub fn field(&self, ty: TypeId, name: &str) -> Option<&FieldPlan> {
        self.fields(ty)
            .iter()
            .find(|f| f.name == name)
            .map(|f| &**f)
    }

    /// Whether a value of type `found` may stand where `target` is expected.
    pub fn accepts(&self, target: TypeId, found: TypeId) -> bool {
        target == found
            || matches!(&self.ty(target).kind, Kind::Abstract(members) if members.contains(&found))
    }

    /// The object type a value of `ty` is: `ty` itself, or for an interface
    /// or union the member `hash` picks.
    pub fn concrete(&self, ty: TypeId, hash: u64) -> TypeId {
        match &self.ty(ty).kind {
            Kind::Abstract(members) if !members.is_empty() => {
                members[(hash % members.len() as u64) as usize]
            }
            _ => ty,
        }
    }

    pub fn is_root(&self, ty: TypeId) -> bool {
        ty == self.query || Some(ty) == self.mutation || Some(ty) == self.subscription
    }
}

/// `LinkType` and `LinkNode` → `link`.
fn entity_name(type_name: &str) -> String {
    let base = ["Type", "Node"]
        .iter()
        .find_map(|suffix| type_name.strip_suffix(suffix).filter(|b| !b.is_empty()))
        .unwrap_or(type_name);
    base.to_ascii_lowercase()
}
