//! `/graphql/stream`: any operation, subscriptions included, answered as
//! server-sent events in the graphql-sse protocol's distinct-connections
//! mode: a `next` event per result, then `complete`. The request is read
//! and admitted as on `/graphql` (GET queries, POST bodies within the size
//! limit, the guard); a refused one gets its status and a JSON error body
//! instead of a stream. When the server shuts down, a stream ends without
//! `complete`, so that its client reconnects.

use std::sync::Arc;

use async_graphql::futures_util::{StreamExt, stream};
use poem::{Body, Endpoint, Request, Response};

use super::admit::admit_http;
use super::params::{self, Batch, JSON};
use super::{Executor, Refused, Served};

pub(crate) struct EventStream<E>(pub(crate) Arc<Served<E>>);

impl<E: Executor> Endpoint for EventStream<E> {
    type Output = Response;

    async fn call(&self, mut req: Request) -> poem::Result<Response> {
        let body = req.take_body();
        Ok(match events(&req, body, self.0.as_ref()).await {
            Ok(response) => response,
            Err(refused) => refused.into_response(JSON),
        })
    }
}

async fn events<E: Executor>(
    req: &Request,
    body: Body,
    served: &Served<E>,
) -> Result<Response, Refused> {
    let params = match params::read(req, body, served.executor.limits()).await? {
        Batch::One(params) => params,
        Batch::Many(_) => return Err(Refused::bad("A stream carries one operation.")),
    };
    let closing = served.executor.closing();
    let events = admit_http(served, params, req)?
        .stream()
        .map(|answer| {
            let data = match answer {
                Ok(answer) => String::from_utf8(answer.to_json()).unwrap_or_default(),
                Err(refused) => refused.body(),
            };
            Ok::<_, std::io::Error>(format!("event: next\ndata: {data}\n\n"))
        })
        .chain(stream::once(async {
            Ok("event: complete\ndata:\n\n".to_string())
        }))
        // On shutdown the stream ends without `complete`: the client
        // retries, as after any dropped connection.
        .take_until(async move {
            match closing {
                Some(closing) => closing.wait().await,
                None => std::future::pending().await,
            }
        });
    Ok(Response::builder()
        .content_type("text/event-stream")
        .header("cache-control", "no-cache")
        .body(Body::from_bytes_stream(events)))
}
