//! The one entry of every GraphQL request, whatever carried it: the guard
//! reads the raw text (characters, tokens, nesting) before any parser does,
//! the guard parses the document (the engine parses and validates it again,
//! once per distinct text, and caches it), the guard measures the operation
//! (depth, aliases, root fields, directives, expanded size, cost), and its
//! verdict is remembered for the next request with the same document; a
//! GET may only query, and the executor adds what the request needs from
//! its origin. Only then does the engine execute: a query or mutation under
//! the time limit, a subscription as a stream.

use std::time::Duration;

use async_graphql::futures_util::stream::{self, BoxStream, StreamExt};
use async_graphql::parser::types::{DocumentOperations, ExecutableDocument, OperationType};
use poem::http::StatusCode;

use super::params::Params;
use super::verdicts::Verdict;
use super::{Executor, Origin, Refused, Served};
use crate::engine::{self, Answer, Context, Engine};
use crate::guard;

/// How the request arrived, as far as admission cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// A GET request, which may only query.
    Get,
    /// Anything else: POST, a WebSocket message.
    Other,
}

/// A request that passed the guard, ready to execute on its engine.
pub struct Admitted {
    engine: Engine,
    request: engine::Request,
    ctx: Context,
    subscription: bool,
    timeout: Duration,
}

/// Admits the request an HTTP request's parameters ask for.
pub fn admit_http<E: Executor>(
    served: &Served<E>,
    params: Params,
    http: &poem::Request,
) -> Result<Admitted, Refused> {
    let method = if *http.method() == poem::http::Method::GET {
        Method::Get
    } else {
        Method::Other
    };
    admit(served, params.into_request()?, &Origin::of(http), method)
}

/// Guards (or recalls the guard's verdict on the same document), and
/// prepares `request`.
pub fn admit<E: Executor>(
    served: &Served<E>,
    request: engine::Request,
    origin: &Origin<'_>,
    method: Method,
) -> Result<Admitted, Refused> {
    let executor = &served.executor;
    if request.query.trim().is_empty() {
        return Err(Refused::bad("Must provide query string."));
    }
    let engine = executor.engine();
    let limits = executor.limits();
    let verdict = served.verdicts.get_or_judge(
        engine.id(),
        &request.query,
        request.operation_name.as_deref(),
        limits.max_query_chars,
        || judge(&engine, &request, limits),
    );
    let ty = verdict.operation;
    if method == Method::Get && ty.is_some_and(|t| t != OperationType::Query) {
        return Err(Refused::method(
            "POST",
            "Can only perform a query operation from a GET request.",
        ));
    }
    if let Some(message) = verdict.refusal {
        return Err(Refused::bad(message));
    }
    let mut ctx = Context::new();
    executor.prepare(origin, &mut ctx);
    Ok(Admitted {
        engine,
        request,
        ctx,
        subscription: ty == Some(OperationType::Subscription),
        timeout: limits.timeout(),
    })
}

/// The guard's verdict: the raw text scanned, the document parsed by the
/// guard's parser (which tells the operation's type, for the GET rule) and
/// the operation measured.
fn judge(engine: &Engine, request: &engine::Request, limits: &crate::Limits) -> Verdict {
    if let Err(refusal) = guard::scan(&request.query, limits) {
        return Verdict::refused(None, refusal.0);
    }
    // A document the guard's parser cannot read is left to the engine, which
    // reports it; one the engine would run anyway is refused unmeasured.
    let Ok(document) = async_graphql::parser::parse_query(&request.query) else {
        if engine.accepts(&request.query) {
            return Verdict::refused(None, "The document could not be measured.".into());
        }
        return Verdict::admitted(None);
    };
    let operation_name = request.operation_name.as_deref();
    let operation = operation_type(&document, operation_name);
    match guard::inspect(&document, operation_name, engine.schema(), limits) {
        Ok(()) => Verdict::admitted(operation),
        Err(refusal) => Verdict::refused(operation, refusal.0),
    }
}

/// The engine's request for an async-graphql one (a WebSocket's).
pub fn engine_request(request: async_graphql::Request) -> engine::Request {
    let variables = match request.variables.into_value().into_json() {
        Ok(serde_json::Value::Object(variables)) => variables,
        _ => serde_json::Map::new(),
    };
    engine::Request {
        query: request.query,
        operation_name: request.operation_name,
        variables,
    }
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
    pub async fn execute(self) -> Result<Answer, Refused> {
        let timeout = self.timeout;
        let answer = async {
            if self.subscription {
                let mut events = self.engine.subscribe(self.request, self.ctx);
                events
                    .next()
                    .await
                    .unwrap_or_else(|| Answer::refused(Vec::new()))
            } else {
                self.engine.execute(&self.request, &self.ctx).await
            }
        };
        // An answer ready at once (`{ __typename }`, a cached value) needs
        // no timer; the limit still counts from here.
        let deadline = tokio::time::Instant::now().checked_add(timeout);
        let mut answer = std::pin::pin!(answer);
        if let Some(answer) = futures_util::FutureExt::now_or_never(answer.as_mut()) {
            return Ok(answer);
        }
        let Some(deadline) = deadline else {
            // A limit beyond what a clock can count: none.
            return Ok(answer.await);
        };
        tokio::time::timeout_at(deadline, answer)
            .await
            .map_err(|_| timed_out(timeout.as_secs()))
    }

    /// Every answer: a subscription's events, or a query's or mutation's
    /// one answer under the time limit (or its refusal).
    pub fn stream(self) -> BoxStream<'static, Result<Answer, Refused>> {
        if self.subscription {
            return self
                .engine
                .subscribe(self.request, self.ctx)
                .map(Ok)
                .boxed();
        }
        stream::once(self.execute()).boxed()
    }
}

fn timed_out(seconds: u64) -> Refused {
    Refused::new(
        StatusCode::SERVICE_UNAVAILABLE,
        format!("The request took longer than {seconds} seconds."),
    )
}
