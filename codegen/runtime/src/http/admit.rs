//! The one entry of every GraphQL request, whatever carried it: a trusted
//! document's id is resolved to its text (and a text checked against the
//! manifests, as the mode asks: [`super::trusted`]), the guard
//! reads the raw text (bytes, tokens, nesting) before any parser does,
//! the engine parses and validates the document (once per distinct text,
//! cached for the execution), the guard measures the operation on it
//! (depth, aliases, root fields, directives, expanded size, cost), and its
//! verdict is remembered for the next request with the same document; a
//! GET may only query, and the executor adds what the request needs from
//! its origin. Only then does the engine execute: a query or mutation under
//! the time limit, a subscription as a stream.

use std::sync::Arc;
use std::time::{Duration, Instant};

use apollo_compiler::executable::OperationType;
use async_graphql::futures_util::stream::{self, BoxStream, StreamExt};
use opentelemetry::context::FutureExt as _;
use poem::http::StatusCode;

use super::params::{Params, persisted_query_id};
use super::trusted::{self, DocumentId, Mode, Trusted, TrustedDocuments};
use super::verdicts::judge;
use super::{Executor, Origin, Refused, Served};
use crate::engine::{self, Answer, Engine, RequestData};
use crate::metrics::Metrics;
use crate::traces::{OperationSpan, Tracing};

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
    ctx: RequestData,
    timeout: Duration,
    operation_type: Option<OperationType>,
    measured: Option<Measured>,
    tracing: Option<Arc<Tracing>>,
}

/// What the metrics need of a request, when the server keeps metrics.
struct Measured {
    metrics: Arc<Metrics>,
    operation_name: Option<String>,
    started: Instant,
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
    let (request, document_id) = match params.into_request() {
        Ok(read) => read,
        Err(refused) => {
            if let Some(metrics) = served.executor.metrics() {
                metrics.refused(None, None, &refused);
            }
            return Err(refused);
        }
    };
    admit(served, request, document_id, &Origin::of(http), method)
}

/// Guards (or recalls the guard's verdict on the same document), and
/// prepares `request`; counted in the server's metrics, if it keeps them.
pub fn admit<E: Executor>(
    served: &Served<E>,
    request: engine::Request,
    document_id: Option<String>,
    origin: &Origin<'_>,
    method: Method,
) -> Result<Admitted, Refused> {
    let Some(metrics) = served.executor.metrics() else {
        return guard(served, request, document_id, origin, method).map_err(|(refused, _)| refused);
    };
    let started = Instant::now();
    let operation_name = request.operation_name.clone();
    match guard(served, request, document_id, origin, method) {
        Ok(mut admitted) => {
            // A request that names no operation runs its document's only
            // one, by that one's name (the document is cached by now).
            let operation_name = operation_name.or_else(|| {
                let parsed = admitted.engine.document(&admitted.request);
                let document = parsed.as_ref().as_ref().ok()?;
                let operation = document.operations.get(None).ok()?;
                Some(operation.name.as_ref()?.to_string())
            });
            admitted.measured = Some(Measured {
                metrics,
                operation_name,
                started,
            });
            Ok(admitted)
        }
        Err((refused, operation_type)) => {
            metrics.refused(operation_name.as_deref(), operation_type, &refused);
            Err(refused)
        }
    }
}

