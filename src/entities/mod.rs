//! The sea-orm entities: users, links and votes. `codegen.toml` binds the
//! GraphQL object types to these `Model`s, so their columns resolve fields
//! without hand-written code. Rows are read into them by position
//! (`by_position`).

pub mod by_position;
pub mod link;
pub mod user;
pub mod vote;
