//! Rust values cannot contain themselves. Where generated structs, enums and
//! input objects embed each other in a cycle (not through a `Vec`), the
//! embedding field or variant is marked `boxed`. Strongly connected
//! components (Tarjan) find exactly the edges that lie on a cycle.

use super::*;

/// One "embeds directly" edge: from type `from`, through a slot, to type `to`.
struct Edge {
    from: usize,
    to: usize,
    slot: Slot,
}

enum Slot {
    Field(usize),
    Member(usize),
}

pub fn box_cycles(schema: &mut Schema) {
    let edges = embedding_edges(schema);
    let component = strongly_connected(schema.types.len(), &edges);
    for edge in edges {
        if component[edge.from] != component[edge.to] {
            continue;
        }
        match (&mut schema.types[edge.from].kind, edge.slot) {
            (TypeKind::Object(o), Slot::Field(i)) => o.fields[i].boxed = true,
            (TypeKind::InputObject(input), Slot::Field(i)) => input.fields[i].boxed = true,
            (TypeKind::Interface(i), Slot::Member(m)) => i.members[m].boxed = true,
            (TypeKind::Union(u), Slot::Member(m)) => u.members[m].boxed = true,
            _ => {}
        }
    }
}

fn embeds(schema: &Schema, ty: &TypeRef) -> Option<usize> {
    if ty.is_list() {
        return None;
    }
    let target = schema.index.get(ty.base()).copied()?;
    match &schema.types[target].kind {
        TypeKind::Object(o) if o.backing == Backing::Generated => Some(target),
        TypeKind::Interface(_) | TypeKind::Union(_) | TypeKind::InputObject(_) => Some(target),
        _ => None,
    }
}

fn embedding_edges(schema: &Schema) -> Vec<Edge> {
    let mut edges = Vec::new();
    for (from, def) in schema.types.iter().enumerate() {
        match &def.kind {
            TypeKind::Object(o) if o.backing == Backing::Generated => {
                for (i, field) in o.fields.iter().enumerate() {
                    if field.resolution == Resolution::StructField
                        && let Some(to) = embeds(schema, &field.ty)
                    {
                        edges.push(Edge {
                            from,
                            to,
                            slot: Slot::Field(i),
                        });
                    }
                }
            }
            TypeKind::InputObject(input) => {
                for (i, field) in input.fields.iter().enumerate() {
                    if let Some(to) = embeds(schema, &field.ty) {
                        edges.push(Edge {
                            from,
                            to,
                            slot: Slot::Field(i),
                        });
                    }
                }
            }
            TypeKind::Interface(Interface { members, .. }) | TypeKind::Union(Union { members }) => {
                for (m, member) in members.iter().enumerate() {
                    if let Some(to) = embeds(schema, &TypeRef::Named(member.name.clone())) {
                        edges.push(Edge {
                            from,
                            to,
                            slot: Slot::Member(m),
                        });
                    }
                }
            }
            _ => {}
        }
    }
    edges
}

/// Tarjan's algorithm: the component number of every node.
fn strongly_connected(nodes: usize, edges: &[Edge]) -> Vec<usize> {
    struct State<'a> {
        adjacency: Vec<Vec<usize>>,
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        on_stack: Vec<bool>,
        stack: Vec<usize>,
        component: Vec<usize>,
        next_index: usize,
        next_component: usize,
        _edges: std::marker::PhantomData<&'a ()>,
    }
    fn visit(s: &mut State, v: usize) {
        s.index[v] = Some(s.next_index);
        s.low[v] = s.next_index;
        s.next_index += 1;
        s.stack.push(v);
        s.on_stack[v] = true;
        for i in 0..s.adjacency[v].len() {
            let w = s.adjacency[v][i];
            match s.index[w] {
                None => {
                    visit(s, w);
                    s.low[v] = s.low[v].min(s.low[w]);
                }
                Some(wi) if s.on_stack[w] => s.low[v] = s.low[v].min(wi),
                Some(_) => {}
            }
        }
        if Some(s.low[v]) == s.index[v] {
            while let Some(w) = s.stack.pop() {
                s.on_stack[w] = false;
                s.component[w] = s.next_component;
                if w == v {
                    break;
                }
            }
            s.next_component += 1;
        }
    }
    let mut adjacency = vec![Vec::new(); nodes];
    for edge in edges {
        adjacency[edge.from].push(edge.to);
    }
    let mut state = State {
        adjacency,
        index: vec![None; nodes],
        low: vec![0; nodes],
        on_stack: vec![false; nodes],
        stack: Vec::new(),
        component: vec![0; nodes],
        next_index: 0,
        next_component: 0,
        _edges: std::marker::PhantomData,
    };
    for v in 0..nodes {
        if state.index[v].is_none() {
            visit(&mut state, v);
        }
    }
    state.component
}