/// [`admit`] without the metrics: the refusal comes with the operation's
/// type, when the guard could tell it.
fn guard<E: Executor>(
    served: &Served<E>,
    mut request: engine::Request,
    document_id: Option<String>,
    origin: &Origin<'_>,
    method: Method,
) -> Result<Admitted, (Refused, Option<OperationType>)> {
    let executor = &served.executor;
    let engine = executor.engine();
    let limits = executor.limits();
    let untyped = |refused| (refused, None);
    let trusted = match document_id {
        Some(id) => by_id(executor.trusted_documents(), &id, &mut request).map_err(untyped)?,
        None => {
            if request.query.trim().is_empty() {
                return Err(untyped(Refused::bad("Must provide query string.")));
            }
            listed(executor.trusted_documents(), &request, None).map_err(untyped)?
        }
    };
    let recalled = trusted.as_ref().and_then(|document| {
        request.prepared = document.prepared(engine.id());
        document.verdict(engine.id(), request.operation_name.as_deref())
    });
    let verdict = match recalled {
        Some(verdict) => verdict.clone(),
        None => served.verdicts.get_or_judge(
            engine.id(),
            &request.query,
            request.operation_name.as_deref(),
            limits.max_query_bytes,
            || judge(&engine, &request, limits),
        ),
    };
    let ty = verdict.operation;
    if method == Method::Get && ty.is_some_and(|t| t != OperationType::Query) {
        let refused = Refused::method(
            "POST",
            "Can only perform a query operation from a GET request.",
        );
        return Err((refused, ty));
    }
    if let Some(exceeded) = verdict.refusal {
        return Err((Refused::beyond(exceeded), ty));
    }
    let mut ctx = RequestData::new();
    executor.prepare(origin, &mut ctx);
    Ok(Admitted {
        engine,
        request,
        ctx,
        timeout: limits.timeout(),
        operation_type: ty,
        measured: None,
        tracing: executor.tracing(),
    })
}

/// The trusted document `id` names, its text put in `request`: 404 if no
/// manifest lists it (`PERSISTED_QUERY_NOT_FOUND`, which Apollo's clients
/// answer by sending the text), 400 if the request's text is another.
fn by_id(
    trusted: Option<&TrustedDocuments>,
    id: &str,
    request: &mut engine::Request,
) -> Result<Option<Arc<Trusted>>, Refused> {
    let Some(parsed) = trusted::parse_id(id) else {
        return Err(
            Refused::bad("A document id is `sha256:` and 64 hexadecimal digits.")
                .with_code("PERSISTED_QUERY_ID_INVALID"),
        );
    };
    if !request.query.is_empty() {
        // Apollo's clients send the text with its hash when the hash alone
        // was not found: the text is what runs, if it is the hash's.
        if trusted::digest(&request.query) != parsed {
            return Err(Refused::bad("The document is not the one its id names.")
                .with_code("PERSISTED_QUERY_HASH_MISMATCH"));
        }
        return listed(trusted, request, Some(parsed));
    }
    match trusted.and_then(|trusted| trusted.get(&parsed)) {
        Some(document) => {
            request.query = document.body.clone();
            Ok(Some(document))
        }
        None => Err(Refused {
            no_store: true,
            ..Refused::new(StatusCode::NOT_FOUND, "PersistedQueryNotFound")
                .with_code("PERSISTED_QUERY_NOT_FOUND")
        }),
    }
}

/// The trusted document whose text `request` sends (`id`, its digest, if
/// known already), if one is listed; an unlisted one is served, logged or
/// refused (403, `PERSISTED_QUERY_NOT_IN_LIST`) as the mode says. With the
/// mode off, nothing is looked up or hashed.
fn listed(
    trusted: Option<&TrustedDocuments>,
    request: &engine::Request,
    id: Option<DocumentId>,
) -> Result<Option<Arc<Trusted>>, Refused> {
    let Some(trusted) = trusted.filter(|trusted| trusted.mode() != Mode::Off) else {
        return Ok(None);
    };
    let id = id.unwrap_or_else(|| trusted::digest(&request.query));
    if let Some(document) = trusted.get(&id) {
        return Ok(Some(document));
    }
    if trusted.mode() == Mode::Enforce {
        return Err(Refused::new(
            StatusCode::FORBIDDEN,
            "This server runs only trusted documents: send the id of a listed one.",
        )
        .with_code("PERSISTED_QUERY_NOT_IN_LIST"));
    }
    trusted.log_unlisted(id, request);
    Ok(None)
}

