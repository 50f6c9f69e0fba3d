//! Reading a GraphQL request off HTTP, the same for every transport that
//! has one: `query`, `documentId`, `operationName`, `variables` and
//! `extensions` from a GET query string, or from a POST body (JSON, or
//! `application/graphql`)
//! read up to [`Limits::max_body_bytes`]; JSON arrays are batches, refused
//! unless [`Limits::max_batch`] allows them.

use futures_util::StreamExt;
use poem::http::{Method, StatusCode};
use poem::{Body, Request};
use serde::Deserialize;

use super::Refused;
use crate::Limits;
use crate::engine;

pub const JSON: &str = "application/json";

/// The parameters of a GraphQL request, from a JSON body or a query string.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Params {
    pub query: Option<String>,
    /// A trusted document's id (the GraphQL-over-HTTP draft's persisted
    /// documents: `sha256:<hex>`).
    pub document_id: Option<String>,
    pub operation_name: Option<String>,
    pub variables: Option<serde_json::Value>,
    pub extensions: Option<serde_json::Value>,
}

/// The query-string form, where `variables` and `extensions` are JSON text.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct QueryString {
    query: Option<String>,
    document_id: Option<String>,
    operation_name: Option<String>,
    variables: Option<String>,
    extensions: Option<String>,
}

/// One request, or a batch of them.
pub enum Batch {
    One(Params),
    Many(Vec<Params>),
}

impl Params {
    /// The engine's request these parameters ask for (admission refuses
    /// one without a query or a document id), and the trusted document's
    /// id they name: `documentId`, else Apollo's
    /// `extensions.persistedQuery.sha256Hash`.
    pub fn into_request(self) -> Result<(engine::Request, Option<String>), Refused> {
        let variables = match self.variables {
            None | Some(serde_json::Value::Null) => serde_json::Map::new(),
            Some(serde_json::Value::Object(variables)) => variables,
            Some(_) => return Err(Refused::bad("Variables must be an object.")),
        };
        let persisted = match &self.extensions {
            None | Some(serde_json::Value::Null) => None,
            Some(serde_json::Value::Object(extensions)) => {
                persisted_query_id(extensions.get("persistedQuery"))?
            }
            Some(_) => return Err(Refused::bad("Extensions must be an object.")),
        };
        let request = engine::Request {
            query: self.query.unwrap_or_default(),
            operation_name: self.operation_name,
            variables,
            prepared: None,
        };
        Ok((request, self.document_id.or(persisted)))
    }
}

/// The id in Apollo's `extensions.persistedQuery` (its `sha256Hash`), if
/// the request has one.
pub(crate) fn persisted_query_id(
    persisted_query: Option<&serde_json::Value>,
) -> Result<Option<String>, Refused> {
    match persisted_query {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(persisted) => match persisted.get("sha256Hash").and_then(|h| h.as_str()) {
            Some(hash) => Ok(Some(hash.to_owned())),
            None => Err(
                Refused::bad("extensions.persistedQuery needs sha256Hash, a string.")
                    .with_code("PERSISTED_QUERY_ID_INVALID"),
            ),
        },
    }
}

/// The request (or batch) `req` carries: GET or POST, else 405.
pub async fn read(req: &Request, body: Body, limits: &Limits) -> Result<Batch, Refused> {
    match *req.method() {
        Method::GET => from_query_string(req).map(Batch::One),
        Method::POST => from_body(req, body, limits).await,
        _ => Err(Refused::method(
            "GET, POST",
            "GraphQL only supports GET and POST requests.",
        )),
    }
}

fn from_query_string(req: &Request) -> Result<Params, Refused> {
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
        document_id: raw.document_id.filter(|id| !id.is_empty()),
        operation_name: raw.operation_name.filter(|n| !n.is_empty()),
        variables: json(raw.variables, "Variables")?,
        extensions: json(raw.extensions, "Extensions")?,
    })
}

async fn from_body(req: &Request, body: Body, limits: &Limits) -> Result<Batch, Refused> {
    let content_type = req.content_type().unwrap_or_default();
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    let graphql = essence.eq_ignore_ascii_case("application/graphql");
    if !graphql && !essence.eq_ignore_ascii_case(JSON) {
        let message = if essence.is_empty() {
            "Missing Content-Type: use application/json.".to_string()
        } else {
            format!(
                "Unsupported Content-Type \"{essence}\": use application/json or application/graphql."
            )
        };
        return Err(Refused::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, message));
    }
    let bytes = read_limited(body, limits.max_body_bytes).await?;
    if graphql {
        let query = String::from_utf8(bytes).map_err(|_| Refused::bad("The body is not UTF-8."))?;
        return Ok(Batch::One(Params {
            query: Some(query),
            ..Params::default()
        }));
    }
    match bytes.trim_ascii_start().first() {
        Some(b'{') => typed(&bytes).map(Batch::One),
        Some(b'[') if limits.max_batch == 0 => {
            Err(Refused::bad("Batched requests are not supported."))
        }
        Some(b'[') => {
            let all: Vec<Params> = typed(&bytes)?;
            if all.len() > limits.max_batch {
                return Err(Refused::bad(format!(
                    "A batch may hold at most {} operations.",
                    limits.max_batch
                )));
            }
            Ok(Batch::Many(all))
        }
        _ => match serde_json::from_slice::<serde::de::IgnoredAny>(&bytes) {
            Ok(_) => Err(Refused::bad("The body must be a JSON object.")),
            Err(e) => Err(Refused::bad(format!("The body is not valid JSON: {e}"))),
        },
    }
}

/// `bytes` read straight into `T`, telling text that is not JSON from JSON
/// that is not a GraphQL request.
fn typed<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, Refused> {
    serde_json::from_slice(bytes).map_err(|e| match e.classify() {
        serde_json::error::Category::Data => Refused::bad(format!("Invalid GraphQL request: {e}")),
        _ => Refused::bad(format!("The body is not valid JSON: {e}")),
    })
}

/// How much of an oversized body is read and thrown away so that the client,
/// still sending, reads the 413 instead of a reset connection.
const DRAINED_AT_MOST: usize = 32 << 20;

/// The body if it holds at most `limit` bytes; a larger one is refused
/// with 413 after the rest of it (up to [`DRAINED_AT_MOST`]) is drained.
async fn read_limited(body: Body, limit: usize) -> Result<Vec<u8>, Refused> {
    let mut stream = std::pin::pin!(body.into_bytes_stream());
    let mut bytes = Vec::new();
    let mut seen = 0_usize;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| Refused::bad(format!("Unreadable body: {e}")))?;
        seen = seen.saturating_add(chunk.len());
        if seen <= limit {
            bytes.extend_from_slice(&chunk);
        } else if seen > DRAINED_AT_MOST {
            break;
        } else {
            bytes = Vec::new();
        }
    }
    if seen > limit {
        return Err(Refused::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("The body is larger than {limit} bytes."),
        ));
    }
    Ok(bytes)
}
