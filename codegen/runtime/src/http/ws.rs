//! `/graphql/ws`: any operation, subscriptions included, over WebSocket in
//! the graphql-ws (`graphql-transport-ws`) or subscriptions-transport-ws
//! protocol, each connection driven by `socket` (its time limits, pings,
//! and closing on shutdown). A message is at most [`Limits::max_body_bytes`]
//! long (the connection closes beyond), and every operation passes the same
//! admission as on `/graphql`, with the upgrade request and the
//! `connection_init` payload as its origin; a refused one answers with its
//! error and the connection goes on.
//!
//! [`Limits::max_body_bytes`]: crate::Limits::max_body_bytes

use std::sync::Arc;

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
use super::{Executor, Origin, Served};

pub(crate) struct GraphqlWs<E>(pub(crate) Arc<Served<E>>);

impl<E: Executor> Endpoint for GraphqlWs<E> {
    type Output = poem::Response;

    async fn call(&self, req: Request) -> poem::Result<poem::Response> {
        let (req, mut body) = req.split();
        let websocket = WebSocket::from_request(&req, &mut body).await?;
        let protocol = GraphQLProtocol::from_request(&req, &mut body).await?;
        let max = self.0.executor.limits().max_body_bytes;
        let connection = Connection {
            served: self.0.clone(),
            headers: Arc::new(req.headers().clone()),
            remote_addr: Arc::new(req.remote_addr().clone()),
        };
        Ok(websocket
            .protocols(ALL_WEBSOCKET_PROTOCOLS)
            .config(
                WebSocketConfig::default()
                    .max_message_size(Some(max))
                    .max_frame_size(Some(max)),
            )
            .on_upgrade(move |socket| async move {
                let served = connection.served.clone();
                let executor = &served.executor;
                let closing = executor.closing();
                socket::drive(socket, connection, protocol, executor.limits(), closing).await;
            })
            .into_response())
    }
}

/// One WebSocket connection: the executor and the upgrade request's origin.
struct Connection<E> {
    served: Arc<Served<E>>,
    headers: Arc<HeaderMap>,
    remote_addr: Arc<RemoteAddr>,
}

impl<E> Clone for Connection<E> {
    fn clone(&self) -> Self {
        Connection {
            served: self.served.clone(),
            headers: self.headers.clone(),
            remote_addr: self.remote_addr.clone(),
        }
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
        match admitted {
            Ok(admitted) => admitted
                .stream()
                .map(|answer| match answer {
                    Ok(answer) => serde_json::from_slice(&answer.to_json()).unwrap_or_default(),
                    Err(refused) => refused.into_graphql(),
                })
                .boxed(),
            Err(refused) => stream::once(async move { refused.into_graphql() }).boxed(),
        }
    }
}
