//! The pass that plans each field of a checked schema: which types are
//! Relay connections, edges and page infos; each field's [`FieldKind`]; whether
//! a list's items point back at the object that lists them; which arguments
//! look up, list by id, search or filter; and, for a mutation, its action.

use std::collections::HashMap;
use std::sync::Arc;

use weftql_codegen::ir::{self, TypeKind, TypeRef};

use super::fake::Generator;
use super::hash::mix_str;
use super::model::{ArgPlan, FieldKind, FieldPlan, Filter, Match, Model, PAGING_ARGS, TypeId};
use super::mutation;

const SEARCH_ARGS: [&str; 7] = ["search", "query", "q", "term", "text", "keyword", "filter"];

/// The mock's model of `schema`: its skeleton, then every field planned.
pub fn model(schema: &ir::Schema) -> Model {
    let mut model = Model::skeleton(schema);
    let reading = Reading::new(schema, &model);
    let plans: Vec<Option<Vec<Arc<FieldPlan>>>> = model
        .types()
        .iter()
        .map(|info| reading.fields(schema.get(&info.name)?, &model))
        .collect();
    model.plan_fields(plans);
    model
}

/// What the first pass learnt that field plans depend on.
pub struct Reading<'s> {
    schema: &'s ir::Schema,
    /// Connection type → the type of its items.
    connections: HashMap<&'s str, TypeId>,
    edges: Vec<&'s str>,
    page_infos: Vec<&'s str>,
}

impl<'s> Reading<'s> {
    pub fn new(schema: &'s ir::Schema, model: &Model) -> Self {
        let mut reading = Reading {
            schema,
            connections: HashMap::new(),
            edges: Vec::new(),
            page_infos: Vec::new(),
        };
        for (def, object) in schema.objects() {
            let field = |name: &str| object.fields.iter().find(|f| f.name == name);
            let edge_node = field("edges").and_then(|edges| {
                let edge = schema.get(edges.ty.base())?;
                let node = edge.fields().iter().find(|f| f.name == "node")?;
                Some((edge.name.as_str(), model.find(node.ty.base())?))
            });
            let nodes = field("nodes")
                .filter(|n| n.ty.is_list())
                .and_then(|n| model.find(n.ty.base()));
            let item = match (edge_node, nodes) {
                (Some((edge, item)), _) => {
                    reading.edges.push(edge);
                    item
                }
                (None, Some(item)) if field("pageInfo").is_some() => item,
                _ => continue,
            };
            if let Some(page_info) = field("pageInfo") {
                reading.page_infos.push(page_info.ty.base());
            }
            reading.connections.insert(def.name.as_str(), item);
        }
        reading
    }

    /// The field plans of an object type; `None` for other types.
    pub fn fields(&self, def: &ir::TypeDef, model: &Model) -> Option<Vec<Arc<FieldPlan>>> {
        let TypeKind::Object(object) = &def.kind else {
            return None;
        };
        Some(
            object
                .fields
                .iter()
                .map(|f| Arc::new(self.field(def, f, model)))
                .collect(),
        )
    }

    fn field(&self, owner: &ir::TypeDef, field: &ir::Field, model: &Model) -> FieldPlan {
        let ty = field.ty.clone();
        let kind = self.kind(owner, &field.name, &ty, model);
        let item = match kind {
            FieldKind::Many(item) | FieldKind::Connection(item) | FieldKind::One(item) => {
                Some(item)
            }
            _ => None,
        };
        let owns_items = matches!(kind, FieldKind::Many(_) | FieldKind::Connection(_))
            && item.is_some_and(|item| self.points_back(item, owner, model));
        let is_mutation = self.schema.mutation.as_deref() == Some(owner.name.as_str());
        let action = is_mutation
            .then(|| mutation::classify(&field.name, item, model))
            .flatten();
        FieldPlan {
            name: field.name.clone(),
            coordinate: format!("{}.{}", owner.name, field.name),
            ty,
            salt: mix_str(0, &field.name),
            args: item.map_or_else(ArgPlan::default, |item| self.args(field, item, model)),
            kind,
            owns_items,
            action,
        }
    }

