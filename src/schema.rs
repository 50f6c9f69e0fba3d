//! The code generated from `schema.graphql` by `build.rs` (see `codegen/`):
//! one resolver trait per object type, the Rust types of the schema, and
//! `build_schema`. This is the only module that reaches it.
#![allow(clippy::all, clippy::pedantic)]

weftql_runtime::include_schema!();
