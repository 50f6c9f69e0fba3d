//! A persisted-query manifest of the project's operations, in Apollo's
//! format (`apollo-persisted-query-manifest`, version 1): each operation's
//! name, type and body (the operation and the fragments it spreads), under
//! the SHA-256 of the body as its id, which is what a server that trusts
//! only listed documents checks.

use std::collections::BTreeMap;

use serde::Serialize;
use sha2::{Digest, Sha256};

use super::Operation;

/// Apollo's manifest format, as `@apollo/generate-persisted-query-manifest`
/// writes it.
#[derive(Debug, Serialize)]
pub struct Manifest<'a> {
    format: &'static str,
    version: u32,
    operations: Vec<Entry<'a>>,
}

#[derive(Debug, Serialize)]
struct Entry<'a> {
    id: String,
    name: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    body: &'a str,
}

/// An operation without a name, which cannot be listed: clients look an
/// operation's id up by its name. (Two operations of one name never get
/// here: validation refuses them.)
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{file}:{line}:{column}: an anonymous operation cannot be listed: name it")]
pub struct AnonymousOperation {
    pub file: String,
    pub line: usize,
    pub column: usize,
}

/// The lowercase hexadecimal SHA-256 of `body`: a document's id.
pub fn document_id(body: &str) -> String {
    Sha256::digest(body.as_bytes())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// The manifest of valid `operations`, in name order, or the anonymous
/// ones that keep it from being written.
pub fn manifest(operations: &[Operation]) -> Result<Manifest<'_>, Vec<AnonymousOperation>> {
    let anonymous: Vec<AnonymousOperation> = operations
        .iter()
        .filter(|o| o.name.is_none())
        .map(|o| AnonymousOperation {
            file: o.file.clone(),
            line: o.line,
            column: o.column,
        })
        .collect();
    if !anonymous.is_empty() {
        return Err(anonymous);
    }
    let named: BTreeMap<&str, &Operation> = operations
        .iter()
        .filter_map(|o| Some((o.name.as_deref()?, o)))
        .collect();
    Ok(Manifest {
        format: "apollo-persisted-query-manifest",
        version: 1,
        operations: named
            .into_iter()
            .map(|(name, operation)| Entry {
                id: document_id(&operation.body),
                name,
                kind: operation.kind,
                body: &operation.body,
            })
            .collect(),
    })
}