    fn kind(&self, owner: &ir::TypeDef, name: &str, ty: &TypeRef, model: &Model) -> FieldKind {
        let owner_name = owner.name.as_str();
        let role = if self.connections.contains_key(owner_name) {
            match name {
                "edges" => Some(FieldKind::Edges),
                "nodes" => Some(FieldKind::Nodes),
                "pageInfo" => Some(FieldKind::PageInfo),
                "totalCount" => Some(FieldKind::TotalCount),
                _ => None,
            }
        } else if self.edges.contains(&owner_name) {
            match name {
                "node" => Some(FieldKind::EdgeNode),
                "cursor" => Some(FieldKind::Cursor),
                _ => None,
            }
        } else if self.page_infos.contains(&owner_name) {
            match name {
                "hasNextPage" => Some(FieldKind::HasNextPage),
                "hasPreviousPage" => Some(FieldKind::HasPreviousPage),
                "startCursor" => Some(FieldKind::StartCursor),
                "endCursor" => Some(FieldKind::EndCursor),
                _ => None,
            }
        } else {
            None
        };
        if let Some(role) = role {
            return role;
        }
        let base = ty.base();
        match model.find(base) {
            None => {
                let values: Option<Vec<String>> = match self.schema.get(base).map(|d| &d.kind) {
                    Some(TypeKind::Enum(e)) => {
                        Some(e.values.iter().map(|v| v.name.clone()).collect())
                    }
                    _ => None,
                };
                FieldKind::Leaf(Generator::for_field(
                    owner_name,
                    name,
                    base,
                    values.as_deref(),
                ))
            }
            Some(target) if ty.is_list() => FieldKind::Many(target),
            Some(_) if self.connections.contains_key(base) => {
                FieldKind::Connection(self.connections[base])
            }
            Some(target) => FieldKind::One(target),
        }
    }

    /// Whether `item` has a field of one object that `owner` may be.
    fn points_back(&self, item: TypeId, owner: &ir::TypeDef, model: &Model) -> bool {
        let (Some(item_def), Some(owner)) = (
            self.schema.get(&model.ty(item).name),
            model.find(&owner.name),
        ) else {
            return false;
        };
        item_def.fields().iter().any(|f| {
            !f.ty.is_list()
                && !self.connections.contains_key(f.ty.base())
                && model
                    .find(f.ty.base())
                    .is_some_and(|target| model.accepts(target, owner))
        })
    }

    fn args(&self, field: &ir::Field, item: TypeId, model: &Model) -> ArgPlan {
        let mut plan = ArgPlan::default();
        let item_def = self.schema.get(&model.ty(item).name);
        let leaf = |name: &str| {
            item_def.is_some_and(|d| {
                d.fields()
                    .iter()
                    .any(|f| f.name == name && model.find(f.ty.base()).is_none())
            })
        };
        for arg in &field.args {
            let name = arg.name.as_str();
            if PAGING_ARGS.contains(&name) {
                continue;
            }
            if name == "ids" && arg.ty.is_list() {
                plan.ids = Some(arg.name.clone());
            } else if name == "id"
                || (arg.ty.base() == "ID"
                    && !arg.ty.is_list()
                    && (name.ends_with("Id") || name.ends_with("ID")))
            {
                plan.id.get_or_insert_with(|| arg.name.clone());
            } else if let Some(TypeKind::InputObject(input)) =
                self.schema.get(arg.ty.base()).map(|d| &d.kind)
            {
                for inner in &input.fields {
                    let path = vec![arg.name.clone(), inner.name.clone()];
                    plan.filters.extend(filter(path, &inner.ty, &leaf));
                }
            } else {
                plan.filters
                    .extend(filter(vec![arg.name.clone()], &arg.ty, &leaf));
            }
        }
        plan
    }
}

/// The filter an argument (or input field) at `path` of type `ty` is, if its
/// name says: a search (`search`), a field (`url`), a substring of one
/// (`url_Icontains`, `urlContains`), or a set of values (`states`, `url_In`).
fn filter(path: Vec<String>, ty: &TypeRef, leaf: &impl Fn(&str) -> bool) -> Option<Filter> {
    let name = path.last()?.clone();
    if SEARCH_ARGS.contains(&name.as_str()) && ty.base() == "String" {
        return Some(Filter {
            path,
            field: None,
            how: Match::Contains,
        });
    }
    let contains = ["_Icontains", "_icontains", "_contains", "Contains", "_like"]
        .iter()
        .find_map(|s| name.strip_suffix(s));
    let one_of = ["_In", "_in", "In"]
        .iter()
        .find_map(|s| name.strip_suffix(s));
    let (field, how) = match (contains, one_of) {
        (Some(field), _) => (field, Match::Contains),
        (None, Some(field)) if ty.is_list() => (field, Match::OneOf),
        _ if ty.is_list() => (name.strip_suffix('s').unwrap_or(&name), Match::OneOf),
        _ => (name.as_str(), Match::Equals),
    };
    leaf(field).then(|| Filter {
        field: Some(field.to_string()),
        path: path.clone(),
        how,
    })
}
