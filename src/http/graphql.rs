//! The GraphQL endpoint, by the GraphQL-over-HTTP spec: queries by GET
//! (never mutations) or POST with a JSON or `application/graphql` body; the
//! response media type negotiated from `Accept`; 400 for requests that never
//! execute when answering `application/graphql-response+json`; GraphiQL for
//! browsers. What runs a request is an [`Executor`]: the real server, or
//! the mock server.

use std::future::Future;

use async_graphql::parser::types::OperationType;
use async_graphql::{Response as GraphqlResponse, ServerError, Variables};
use poem::http::{Method, StatusCode, header};
use poem::{Body, Request, Response};
use serde::Deserialize;

use super::{graphiql, messages};

/// Runs a GraphQL request that came in as the HTTP request `http`.
pub trait Executor: Send + Sync + 'static {
    fn execute(
        &self,
        request: async_graphql::Request,
        http: &Request,
    ) -> impl Future<Output = GraphqlResponse> + Send;
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

/// Answers one HTTP request to the GraphQL endpoint.
pub async fn serve<E: Executor>(req: &Request, body: Body, executor: &E) -> Response {
    let media = response_media_type(req);
    let params = match *req.method() {
        Method::GET => {
            if prefers_html(req) && req.uri().query().is_none_or(|q| !q.contains("query=")) {
                return Response::builder()
                    .content_type("text/html; charset=utf-8")
                    .body(graphiql::page(req.uri().path()));
            }
            match get_params(req) {
                Ok(params) => params,
                Err(message) => return request_error(media, StatusCode::BAD_REQUEST, &message),
            }
        }
        Method::POST => match post_params(req, body).await {
            Ok(params) => params,
            Err((status, message)) => return request_error(media, status, &message),
        },
        _ => {
            return not_allowed(
                media,
                "GraphQL only supports GET and POST requests.",
                "GET, POST",
            );
        }
    };
    let Some(query) = params.query.filter(|q| !q.trim().is_empty()) else {
        return request_error(media, StatusCode::BAD_REQUEST, "Must provide query string.");
    };
    if *req.method() == Method::GET && !is_query(&query, params.operation_name.as_deref()) {
        return not_allowed(
            media,
            "Can only perform a query operation from a GET request.",
            "POST",
        );
    }
    let mut request = async_graphql::Request::new(query);
    if let Some(name) = params.operation_name {
        request = request.operation_name(name);
    }
    match params.variables {
        None | Some(serde_json::Value::Null) => {}
        Some(variables @ serde_json::Value::Object(_)) => {
            request = request.variables(Variables::from_json(variables))
        }
        Some(_) => {
            return request_error(
                media,
                StatusCode::BAD_REQUEST,
                "Variables must be an object.",
            );
        }
    }
    if let Some(serde_json::Value::Object(extensions)) = params.extensions {
        for (key, value) in extensions {
            request.extensions.insert(
                key,
                async_graphql::Value::from_json(value).unwrap_or_default(),
            );
        }
    }
    respond(media, executor.execute(request, req).await)
}

/// Parses the document just enough to tell whether the chosen operation is a query.
fn is_query(query: &str, operation_name: Option<&str>) -> bool {
    let Ok(document) = async_graphql::parser::parse_query(query) else {
        return true; // the executor reports the syntax error
    };
    let operation = match (&document.operations, operation_name) {
        (async_graphql::parser::types::DocumentOperations::Single(op), _) => Some(&op.node),
        (async_graphql::parser::types::DocumentOperations::Multiple(ops), Some(name)) => {
            ops.get(name).map(|op| &op.node)
        }
        (async_graphql::parser::types::DocumentOperations::Multiple(ops), None)
            if ops.len() == 1 =>
        {
            ops.values().next().map(|op| &op.node)
        }
        _ => None,
    };
    operation.is_none_or(|op| op.ty == OperationType::Query)
}

