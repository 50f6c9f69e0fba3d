//! A request as the engine takes it and its answer: the `data` already
//! rendered as JSON, and the errors in the spec's shape.

use apollo_compiler::response::GraphQLError;

use super::documents::Prepared;

/// One GraphQL operation to run.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub query: String,
    pub operation_name: Option<String>,
    pub variables: serde_json::Map<String, serde_json::Value>,
    /// `query` already parsed and validated ([`Engine::prepare`]): the
    /// engine that prepared it runs it without looking in its cache.
    ///
    /// [`Engine::prepare`]: super::Engine::prepare
    pub prepared: Option<Prepared>,
}

impl Request {
    pub fn new(query: impl Into<String>) -> Self {
        Request {
            query: query.into(),
            ..Request::default()
        }
    }

    pub fn variables(mut self, variables: serde_json::Value) -> Self {
        if let serde_json::Value::Object(map) = variables {
            self.variables = map;
        }
        self
    }
}

/// The `extensions.code` of an error that says a service the server
/// depends on (its database) is down and the request may be retried.
pub const SERVICE_UNAVAILABLE: &str = "SERVICE_UNAVAILABLE";

/// What a request produced.
#[derive(Debug, Clone)]
pub struct Answer {
    /// The `data` entry as JSON text; `None` when the request never
    /// executed (a request error), which differs from `data: null`.
    pub data: Option<Vec<u8>>,
    pub errors: Vec<GraphQLError>,
}

impl Answer {
    pub(crate) fn refused(errors: Vec<GraphQLError>) -> Self {
        Answer { data: None, errors }
    }

    /// Whether the request never got to execute.
    pub fn never_executed(&self) -> bool {
        self.data.is_none()
    }

    /// Whether no data could be computed because a service the server
    /// depends on is down: an error carries the code
    /// [`SERVICE_UNAVAILABLE`] and `data` is null or holds only nulls.
    /// Transports answer it with HTTP 503.
    pub fn unavailable(&self) -> bool {
        let said = self.errors.iter().any(|error| {
            error.extensions.get("code").and_then(|code| code.as_str()) == Some(SERVICE_UNAVAILABLE)
        });
        said && self.data.as_deref().is_some_and(|data| {
            match serde_json::from_slice::<Option<serde_json::Map<String, serde_json::Value>>>(data)
            {
                Ok(Some(fields)) => fields.values().all(serde_json::Value::is_null),
                Ok(None) => true,
                Err(_) => false,
            }
        })
    }

    /// The response body: `{"data":…,"errors":[…]}`.
    pub fn to_json(&self) -> Vec<u8> {
        let data = self.data.as_deref();
        let mut out = Vec::with_capacity(data.map_or(0, <[u8]>::len) + 16);
        out.push(b'{');
        if let Some(data) = data {
            out.extend_from_slice(b"\"data\":");
            out.extend_from_slice(data);
        }
        if !self.errors.is_empty() {
            if data.is_some() {
                out.push(b',');
            }
            out.extend_from_slice(b"\"errors\":");
            // Errors are plain data: serializing them cannot fail.
            serde_json::to_writer(&mut out, &self.errors).unwrap_or_default();
        }
        out.push(b'}');
        out
    }
}
