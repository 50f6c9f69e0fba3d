//! `scaffold`: starter implementation files for resolver traits that have
//! none yet, one `<dir>/<type>.rs` per trait. A file that exists is never
//! touched, whatever it holds: regenerating must not rewrite hand-written
//! code. The files' Rust comes from `emit::scaffold`.

use std::path::{Path, PathBuf};

use heck::ToSnakeCase;

use crate::emit::scaffold::starter_files;
use crate::ir::Schema;

/// Where the starter files go and what they implement.
#[derive(Debug, Clone)]
pub struct Options<'a> {
    pub dir: &'a Path,
    /// The Rust path of the generated module, e.g. `crate::schema`.
    pub module: &'a str,
    /// The struct the traits are implemented for, e.g. `crate::resolvers::Resolvers`.
    pub implementor: &'a str,
}

/// What `scaffold` did with one trait's file.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Written(PathBuf),
    Kept(PathBuf),
}

/// Writes a starter file for each resolver trait that has none.
pub fn scaffold(schema: &Schema, options: &Options) -> Result<Vec<Outcome>, String> {
    let files = starter_files(schema, options.module, options.implementor)?;
    let io = |path: &Path, e: std::io::Error| format!("{}: {e}", path.display());
    std::fs::create_dir_all(options.dir).map_err(|e| io(options.dir, e))?;
    let mut outcomes = Vec::new();
    for file in files {
        let path = options
            .dir
            .join(format!("{}.rs", file.type_name.to_snake_case()));
        // `create_new` refuses an existing file atomically: nothing is overwritten.
        let opened = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path);
        match opened {
            Ok(mut out) => {
                std::io::Write::write_all(&mut out, file.code.as_bytes())
                    .map_err(|e| io(&path, e))?;
                outcomes.push(Outcome::Written(path));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                outcomes.push(Outcome::Kept(path))
            }
            Err(e) => return Err(io(&path, e)),
        }
    }
    Ok(outcomes)
}
