//! Schema-first code generation for weftql's own engine (`weftql-runtime`):
//! `schema.graphql` becomes typed Rust resolver traits and the engine's
//! implementations that serve them.
//!
//! The passes: `parse` (text to graphql-parser's AST), [`ir`] (a typed
//! representation carrying every semantic check), `emit` (Rust, through
//! `quote!` and prettyplease). Use [`build::run`] from a `build.rs`, or the
//! `weftql-codegen` command (`check`, `print`, `scaffold`, `diff`,
//! `operations`). Around the contract: [`diff`] classifies the changes
//! between two contracts, [`operations`] checks a project's client
//! operations against one.

pub mod build;
pub mod config;
pub mod diagnostic;
pub mod diff;
mod emit;
pub mod ir;
pub mod operations;
mod parse;
pub mod scaffold;
pub mod source;

use std::path::Path;

pub use config::Config;
pub use diagnostic::{Diagnostic, Severity, render_all};

/// A schema's generated Rust, and the warnings met on the way.
#[derive(Debug)]
pub struct Generated {
    pub code: String,
    pub warnings: Vec<Diagnostic>,
}

/// Why generation stopped: every diagnostic, errors and warnings.
#[derive(Debug)]
pub struct Failed {
    pub diagnostics: Vec<Diagnostic>,
}

impl Failed {
    /// The diagnostics rendered rustc-style against the source.
    pub fn render(&self, file: &str, source: &str) -> String {
        render_all(&self.diagnostics, file, source)
    }
}

/// Parses and checks a schema: its IR, or every problem found.
/// `crate_root` is where the files of bound structs are read from.
pub fn check(
    source: &str,
    config: &Config,
    crate_root: &Path,
) -> Result<(ir::Schema, Vec<Diagnostic>), Failed> {
    let (ast, prepared) = parse::parse(source).map_err(|d| Failed {
        diagnostics: vec![*d],
    })?;
    let built = ir::build(ast, &prepared, config, crate_root);
    match built.schema {
        Some(schema) => Ok((schema, built.diagnostics)),
        None => Err(Failed {
            diagnostics: built.diagnostics,
        }),
    }
}

/// Parses and validates a contract without binding it to Rust: what
/// [`diff`] compares. Only `duplicate_fields` and `scalars` of `config` matter.
pub fn contract(source: &str, config: &Config) -> Result<(ir::Schema, Vec<Diagnostic>), Failed> {
    let (ast, prepared) = parse::parse(source).map_err(|d| Failed {
        diagnostics: vec![*d],
    })?;
    let built = ir::contract(ast, &prepared, config);
    match built.schema {
        Some(schema) => Ok((schema, built.diagnostics)),
        None => Err(Failed {
            diagnostics: built.diagnostics,
        }),
    }
}

/// Generates the Rust for a schema; `file` names it in the generated header.
pub fn generate(
    source: &str,
    file: &str,
    config: &Config,
    crate_root: &Path,
) -> Result<Generated, Failed> {
    let (schema, warnings) = check(source, config, crate_root)?;
    let code = emit::emit(&schema, source, file).map_err(|message| Failed {
        diagnostics: vec![Diagnostic::error(message, source::Span::default())],
    })?;
    Ok(Generated { code, warnings })
}
