//! The engine that executes queries and mutations on a schema: requests
//! are parsed and validated once per document text (`documents`, by
//! apollo-compiler, answering in graphql-js's wording), introspection is
//! answered from the contract itself (`introspection`), and the rest runs
//! level by level: every field of a selection is resolved for
//! all its parents at once by the type's [`Object`], so a nested list costs
//! one call per field per level, never one per parent. Each level renders
//! straight into JSON; a field that fails is null with an error carrying its
//! `path`, and a null in a non-null position propagates to the nearest
//! nullable parent. A resolver is handed a [`Context`]: the request's
//! values and a [`LookAhead`] at what its field's selection asks.
//!
//! It knows nothing of HTTP, of Rust types of any schema (generated code or
//! an interpreter implements [`Object`] and [`Abstract`]) or of where data
//! comes from.

mod answer;
mod arguments;
mod collect;
mod context;
mod documents;
mod execute;
mod field_error;
mod introspection;
mod look_ahead;
mod object;
mod one_of;
mod path;
mod render;
mod schema;
mod subscribe;

pub use answer::{Answer, Request, SERVICE_UNAVAILABLE};
pub use arguments::Arguments;
pub use context::{Context, RequestData};
pub use documents::{Prepared, document_cache_counts};
pub use field_error::{FieldError, IntoFieldError};
pub use look_ahead::LookAhead;
pub use object::{
    Abstract, Children, Events, FieldCall, Items, Leaves, Object, Output, Part, Placement,
    Resolved, Values,
};
pub use schema::{BuildError, Engine, EngineBuilder};
