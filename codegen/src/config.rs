//! `codegen.toml`: how GraphQL names meet Rust. Binds object types to existing
//! Rust structs, maps custom scalars to Rust types, names the error type the
//! resolver traits return, chooses Rust names, sets the duplicate-field
//! policy, and says where the project's client operations are.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The error type of every resolver method, a Rust path. It must
    /// implement `weftql_runtime::engine::IntoFieldError`. Default:
    /// `weftql_runtime::engine::FieldError`.
    pub error: Option<String>,
    /// What a field declared twice in one type is: an error (default), or a
    /// warning with the first declaration kept.
    #[serde(default)]
    pub duplicate_fields: DuplicateFields,
    /// Custom scalar name to Rust type path, overriding the defaults.
    #[serde(default)]
    pub scalars: BTreeMap<String, String>,
    /// Object type name to its binding.
    #[serde(default)]
    pub types: BTreeMap<String, TypeBinding>,
    /// Rust names chosen by hand, by schema coordinate: `"User"` (a type),
    /// `"Query.fooID"` (a field or input field), `"Query.user(userID:)"` (an
    /// argument), `"Status.Active"` (an enum value).
    #[serde(default)]
    pub names: BTreeMap<String, String>,
    /// Where `scaffold` writes starter implementations (default `src/resolvers`).
    pub scaffold_dir: Option<PathBuf>,
    /// The project's client operations, checked against the contract at
    /// every build.
    pub operations: Option<Operations>,
}

/// `[operations]`: where a project's client documents are.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Operations {
    /// Glob patterns relative to the crate root: `.graphql` files, and
    /// JavaScript or TypeScript files whose `gql`/`graphql` templates hold
    /// operations (`"web/src/**/*.tsx"`).
    pub paths: Vec<String>,
    /// Whether using a deprecated field, argument, input field or enum
    /// value is an error rather than a warning.
    #[serde(default)]
    pub deny_deprecated: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DuplicateFields {
    #[default]
    Error,
    Warn,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypeBinding {
    /// The Rust struct values of this GraphQL type are, e.g.
    /// `crate::entities::link::Model`. The generated code needs it to be
    /// `Debug + Clone + Send + Sync + 'static`: generated structs and the
    /// enums of interfaces and unions hold it.
    pub model: Option<String>,
    /// The file that defines `model`, relative to the crate root; by default
    /// derived from the path as rustc resolves modules.
    pub source: Option<PathBuf>,
    /// Fields resolved by a trait method even where a column would match.
    #[serde(default)]
    pub resolvers: Vec<String>,
    /// Object-typed fields whose method takes one parent at a time instead
    /// of every parent of a level at once (the default).
    #[serde(default)]
    pub single: Vec<String>,
}

/// Why `codegen.toml` could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{0}")]
    Invalid(#[from] toml::de::Error),
    #[error("{path}: {source}")]
    InvalidFile {
        path: PathBuf,
        source: toml::de::Error,
    },
    #[error("{path}: {source}")]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl Config {
    pub fn parse(text: &str) -> Result<Config, ConfigError> {
        Ok(toml::from_str(text)?)
    }

    /// Reads `path`; a missing file is the default configuration.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        match std::fs::read_to_string(path) {
            Ok(text) => toml::from_str(&text).map_err(|source| ConfigError::InvalidFile {
                path: path.to_path_buf(),
                source,
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(source) => Err(ConfigError::Unreadable {
                path: path.to_path_buf(),
                source,
            }),
        }
    }

    pub fn error_type(&self) -> &str {
        self.error
            .as_deref()
            .unwrap_or("::weftql_runtime::engine::FieldError")
    }

    /// The Rust type of a custom scalar: configured, else a sensible default.
    pub fn scalar_type(&self, name: &str) -> String {
        if let Some(rust) = self.scalars.get(name) {
            return rust.clone();
        }
        match name {
            "DateTime" | "ISO8601DateTime" | "DateTimeUtc" | "Timestamp" => {
                "::chrono::DateTime<::chrono::Utc>"
            }
            "Date" => "::chrono::NaiveDate",
            "JSON" | "Json" | "JSONObject" | "GenericScalar" | "JSONString" => {
                "::serde_json::Value"
            }
            _ => "::std::string::String",
        }
        .to_string()
    }
}

impl TypeBinding {
    /// The file to read `model` from: `source`, or the module path mapped to
    /// `src/a/b.rs` or `src/a/b/mod.rs` under `crate_root`.
    pub fn source_file(&self, crate_root: &Path) -> Option<PathBuf> {
        if let Some(source) = &self.source {
            return Some(crate_root.join(source));
        }
        let model = self.model.as_deref()?;
        let segments: Vec<&str> = model.trim_start_matches("::").split("::").collect();
        let modules = segments.get(1..segments.len().saturating_sub(1))?;
        if segments.first() != Some(&"crate") {
            return None;
        }
        let mut base = crate_root.join("src");
        if modules.is_empty() {
            for root in ["lib.rs", "main.rs"] {
                if base.join(root).exists() {
                    return Some(base.join(root));
                }
            }
            return None;
        }
        for module in &modules[..modules.len() - 1] {
            base = base.join(module);
        }
        let last = modules[modules.len() - 1];
        let flat = base.join(format!("{last}.rs"));
        Some(if flat.exists() {
            flat
        } else {
            base.join(last).join("mod.rs")
        })
    }

    /// The struct's own name, the path's last segment.
    pub fn struct_name(&self) -> Option<&str> {
        self.model.as_deref()?.rsplit("::").next()
    }
}
