//! What an object type's implementation gives the engine: [`Object`]
//! resolves one field for every parent of a level at once and answers with
//! [`Leaves`] (JSON already written, one value per parent) or [`Children`]
//! (objects for the next level, with the placement each parent's value has);
//! [`Abstract`] sorts the values of an interface or union by object type.

use std::any::Any;
use std::borrow::Cow;

use futures_util::future::BoxFuture;
use futures_util::stream::BoxStream;
use serde::Serialize;

use super::arguments::Arguments;
use super::context::Context;
use super::field_error::FieldError;

/// The Rust values of one object type at one level of a response: a
/// `Vec<T>` whose element type only the type's implementation knows.
pub struct Values {
    items: Box<dyn Any + Send + Sync>,
    len: usize,
}

impl Values {
    pub fn new<T: Send + Sync + 'static>(items: Vec<T>) -> Self {
        let len = items.len();
        Values {
            items: Box::new(items),
            len,
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The values as the `Vec<T>` they were made from.
    pub fn get<T: 'static>(&self) -> Result<&[T], FieldError> {
        self.items
            .downcast_ref::<Vec<T>>()
            .map(Vec::as_slice)
            .ok_or_else(|| mismatch::<T>())
    }

    /// Takes the values back, to split them (see [`Abstract`]).
    pub fn into_vec<T: 'static>(self) -> Result<Vec<T>, FieldError> {
        self.items
            .downcast::<Vec<T>>()
            .map(|items| *items)
            .map_err(|_| mismatch::<T>())
    }
}

fn mismatch<T>() -> FieldError {
    FieldError::internal(format!(
        "the engine passed values that are not `{}`",
        std::any::type_name::<T>()
    ))
}

/// One field to resolve for every parent of a level.
#[derive(Clone, Copy)]
pub struct FieldCall<'a> {
    /// The request's values, and a look-ahead at the field's selection.
    pub ctx: &'a Context<'a>,
    /// The parents, in the order of the level: read them with [`Values::get`].
    pub parents: &'a Values,
    /// The field's name in the schema (not its alias).
    pub name: &'a str,
    /// The field's index in [`Object::fields`].
    pub field: usize,
    /// The field's arguments, defaults applied, variables substituted.
    pub arguments: &'a Arguments,
}

/// The implementation of one GraphQL object type.
pub trait Object: Send + Sync + 'static {
    /// The names of the fields it resolves; [`FieldCall::field`] indexes it.
    fn fields(&self) -> Vec<String>;

    /// Resolves one field for every parent of the call.
    fn resolve<'a>(&'a self, call: FieldCall<'a>) -> Resolved<'a>;

    /// The value of the type when it is an operation's root: one `()`.
    fn root(&self) -> Values {
        Values::new(vec![()])
    }

    /// Starts the subscription to root field `call.field`: every item the
    /// stream yields is the field's value for the one root value.
    fn subscribe<'a>(&'a self, _call: FieldCall<'a>) -> BoxFuture<'a, Result<Events, FieldError>> {
        Box::pin(async { Err(FieldError::new("This type has no subscription fields.")) })
    }
}

/// The values of a subscription field, one [`Output`] (for one parent) per
/// event.
pub type Events = BoxStream<'static, Output>;

/// The implementation of one interface or union: its values (a `Vec` of
/// one Rust type, usually an enum) sorted by their object types.
pub trait Abstract: Send + Sync + 'static {
    fn split(&self, values: Values) -> Result<Vec<Part>, FieldError>;
}

/// The values of one object type among those of an abstract type.
pub struct Part {
    /// The object type's name.
    pub type_name: Cow<'static, str>,
    pub values: Values,
    /// Where each value stood among the abstract type's values.
    pub positions: Vec<u32>,
}

/// A field's values for every parent: at once or later.
pub enum Resolved<'a> {
    Ready(Output),
    Pending(BoxFuture<'a, Output>),
}

impl<'a> Resolved<'a> {
    pub fn later(future: impl Future<Output = Output> + Send + 'a) -> Self {
        Resolved::Pending(Box::pin(future))
    }
}

/// A field's values for every parent.
pub enum Output {
    Leaves(Leaves),
    Children(Children),
}

