//! A request that will not execute, and how to answer it: a status, a
//! message in the spec's `errors` shape (with a stable `extensions.code`
//! where a client acts on it), for 405 the methods allowed, and whether a
//! cache may keep the answer.

use crate::guard::LimitExceeded;
use poem::Response;
use poem::http::{HeaderValue, StatusCode, header};

/// Why a request was not executed: its HTTP status and message.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{message}")]
pub struct Refused {
    pub status: StatusCode,
    pub message: String,
    pub allow: Option<&'static str>,
    /// `extensions.code` of the error.
    pub code: Option<&'static str>,
    /// `Cache-Control: no-store`: the answer may change (an id not listed
    /// yet).
    pub no_store: bool,
    /// The guard's limit the request went beyond, if that is why (the
    /// metrics' reason; the client reads the message).
    pub limit: Option<&'static str>,
}

impl Refused {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Refused {
            status,
            message: message.into(),
            allow: None,
            code: None,
            no_store: false,
            limit: None,
        }
    }

    /// 400 for a request beyond one of the guard's limits.
    pub(crate) fn beyond(exceeded: LimitExceeded) -> Self {
        Refused {
            limit: Some(exceeded.limit),
            ..Refused::bad(exceeded.message)
        }
    }

    /// The same, with `extensions.code` `code`.
    pub fn with_code(self, code: &'static str) -> Self {
        Refused {
            code: Some(code),
            ..self
        }
    }

    /// 400 Bad Request.
    pub fn bad(message: impl Into<String>) -> Self {
        Refused::new(StatusCode::BAD_REQUEST, message)
    }

    /// 405, naming the methods that would be accepted.
    pub fn method(allow: &'static str, message: impl Into<String>) -> Self {
        Refused {
            allow: Some(allow),
            ..Refused::new(StatusCode::METHOD_NOT_ALLOWED, message)
        }
    }

    /// `{"errors":[{"message":…}]}`, with `extensions.code` if it has one.
    pub fn body(&self) -> String {
        match self.code {
            None => error_body(&self.message),
            Some(code) => serde_json::json!({
                "errors": [{ "message": self.message, "extensions": { "code": code } }]
            })
            .to_string(),
        }
    }

    /// The refusal as a response of media type `media`.
    pub fn into_response(self, media: &'static str) -> Response {
        let mut response = Response::builder()
            .status(self.status)
            .content_type(media)
            .body(self.body());
        if let Some(allow) = self.allow {
            response
                .headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static(allow));
        }
        if self.no_store {
            response
                .headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        }
        response
    }

    /// The refusal as a GraphQL response, for transports that answer in
    /// messages rather than statuses (WebSocket).
    pub fn into_graphql(self) -> async_graphql::Response {
        let mut error = async_graphql::ServerError::new(self.message, None);
        if let Some(code) = self.code {
            let mut extensions = async_graphql::ErrorExtensionValues::default();
            extensions.set("code", code);
            error.extensions = Some(extensions);
        }
        async_graphql::Response::from_errors(vec![error])
    }
}

/// `{"errors":[{"message":…}]}` for `message`.
pub fn error_body(message: &str) -> String {
    serde_json::json!({ "errors": [{ "message": message }] }).to_string()
}
