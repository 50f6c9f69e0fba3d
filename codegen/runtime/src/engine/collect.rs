//! CollectFields of the spec: the fields a selection asks of one object
//! type, grouped by response key in the order requested, through fragment
//! spreads and inline fragments whose type condition applies, minus what
//! `@skip` and `@include` leave out.

use apollo_compiler::ExecutableDocument;
use apollo_compiler::ast::Value;
use apollo_compiler::executable::{Field, Selection, SelectionSet};
use apollo_compiler::response::JsonMap;
use apollo_compiler::schema::{ExtendedType, ObjectType};
use apollo_compiler::{Name, Node, Schema};
use smallvec::{SmallVec, smallvec};

/// The fields of one response key: several when a selection repeats it
/// (rarely, so one is held without allocating).
pub(crate) struct Collected<'d> {
    pub(crate) key: &'d str,
    pub(crate) fields: SmallVec<[&'d Node<Field>; 1]>,
}

/// The selection sets a group is executed for: usually one or two.
pub(crate) type Sets<'d> = SmallVec<[&'d SelectionSet; 2]>;

impl<'d> Collected<'d> {
    /// The first occurrence, whose name, arguments and type every other
    /// shares (validation made sure).
    pub(crate) fn field(&self) -> &'d Node<Field> {
        self.fields[0]
    }

    /// The selection sets of every occurrence, merged for the next level.
    pub(crate) fn selection_sets(&self) -> Sets<'d> {
        self.fields.iter().map(|f| &f.selection_set).collect()
    }
}

pub(crate) struct Collector<'d> {
    pub(crate) schema: &'d Schema,
    pub(crate) document: &'d ExecutableDocument,
    pub(crate) variables: &'d JsonMap,
}

impl<'d> Collector<'d> {
    pub(crate) fn collect(
        &self,
        object: &ObjectType,
        sets: &[&'d SelectionSet],
    ) -> Vec<Collected<'d>> {
        let mut collected = Vec::new();
        let mut visited = Vec::new();
        for set in sets {
            self.collect_into(object, &set.selections, &mut visited, &mut collected);
        }
        collected
    }

    fn collect_into(
        &self,
        object: &ObjectType,
        selections: &'d [Selection],
        visited: &mut Vec<&'d Name>,
        collected: &mut Vec<Collected<'d>>,
    ) {
        for selection in selections {
            if !self.included(selection) {
                continue;
            }
            match selection {
                Selection::Field(field) => {
                    let key = field.response_key().as_str();
                    match collected.iter_mut().find(|c| c.key == key) {
                        Some(entry) => entry.fields.push(field),
                        None => collected.push(Collected {
                            key,
                            fields: smallvec![field],
                        }),
                    }
                }
                Selection::FragmentSpread(spread) => {
                    if visited.contains(&&spread.fragment_name) {
                        continue;
                    }
                    visited.push(&spread.fragment_name);
                    let Some(fragment) = self.document.fragments.get(&spread.fragment_name) else {
                        continue;
                    };
                    if self.applies(object, fragment.type_condition()) {
                        self.collect_into(
                            object,
                            &fragment.selection_set.selections,
                            visited,
                            collected,
                        );
                    }
                }
                Selection::InlineFragment(inline) => {
                    if inline
                        .type_condition
                        .as_ref()
                        .is_none_or(|condition| self.applies(object, condition))
                    {
                        self.collect_into(
                            object,
                            &inline.selection_set.selections,
                            visited,
                            collected,
                        );
                    }
                }
            }
        }
    }

    /// DoesFragmentTypeApply.
    fn applies(&self, object: &ObjectType, condition: &Name) -> bool {
        match self.schema.types.get(condition) {
            Some(ExtendedType::Object(_)) => *condition == object.name,
            Some(ExtendedType::Interface(_)) => object.implements_interfaces.contains(condition),
            Some(ExtendedType::Union(union)) => union.members.contains(&object.name),
            _ => false,
        }
    }

    /// Neither `@skip(if: true)` nor `@include(if: false)`.
    pub(crate) fn included(&self, selection: &Selection) -> bool {
        let condition = |directive: &str| {
            let argument = selection
                .directives()
                .get(directive)?
                .specified_argument_by_name("if")?;
            match argument.as_ref() {
                Value::Boolean(b) => Some(*b),
                Value::Variable(name) => self.variables.get(name.as_str())?.as_bool(),
                _ => None,
            }
        };
        !condition("skip").unwrap_or(false) && condition("include").unwrap_or(true)
    }
}
