//! The GraphQL endpoint, by the GraphQL-over-HTTP spec: queries by GET
//! (never mutations) or POST with a JSON or `application/graphql` body; the
//! response media type negotiated from `Accept`; 400 for requests that never
//! execute when answering `application/graphql-response+json`; GraphiQL for
//! browsers. Every document passes the guard before it is parsed, is parsed
//! once, and runs under a timeout. What runs a request is an [`Executor`]:
//! the real server, or the mock server.

use std::collections::BTreeMap;

use async_graphql::dynamic::Schema;
use async_graphql::parser::types::{DocumentOperations, ExecutableDocument, OperationType};
use async_graphql::{Response as GraphqlResponse, ServerError, Variables};
use poem::error::ReadBodyError;
use poem::http::{Method, StatusCode, header};
use poem::{Body, Request, Response};
use serde::{Deserialize, Serialize};

use super::limits::Limits;
use super::{graphiql, guard, messages};

/// What serves GraphQL requests: a schema, its limits, and per-request data.
pub trait Executor: Send + Sync + 'static {
    /// The schema the next request runs on.
    fn schema(&self) -> Schema;

    fn limits(&self) -> &Limits;

    /// Adds what the request needs from the HTTP request it came in.
    fn prepare(&self, request: async_graphql::Request, _http: &Request) -> async_graphql::Request {
        request
    }
}

const GRAPHQL_RESPONSE_JSON: &str = "application/graphql-response+json";
const JSON: &str = "application/json";

/// The parameters of a GraphQL request, from a JSON body or a query string.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Params {
    query: Option<String>,
    operation_name: Option<String>,
    variables: Option<serde_json::Value>,
    extensions: Option<serde_json::Value>,
}

/// The query-string form, where `variables` and `extensions` are JSON text.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct QueryString {
    query: Option<String>,
    operation_name: Option<String>,
    variables: Option<String>,
    extensions: Option<String>,
}

/// A request that will not run, and how to answer it.
struct Refused {
    status: StatusCode,
    message: String,
    allow: Option<&'static str>,
}

impl Refused {
    fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Refused {
            status,
            message: message.into(),
            allow: None,
        }
    }

    fn bad(message: impl Into<String>) -> Self {
        Refused::new(StatusCode::BAD_REQUEST, message)
    }
}

/// Answers one HTTP request to the GraphQL endpoint.
pub async fn serve<E: Executor>(req: &Request, body: Body, executor: &E) -> Response {
    let media = response_media_type(req);
    if *req.method() == Method::GET
        && prefers_html(req)
        && req.uri().query().is_none_or(|q| !q.contains("query="))
    {
        return Response::builder()
            .content_type("text/html; charset=utf-8")
            .body(graphiql::page(req.uri().path()));
    }
    let batch = match read_params(req, body, executor.limits()).await {
        Ok(batch) => batch,
        Err(refused) => return refusal(media, refused),
    };
    match batch {
        Batch::One(params) => match run(req, params, executor).await {
            Ok(response) => respond(media, response),
            Err(refused) => refusal(media, refused),
        },
        Batch::Many(all) => {
            let mut answers = Vec::with_capacity(all.len());
            for params in all {
                answers.push(match run(req, params, executor).await {
                    Ok(response) => body_of(response).0,
                    Err(refused) => error_body(&refused.message).to_string(),
                });
            }
            Response::builder()
                .content_type(media)
                .body(format!("[{}]", answers.join(",")))
        }
    }
}

enum Batch {
    One(Params),
    Many(Vec<Params>),
}

/// Guards, parses once, and executes one operation.
async fn run<E: Executor>(
    req: &Request,
    params: Params,
    executor: &E,
) -> Result<GraphqlResponse, Refused> {
    let limits = executor.limits();
    let Some(query) = params.query.filter(|q| !q.trim().is_empty()) else {
        return Err(Refused::bad("Must provide query string."));
    };
    guard::scan(&query, limits).map_err(|r| Refused::bad(r.0))?;
    let mut request = async_graphql::Request::new(query);
    if let Some(name) = &params.operation_name {
        request = request.operation_name(name.clone());
    }
    match params.variables {
        None | Some(serde_json::Value::Null) => {}
        Some(variables @ serde_json::Value::Object(_)) => {
            request = request.variables(Variables::from_json(variables))
        }
        Some(_) => return Err(Refused::bad("Variables must be an object.")),
    }
    match params.extensions {
        None | Some(serde_json::Value::Null) => {}
        Some(serde_json::Value::Object(extensions)) => {
            for (key, value) in extensions {
                request.extensions.insert(
                    key,
                    async_graphql::Value::from_json(value).unwrap_or_default(),
                );
            }
        }
        Some(_) => return Err(Refused::bad("Extensions must be an object.")),
    }
    let schema = executor.schema();
    if let Ok(document) = request.parsed_query() {
        if *req.method() == Method::GET && !is_query(document, params.operation_name.as_deref()) {
            return Err(Refused {
                allow: Some("POST"),
                ..Refused::new(
                    StatusCode::METHOD_NOT_ALLOWED,
                    "Can only perform a query operation from a GET request.",
                )
            });
        }
        guard::inspect(
            document,
            params.operation_name.as_deref(),
            schema.registry(),
            limits,
        )
        .map_err(|r| Refused::bad(r.0))?;
    }
    let request = executor.prepare(request, req);
    tokio::time::timeout(limits.timeout(), schema.execute(request))
        .await
        .map_err(|_| {
            Refused::new(
                StatusCode::SERVICE_UNAVAILABLE,
                format!(
                    "The request took longer than {} seconds.",
                    limits.timeout().as_secs()
                ),
            )
        })
}

