//! Trusted documents (persisted operations): the documents a server's
//! clients shipped, read from their manifests (`manifest`), each parsed,
//! validated and judged by the guard once, at load, so a request by id
//! does none of that; and what admission does with them ([`Mode`]). The
//! set is replaced whole on [`TrustedDocuments::reload`] (SIGHUP in a
//! server, [`reload_on_hangup`]): requests in flight keep the set they
//! started with, and a manifest that fails to load leaves the last good
//! set serving.

mod manifest;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use arc_swap::ArcSwap;
use quick_cache::sync::{Cache, GuardResult};

pub use manifest::{DocumentId, ManifestError};
pub(crate) use manifest::{digest, hex, parse_id};

use super::Executor;
use super::verdicts::{Verdict, judge};
use crate::Limits;
use crate::engine::{self, Engine, Prepared};

/// What admission does with a document that no manifest lists. A document
/// asked for by id is served in every mode if it is listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    /// Serve it.
    #[default]
    Off,
    /// Serve it, and log it once (its id and operation name).
    LogUnknown,
    /// Refuse it: 403, `PERSISTED_QUERY_NOT_IN_LIST`.
    Enforce,
}

impl std::str::FromStr for Mode {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "off" => Ok(Mode::Off),
            "log-unknown" => Ok(Mode::LogUnknown),
            "enforce" => Ok(Mode::Enforce),
            other => Err(format!(
                "`{other}` is not a mode: use off, log-unknown or enforce"
            )),
        }
    }
}

impl std::fmt::Display for Mode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Mode::Off => "off",
            Mode::LogUnknown => "log-unknown",
            Mode::Enforce => "enforce",
        })
    }
}

/// The trusted documents of a server, and its mode.
pub struct TrustedDocuments {
    files: Vec<PathBuf>,
    mode: Mode,
    current: ArcSwap<Loaded>,
    /// The unlisted documents logged lately, each logged once.
    logged: Cache<DocumentId, ()>,
}

/// The documents of one load.
struct Loaded {
    documents: HashMap<DocumentId, Arc<Trusted>>,
}

/// A listed document, ready to run.
pub(crate) struct Trusted {
    pub(crate) body: String,
    prepared: Prepared,
    engine: u64,
    /// The guard's verdict by operation name (`None`: the request names
    /// none).
    verdicts: Vec<(Option<String>, Verdict)>,
}

impl Trusted {
    /// The document prepared by `engine`, if it is the one that loaded it.
    pub(crate) fn prepared(&self, engine: u64) -> Option<Prepared> {
        (self.engine == engine).then(|| self.prepared.clone())
    }

    /// The guard's verdict on the operation `operation_name` asks for, as
    /// `engine` judged it at load.
    pub(crate) fn verdict(&self, engine: u64, operation_name: Option<&str>) -> Option<&Verdict> {
        if self.engine != engine {
            return None;
        }
        self.verdicts
            .iter()
            .find(|(name, _)| name.as_deref() == operation_name)
            .map(|(_, verdict)| verdict)
    }
}

/// The unlisted documents remembered as logged at most; one evicted may be
/// logged again.
const LOGGED: usize = 4096;

impl TrustedDocuments {
    /// What a server's settings ask for: no trusted documents when no
    /// manifest is given and the mode is `off`; a mode that needs them
    /// without a manifest is an error, never a server that serves anything.
    pub fn configure(
        files: Vec<PathBuf>,
        mode: Mode,
        engine: &Engine,
        limits: &Limits,
    ) -> Result<Option<Self>, ManifestError> {
        match (files.is_empty(), mode) {
            (true, Mode::Off) => Ok(None),
            (true, mode) => Err(ManifestError::NoManifest(mode)),
            (false, _) => Self::load(files, mode, engine, limits).map(Some),
        }
    }

    /// Reads every manifest of `files` (Apollo's format or a map of ids to
    /// documents), checks each id against its document, and prepares each
    /// document on `engine` under `limits`: one that does not validate, or
    /// that the guard refuses, is an error naming it.
    pub fn load(
        files: Vec<PathBuf>,
        mode: Mode,
        engine: &Engine,
        limits: &Limits,
    ) -> Result<Self, ManifestError> {
        let loaded = load(&files, engine, limits)?;
        Ok(TrustedDocuments {
            files,
            mode,
            current: ArcSwap::from_pointee(loaded),
            logged: Cache::new(LOGGED),
        })
    }

    /// Reads the manifests again; on an error the documents loaded before
    /// stay. How many documents are listed now.
    pub fn reload(&self, engine: &Engine, limits: &Limits) -> Result<usize, ManifestError> {
        let loaded = load(&self.files, engine, limits)?;
        let count = loaded.documents.len();
        self.current.store(Arc::new(loaded));
        Ok(count)
    }

