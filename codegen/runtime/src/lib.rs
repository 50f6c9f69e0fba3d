//! weftql's run time: what the code generated from a `schema.graphql` and
//! any schema-first server built on it link. It owns the run-time support
//! of generated resolvers ([`support`]), the one entry every GraphQL request
//! passes whatever its transport ([`http`]: GET and POST by the
//! GraphQL-over-HTTP spec, server-sent events, graphql-ws), the guard
//! against hostile documents with its [`Limits`] ([`guard`], on the
//! [`lexer`]), its [`metrics`] and [`traces`], GraphiQL served offline ([`graphiql`]), and the signal of a
//! graceful [`shutdown`].
//!
//! It knows nothing of any particular schema, database or authentication:
//! a server says what runs a request by implementing [`http::Executor`].
//! Without its default `server` feature it is only the [`lexer`] and, with
//! the `validation` feature, [`validation`]: what the generator shares at
//! build time.

pub mod lexer;

#[cfg(feature = "server")]
pub mod engine;
#[cfg(feature = "server")]
pub mod graphiql;
#[cfg(feature = "server")]
pub mod guard;
#[cfg(feature = "server")]
pub mod http;
#[cfg(feature = "server")]
mod limits;
#[cfg(feature = "server")]
pub mod metrics;
#[cfg(feature = "server")]
pub mod shutdown;
#[cfg(feature = "server")]
pub mod support;
#[cfg(feature = "server")]
mod thread_copies;
#[cfg(feature = "server")]
pub mod traces;
#[cfg(feature = "validation")]
pub mod validation;

#[cfg(feature = "server")]
pub use limits::Limits;

#[cfg(feature = "server")]
mod id;
#[cfg(feature = "server")]
pub use id::ID;

/// futures-util, whose boxed streams a subscription resolver returns.
#[cfg(feature = "server")]
pub use futures_util;

/// serde, through which generated enums serialize.
#[cfg(feature = "server")]
pub use serde;

/// Includes the Rust that `weftql_codegen::build::run()` generated into
/// `OUT_DIR` from the crate's `schema.graphql`: use it once, as the whole
/// body of the module that reaches the generated code.
#[macro_export]
macro_rules! include_schema {
    () => {
        include!(concat!(env!("OUT_DIR"), "/schema.rs"));
    };
}
