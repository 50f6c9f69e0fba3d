//! The build-script entry point: reads `schema.graphql` and `codegen.toml`
//! beside `Cargo.toml`, writes the generated Rust to `OUT_DIR`, checks the
//! client operations `[operations]` lists, and tells cargo what to watch.
//! A schema with errors, or an operation the contract no longer allows,
//! stops the build with every diagnostic, rendered as rustc renders its own.

use std::path::{Path, PathBuf};

use crate::{Config, generate};

/// The file names `run` uses, relative to the crate root.
pub const SCHEMA_FILE: &str = "schema.graphql";
pub const CONFIG_FILE: &str = "codegen.toml";
/// The file written to `OUT_DIR`; include it with
/// `include!(concat!(env!("OUT_DIR"), "/schema.rs"))`.
pub const OUTPUT_FILE: &str = "schema.rs";

/// Generates `OUT_DIR/schema.rs` from `schema.graphql`, or exits with the diagnostics.
pub fn run() {
    let root = PathBuf::from(
        std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"),
    );
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    if let Err(message) = generate_into(&root, &out.join(OUTPUT_FILE)) {
        eprintln!("{message}");
        std::process::exit(1);
    }
}

/// Why `run` stopped.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("error: {0}")]
    Config(#[from] crate::config::ConfigError),
    #[error("error: {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// Every diagnostic of the schema, rendered as rustc renders its own.
    #[error("{0}")]
    Schema(String),
    #[error("error: {0}")]
    OperationFiles(#[from] crate::operations::FilesError),
    /// Every problem of the client operations, positioned in their files.
    #[error("{0}")]
    Operations(String),
}

/// The work of `run`, with the paths given.
pub fn generate_into(root: &Path, output: &Path) -> Result<(), BuildError> {
    let schema_path = root.join(SCHEMA_FILE);
    let config_path = root.join(CONFIG_FILE);
    println!("cargo:rerun-if-changed={}", schema_path.display());
    println!("cargo:rerun-if-changed={}", config_path.display());
    let config = Config::load(&config_path)?;
    for binding in config.types.values() {
        if let Some(file) = binding.source_file(root) {
            println!("cargo:rerun-if-changed={}", file.display());
        }
    }
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| BuildError::Io { path, source }
    };
    let source = std::fs::read_to_string(&schema_path).map_err(io(&schema_path))?;
    match generate(&source, SCHEMA_FILE, &config, root) {
        Ok(generated) => {
            for warning in &generated.warnings {
                let span = warning.span;
                println!(
                    "cargo:warning={SCHEMA_FILE}:{}:{}: {}",
                    span.line, span.column, warning.message
                );
            }
            std::fs::write(output, generated.code).map_err(io(output))?;
        }
        Err(failed) => return Err(BuildError::Schema(failed.render(SCHEMA_FILE, &source))),
    }
    match &config.operations {
        Some(operations) => check_operations(root, &source, &config, operations),
        None => Ok(()),
    }
}

/// Checks the client operations against the contract: warnings go to
/// cargo, errors stop the build.
fn check_operations(
    root: &Path,
    source: &str,
    config: &Config,
    operations: &crate::config::Operations,
) -> Result<(), BuildError> {
    for dir in crate::operations::watched_dirs(root, &operations.paths) {
        println!("cargo:rerun-if-changed={}", dir.display());
    }
    let keep_first = config.duplicate_fields == crate::config::DuplicateFields::Warn;
    let (files, checked) =
        crate::operations::check_project(root, source, SCHEMA_FILE, operations, keep_first)?;
    if checked.errors() > 0 {
        return Err(BuildError::Operations(checked.render(&files)));
    }
    for (file, diagnostics) in &checked.diagnostics {
        for warning in diagnostics {
            let span = warning.span;
            let mut line = format!("{file}:{}:{}: {}", span.line, span.column, warning.message);
            for note in &warning.notes {
                line.push_str(&format!(" ({note})"));
            }
            println!("cargo:warning={line}");
        }
    }
    Ok(())
}
