//! Reading persisted-query manifests: Apollo's format
//! (`{"format": "apollo-persisted-query-manifest", "version": 1,
//! "operations": [{"id", "name", "type", "body"}]}`, what
//! `weftql-codegen operations manifest` and
//! `@apollo/generate-persisted-query-manifest` write) and GraphQL Codegen's
//! flat map (`{"<id>": "<document>"}`, ids with or without `sha256:`).
//! Every id must be the SHA-256 of its document.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use sha2::{Digest, Sha256};

/// A document's id: the SHA-256 of its text.
pub type DocumentId = [u8; 32];

/// One document a manifest lists.
#[derive(Debug, Clone)]
pub(crate) struct Listed {
    pub(crate) id: DocumentId,
    /// The operation's name, where the manifest gives it.
    pub(crate) name: Option<String>,
    pub(crate) body: String,
}

/// Why a manifest cannot be loaded; the server keeps what it had.
#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    #[error("{}: {source}", file.display())]
    Unreadable {
        file: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: not JSON: {source}", file.display())]
    NotJson {
        file: PathBuf,
        source: serde_json::Error,
    },
    #[error(
        "{}: not a persisted-query manifest: expected Apollo's format ({{\"format\": \"apollo-persisted-query-manifest\", \"version\": 1, \"operations\": […]}}) or a map of ids to documents",
        file.display()
    )]
    UnknownFormat { file: PathBuf },
    #[error("trusted_documents_mode = {0} needs at least one manifest in trusted_documents")]
    NoManifest(super::Mode),
    #[error("{}: entry {entry}: {problem}", file.display())]
    Entry {
        file: PathBuf,
        /// The entry, by its id and, where given, its operation's name.
        entry: String,
        problem: String,
    },
}

impl ManifestError {
    pub(crate) fn entry(file: &Path, listed: &Listed, problem: impl Into<String>) -> Self {
        ManifestError::Entry {
            file: file.to_owned(),
            entry: describe(&hex(&listed.id), listed.name.as_deref()),
            problem: problem.into(),
        }
    }
}

fn describe(id: &str, name: Option<&str>) -> String {
    match name {
        Some(name) => format!("`{name}` ({id})"),
        None => id.to_owned(),
    }
}

#[derive(Deserialize)]
struct Apollo {
    format: String,
    version: u64,
    operations: Vec<serde_json::Value>,
}

/// Every document the manifest at `file` lists, each id checked against
/// its document.
pub(crate) fn read(file: &Path) -> Result<Vec<Listed>, ManifestError> {
    let text = std::fs::read_to_string(file).map_err(|source| ManifestError::Unreadable {
        file: file.to_owned(),
        source,
    })?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|source| ManifestError::NotJson {
            file: file.to_owned(),
            source,
        })?;
    let unknown = || ManifestError::UnknownFormat {
        file: file.to_owned(),
    };
    let serde_json::Value::Object(map) = &value else {
        return Err(unknown());
    };
    let malformed = |entry: String, problem: &str| ManifestError::Entry {
        file: file.to_owned(),
        entry,
        problem: problem.to_owned(),
    };
    let entries: Vec<(String, Option<String>, String)> = if map.contains_key("format") {
        let apollo: Apollo = serde_json::from_value(value).map_err(|_| unknown())?;
        if apollo.format != "apollo-persisted-query-manifest" || apollo.version != 1 {
            return Err(unknown());
        }
        apollo
            .operations
            .iter()
            .enumerate()
            .map(|(index, operation)| {
                let text = |key: &str| operation.get(key).and_then(|v| v.as_str());
                let name = text("name").map(str::to_owned);
                let entry = || {
                    let at = format!("#{}", index + 1);
                    describe(text("id").unwrap_or(&at), name.as_deref())
                };
                let id = text("id").ok_or_else(|| malformed(entry(), "it has no id"))?;
                let body = text("body").ok_or_else(|| malformed(entry(), "it has no body"))?;
                Ok((id.to_owned(), name.clone(), body.to_owned()))
            })
            .collect::<Result<_, _>>()?
    } else if !map.values().any(serde_json::Value::is_string) {
        return Err(unknown());
    } else {
        map.iter()
            .map(|(id, body)| match body {
                serde_json::Value::String(body) => Ok((id.clone(), None, body.clone())),
                _ => Err(malformed(id.clone(), "its document is not a string")),
            })
            .collect::<Result<_, _>>()?
    };
    entries
        .into_iter()
        .map(|(id, name, body)| {
            let Some(parsed) = parse_id(&id) else {
                return Err(ManifestError::Entry {
                    file: file.to_owned(),
                    entry: describe(&id, name.as_deref()),
                    problem:
                        "the id is not a SHA-256 (64 hexadecimal digits, perhaps after `sha256:`)"
                            .into(),
                });
            };
            let actual = digest(&body);
            if actual != parsed {
                return Err(ManifestError::Entry {
                    file: file.to_owned(),
                    entry: describe(&id, name.as_deref()),
                    problem: format!(
                        "the id is not the SHA-256 of the document, which is {}",
                        hex(&actual)
                    ),
                });
            }
            Ok(Listed {
                id: parsed,
                name,
                body,
            })
        })
        .collect()
}

/// The SHA-256 of `text`.
pub(crate) fn digest(text: &str) -> DocumentId {
    Sha256::digest(text.as_bytes()).into()
}

/// An id as clients send it: 64 hexadecimal digits, perhaps after
/// `sha256:` (the GraphQL-over-HTTP draft's `documentId`).
pub(crate) fn parse_id(text: &str) -> Option<DocumentId> {
    let digits = text.strip_prefix("sha256:").unwrap_or(text).as_bytes();
    if digits.len() != 64 || !digits.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    let mut id = [0_u8; 32];
    for (byte, pair) in id.iter_mut().zip(digits.chunks_exact(2)) {
        let text = std::str::from_utf8(pair).ok()?;
        *byte = u8::from_str_radix(text, 16).ok()?;
    }
    Some(id)
}

/// An id in lowercase hexadecimal.
pub(crate) fn hex(id: &DocumentId) -> String {
    id.iter().map(|byte| format!("{byte:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_read_with_or_without_their_prefix() {
        let id = digest("{ a }");
        assert_eq!(parse_id(&hex(&id)), Some(id));
        assert_eq!(parse_id(&format!("sha256:{}", hex(&id))), Some(id));
        assert_eq!(parse_id(&hex(&id).to_uppercase()), Some(id));
        assert_eq!(parse_id("sha256:abc"), None);
        assert_eq!(parse_id(&"g".repeat(64)), None);
        assert_eq!(parse_id(&"é".repeat(32)), None);
        assert_eq!(parse_id(&format!("+{}", &hex(&id)[1..])), None);
    }
}
