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
use std::time::Duration;

use apollo_compiler::executable::OperationType;
use async_graphql::futures_util::stream::{self, BoxStream, StreamExt};
use poem::http::StatusCode;

use super::params::{Params, persisted_query_id};
use super::trusted::{self, DocumentId, Mode, Trusted, TrustedDocuments};
use super::verdicts::judge;
use super::{Executor, Origin, Refused, Served};
use crate::engine::{self, Answer, Engine, RequestData};

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
    let (request, document_id) = params.into_request()?;
    admit(served, request, document_id, &Origin::of(http), method)
}

/// Guards (or recalls the guard's verdict on the same document), and
/// prepares `request`.
pub fn admit<E: Executor>(
    served: &Served<E>,
    mut request: engine::Request,
    document_id: Option<String>,
    origin: &Origin<'_>,
    method: Method,
) -> Result<Admitted, Refused> {
    let executor = &served.executor;
    let engine = executor.engine();
    let limits = executor.limits();
    let trusted = match document_id {
        Some(id) => by_id(executor.trusted_documents(), &id, &mut request)?,
        None => {
            if request.query.trim().is_empty() {
                return Err(Refused::bad("Must provide query string."));
            }
            listed(executor.trusted_documents(), &request, None)?
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
        return Err(Refused::method(
            "POST",
            "Can only perform a query operation from a GET request.",
        ));
    }
    if let Some(message) = verdict.refusal {
        return Err(Refused::bad(message));
    }
    let mut ctx = RequestData::new();
    executor.prepare(origin, &mut ctx);
    Ok(Admitted {
        engine,
        request,
        ctx,
        subscription: ty == Some(OperationType::Subscription),
        timeout: limits.timeout(),
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
