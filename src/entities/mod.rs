//! The sea-orm entities: users, links and votes. `codegen.toml` binds the
//! GraphQL object types to these `Model`s, so their columns resolve fields
//! without hand-written code.

pub mod link;
pub mod user;
pub mod vote;