/// The engine's request for an async-graphql one (a WebSocket's), and the
/// trusted document's id its `extensions.persistedQuery` names (graphql-ws
/// has no `documentId`: async-graphql's protocol reads a payload's query,
/// operation name, variables and extensions only).
pub fn engine_request(
    request: async_graphql::Request,
) -> Result<(engine::Request, Option<String>), Refused> {
    let variables = match request.variables.into_value().into_json() {
        Ok(serde_json::Value::Object(variables)) => variables,
        _ => serde_json::Map::new(),
    };
    let persisted_query = request
        .extensions
        .get("persistedQuery")
        .and_then(|value| value.clone().into_json().ok());
    let document_id = persisted_query_id(persisted_query.as_ref())?;
    let engine_request = engine::Request {
        query: request.query,
        operation_name: request.operation_name,
        variables,
        prepared: None,
    };
    Ok((engine_request, document_id))
}

impl Admitted {
    /// Executes a query or mutation under the time limit (a subscription
    /// answers with its first event).
    pub async fn execute(self) -> Result<Answer, Refused> {
        let subscription = self.is_subscription();
        let Admitted {
            engine,
            request,
            ctx,
            timeout,
            operation_type,
            measured,
            tracing,
        } = self;
        let tracing = tracing.as_deref().filter(|_| !subscription);
        let span = tracing.and_then(|tracing| OperationSpan::start(tracing, &engine, &request));
        // Fields are traced only beneath a recorded operation.
        let tracer = span.as_ref().and(tracing).map(Tracing::tracer);
        let execution = within(timeout, async {
            if subscription {
                let mut events = engine.subscribe(request, ctx);
                events
                    .next()
                    .await
                    .unwrap_or_else(|| Answer::refused(Vec::new()))
            } else {
                engine.execute_traced(&request, &ctx, tracer).await
            }
        });
        let answered = match &span {
            Some(span) => execution.with_context(span.context()).await,
            None => execution.await,
        };
        if let Some(measured) = measured {
            measured.record(operation_type, &answered);
        }
        if let Some(span) = span {
            span.end(&answered);
        }
        answered
    }

    /// Whether it is a subscription.
    pub fn is_subscription(&self) -> bool {
        self.operation_type == Some(OperationType::Subscription)
    }

    /// Every answer: a subscription's events, or a query's or mutation's
    /// one answer under the time limit (or its refusal).
    pub fn stream(self) -> BoxStream<'static, Result<Answer, Refused>> {
        if !self.is_subscription() {
            return stream::once(self.execute()).boxed();
        }
        // Counted once, when it starts, and open until the client leaves.
        let open = self.measured.map(|measured| {
            let name = measured.operation_name.as_deref();
            measured.metrics.subscribed(name)
        });
        self.engine
            .subscribe(self.request, self.ctx)
            .map(move |answer| {
                let _open = &open;
                Ok(answer)
            })
            .boxed()
    }
}

impl Measured {
    /// The request's answer, or its time-out, in the metrics.
    fn record(&self, ty: Option<OperationType>, answered: &Result<Answer, Refused>) {
        let name = self.operation_name.as_deref();
        let elapsed = self.started.elapsed();
        match answered {
            Ok(answer) => self.metrics.answered(name, ty, answer, elapsed),
            Err(refused) => self.metrics.timed_out(name, ty, refused, elapsed),
        }
    }
}

/// `answer` under the time `limit`; an answer ready at once (`{ __typename }`,
/// a cached value) needs no timer.
async fn within(limit: Duration, answer: impl Future<Output = Answer>) -> Result<Answer, Refused> {
    let deadline = tokio::time::Instant::now().checked_add(limit);
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
        .map_err(|_| timed_out(limit.as_secs()))
}

fn timed_out(seconds: u64) -> Refused {
    Refused::new(
        StatusCode::SERVICE_UNAVAILABLE,
        format!("The request took longer than {seconds} seconds."),
    )
}
