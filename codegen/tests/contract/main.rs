//! The contract's checks of its clients, through the front door: the
//! change kinds and their levels (`kinds`), the command as a user runs it
//! (`cli`), client operations in `.graphql` and script files
//! (`operations`), and the breaking changes compared with graphql-js's
//! over generated edits of the corpus (`differential`).

mod cli;
mod differential;
mod kinds;
mod operations;

use weftql_codegen::Config;
use weftql_codegen::diff::{Change, diff};

/// The changes from `old` to `new`, both of which must be valid.
pub fn changes(old: &str, new: &str) -> Vec<Change> {
    let config = Config::default();
    let parse = |sdl: &str| match weftql_codegen::contract(sdl, &config) {
        Ok((schema, _)) => schema,
        Err(failed) => panic!("invalid schema:\n{}\n{sdl}", failed.render("schema", sdl)),
    };
    diff(&parse(old), &parse(new))
}
