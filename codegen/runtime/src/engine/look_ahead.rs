//! Look-ahead: what a field's selection will ask of the objects the field
//! returns, read before they are resolved, so a batch resolver can read
//! only what is asked (the columns a selection shows, a relation the next
//! level will want). It sees through fragment spreads and inline fragments
//! whatever their type condition, and leaves out what `@skip` and
//! `@include` do, so what it names is all that can be asked, perhaps more.

use apollo_compiler::Node;
use apollo_compiler::executable::{Field, Selection, SelectionSet};
use smallvec::SmallVec;

use super::collect::Collector;

/// The selection of one field (every occurrence of it, merged), looked at
/// before the field is resolved.
#[derive(Clone)]
pub struct LookAhead<'a> {
    collector: &'a Collector<'a>,
    sets: Vec<&'a SelectionSet>,
}

impl<'a> LookAhead<'a> {
    /// The selection of `fields`, the occurrences of one field.
    pub(crate) fn new(collector: &'a Collector<'a>, fields: &'a [&'a Node<Field>]) -> Self {
        LookAhead {
            collector,
            sets: fields.iter().map(|f| &f.selection_set).collect(),
        }
    }

    /// Whether the selection asks for field `name` (by name, not alias).
    pub fn asks(&self, name: &str) -> bool {
        let mut found = false;
        self.walk(&mut |field| {
            found |= field.name == name;
        });
        found
    }

    /// The names of the fields the selection asks for, each once, in the
    /// order they first appear (`__typename` included).
    pub fn fields(&self) -> Vec<&'a str> {
        let mut names: Vec<&'a str> = Vec::new();
        self.walk(&mut |field| {
            if !names.contains(&field.name.as_str()) {
                names.push(field.name.as_str());
            }
        });
        names
    }

    /// Of `columns` (field, column) pairs, such as a bound type's list in
    /// the generated `columns` module, the columns of the fields the
    /// selection asks for, each once.
    pub fn columns(&self, columns: &[(&str, &'static str)]) -> Vec<&'static str> {
        let mut chosen = Vec::new();
        self.walk(&mut |field| {
            for (name, column) in columns {
                if field.name == *name && !chosen.contains(column) {
                    chosen.push(*column);
                }
            }
        });
        chosen
    }

    /// The selection of field `name` within this one: every occurrence
    /// merged. Empty if the selection does not ask for it.
    pub fn field(&self, name: &str) -> LookAhead<'a> {
        let mut sets = Vec::new();
        self.walk(&mut |field| {
            if field.name == name {
                sets.push(&field.selection_set);
            }
        });
        LookAhead {
            collector: self.collector,
            sets,
        }
    }

    fn walk(&self, visit: &mut dyn FnMut(&'a Field)) {
        let mut visited = SmallVec::<[&str; 4]>::new();
        for set in &self.sets {
            self.walk_set(&set.selections, &mut visited, visit);
        }
    }

    fn walk_set(
        &self,
        selections: &'a [Selection],
        visited: &mut SmallVec<[&'a str; 4]>,
        visit: &mut dyn FnMut(&'a Field),
    ) {
        for selection in selections {
            if !self.collector.included(selection) {
                continue;
            }
            match selection {
                Selection::Field(field) => visit(field),
                Selection::FragmentSpread(spread) => {
                    let name = spread.fragment_name.as_str();
                    if visited.contains(&name) {
                        continue;
                    }
                    visited.push(name);
                    if let Some(fragment) = self.collector.document.fragments.get(name) {
                        self.walk_set(&fragment.selection_set.selections, visited, visit);
                    }
                }
                Selection::InlineFragment(inline) => {
                    self.walk_set(&inline.selection_set.selections, visited, visit)
                }
            }
        }
    }
}