impl Output {
    /// A field that failed for every one of `parents`: each value is null
    /// with `error`.
    pub fn failed(parents: usize, error: FieldError) -> Self {
        let mut leaves = Leaves::with_capacity(parents);
        for _ in 0..parents {
            leaves.push_error(error.clone());
        }
        Output::Leaves(leaves)
    }
}

/// Scalars, enums and lists of them: one JSON value per parent, written as
/// each parent's value is pushed.
#[derive(Default)]
pub struct Leaves {
    pub(crate) json: Vec<u8>,
    pub(crate) ends: Vec<usize>,
    pub(crate) errors: Vec<(usize, FieldError)>,
}

impl Leaves {
    pub fn with_capacity(parents: usize) -> Self {
        Leaves {
            json: Vec::with_capacity(parents * 8),
            ends: Vec::with_capacity(parents),
            errors: Vec::new(),
        }
    }

    /// The next parent's value.
    pub fn push<T: Serialize + ?Sized>(&mut self, value: &T) {
        let start = self.json.len();
        if let Err(error) = serde_json::to_writer(&mut self.json, value) {
            self.json.truncate(start);
            self.push_error_at(start, FieldError::internal(error.to_string()));
            return;
        }
        self.ends.push(self.json.len());
    }

    /// The next parent's value, as a result.
    pub fn push_result<T: Serialize, E: Into<FieldError>>(&mut self, value: Result<T, E>) {
        match value {
            Ok(value) => self.push(&value),
            Err(error) => self.push_error(error.into()),
        }
    }

    /// The next parent's field failed: its value is null.
    pub fn push_error(&mut self, error: FieldError) {
        let start = self.json.len();
        self.push_error_at(start, error);
    }

    fn push_error_at(&mut self, start: usize, error: FieldError) {
        self.errors.push((self.ends.len(), error));
        self.json.truncate(start);
        self.json.extend_from_slice(b"null");
        self.ends.push(self.json.len());
    }

    pub(crate) fn value(&self, parent: usize) -> &[u8] {
        let start = if parent == 0 {
            0
        } else {
            self.ends[parent - 1]
        };
        &self.json[start..self.ends[parent]]
    }
}

/// Objects of the next level: each parent's value as a [`Placement`] whose
/// items point into groups of values, one group per Rust type pushed.
#[derive(Default)]
pub struct Children {
    pub(crate) placements: Vec<Placement>,
    pub(crate) groups: Vec<Group>,
}

pub(crate) struct Group {
    /// The GraphQL type the values are of: an object, interface or union.
    pub(crate) type_name: Cow<'static, str>,
    pub(crate) values: Values,
}

/// Where each parent's objects are: the value of one field for one parent.
pub enum Placement {
    Null,
    Error(FieldError),
    /// Item `index` of group `group` (see [`Children::group`]).
    Item {
        group: u32,
        index: u32,
    },
    List(Vec<Placement>),
}

impl Children {
    pub fn with_capacity(parents: usize) -> Self {
        Children {
            placements: Vec::with_capacity(parents),
            groups: Vec::new(),
        }
    }

    /// Adds a group of `type_name` values; returns its number for
    /// [`Placement::Item`].
    pub fn group<T: Send + Sync + 'static>(
        &mut self,
        type_name: impl Into<Cow<'static, str>>,
        values: Vec<T>,
    ) -> u32 {
        self.groups.push(Group {
            type_name: type_name.into(),
            values: Values::new(values),
        });
        (self.groups.len() - 1) as u32
    }

    /// The next parent's value.
    pub fn push(&mut self, placement: Placement) {
        self.placements.push(placement);
    }
}

/// Collects the items of one group while placements are built.
pub struct Items<T> {
    group: u32,
    items: Vec<T>,
}

impl<T: Send + Sync + 'static> Items<T> {
    /// Items that will be group number `group` of their [`Children`].
    pub fn new(group: u32) -> Self {
        Items {
            group,
            items: Vec::new(),
        }
    }

    pub fn item(&mut self, value: T) -> Placement {
        self.items.push(value);
        Placement::Item {
            group: self.group,
            index: (self.items.len() - 1) as u32,
        }
    }

    pub fn finish(self, children: &mut Children, type_name: impl Into<Cow<'static, str>>) {
        let group = children.group(type_name, self.items);
        debug_assert_eq!(group, self.group);
    }
}
