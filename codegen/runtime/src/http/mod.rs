//! GraphQL over HTTP with poem, for any [`Executor`]: `/graphql` (and
//! `/graphql/`) answers GET and POST by the GraphQL-over-HTTP spec and serves
//! GraphiQL to browsers, `/graphql/stream` answers with server-sent events
//! (graphql-sse, distinct connections), `/graphql/ws` speaks graphql-ws
//! (and the older subscriptions-transport-ws), and `/graphiql/<file>` serves
//! GraphiQL's assets. Every transport reads its request through `params`
//! and hands it to `admit`, the one entry that guards, parses and
//! prepares it, before anything executes.

mod admit;
mod endpoint;
mod params;
mod refused;
mod socket;
mod sse;
pub mod trusted;
mod verdicts;
mod ws;

use std::sync::Arc;

use poem::http::{HeaderMap, StatusCode};
use poem::web::{Path, RemoteAddr};
use poem::{Request, Response, Route, get, handler};

use crate::Limits;
use crate::engine::{Engine, RequestData};
use crate::graphiql;
use crate::metrics::Metrics;
use crate::shutdown::Closing;
use crate::traces::Tracing;

pub use refused::Refused;
#[cfg(unix)]
pub use trusted::reload_on_hangup;
pub use trusted::{ManifestError, Mode as TrustedDocumentsMode, TrustedDocuments};

/// What serves GraphQL requests: an engine, its limits, and per-request data.
pub trait Executor: Send + Sync + 'static {
    /// The engine the next request runs on.
    fn engine(&self) -> Engine;

    /// The limits of every request, the same for the executor's whole life
    /// (the guard's verdicts are remembered under them).
    fn limits(&self) -> &Limits;

    /// Adds what the request needs from where it came from (its headers,
    /// the client's address) to its context: for a WebSocket, the upgrade
    /// request's.
    fn prepare(&self, _origin: &Origin<'_>, _ctx: &mut RequestData) {}

    /// The documents its clients shipped, if it has manifests: a request
    /// may then name one by id, and the mode says what happens to a
    /// document no manifest lists.
    fn trusted_documents(&self) -> Option<&TrustedDocuments> {
        None
    }

    /// The metrics every request is counted in, if the server keeps them
    /// (served with [`crate::metrics::metrics_endpoint`]).
    fn metrics(&self) -> Option<Arc<Metrics>> {
        None
    }

    /// What traces its requests, if the server exports traces.
    fn tracing(&self) -> Option<Arc<Tracing>> {
        None
    }

    /// Who a WebSocket's client is, for `ws_max_connections_per_client`:
    /// by default the peer's address; a server behind a load balancer says
    /// whom it trusts the balancer to name.
    fn client_key(&self, origin: &Origin<'_>) -> String {
        match origin.remote_addr.as_socket_addr() {
            Some(peer) => peer.ip().to_string(),
            None => origin.remote_addr.to_string(),
        }
    }

    /// What tells its graphql-ws connections to close when it shuts down.
    fn closing(&self) -> Option<Closing> {
        None
    }
}

/// An executor, and the guard's verdicts on the documents it was sent.
pub(crate) struct Served<E> {
    pub(crate) executor: E,
    pub(crate) verdicts: verdicts::Verdicts,
    /// graphql-ws connections open, by client.
    pub(crate) sockets: ws::OpenSockets,
}

/// Where a request came from: the headers and peer of the HTTP request
/// that carried it (for a WebSocket operation, of the upgrade request, and
/// the payload of its `connection_init`).
#[derive(Debug, Clone, Copy)]
pub struct Origin<'a> {
    pub headers: &'a HeaderMap,
    pub remote_addr: &'a RemoteAddr,
    pub init_payload: Option<&'a serde_json::Value>,
}

impl<'a> Origin<'a> {
    pub fn of(request: &'a Request) -> Self {
        Origin {
            headers: request.headers(),
            remote_addr: request.remote_addr(),
            init_payload: None,
        }
    }

    /// The value of header `name`, if it is there and readable.
    pub fn header(&self, name: impl poem::http::header::AsHeaderName) -> Option<&'a str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The request's credentials: its `Authorization` header or, for a
    /// WebSocket operation, the `Authorization` (or `authorization`) string
    /// of its `connection_init` payload, as browsers cannot set headers on
    /// a WebSocket (graphql-ws's `connectionParams`).
    pub fn authorization(&self) -> Option<&'a str> {
        self.header(poem::http::header::AUTHORIZATION).or_else(|| {
            let payload = self.init_payload?;
            ["Authorization", "authorization"]
                .iter()
                .find_map(|key| payload.get(key)?.as_str())
        })
    }
}

/// `/graphql`, `/graphql/`, `/graphql/stream`, `/graphql/ws` and GraphiQL's
/// assets, served by `executor`.
pub fn graphql_routes<E: Executor>(executor: E) -> Route {
    let served = Arc::new(Served {
        executor,
        verdicts: verdicts::Verdicts::new(),
        sockets: ws::OpenSockets::default(),
    });
    let endpoint = endpoint::GraphqlEndpoint(served.clone());
    Route::new()
        .at("/graphql", endpoint.clone())
        .at("/graphql/", endpoint)
        .at("/graphql/stream", sse::EventStream(served.clone()))
        .at("/graphql/ws", ws::GraphqlWs(served))
        .at("/graphiql/:file", get(graphiql_asset))
}

#[handler]
fn graphiql_asset(Path(file): Path<String>) -> Response {
    match graphiql::asset(&file) {
        Some((bytes, content_type)) => Response::builder()
            .content_type(content_type)
            .header("cache-control", "public, max-age=86400")
            .body(bytes),
        None => Response::builder().status(StatusCode::NOT_FOUND).finish(),
    }
}