    /// How many documents are listed.
    pub fn len(&self) -> usize {
        self.current.load().documents.len()
    }

    /// Whether no document is listed (manifests may be empty).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn mode(&self) -> Mode {
        self.mode
    }

    pub(crate) fn get(&self, id: &DocumentId) -> Option<Arc<Trusted>> {
        self.current.load().documents.get(id).cloned()
    }

    /// Logs a document no manifest lists, once while it is remembered (the
    /// first request of it logs, concurrent ones do not), with the
    /// operation the request names, else the document's first.
    pub(crate) fn log_unlisted(&self, id: DocumentId, request: &engine::Request) {
        let GuardResult::Guard(first) = self.logged.get_value_or_guard(&id, None) else {
            return;
        };
        let _ = first.insert(());
        let operation_name = request
            .operation_name
            .clone()
            .or_else(|| first_operation_name(&request.query))
            .unwrap_or_default();
        tracing::warn!(
            document_id = %format!("sha256:{}", hex(&id)),
            operation_name,
            "a document that no trusted-documents manifest lists was sent"
        );
    }
}

/// The name of the first operation `text` defines, if it parses.
fn first_operation_name(text: &str) -> Option<String> {
    let document = match apollo_compiler::ast::Document::parse(text, "request.graphql") {
        Ok(document) => document,
        Err(invalid) => invalid.partial,
    };
    document
        .definitions
        .iter()
        .find_map(|definition| match definition {
            apollo_compiler::ast::Definition::OperationDefinition(operation) => {
                operation.name.as_ref().map(ToString::to_string)
            }
            _ => None,
        })
}

fn load(files: &[PathBuf], engine: &Engine, limits: &Limits) -> Result<Loaded, ManifestError> {
    let mut documents = HashMap::new();
    for file in files {
        for listed in manifest::read(file)? {
            if documents.contains_key(&listed.id) {
                continue;
            }
            let prepared = engine.prepare(&listed.body).map_err(|errors| {
                let messages: Vec<String> = errors.into_iter().map(|e| e.message).collect();
                ManifestError::entry(
                    file,
                    &listed,
                    format!(
                        "does not validate against the contract: {}",
                        messages.join(" ")
                    ),
                )
            })?;
            let named = prepared.operation_names();
            // A request need not name the operation of a document of one.
            let alone = named.len() <= 1;
            let mut names: Vec<Option<String>> = vec![None];
            names.extend(named.into_iter().map(Some));
            let mut verdicts = Vec::with_capacity(names.len());
            for name in names {
                let request = engine::Request {
                    query: listed.body.clone(),
                    operation_name: name.clone(),
                    prepared: Some(prepared.clone()),
                    ..engine::Request::default()
                };
                let verdict = judge(engine, &request, limits);
                if let Some(refusal) = &verdict.refusal
                    && (name.is_some() || alone)
                {
                    let which = name.as_deref().map_or_else(
                        || "the operation".to_owned(),
                        |name| format!("operation `{name}`"),
                    );
                    return Err(ManifestError::entry(
                        file,
                        &listed,
                        format!("the guard refuses {which}: {}", refusal.message),
                    ));
                }
                verdicts.push((name, verdict));
            }
            documents.insert(
                listed.id,
                Arc::new(Trusted {
                    body: listed.body,
                    prepared,
                    engine: engine.id(),
                    verdicts,
                }),
            );
        }
    }
    Ok(Loaded { documents })
}

/// Reloads the executor's trusted documents at every SIGHUP, for as long as
/// the process runs, logging how many are listed, or why the last good set
/// stays. Does nothing for an executor without trusted documents.
#[cfg(unix)]
pub async fn reload_on_hangup<E: Executor>(executor: E) {
    use tokio::signal::unix::{SignalKind, signal};
    if executor.trusted_documents().is_none() {
        return;
    }
    let Ok(mut hangups) = signal(SignalKind::hangup()) else {
        tracing::error!("cannot listen for SIGHUP: trusted documents will not reload");
        return;
    };
    let executor = Arc::new(executor);
    while hangups.recv().await.is_some() {
        // Preparing every document is work for a blocking thread.
        let reloading = executor.clone();
        let reloaded = tokio::task::spawn_blocking(move || {
            reloading
                .trusted_documents()
                .map(|trusted| trusted.reload(&reloading.engine(), reloading.limits()))
        })
        .await;
        let Ok(Some(reloaded)) = reloaded else {
            return;
        };
        match reloaded {
            Ok(count) => tracing::info!(documents = count, "trusted documents reloaded"),
            Err(error) => tracing::error!(
                %error,
                "trusted documents not reloaded: the last good manifests still serve"
            ),
        }
    }
}
