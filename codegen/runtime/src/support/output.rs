//! Values out: what the generated `engine::Object` implementations answer
//! for a field of every parent. Columns are written as JSON at once
//! ([`leaves`], [`id_leaves`]) or cloned into the next level ([`cloned`]);
//! what methods return becomes leaves or children ([`leaf_results`],
//! [`object_results`], [`batch`]), a subscription's stream becomes events,
//! and an interface's or union's enum is split by object type
//! ([`Members`], [`Split`]).

use ::std::future::Future;
use ::std::marker::PhantomData;
use ::std::string::{String, ToString};
use ::std::vec::Vec;

use ::futures_util::stream::{BoxStream, StreamExt};
use ::serde::Serialize;

use crate::engine::{
    Abstract, Children, Events, FieldError, IntoFieldError, Items, Leaves, Output, Part, Placement,
    Resolved, Values,
};

/// A value served as a GraphQL `ID`, which is a string: from strings or
/// integers.
pub trait IdField {
    fn id(&self) -> ::serde_json::Value;
}

macro_rules! id_field {
    ($($ty:ty),*) => {$(
        impl IdField for $ty {
            fn id(&self) -> ::serde_json::Value {
                ::serde_json::Value::String(self.to_string())
            }
        }
    )*};
}

id_field!(i32, i64, u32, u64, String);

impl IdField for crate::ID {
    fn id(&self) -> ::serde_json::Value {
        ::serde_json::Value::String(self.0.clone())
    }
}

impl<T: IdField> IdField for Option<T> {
    fn id(&self) -> ::serde_json::Value {
        self.as_ref().map_or(::serde_json::Value::Null, IdField::id)
    }
}

impl<T: IdField> IdField for Vec<T> {
    fn id(&self) -> ::serde_json::Value {
        ::serde_json::Value::Array(self.iter().map(IdField::id).collect())
    }
}

/// A resolver's own error as the field error it reports, logged at
/// `debug` (an internal one is logged at `error` where it is made).
pub fn error<E: IntoFieldError>(error: E) -> FieldError {
    let error = error.into_field_error();
    tracing::debug!(message = %error.message, "a resolver returned an error");
    error
}

/// A field the object type has no function for: the engine asks only for
/// the fields its `Object::fields` names, so this is a bug, logged.
pub fn unknown_field<'a>(parents: usize, name: &str) -> Resolved<'a> {
    failed(parents, unknown_field_error(name))
}

/// The error of a field the object type has no function for.
pub fn unknown_field_error(name: &str) -> FieldError {
    FieldError::internal(::std::format!("no function resolves the field `{name}`"))
}

/// A field that failed for every one of `parents`.
pub fn failed<'a>(parents: usize, error: FieldError) -> Resolved<'a> {
    Resolved::Ready(Output::failed(parents, error))
}

/// A column (a scalar, enum or custom scalar, or a list of them) of every
/// parent.
pub fn leaves<'a, P, T: Serialize + ?Sized>(parents: &[P], get: impl Fn(&P) -> &T) -> Resolved<'a> {
    let mut leaves = Leaves::with_capacity(parents.len());
    for parent in parents {
        leaves.push(get(parent));
    }
    Resolved::Ready(Output::Leaves(leaves))
}

/// A column served as `ID` of every parent.
pub fn id_leaves<'a, P, T: IdField + ?Sized>(
    parents: &[P],
    get: impl Fn(&P) -> &T,
) -> Resolved<'a> {
    let mut leaves = Leaves::with_capacity(parents.len());
    for parent in parents {
        leaves.push(&get(parent).id());
    }
    Resolved::Ready(Output::Leaves(leaves))
}

/// Objects a generated struct holds, cloned into the next level; `placement`
/// places one parent's value.
pub fn cloned<'a, P, V: Clone, T: Send + Sync + 'static>(
    parents: &[P],
    type_name: &'static str,
    get: impl Fn(&P) -> &V,
    placement: impl Fn(&mut Items<T>, V) -> Placement,
) -> Resolved<'a> {
    let values = parents.iter().map(|parent| Ok(get(parent).clone()));
    Resolved::Ready(children(type_name, parents.len(), values, placement))
}

/// Leaves from one result per parent.
pub fn leaf_results<T: Serialize>(results: Vec<Result<T, FieldError>>) -> Output {
    let mut leaves = Leaves::with_capacity(results.len());
    for result in results {
        leaves.push_result(result);
    }
    Output::Leaves(leaves)
}

/// Children from one result per parent.
pub fn object_results<V, T: Send + Sync + 'static>(
    type_name: &'static str,
    results: Vec<Result<V, FieldError>>,
    placement: impl Fn(&mut Items<T>, V) -> Placement,
) -> Output {
    let parents = results.len();
    children(type_name, parents, results, placement)
}

/// Children (of type `type_name`) from the result of field `field`'s
/// batch method: one value per parent, in order, or one error for all.
pub fn batch<V, T: Send + Sync + 'static>(
    field: &'static str,
    type_name: &'static str,
    parents: usize,
    result: Result<Vec<V>, FieldError>,
    placement: impl Fn(&mut Items<T>, V) -> Placement,
) -> Output {
    match result {
        Ok(values) if values.len() == parents => {
            children(type_name, parents, values.into_iter().map(Ok), placement)
        }
        Ok(values) => {
            let error = FieldError::internal(::std::format!(
                "the batch method of `{field}` gave {} values for {parents} parents: it must give one per parent, in their order",
                values.len()
            ));
            children(
                type_name,
                parents,
                (0..parents).map(|_| Err::<V, _>(error.clone())),
                placement,
            )
        }
        Err(error) => children(
            type_name,
            parents,
            (0..parents).map(|_| Err::<V, _>(error.clone())),
            placement,
        ),
    }
}

