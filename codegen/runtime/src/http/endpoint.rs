//! `/graphql` by the GraphQL-over-HTTP spec: queries by GET (never
//! mutations) or POST with a JSON or `application/graphql` body; the
//! response media type negotiated from `Accept`; 400 for requests that never
//! execute when answering `application/graphql-response+json`; GraphiQL for
//! browsers; batches when the limits allow them.

use std::collections::BTreeMap;
use std::sync::Arc;

use async_graphql::{Response as GraphqlResponse, ServerError};
use poem::http::{Method, StatusCode, header};
use poem::{Endpoint, Request, Response};
use serde::Serialize;

use super::admit::{Executed, admit_http};
use super::params::{self, Batch, JSON, Params};
use super::refused::error_body;
use super::{Executor, Refused, messages};
use crate::graphiql;

const GRAPHQL_RESPONSE_JSON: &str = "application/graphql-response+json";

pub struct GraphqlEndpoint<E>(pub Arc<E>);

impl<E> Clone for GraphqlEndpoint<E> {
    fn clone(&self) -> Self {
        GraphqlEndpoint(self.0.clone())
    }
}

impl<E: Executor> Endpoint for GraphqlEndpoint<E> {
    type Output = Response;

    async fn call(&self, mut req: Request) -> poem::Result<Response> {
        let body = req.take_body();
        Ok(serve(&req, body, self.0.as_ref()).await)
    }
}

/// Answers one HTTP request to the GraphQL endpoint.
async fn serve<E: Executor>(req: &Request, body: poem::Body, executor: &E) -> Response {
    let media = response_media_type(req);
    if *req.method() == Method::GET
        && prefers_html(req)
        && req.uri().query().is_none_or(|q| !q.contains("query="))
    {
        return Response::builder()
            .content_type("text/html; charset=utf-8")
            .body(graphiql::page(req.uri().path()));
    }
    let batch = match params::read(req, body, executor.limits()).await {
        Ok(batch) => batch,
        Err(refused) => return refused.into_response(media),
    };
    match batch {
        Batch::One(params) => match run(req, params, executor).await {
            Ok(response) => respond(media, response),
            Err(refused) => refused.into_response(media),
        },
        Batch::Many(all) => {
            let mut answers = Vec::with_capacity(all.len());
            for params in all {
                answers.push(match run(req, params, executor).await {
                    Ok(executed) => executed.body().0,
                    Err(refused) => error_body(&refused.message),
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
    executor: &E,
) -> Result<Executed, Refused> {
    admit_http(executor, params, req)?.execute().await
}

/// `application/graphql-response+json` if the client accepts it, else `application/json`.
fn response_media_type(req: &Request) -> &'static str {
    let accept = req
        .header(header::ACCEPT)
        .unwrap_or_default()
        .to_ascii_lowercase();
    for item in accept.split(',') {
        let mut parts = item.split(';');
        let essence = parts.next().unwrap_or_default().trim();
        let refused = parts.any(|p| {
            matches!(p.trim().split_once('='), Some(("q", q)) if q.trim().parse::<f32>().is_ok_and(|q| q == 0.0))
        });
        match essence {
            _ if refused => {}
            GRAPHQL_RESPONSE_JSON => return GRAPHQL_RESPONSE_JSON,
            JSON => return JSON,
            _ => {}
        }
    }
    JSON
}

fn prefers_html(req: &Request) -> bool {
    req.header(header::ACCEPT)
        .is_some_and(|a| a.contains("text/html"))
}

/// The JSON of an executed request, serialized straight from the response.
#[derive(Serialize)]
struct ResponseBody<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<&'a async_graphql::Value>,
    #[serde(skip_serializing_if = "<[ServerError]>::is_empty")]
    errors: &'a [ServerError],
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    extensions: &'a BTreeMap<String, async_graphql::Value>,
}

/// The JSON body of a dynamic schema's response, and whether it never got
/// to execute.
pub fn body_of(mut response: GraphqlResponse) -> (String, bool) {
    let never_executed = response.data == async_graphql::Value::Null
        && !response.errors.is_empty()
        && response.errors.iter().all(|e| e.path.is_empty());
    response.errors.iter_mut().for_each(messages::reword);
    let body = ResponseBody {
        data: (!never_executed).then_some(&response.data),
        errors: &response.errors,
        extensions: &response.extensions,
    };
    (
        serde_json::to_string(&body).unwrap_or_default(),
        never_executed,
    )
}

fn respond(media: &'static str, executed: Executed) -> Response {
    let (body, never_executed) = executed.body();
    let status = if never_executed && media == GRAPHQL_RESPONSE_JSON {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    Response::builder()
        .status(status)
        .content_type(media)
        .body(body)
}
