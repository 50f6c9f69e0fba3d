//! [`FieldError`], what a field that failed reports in the response, and
//! [`IntoFieldError`], how a resolver's own error becomes one: the one
//! place a server gives its errors their message and `extensions.code`.

/// What a field that failed reports: a message and, optionally, extensions
/// (such as a `code`).
#[derive(Debug, Clone, PartialEq)]
pub struct FieldError {
    pub message: String,
    pub extensions: Option<serde_json::Map<String, serde_json::Value>>,
}

impl FieldError {
    pub fn new(message: impl Into<String>) -> Self {
        FieldError {
            message: message.into(),
            extensions: None,
        }
    }

    /// The same error with `extensions.code` set to `code`.
    pub fn with_code(mut self, code: &str) -> Self {
        self.extensions
            .get_or_insert_with(serde_json::Map::new)
            .insert("code".into(), code.into());
        self
    }

    /// A failure of the server itself: logged, and shown only as
    /// `Internal server error`.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        tracing::error!(%detail, "internal error while resolving a field");
        FieldError::new("Internal server error").with_code("INTERNAL_SERVER_ERROR")
    }
}

/// Its message, so `?` turns it into any error made from a `Display` or
/// from a `std::error::Error` (`#[from]`).
impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FieldError {}

/// A resolver's error type (`error` in `codegen.toml`): what the response
/// shows of it. Implement it once, where the server's errors get their
/// codes; an internal error is logged there and shown only as
/// `Internal server error` ([`FieldError::internal`]).
pub trait IntoFieldError {
    fn into_field_error(self) -> FieldError;
}

impl IntoFieldError for FieldError {
    fn into_field_error(self) -> FieldError {
        self
    }
}

#[cfg(test)]
mod tests {
    use super::FieldError;

    #[test]
    fn a_code_goes_into_the_extensions() {
        let error = FieldError::new("Not logged in!").with_code("UNAUTHENTICATED");
        assert_eq!(error.to_string(), "Not logged in!");
        assert_eq!(
            serde_json::Value::Object(error.extensions.unwrap()),
            serde_json::json!({ "code": "UNAUTHENTICATED" })
        );
    }
}
