//! `ApiError`, the one error type of the GraphQL boundary: every resolver
//! returns it, and this is the one place where errors get their GraphQL
//! `extensions.code`. Internal errors are logged here and shown only as
//! "Internal server error".

use weftql_runtime::engine::{FieldError, IntoFieldError};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("Not logged in!")]
    NotLoggedIn,
    #[error("You must be logged to vote!")]
    VoteNeedsLogin,
    #[error("Invalid Link!")]
    InvalidLink,
    #[error("Please enter valid credentials")]
    InvalidCredentials,
    #[error("{0}")]
    InvalidToken(&'static str),
    #[error("A user with that username already exists.")]
    UsernameTaken,
    #[error("{0}")]
    InvalidInput(String),
    #[error("Too many login attempts; try again in {0} seconds.")]
    TooManyAttempts(u64),
    #[error(
        "The list `{list}` would have more than {max} items, the most this server returns in one list."
    )]
    ListTooLong { list: &'static str, max: usize },
    #[error("{0}")]
    EventsMissed(&'static str),
    #[error("The service is unavailable; try again shortly.")]
    Unavailable(String),
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    /// The machine-readable `extensions.code`.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::NotLoggedIn | ApiError::VoteNeedsLogin => "UNAUTHENTICATED",
            ApiError::InvalidLink => "NOT_FOUND",
            ApiError::InvalidCredentials => "INVALID_CREDENTIALS",
            ApiError::InvalidToken(_) => "INVALID_TOKEN",
            ApiError::UsernameTaken => "USERNAME_TAKEN",
            ApiError::InvalidInput(_) => "BAD_USER_INPUT",
            ApiError::TooManyAttempts(_) => "RATE_LIMITED",
            ApiError::ListTooLong { .. } => "LIST_TOO_LONG",
            ApiError::EventsMissed(_) => "EVENTS_MISSED",
            ApiError::Unavailable(_) => weftql_runtime::engine::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => "INTERNAL_SERVER_ERROR",
        }
    }
}

impl From<sea_orm::DbErr> for ApiError {
    fn from(error: sea_orm::DbErr) -> Self {
        ApiError::from(&error)
    }
}

/// A failed read shared by every subscriber of a batch (`EventReads`).
impl From<std::sync::Arc<sea_orm::DbErr>> for ApiError {
    fn from(error: std::sync::Arc<sea_orm::DbErr>) -> Self {
        ApiError::from(error.as_ref())
    }
}

impl From<&sea_orm::DbErr> for ApiError {
    fn from(error: &sea_orm::DbErr) -> Self {
        if crate::db::is_unavailable(error) {
            ApiError::Unavailable(error.to_string())
        } else {
            ApiError::Internal(error.to_string())
        }
    }
}

impl IntoFieldError for ApiError {
    fn into_field_error(self) -> FieldError {
        let message = match &self {
            ApiError::Internal(detail) => {
                tracing::error!(%detail, "resolver failed");
                "Internal server error".to_string()
            }
            ApiError::Unavailable(detail) => {
                tracing::warn!(%detail, "database unavailable");
                self.to_string()
            }
            other => other.to_string(),
        };
        FieldError::new(message).with_code(self.code())
    }
}
