//! `/graphql` by the GraphQL-over-HTTP spec: queries by GET (never
//! mutations) or POST with a JSON or `application/graphql` body; the
//! response media type negotiated from `Accept`; 400 for requests that never
//! execute when answering `application/graphql-response+json`; GraphiQL for
//! browsers; batches when the limits allow them.

use std::sync::Arc;

use opentelemetry::context::FutureExt as _;
use poem::http::{HeaderValue, Method, StatusCode, header};
use poem::{Endpoint, Request, Response};

use super::admit::admit_http;
use super::params::{self, Batch, JSON, Params};
use super::{Executor, Refused, Served};
use crate::engine::Answer;
use crate::graphiql;
use crate::traces::RequestSpan;

const GRAPHQL_RESPONSE_JSON: &str = "application/graphql-response+json";

pub(crate) struct GraphqlEndpoint<E>(pub(crate) Arc<Served<E>>);

impl<E> Clone for GraphqlEndpoint<E> {
    fn clone(&self) -> Self {
        GraphqlEndpoint(self.0.clone())
    }
}

impl<E: Executor> Endpoint for GraphqlEndpoint<E> {
    type Output = Response;

    async fn call(&self, mut req: Request) -> poem::Result<Response> {
        let body = req.take_body();
        let Some(tracing) = self.0.executor.tracing() else {
            return Ok(serve(&req, body, self.0.as_ref()).await);
        };
        let span = RequestSpan::start(&tracing, &req);
        let response = serve(&req, body, self.0.as_ref())
            .with_context(span.context())
            .await;
        span.end(response.status());
        Ok(response)
    }
}

/// Answers one HTTP request to the GraphQL endpoint.
async fn serve<E: Executor>(req: &Request, body: poem::Body, served: &Served<E>) -> Response {
    let media = response_media_type(req);
    if *req.method() == Method::GET
        && prefers_html(req)
        && req
            .uri()
            .query()
            .is_none_or(|q| !q.contains("query=") && !q.contains("documentId="))
    {
        return Response::builder()
            .content_type("text/html; charset=utf-8")
            .body(graphiql::page(req.uri().path()));
    }
    let batch = match params::read(req, body, served.executor.limits()).await {
        Ok(batch) => batch,
        Err(refused) => return refused.into_response(media),
    };
    match batch {
        Batch::One(params) => match run(req, params, served).await {
            Ok(response) => respond(media, response),
            Err(refused) => refused.into_response(media),
        },
        Batch::Many(all) => {
            let mut answers = Vec::with_capacity(all.len());
            for params in all {
                answers.push(match run(req, params, served).await {
                    Ok(answer) => String::from_utf8(answer.to_json()).unwrap_or_default(),
                    Err(refused) => refused.body(),
                });
            }
            Response::builder()
                .content_type(media)
                .body(format!("[{}]", answers.join(",")))
        }
    }
}

/// Admits and executes one operation.
async fn run<E: Executor>(
    req: &Request,
    params: Params,
    served: &Served<E>,
) -> Result<Answer, Refused> {
    admit_http(served, params, req)?.execute().await
}

/// `application/graphql-response+json` if the client accepts it, else `application/json`.
fn response_media_type(req: &Request) -> &'static str {
    let accept = req.header(header::ACCEPT).unwrap_or_default();
    for item in accept.split(',') {
        let mut parts = item.split(';');
        let essence = parts.next().unwrap_or_default().trim();
        let refused = parts.any(|p| match p.trim().split_once('=') {
            Some((q, value)) if q.trim().eq_ignore_ascii_case("q") => {
                value.trim().parse::<f32>().is_ok_and(|q| q == 0.0)
            }
            _ => false,
        });
        if refused {
            continue;
        }
        if essence.eq_ignore_ascii_case(GRAPHQL_RESPONSE_JSON) {
            return GRAPHQL_RESPONSE_JSON;
        }
        if essence.eq_ignore_ascii_case(JSON) {
            return JSON;
        }
    }
    JSON
}

fn prefers_html(req: &Request) -> bool {
    req.header(header::ACCEPT)
        .is_some_and(|a| a.contains("text/html"))
}

/// 400 for a request error under `application/graphql-response+json`; 503,
/// under either media type, when no data could be computed because the
/// database is down (so a load balancer or client may retry elsewhere).
fn respond(media: &'static str, answer: Answer) -> Response {
    let status = if answer.unavailable() {
        StatusCode::SERVICE_UNAVAILABLE
    } else if answer.never_executed() && media == GRAPHQL_RESPONSE_JSON {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let mut response = Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, HeaderValue::from_static(media));
    if status == StatusCode::SERVICE_UNAVAILABLE {
        response = response.header(header::RETRY_AFTER, "1");
    }
    response.body(answer.to_json())
}
