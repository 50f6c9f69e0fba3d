//! What every request handler shares: the engine, the database, the JWT
//! keys, the statement counter, the request limits, the trusted proxies,
//! whether the server is draining, the trusted documents, the metrics and
//! the traces; and how a GraphQL request gets its viewer and client address.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use sea_orm::DatabaseConnection;
use weftql_runtime::Limits;
use weftql_runtime::engine::{Engine, RequestData};
use weftql_runtime::http::{Executor, Origin, TrustedDocuments};
use weftql_runtime::metrics::Metrics;
use weftql_runtime::shutdown::{CloseConnections, Closing};
use weftql_runtime::traces::Tracing;

use crate::auth::{ClientAddress, JwtKeys, TrustedProxies, Viewer};
use crate::db::StatementCounter;
use crate::resolvers::Seen;

#[derive(Clone)]
pub struct State {
    pub engine: Engine,
    pub db: DatabaseConnection,
    pub keys: JwtKeys,
    pub statements: StatementCounter,
    pub limits: Limits,
    pub trusted_proxies: TrustedProxies,
    pub draining: Draining,
    /// The documents clients shipped, if manifests are configured.
    pub trusted_documents: Option<Arc<TrustedDocuments>>,
    /// The Prometheus metrics, unless they are off.
    pub metrics: Option<Arc<Metrics>>,
    /// Where `/metrics` is served, if not on the main address.
    pub metrics_addr: Option<String>,
    /// What traces requests, if traces are exported.
    pub tracing: Option<Arc<Tracing>>,
}

/// Whether the server is shutting down, for how long it keeps serving
/// with readiness failing before it stops accepting connections, and what
/// closes its graphql-ws connections then.
#[derive(Clone)]
pub struct Draining {
    on: Arc<AtomicBool>,
    pub period: Duration,
    close: Arc<CloseConnections>,
}

impl Draining {
    pub fn new(period: Duration) -> Self {
        Draining {
            on: Arc::default(),
            period,
            close: Arc::default(),
        }
    }

    pub fn start(&self) {
        self.on.store(true, Ordering::Relaxed);
    }

    pub fn is_on(&self) -> bool {
        self.on.load(Ordering::Relaxed)
    }

    /// The drain is over: graphql-ws connections close (1012) and event
    /// streams end, so their clients reconnect to another instance; waits
    /// until they have, at most `within`.
    pub async fn close_connections(&self, within: Duration) {
        self.close.close(within).await;
    }
}

/// Each request gets its viewer (from `Authorization`), its client address
/// and an empty memory of the users it read, whatever transport carried it.
impl Executor for State {
    fn engine(&self) -> Engine {
        self.engine.clone()
    }

    fn limits(&self) -> &Limits {
        &self.limits
    }

    fn prepare(&self, origin: &Origin<'_>, ctx: &mut RequestData) {
        let viewer = Viewer::from_header(origin.authorization(), &self.keys);
        ctx.insert(viewer);
        let peer = origin.remote_addr.as_socket_addr().copied();
        ctx.insert(ClientAddress(
            self.trusted_proxies.client(peer, origin.headers),
        ));
        ctx.insert(Seen::default());
    }

    fn metrics(&self) -> Option<Arc<Metrics>> {
        self.metrics.clone()
    }

    fn tracing(&self) -> Option<Arc<Tracing>> {
        self.tracing.clone()
    }

    /// The client as trusted proxies say, so the clients behind one
    /// balancer are not counted as one.
    fn client_key(&self, origin: &Origin<'_>) -> String {
        let peer = origin.remote_addr.as_socket_addr().copied();
        match self.trusted_proxies.client(peer, origin.headers) {
            Some(client) => client.to_string(),
            None => origin.remote_addr.to_string(),
        }
    }

    fn closing(&self) -> Option<Closing> {
        Some(self.draining.close.watch())
    }

    fn trusted_documents(&self) -> Option<&TrustedDocuments> {
        self.trusted_documents.as_deref()
    }
}
