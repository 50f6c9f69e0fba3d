//! The overrides file: fixed example values keyed by schema coordinate, as
//! a JSON object (`{"UserType.username": "ada", "Query.me": null}`). A leaf
//! field (a scalar or enum, or a list of them) gets its value everywhere; any
//! field may be pinned to `null`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use async_graphql::Value;

use super::model::Model;

#[derive(Debug, Default)]
pub struct Overrides(HashMap<String, Value>);

#[derive(Debug, thiserror::Error)]
pub enum OverridesError {
    #[error("{path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {source}")]
    Parse {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("{path}: expected a JSON object keyed by `Type.field`")]
    NotAnObject { path: PathBuf },
}

impl Overrides {
    pub fn load(path: &Path) -> Result<Overrides, OverridesError> {
        let text = std::fs::read_to_string(path).map_err(|source| OverridesError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let json: serde_json::Value =
            serde_json::from_str(&text).map_err(|source| OverridesError::Parse {
                path: path.to_path_buf(),
                source,
            })?;
        let serde_json::Value::Object(entries) = json else {
            return Err(OverridesError::NotAnObject {
                path: path.to_path_buf(),
            });
        };
        Ok(Overrides(
            entries
                .into_iter()
                .map(|(coordinate, value)| {
                    (coordinate, Value::from_json(value).unwrap_or(Value::Null))
                })
                .collect(),
        ))
    }

    pub fn get(&self, coordinate: &str) -> Option<&Value> {
        self.0.get(coordinate)
    }

    /// The coordinates that name no field of `model`, sorted.
    pub fn unknown(&self, model: &Model) -> Vec<&str> {
        let mut unknown: Vec<&str> = self
            .0
            .keys()
            .filter(|coordinate| {
                let field = coordinate
                    .split_once('.')
                    .and_then(|(ty, field)| model.field(model.find(ty)?, field));
                field.is_none()
            })
            .map(String::as_str)
            .collect();
        unknown.sort_unstable();
        unknown
    }
}