fn children<V, T: Send + Sync + 'static>(
    type_name: &'static str,
    parents: usize,
    values: impl IntoIterator<Item = Result<V, FieldError>>,
    placement: impl Fn(&mut Items<T>, V) -> Placement,
) -> Output {
    let mut children = Children::with_capacity(parents);
    let mut items = Items::new(0);
    let placements: Vec<Placement> = values
        .into_iter()
        .map(|value| match value {
            Ok(value) => placement(&mut items, value),
            Err(error) => Placement::Error(error),
        })
        .collect();
    items.finish(&mut children, type_name);
    for placement in placements {
        children.push(placement);
    }
    Output::Children(children)
}

/// `method` called for every parent at once; one result each.
pub async fn each<'p, P, V, F>(
    parents: &'p [P],
    method: impl Fn(&'p P) -> F,
) -> Vec<Result<V, FieldError>>
where
    F: Future<Output = Result<V, FieldError>>,
{
    ::futures_util::future::join_all(parents.iter().map(method)).await
}

/// A subscription's stream of scalars (or enums, or lists of them) as
/// events.
pub fn leaf_events<T: Serialize + 'static, E: IntoFieldError + 'static>(
    stream: BoxStream<'static, Result<T, E>>,
) -> Events {
    stream
        .map(|item| leaf_results(::std::vec![item.map_err(error)]))
        .boxed()
}

/// A subscription's stream of objects as events.
pub fn object_events<V: 'static, T: Send + Sync + 'static, E: IntoFieldError + 'static>(
    type_name: &'static str,
    stream: BoxStream<'static, Result<V, E>>,
    placement: impl Fn(&mut Items<T>, V) -> Placement + Send + 'static,
) -> Events {
    stream
        .map(move |item| object_results(type_name, ::std::vec![item.map_err(error)], &placement))
        .boxed()
}

/// The Rust enum of an interface or union: its values sorted by object type.
pub trait Members: Sized + Send + Sync + 'static {
    fn split(values: Vec<Self>) -> Vec<Part>;
}

/// The [`Abstract`] implementation of an interface's or union's enum `T`.
pub struct Split<T>(PhantomData<fn() -> T>);

impl<T> Default for Split<T> {
    fn default() -> Self {
        Split(PhantomData)
    }
}

impl<T: Members> Abstract for Split<T> {
    fn split(&self, values: Values) -> Result<Vec<Part>, FieldError> {
        Ok(T::split(values.into_vec::<T>()?))
    }
}

/// The values of one object type while an enum's values are split.
pub struct Member<T> {
    type_name: &'static str,
    values: Vec<T>,
    positions: Vec<u32>,
}

impl<T: Send + Sync + 'static> Member<T> {
    pub fn new(type_name: &'static str) -> Self {
        Member {
            type_name,
            values: Vec::new(),
            positions: Vec::new(),
        }
    }

    pub fn push(&mut self, position: usize, value: T) {
        self.values.push(value);
        self.positions.push(position as u32);
    }

    pub fn finish(self) -> Part {
        Part {
            type_name: self.type_name.into(),
            values: Values::new(self.values),
            positions: self.positions,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;

    /// What was logged, as text.
    #[derive(Clone, Default)]
    struct Logged(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Logged {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Logged {
        type Writer = Logged;

        fn make_writer(&'a self) -> Logged {
            self.clone()
        }
    }

    fn subscriber(logged: &Logged) -> impl tracing::Subscriber {
        tracing_subscriber::fmt()
            .with_writer(logged.clone())
            .with_ansi(false)
            .with_max_level(tracing::Level::DEBUG)
            .finish()
    }

    #[test]
    fn a_resolvers_error_is_logged_at_debug() {
        let logged = Logged::default();
        let failed = tracing::subscriber::with_default(subscriber(&logged), || {
            error(FieldError::new("No author has the id 9."))
        });
        assert_eq!(failed.message, "No author has the id 9.");
        let text = String::from_utf8(logged.0.lock().unwrap().clone()).unwrap();
        assert!(
            text.contains("DEBUG") && text.contains("No author has the id 9."),
            "{text}"
        );
    }

    #[test]
    fn a_batch_of_the_wrong_length_fails_each_parent_and_logs_its_field_and_counts() {
        let logged = Logged::default();
        let subscriber = subscriber(&logged);
        let output = tracing::subscriber::with_default(subscriber, || {
            batch(
                "Book.author",
                "Author",
                3,
                Ok(vec![7_u32]),
                |items, value| items.item(value),
            )
        });
        let Output::Children(children) = output else {
            panic!("a batch of objects gives children");
        };
        assert_eq!(children.placements.len(), 3, "one answer per parent");
        assert!(
            children
                .placements
                .iter()
                .all(|s| matches!(s, Placement::Error(_))),
            "every parent fails"
        );
        let text = String::from_utf8(logged.0.lock().unwrap().clone()).unwrap();
        assert!(
            text.contains("the batch method of `Book.author` gave 1 values for 3 parents"),
            "{text}"
        );
        assert_eq!(
            text.matches("Book.author").count(),
            1,
            "logged once: {text}"
        );
    }
}
