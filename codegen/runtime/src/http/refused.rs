//! A request that will not execute, and how to answer it: a status, a
//! message in the spec's `errors` shape, and for 405 the methods allowed.

use poem::Response;
use poem::http::{HeaderValue, StatusCode, header};

/// Why a request was not executed: its HTTP status and message.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{message}")]
pub struct Refused {
    pub status: StatusCode,
    pub message: String,
    pub allow: Option<&'static str>,
}

impl Refused {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Refused {
            status,
            message: message.into(),
            allow: None,
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

    /// `{"errors":[{"message":…}]}`.
    pub fn body(&self) -> String {
        error_body(&self.message)
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
        response
    }

    /// The refusal as a GraphQL response, for transports that answer in
    /// messages rather than statuses (WebSocket).
    pub fn into_graphql(self) -> async_graphql::Response {
        async_graphql::Response::from_errors(vec![async_graphql::ServerError::new(
            self.message,
            None,
        )])
    }
}

/// `{"errors":[{"message":…}]}` for `message`.
pub fn error_body(message: &str) -> String {
    serde_json::json!({ "errors": [{ "message": message }] }).to_string()
}
