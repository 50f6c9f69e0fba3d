//! `/graphql/ws`: any operation, subscriptions included, over WebSocket in
//! the graphql-ws (`graphql-transport-ws`) or subscriptions-transport-ws
//! protocol, each connection driven by `socket` (its time limits, pings,
//! and closing on shutdown). A message is at most [`Limits::max_body_bytes`]
//! long (the connection closes beyond), and every operation passes the same
//! admission as on `/graphql`, with the upgrade request and the
//! `connection_init` payload as its origin; a refused one (or a query
//! given up at its time limit) is answered with an `error` message (its
//! errors, no `complete`) and the connection goes on.
//!
//! [`Limits::max_body_bytes`]: crate::Limits::max_body_bytes

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use async_graphql::futures_util::stream::{self, BoxStream, StreamExt};
use async_graphql::http::ALL_WEBSOCKET_PROTOCOLS;
use async_graphql::{Data, Response};
use async_graphql_poem::GraphQLProtocol;
use poem::http::HeaderMap;
use poem::web::RemoteAddr;
use poem::web::websocket::{WebSocket, WebSocketConfig};
use poem::{Endpoint, FromRequest, IntoResponse, Request};

use super::admit::{self, admit};
use super::socket::{self, InitPayload};
use super::{Executor, Origin, Refused, Served};
use crate::Limits;

/// Each connection's read buffer, allocated whole when it opens: clients
/// send little (a `subscribe` now and then), so tungstenite's 128 KiB
/// default, its advice for heavy reading, held 128 of the 154 KiB each idle
/// subscriber took (`.ci/bench-subscriptions.py`). A longer message is
/// still read, in more than one go.
const READ_BUFFER_BYTES: usize = 4 * 1024;

pub(crate) struct GraphqlWs<E>(pub(crate) Arc<Served<E>>);

impl<E: Executor> Endpoint for GraphqlWs<E> {
    type Output = poem::Response;

    async fn call(&self, req: Request) -> poem::Result<poem::Response> {
        let (req, mut body) = req.split();
        let websocket = WebSocket::from_request(&req, &mut body).await?;
        let protocol = GraphQLProtocol::from_request(&req, &mut body).await?;
        let max = self.0.executor.limits().max_body_bytes;
        let client = self.0.executor.client_key(&Origin::of(&req));
        let opened = self.0.sockets.open(client, self.0.executor.limits());
        let connection = Connection {
            served: self.0.clone(),
            headers: Arc::new(req.headers().clone()),
            remote_addr: Arc::new(req.remote_addr().clone()),
            subscriptions: Arc::default(),
        };
        Ok(websocket
            .protocols(ALL_WEBSOCKET_PROTOCOLS)
            .config(
                WebSocketConfig::default()
                    .max_message_size(Some(max))
                    .max_frame_size(Some(max))
                    .read_buffer_size(READ_BUFFER_BYTES),
            )
            .on_upgrade(move |socket| async move {
                let served = connection.served.clone();
                let executor = &served.executor;
                match opened {
                    Some(_open) => {
                        let closing = executor.closing();
                        socket::drive(socket, connection, protocol, executor.limits(), closing)
                            .await;
                    }
                    None => socket::refuse(socket, TOO_MANY_CONNECTIONS).await,
                }
            })
            .into_response())
    }
}

const TOO_MANY_CONNECTIONS: &str =
    "Too many connections from this client (ws_max_connections_per_client).";

/// The graphql-ws connections open, by client.
#[derive(Default)]
pub(crate) struct OpenSockets(Arc<Mutex<HashMap<String, usize>>>);

/// One client's connection, counted until it is dropped.
pub(crate) struct OpenSocket {
    sockets: Arc<Mutex<HashMap<String, usize>>>,
    client: String,
}