fn get_params(req: &Request) -> Result<Params, String> {
    let raw: QueryString = req
        .params()
        .map_err(|e| format!("Invalid query string: {e}"))?;
    let json = |text: Option<String>, what: &str| -> Result<Option<serde_json::Value>, String> {
        text.filter(|t| !t.is_empty())
            .map(|t| serde_json::from_str(&t).map_err(|e| format!("{what} are invalid JSON: {e}")))
            .transpose()
    };
    Ok(Params {
        query: raw.query,
        operation_name: raw.operation_name.filter(|n| !n.is_empty()),
        variables: json(raw.variables, "Variables")?,
        extensions: json(raw.extensions, "Extensions")?,
    })
}

async fn post_params(req: &Request, body: Body) -> Result<Params, (StatusCode, String)> {
    let content_type = req.content_type().unwrap_or_default().to_ascii_lowercase();
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_string();
    let bytes = body
        .into_bytes()
        .await
        .map_err(|e| (StatusCode::BAD_REQUEST, format!("Unreadable body: {e}")))?;
    match essence.as_str() {
        JSON => {
            let value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| {
                (
                    StatusCode::BAD_REQUEST,
                    format!("The body is not valid JSON: {e}"),
                )
            })?;
            match value {
                serde_json::Value::Object(_) => serde_json::from_value(value).map_err(|e| {
                    (
                        StatusCode::BAD_REQUEST,
                        format!("Invalid GraphQL request: {e}"),
                    )
                }),
                serde_json::Value::Array(_) => Err((
                    StatusCode::BAD_REQUEST,
                    "Batched requests are not supported.".into(),
                )),
                _ => Err((
                    StatusCode::BAD_REQUEST,
                    "The body must be a JSON object.".into(),
                )),
            }
        }
        "application/graphql" => Ok(Params {
            query: Some(
                String::from_utf8(bytes.to_vec())
                    .map_err(|_| (StatusCode::BAD_REQUEST, "The body is not UTF-8.".into()))?,
            ),
            ..Params::default()
        }),
        "" => Err((
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Missing Content-Type: use application/json.".into(),
        )),
        other => Err((
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!(
                "Unsupported Content-Type \"{other}\": use application/json or application/graphql."
            ),
        )),
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
        let refused = parts.any(|p| matches!(p.trim().split_once('='), Some(("q", q)) if q.trim().parse::<f32>().is_ok_and(|q| q == 0.0)));
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

/// A response to a request that did not execute: only `errors`.
fn request_error(media: &'static str, status: StatusCode, message: &str) -> Response {
    let body = serde_json::json!({ "errors": [{ "message": message }] });
    Response::builder()
        .status(status)
        .content_type(media)
        .body(body.to_string())
}

fn not_allowed(media: &'static str, message: &str, allow: &'static str) -> Response {
    let mut response = request_error(media, StatusCode::METHOD_NOT_ALLOWED, message);
    response
        .headers_mut()
        .insert(header::ALLOW, poem::http::HeaderValue::from_static(allow));
    response
}

fn respond(media: &'static str, response: GraphqlResponse) -> Response {
    let never_executed = response.data == async_graphql::Value::Null
        && !response.errors.is_empty()
        && response.errors.iter().all(|e| e.path.is_empty());
    let mut body = serde_json::Map::new();
    if !never_executed {
        body.insert("data".into(), response.data.into_json().unwrap_or_default());
    }
    if !response.errors.is_empty() {
        let errors: Vec<ServerError> = response.errors.into_iter().map(reworded).collect();
        body.insert(
            "errors".into(),
            serde_json::to_value(errors).unwrap_or_default(),
        );
    }
    if !response.extensions.is_empty() {
        body.insert(
            "extensions".into(),
            serde_json::to_value(&response.extensions).unwrap_or_default(),
        );
    }
    let status = if never_executed && media == GRAPHQL_RESPONSE_JSON {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    Response::builder()
        .status(status)
        .content_type(media)
        .body(serde_json::Value::Object(body).to_string())
}

fn reworded(mut error: ServerError) -> ServerError {
    if error.path.is_empty()
        && let Some(message) = messages::reference_wording(&error.message)
    {
        error.message = message;
    }
    error
}
