//! Run-time support of the generated code, which reaches it by path
//! (`weftql_runtime::support`): reading arguments and input objects into
//! Rust values (`input`), and answering the engine for a field of every
//! parent (`output`). Nothing here knows any schema.

mod input;
mod output;

pub use input::*;
pub use output::*;
