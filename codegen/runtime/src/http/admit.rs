//! The one entry of every GraphQL request, whatever carried it: the guard
//! reads the raw text (characters, tokens, nesting) before any parser does,
//! the document is parsed once (async-graphql reuses the parse), a GET may
//! only query, the guard measures the operation (depth, aliases, root
//! fields, directives, expanded size, cost), and the executor adds what the
//! request needs from its origin. Only then does anything execute: a query
//! or mutation under the time limit, a subscription as a stream.

use std::sync::Arc;
use std::time::Duration;

use async_graphql::dynamic::Schema;
use async_graphql::futures_util::stream::{self, BoxStream, StreamExt};
use async_graphql::parser::types::{DocumentOperations, ExecutableDocument, OperationType};
use async_graphql::{Data, Response};
use poem::http::StatusCode;

use super::params::Params;
use super::{Executor, Origin, Refused};
use crate::guard;

/// How the request arrived, as far as admission cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// A GET request, which may only query.
    Get,
    /// Anything else: POST, a WebSocket message.
    Other,
}

/// A request that passed the guard, ready to execute on its schema.
pub struct Admitted {
    request: async_graphql::Request,
    schema: Schema,
    subscription: bool,
    timeout: Duration,
}

/// Admits the request an HTTP request's parameters ask for.
pub fn admit_http<E: Executor>(
    executor: &E,
    params: Params,
    http: &poem::Request,
) -> Result<Admitted, Refused> {
    let method = if *http.method() == poem::http::Method::GET {
        Method::Get
    } else {
        Method::Other
    };
    admit(executor, params.into_request()?, &Origin::of(http), method)
}

/// Guards, parses once, and prepares `request`.
pub fn admit<E: Executor>(
    executor: &E,
    mut request: async_graphql::Request,
    origin: &Origin<'_>,
    method: Method,
) -> Result<Admitted, Refused> {
    let limits = executor.limits();
    if request.query.trim().is_empty() {
        return Err(Refused::bad("Must provide query string."));
    }
    guard::scan(&request.query, limits).map_err(|r| Refused::bad(r.0))?;
    let schema = executor.schema();
    let operation_name = request.operation_name.clone();
    let mut subscription = false;
    // A document that does not parse is left to the executor, which reports it.
    if let Ok(document) = request.parsed_query() {
        let ty = operation_type(document, operation_name.as_deref());
        if method == Method::Get && ty.is_some_and(|t| t != OperationType::Query) {
            return Err(Refused::method(
                "POST",
                "Can only perform a query operation from a GET request.",
            ));
        }
        subscription = ty == Some(OperationType::Subscription);
        guard::inspect(
            document,
            operation_name.as_deref(),
            schema.registry(),
            limits,
        )
        .map_err(|r| Refused::bad(r.0))?;
    }
    Ok(Admitted {
        request: executor.prepare(request, origin),
        schema,
        subscription,
        timeout: limits.timeout(),
    })
}

/// The type of the operation that would run, if the document names one.
fn operation_type(
    document: &ExecutableDocument,
    operation_name: Option<&str>,
) -> Option<OperationType> {
    let operation = match (&document.operations, operation_name) {
        (DocumentOperations::Single(op), _) => Some(&op.node),
        (DocumentOperations::Multiple(ops), Some(name)) => ops.get(name).map(|op| &op.node),
        (DocumentOperations::Multiple(ops), None) if ops.len() == 1 => {
            ops.values().next().map(|op| &op.node)
        }
        _ => None,
    };
    operation.map(|op| op.ty)
}

impl Admitted {
    /// Executes a query or mutation under the time limit (a subscription
    /// answers with its first event).
    pub async fn execute(self) -> Result<Response, Refused> {
        let timeout = self.timeout;
        tokio::time::timeout(timeout, self.schema.execute(self.request))
            .await
            .map_err(|_| timed_out(timeout.as_secs()))
    }

    /// Every result: a subscription's events (`session` is a WebSocket
    /// connection's data), or a query's or mutation's one result under the
    /// time limit.
    pub fn stream(self, session: Option<Arc<Data>>) -> BoxStream<'static, Response> {
        if self.subscription {
            return self
                .schema
                .execute_stream_with_session_data(self.request, session.unwrap_or_default());
        }
        let timeout = self.timeout;
        let schema = self.schema;
        let request = self.request;
        stream::once(async move {
            tokio::time::timeout(timeout, schema.execute(request))
                .await
                .unwrap_or_else(|_| timed_out(timeout.as_secs()).into_graphql())
        })
        .boxed()
    }
}

fn timed_out(seconds: u64) -> Refused {
    Refused::new(
        StatusCode::SERVICE_UNAVAILABLE,
        format!("The request took longer than {seconds} seconds."),
    )
}