/// Whether the operation that would run is a query.
fn is_query(document: &ExecutableDocument, operation_name: Option<&str>) -> bool {
    let operation = match (&document.operations, operation_name) {
        (DocumentOperations::Single(op), _) => Some(&op.node),
        (DocumentOperations::Multiple(ops), Some(name)) => ops.get(name).map(|op| &op.node),
        (DocumentOperations::Multiple(ops), None) if ops.len() == 1 => {
            ops.values().next().map(|op| &op.node)
        }
        _ => None,
    };
    operation.is_none_or(|op| op.ty == OperationType::Query)
}

async fn read_params(req: &Request, body: Body, limits: &Limits) -> Result<Batch, Refused> {
    match *req.method() {
        Method::GET => get_params(req).map(Batch::One),
        Method::POST => post_params(req, body, limits).await,
        _ => Err(Refused {
            allow: Some("GET, POST"),
            ..Refused::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "GraphQL only supports GET and POST requests.",
            )
        }),
    }
}

fn get_params(req: &Request) -> Result<Params, Refused> {
    let raw: QueryString = req
        .params()
        .map_err(|e| Refused::bad(format!("Invalid query string: {e}")))?;
    let json = |text: Option<String>, what: &str| -> Result<Option<serde_json::Value>, Refused> {
        text.filter(|t| !t.is_empty())
            .map(|t| {
                serde_json::from_str(&t)
                    .map_err(|e| Refused::bad(format!("{what} are invalid JSON: {e}")))
            })
            .transpose()
    };
    Ok(Params {
        query: raw.query,
        operation_name: raw.operation_name.filter(|n| !n.is_empty()),
        variables: json(raw.variables, "Variables")?,
        extensions: json(raw.extensions, "Extensions")?,
    })
}

async fn post_params(req: &Request, body: Body, limits: &Limits) -> Result<Batch, Refused> {
    let content_type = req.content_type().unwrap_or_default().to_ascii_lowercase();
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_string();
    if !matches!(essence.as_str(), JSON | "application/graphql") {
        let message = if essence.is_empty() {
            "Missing Content-Type: use application/json.".to_string()
        } else {
            format!(
                "Unsupported Content-Type \"{essence}\": use application/json or application/graphql."
            )
        };
        return Err(Refused::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, message));
    }
    let bytes = body
        .into_bytes_limit(limits.max_body_bytes)
        .await
        .map_err(|e| match e {
            ReadBodyError::PayloadTooLarge => Refused::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("The body is larger than {} bytes.", limits.max_body_bytes),
            ),
            other => Refused::bad(format!("Unreadable body: {other}")),
        })?;
    if essence == "application/graphql" {
        let query = String::from_utf8(bytes.to_vec())
            .map_err(|_| Refused::bad("The body is not UTF-8."))?;
        return Ok(Batch::One(Params {
            query: Some(query),
            ..Params::default()
        }));
    }
    let value: serde_json::Value = serde_json::from_slice(&bytes)
        .map_err(|e| Refused::bad(format!("The body is not valid JSON: {e}")))?;
    let params = |value: serde_json::Value| {
        serde_json::from_value::<Params>(value)
            .map_err(|e| Refused::bad(format!("Invalid GraphQL request: {e}")))
    };
    match value {
        serde_json::Value::Object(_) => params(value).map(Batch::One),
        serde_json::Value::Array(items) if limits.max_batch == 0 => {
            let _ = items;
            Err(Refused::bad("Batched requests are not supported."))
        }
        serde_json::Value::Array(items) if items.len() > limits.max_batch => Err(Refused::bad(
            format!("A batch may hold at most {} operations.", limits.max_batch),
        )),
        serde_json::Value::Array(items) => items
            .into_iter()
            .map(params)
            .collect::<Result<_, _>>()
            .map(Batch::Many),
        _ => Err(Refused::bad("The body must be a JSON object.")),
    }
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

fn error_body(message: &str) -> serde_json::Value {
    serde_json::json!({ "errors": [{ "message": message }] })
}

/// The answer to a request that did not execute: only `errors`.
fn refusal(media: &'static str, refused: Refused) -> Response {
    let mut response = Response::builder()
        .status(refused.status)
        .content_type(media)
        .body(error_body(&refused.message).to_string());
    if let Some(allow) = refused.allow {
        response
            .headers_mut()
            .insert(header::ALLOW, poem::http::HeaderValue::from_static(allow));
    }
    response
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

/// The JSON body of an executed request, and whether it never got to execute.
fn body_of(mut response: GraphqlResponse) -> (String, bool) {
    let never_executed = response.data == async_graphql::Value::Null
        && !response.errors.is_empty()
        && response.errors.iter().all(|e| e.path.is_empty());
    response.errors.iter_mut().for_each(reword);
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

fn respond(media: &'static str, response: GraphqlResponse) -> Response {
    let (body, never_executed) = body_of(response);
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

fn reword(error: &mut ServerError) {
    if error.path.is_empty()
        && let Some(message) = messages::reference_wording(&error.message)
    {
        error.message = message;
    }
}
