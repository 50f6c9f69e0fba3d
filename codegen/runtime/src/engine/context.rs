//! What one request carries to every resolver: values of any type, one per
//! type (the viewer, a database handle, loaders), set before execution; and
//! what one resolver is handed, [`Context`]: those values and a
//! look-ahead at the selection of the field it resolves.

use std::any::{Any, TypeId};
use std::ops::Deref;

use apollo_compiler::Node;
use apollo_compiler::executable::Field;

use super::collect::Collector;
use super::field_error::FieldError;
use super::look_ahead::LookAhead;

/// A request holds a handful of values, so a list (searched without
/// hashing, one allocation) serves better than a map.
#[derive(Default)]
pub struct RequestData {
    data: Vec<(TypeId, Box<dyn Any + Send + Sync>)>,
}

impl RequestData {
    pub fn new() -> Self {
        RequestData::default()
    }

    /// Adds `value`, replacing any earlier value of its type.
    pub fn insert<T: Send + Sync + 'static>(&mut self, value: T) {
        let id = TypeId::of::<T>();
        match self.data.iter_mut().find(|(held, _)| *held == id) {
            Some((_, slot)) => *slot = Box::new(value),
            None => self.data.push((id, Box::new(value))),
        }
    }

    /// Adds `value`, replacing any earlier value of its type.
    pub fn with<T: Send + Sync + 'static>(mut self, value: T) -> Self {
        self.insert(value);
        self
    }

    pub fn data_opt<T: 'static>(&self) -> Option<&T> {
        let id = TypeId::of::<T>();
        self.data
            .iter()
            .find(|(held, _)| *held == id)
            .and_then(|(_, value)| value.downcast_ref())
    }

    /// The request's `T`, or an internal error if the server set none.
    pub fn data<T: 'static>(&self) -> Result<&T, FieldError> {
        self.data_opt().ok_or_else(|| {
            FieldError::internal(format!(
                "no `{}` in the request's context",
                std::any::type_name::<T>()
            ))
        })
    }
}

/// What a resolver is handed: the request's [`RequestData`] (its values are
/// reached through `Deref`: `ctx.data::<T>()`), and a [`LookAhead`] at what
/// the selection of the field being resolved asks of the objects it returns.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    request: &'a RequestData,
    collector: &'a Collector<'a>,
    /// The occurrences of the field in the selection being executed.
    fields: &'a [&'a Node<Field>],
    in_event: bool,
}

impl<'a> Context<'a> {
    pub(crate) fn new(
        request: &'a RequestData,
        collector: &'a Collector<'a>,
        fields: &'a [&'a Node<Field>],
        in_event: bool,
    ) -> Self {
        Context {
            request,
            collector,
            fields,
            in_event,
        }
    }

    /// Whether the field is resolved for an event of a subscription. Every
    /// subscriber of an event executes its selection at about the same
    /// instant, each on its own, so a resolver may gather the reads of
    /// that instant into one (a `DataLoader`'s batch window, say) where a
    /// query's level already gathers them for it.
    pub fn in_event(&self) -> bool {
        self.in_event
    }

    /// What the field's selection asks of the objects the field returns
    /// (made when asked for: a resolver that does not look costs nothing).
    pub fn look_ahead(&self) -> LookAhead<'a> {
        LookAhead::new(self.collector, self.fields)
    }
}

impl Deref for Context<'_> {
    type Target = RequestData;

    fn deref(&self) -> &RequestData {
        self.request
    }
}

#[cfg(test)]
mod tests {
    use super::RequestData;

    #[test]
    fn one_value_per_type() {
        let ctx = RequestData::new().with(1_u8).with("viewer").with(2_u8);
        assert_eq!(ctx.data_opt::<u8>(), Some(&2));
        assert_eq!(ctx.data::<&str>().unwrap(), &"viewer");
        assert!(ctx.data::<u16>().is_err());
    }
}
