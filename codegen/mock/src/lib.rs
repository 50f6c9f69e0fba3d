//! weftql's mock server (`weftql-mock`): a working GraphQL API from an SDL
//! file alone, for frontend teams, served by the runtime's engine from the
//! file's own text (introspection is exactly the SDL) and codegen's IR; values are realistic, deterministic for a seed, and
//! consistent by object id; arguments page, look up and filter; mutations
//! change what later queries see; the file is watched and reloaded; a
//! request header picks error, null and delay scenarios; subscriptions
//! stream mock events over server-sent events at `/graphql/stream` and
//! WebSocket (graphql-ws) at `/graphql/ws`. Every transport is the
//! runtime's, behind its guard, as on a real server.
//!
//! The modules: `model` is the schema read once, made by `reading`;
//! `resolve` answers the runtime's engine for every object type, on `world`
//! (leaf values from `fake`, objects as `handle`s, lists from
//! `collection`), `mutation` and `store` keep what mutations change,
//! `scenario` and `overrides` adjust answers, `subscription` streams
//! events, and `server` loads, serves and hot-reloads it all. It
//! generates no Rust: it reads codegen's IR at run time.

mod collection;
mod fake;
mod handle;
mod hash;
mod model;
mod mutation;
mod overrides;
mod reading;
mod resolve;
mod scenario;
mod server;
mod store;
mod subscription;
mod world;

use std::future::Future;
use std::path::PathBuf;

pub use server::{LoadError, Mock, ServeError};
use weftql_runtime::Limits;
use weftql_runtime::http::TrustedDocumentsMode;

/// The mock's options, as `weftql-mock` takes them.
#[derive(Debug, Clone, clap::Args)]
pub struct Options {
    /// The SDL file to serve; it is reloaded whenever it changes.
    #[arg(long, default_value = "schema.graphql")]
    pub schema: PathBuf,
    /// The same seed gives the same data.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// A JSON file of fixed values keyed by schema coordinate (`Type.field`).
    #[arg(long)]
    pub overrides: Option<PathBuf>,
    /// Milliseconds between subscription events.
    #[arg(long, default_value_t = 1000)]
    pub event_interval_ms: u64,
    /// Persisted-query manifests of the operations clients ship (Apollo's
    /// format or GraphQL Codegen's map), comma-separated; reloaded on
    /// SIGHUP and with the schema.
    #[arg(long, value_delimiter = ',')]
    pub trusted_documents: Vec<PathBuf>,
    /// What happens to a document no manifest lists: off (served),
    /// log-unknown (served and logged once) or enforce (refused, 403).
    #[arg(long, default_value = "off")]
    pub trusted_documents_mode: TrustedDocumentsMode,
}

/// Why the mock stopped.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error("{0}")]
    Bind(#[from] std::io::Error),
    #[error(transparent)]
    Serve(#[from] ServeError),
}

/// Loads the schema, serves it on `host:port` (port 0 picks a free one)
/// until `shutdown`, and reloads it when the file changes.
pub async fn run(
    options: Options,
    limits: Limits,
    (host, port): (&str, u16),
    shutdown: impl Future<Output = ()> + Send,
) -> Result<(), RunError> {
    let mock = Mock::load(options, limits)?;
    if let Some(warnings) = mock.warnings() {
        eprint!("{warnings}");
    }
    let listener = tokio::net::TcpListener::bind((host, port)).await?;
    let acceptor = poem::listener::TcpAcceptor::from_tokio(listener)?;
    mock.serve(acceptor, shutdown).await?;
    Ok(())
}
