//! `scaffold`: starter implementation files for resolver traits that have
//! none yet, one `<dir>/<type>.rs` per trait, and the `mod` declarations
//! they need (a raw identifier where the file's name is a keyword:
//! `mod r#ref;`), written as `<dir>/mod.rs` when the directory's module has
//! no file yet, with the implementor struct when it belongs to that module
//! (`crate::resolvers::Api` for `src/resolvers`), and `src/main.rs` (the
//! generated module, an `Executor`, a server) for a crate that has neither
//! it nor `src/lib.rs`. A file that exists is never touched, whatever it
//! holds:
//! regenerating must not rewrite hand-written code. The files' Rust comes
//! from `emit::scaffold`.

use std::path::{Path, PathBuf};

pub use crate::emit::scaffold::StarterError;
use crate::emit::scaffold::starter_files;
use crate::ir::Schema;

/// Where the starter files go and what they implement.
#[derive(Debug, Clone)]
pub struct Options<'a> {
    pub dir: &'a Path,
    /// The Rust path of the generated module, e.g. `crate::schema`.
    pub module: &'a str,
    /// The struct the traits are implemented for, e.g. `crate::resolvers::Api`.
    pub implementor: &'a str,
    /// The crate's `src/main.rs`, to write if the crate has no `main.rs`
    /// and no `lib.rs` yet (`None`: never).
    pub main: Option<&'a Path>,
}

/// What `scaffold` did with one trait's file.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Written(PathBuf),
    Kept(PathBuf),
}

/// Everything `scaffold` did.
#[derive(Debug, PartialEq, Eq)]
pub struct Scaffolded {
    pub files: Vec<Outcome>,
    /// `mod <file>;` for every starter file, in order.
    pub declarations: String,
    /// `<dir>/mod.rs`, if `scaffold` wrote it with the declarations
    /// (neither it nor `<dir>.rs` existed).
    pub module_file: Option<PathBuf>,
    /// `src/main.rs`, if `scaffold` wrote it.
    pub main_file: Option<PathBuf>,
}

/// Why `scaffold` stopped.
#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    #[error(transparent)]
    Starter(#[from] StarterError),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Writes a starter file for each resolver trait that has none, and the
/// module file that declares them if the directory has none.
pub fn scaffold(schema: &Schema, options: &Options) -> Result<Scaffolded, ScaffoldError> {
    let files = starter_files(schema, options.module, options.implementor)?;
    std::fs::create_dir_all(options.dir).map_err(|e| io(options.dir, e))?;
    let mut outcomes = Vec::new();
    let mut declarations = String::new();
    for file in files {
        let path = options.dir.join(format!("{}.rs", file.file_stem));
        declarations.push_str(&format!("mod {};\n", file.module));
        outcomes.push(match write_new(&path, &file.code)? {
            true => Outcome::Written(path),
            false => Outcome::Kept(path),
        });
    }
    let module_file = options.dir.join("mod.rs");
    let sibling = options.dir.with_extension("rs");
    let mut module_text = declarations.clone();
    if let Some(name) = implementor_here(options) {
        module_text.push_str(&format!(
            "\n/// What implements the resolver traits of `{}` (its `Resolvers` trait\n/// holds once every one is implemented). Give it what they need: a\n/// database pool, clients.\n#[derive(Debug, Default)]\npub struct {name};\n",
            options.module
        ));
    }
    let module_file =
        (!sibling.exists() && write_new(&module_file, &module_text)?).then_some(module_file);
    let main_file = match (options.main, main_rs(options)) {
        (Some(main), Some(text))
            if !main.with_file_name("lib.rs").exists() && write_new(main, &text)? =>
        {
            Some(main.to_path_buf())
        }
        _ => None,
    };
    Ok(Scaffolded {
        files: outcomes,
        declarations,
        module_file,
        main_file,
    })
}

/// `src/main.rs` for a generated module `crate::<schema>` and an
/// implementor of the scaffolded directory's module; `None` for any other
/// layout, which a `main.rs` could not name.
fn main_rs(options: &Options) -> Option<String> {
    let schema = options.module.strip_prefix("crate::")?;
    let name = implementor_here(options)?;
    let resolvers = options
        .implementor
        .strip_prefix("crate::")?
        .strip_suffix(&format!("::{name}"))?;
    if schema.contains("::") || resolvers.contains("::") {
        return None;
    }
    Some(
        include_str!("../templates/scaffold/main.rs")
            .replace("{{schema}}", schema)
            .replace("{{resolvers}}", resolvers)
            .replace("{{implementor}}", &format!("{resolvers}::{name}")),
    )
}

/// The implementor's name when it lives in the module of `options.dir`
/// (`crate::resolvers::Api` and `src/resolvers`), where the module file
/// declares it.
fn implementor_here<'a>(options: &Options<'a>) -> Option<&'a str> {
    let (parent, name) = options.implementor.rsplit_once("::")?;
    let module = parent.rsplit("::").next()?;
    let dir = options.dir.file_name()?.to_str()?;
    (module.trim_start_matches("r#") == dir).then_some(name)
}

/// Writes `text` to `path` unless it exists; whether it wrote.
fn write_new(path: &Path, text: &str) -> Result<bool, ScaffoldError> {
    // `create_new` refuses an existing file atomically: nothing is overwritten.
    let opened = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path);
    match opened {
        Ok(mut out) => {
            std::io::Write::write_all(&mut out, text.as_bytes()).map_err(|e| io(path, e))?;
            Ok(true)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(io(path, e)),
    }
}

fn io(path: &Path, source: std::io::Error) -> ScaffoldError {
    ScaffoldError::Io {
        path: path.to_path_buf(),
        source,
    }
}