impl OpenSockets {
    /// Counts one more connection of `client`, unless it has as many as
    /// `limits` allow.
    fn open(&self, client: String, limits: &Limits) -> Option<OpenSocket> {
        let mut open = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if open.get(&client).copied().unwrap_or(0) >= limits.ws_max_connections_per_client {
            return None;
        }
        *open.entry(client.clone()).or_default() += 1;
        Some(OpenSocket {
            sockets: self.0.clone(),
            client,
        })
    }
}

impl Drop for OpenSocket {
    fn drop(&mut self) {
        let mut open = self.sockets.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(count) = open.get_mut(&self.client) {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.client);
            }
        }
    }
}

/// One WebSocket connection: the executor, the upgrade request's origin
/// and how many subscriptions it has open.
struct Connection<E> {
    served: Arc<Served<E>>,
    headers: Arc<HeaderMap>,
    remote_addr: Arc<RemoteAddr>,
    subscriptions: Arc<AtomicUsize>,
}

impl<E> Clone for Connection<E> {
    fn clone(&self) -> Self {
        Connection {
            served: self.served.clone(),
            headers: self.headers.clone(),
            remote_addr: self.remote_addr.clone(),
            subscriptions: self.subscriptions.clone(),
        }
    }
}

/// One of a connection's subscriptions, counted until its stream ends.
struct Subscribed(Arc<AtomicUsize>);

impl Subscribed {
    fn start(open: &Arc<AtomicUsize>, most: usize) -> Option<Subscribed> {
        open.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |n| {
            (n < most).then_some(n + 1)
        })
        .ok()?;
        Some(Subscribed(open.clone()))
    }
}

impl Drop for Subscribed {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

impl<E: Executor> async_graphql::Executor for Connection<E> {
    async fn execute(&self, request: async_graphql::Request) -> Response {
        let mut results = self.execute_stream(request, None);
        results.next().await.unwrap_or_default()
    }

    fn execute_stream(
        &self,
        request: async_graphql::Request,
        session_data: Option<Arc<Data>>,
    ) -> BoxStream<'static, Response> {
        let init_payload = session_data
            .as_deref()
            .and_then(|data| data.get(&std::any::TypeId::of::<InitPayload>()))
            .and_then(|payload| payload.downcast_ref::<InitPayload>())
            .map(|payload| &payload.0);
        let origin = Origin {
            headers: &self.headers,
            remote_addr: &self.remote_addr,
            init_payload,
        };
        let admitted = admit::engine_request(request).and_then(|(request, document_id)| {
            admit(
                self.served.as_ref(),
                request,
                document_id,
                &origin,
                admit::Method::Other,
            )
        });
        let most = self
            .served
            .executor
            .limits()
            .ws_max_subscriptions_per_connection;
        let admitted = admitted.and_then(|admitted| {
            if !admitted.is_subscription() {
                return Ok((admitted, None));
            }
            match Subscribed::start(&self.subscriptions, most) {
                Some(subscribed) => Ok((admitted, Some(subscribed))),
                None => Err(Refused::bad(format!(
                    "This connection has {most} subscriptions open, the most it may \
                     (ws_max_subscriptions_per_connection)."
                ))
                .with_code("TOO_MANY_SUBSCRIPTIONS")),
            }
        });
        match admitted {
            Ok((admitted, subscribed)) => admitted
                .stream()
                .enumerate()
                .map(move |(index, answer)| {
                    let _counted = &subscribed;
                    match answer {
                        // Only a stream's first answer can be a refusal.
                        Ok(answer) if index == 0 && answer.never_executed() => {
                            socket::mark_refused(
                                serde_json::from_slice(&answer.to_json()).unwrap_or_default(),
                            )
                        }
                        Ok(answer) => serde_json::from_slice(&answer.to_json()).unwrap_or_default(),
                        Err(refused) => socket::mark_refused(refused.into_graphql()),
                    }
                })
                .boxed(),
            Err(refused) => {
                stream::once(async move { socket::mark_refused(refused.into_graphql()) }).boxed()
            }
        }
    }
}
