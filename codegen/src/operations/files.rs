//! Finding a project's client documents: glob patterns relative to the
//! crate root, expanded with the `glob` crate, and each file's GraphQL:
//! a `.graphql` file as it is, a script's templates through `extract`.

use std::ops::Range;
use std::path::{Path, PathBuf};

use super::extract::extract;

/// A client file and the GraphQL in it.
#[derive(Debug, Clone)]
pub struct ClientFile {
    pub path: PathBuf,
    /// Its path as diagnostics show it: relative to the root, `/`-separated.
    pub display: String,
    /// The file as written.
    pub source: String,
    /// Its GraphQL at the same lines and columns as in `source` (for a
    /// script, everything outside GraphQL templates blanked).
    pub graphql: String,
    /// The byte ranges in `graphql` of its documents: the whole of a
    /// `.graphql` file, each template of a script.
    pub documents: Vec<Range<usize>>,
}

/// Why the client files could not be read.
#[derive(Debug, thiserror::Error)]
pub enum FilesError {
    #[error("`{pattern}` in [operations] paths is not a valid pattern: {source}")]
    Pattern {
        pattern: String,
        source: glob::PatternError,
    },
    #[error("`{0}` in [operations] paths matches no file")]
    NoMatch(String),
    #[error("{path}: {source}")]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{0}: not a client document (expected .graphql, .gql, or a JavaScript or TypeScript file)"
    )]
    Unsupported(PathBuf),
}

const GRAPHQL: [&str; 2] = ["graphql", "gql"];
const SCRIPTS: [&str; 8] = ["js", "jsx", "mjs", "cjs", "ts", "tsx", "mts", "cts"];

/// Every file the patterns match under `root`, each once, in path order.
pub fn discover(root: &Path, patterns: &[String]) -> Result<Vec<ClientFile>, FilesError> {
    let mut paths = Vec::new();
    for pattern in patterns {
        let full = root.join(pattern);
        let matches =
            glob::glob(&full.to_string_lossy()).map_err(|source| FilesError::Pattern {
                pattern: pattern.clone(),
                source,
            })?;
        let before = paths.len();
        for entry in matches {
            let path = entry.map_err(|e| FilesError::Unreadable {
                path: e.path().to_path_buf(),
                source: e.into(),
            })?;
            if path.is_file() {
                paths.push(path);
            }
        }
        if paths.len() == before {
            return Err(FilesError::NoMatch(pattern.clone()));
        }
    }
    paths.sort();
    paths.dedup();
    paths.into_iter().map(|path| read(root, path)).collect()
}

fn read(root: &Path, path: PathBuf) -> Result<ClientFile, FilesError> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let source = std::fs::read_to_string(&path).map_err(|source| FilesError::Unreadable {
        path: path.clone(),
        source,
    })?;
    let (graphql, documents) = if GRAPHQL.contains(&extension.as_str()) {
        (source.clone(), std::iter::once(0..source.len()).collect())
    } else if SCRIPTS.contains(&extension.as_str()) {
        let extracted = extract(&source);
        (extracted.text, extracted.templates)
    } else {
        return Err(FilesError::Unsupported(path));
    };
    let display = path
        .strip_prefix(root)
        .unwrap_or(&path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    Ok(ClientFile {
        path,
        display,
        source,
        graphql,
        documents,
    })
}

/// The directories to watch for new files: each pattern's part before its
/// first wildcard.
pub fn watched_dirs(root: &Path, patterns: &[String]) -> Vec<PathBuf> {
    patterns
        .iter()
        .map(|pattern| {
            let literal: Vec<&str> = pattern
                .split('/')
                .take_while(|part| !part.contains(['*', '?', '[', '{']))
                .collect();
            let dir = root.join(literal.join("/"));
            if dir.is_dir() {
                dir
            } else {
                dir.parent()
                    .map_or_else(|| root.to_path_buf(), Path::to_path_buf)
            }
        })
        .collect()
}
