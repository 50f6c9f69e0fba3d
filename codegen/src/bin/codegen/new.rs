//! `weftql-codegen new PATH`: a crate that serves a small schema at once
//! (`cargo run`), with everything a server on weftql needs: the contract
//! and `codegen.toml`, the build script, the module that reaches the
//! generated code, resolvers on in-memory data (or SQLite through sea-orm,
//! `--database sqlite`), the `Executor`, a `main` that logs and shuts down
//! cleanly, and a test over real HTTP. It depends on this checkout of
//! weftql by path.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The template's files every crate gets: where each goes, and its text.
const SHARED: [(&str, &str); 5] = [
    (
        ".gitignore",
        include_str!("../../../templates/new/gitignore"),
    ),
    (
        "src/app.rs",
        include_str!("../../../templates/new/src/app.rs"),
    ),
    (
        "schema.graphql",
        include_str!("../../../templates/new/schema.graphql"),
    ),
    (
        "codegen.toml",
        include_str!("../../../templates/new/codegen.toml"),
    ),
    ("build.rs", include_str!("../../../templates/new/build.rs")),
];

/// The files of the in-memory crate.
const IN_MEMORY: [(&str, &str); 6] = [
    (
        "Cargo.toml",
        include_str!("../../../templates/new/Cargo.toml.in"),
    ),
    (
        "src/lib.rs",
        include_str!("../../../templates/new/src/lib.rs"),
    ),
    (
        "src/main.rs",
        include_str!("../../../templates/new/src/main.rs"),
    ),
    (
        "src/resolvers.rs",
        include_str!("../../../templates/new/src/resolvers.rs"),
    ),
    (
        "src/store.rs",
        include_str!("../../../templates/new/src/store.rs"),
    ),
    (
        "tests/api.rs",
        include_str!("../../../templates/new/tests/api.rs"),
    ),
];

/// The files of the SQLite crate.
const SQLITE: [(&str, &str); 6] = [
    (
        "Cargo.toml",
        include_str!("../../../templates/new-sqlite/Cargo.toml.in"),
    ),
    (
        "src/lib.rs",
        include_str!("../../../templates/new-sqlite/src/lib.rs"),
    ),
    (
        "src/main.rs",
        include_str!("../../../templates/new-sqlite/src/main.rs"),
    ),
    (
        "src/resolvers.rs",
        include_str!("../../../templates/new-sqlite/src/resolvers.rs"),
    ),
    (
        "src/store.rs",
        include_str!("../../../templates/new-sqlite/src/store.rs"),
    ),
    (
        "tests/api.rs",
        include_str!("../../../templates/new-sqlite/tests/api.rs"),
    ),
];

/// Where the new crate keeps its data.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub(crate) enum Database {
    /// In memory, behind a lock: nothing to set up.
    Memory,
    /// A SQLite file, through sea-orm.
    Sqlite,
}

#[derive(clap::Args)]
pub(crate) struct Args {
    /// The new crate's directory; it must not exist, or be empty.
    path: PathBuf,
    /// The package's name [default: the directory's name].
    #[arg(long)]
    name: Option<String>,
    /// Where its data lives.
    #[arg(long, value_enum, default_value = "memory")]
    database: Database,
}

pub(crate) fn run(args: &Args) -> ExitCode {
    match create(args) {
        Ok(name) => {
            println!("created `{name}` in {}", args.path.display());
            println!("next: cd {} && cargo run", args.path.display());
            println!(
                "then open http://127.0.0.1:8000/graphql, edit schema.graphql and build again"
            );
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn create(args: &Args) -> Result<String, String> {
    let raw = match &args.name {
        Some(name) => name.clone(),
        None => args
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or_else(|| format!("{} names no directory", args.path.display()))?,
    };
    let name = package_name(&raw)
        .ok_or_else(|| format!("`{raw}` cannot be a package name: give one with --name"))?;
    if args.path.exists()
        && std::fs::read_dir(&args.path)
            .map_err(|e| format!("{}: {e}", args.path.display()))?
            .next()
            .is_some()
    {
        return Err(format!("{} exists and is not empty", args.path.display()));
    }
    let weftql = Path::new(env!("CARGO_MANIFEST_DIR"));
    let values = [
        ("{{name}}", name.clone()),
        ("{{crate}}", name.replace('-', "_")),
        ("{{codegen}}", weftql.display().to_string()),
        ("{{runtime}}", weftql.join("runtime").display().to_string()),
    ];
    let own = match args.database {
        Database::Memory => IN_MEMORY,
        Database::Sqlite => SQLITE,
    };
    for (file, template) in SHARED.into_iter().chain(own) {
        let text = values
            .iter()
            .fold(template.to_owned(), |text, (key, value)| {
                text.replace(key, value)
            });
        let path = args.path.join(file);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(name)
}

/// `raw` as a package name: lowercase letters, digits, `-` and `_`,
/// starting with a letter.
fn package_name(raw: &str) -> Option<String> {
    let name: String = raw
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        .then_some(name)
}
