//! The one entry of every GraphQL request, whatever carried it: the guard
//! reads the raw text (characters, tokens, nesting) before any parser does,
//! the document is parsed once for the guard, a GET may only query, the
//! guard measures the operation (depth, aliases, root fields, directives,
//! expanded size, cost), and the executor adds what the request needs from
//! its origin. Only then does anything execute: a query or mutation under
//! the time limit, a subscription as a stream, on the engine or on a
//! dynamic schema.

use std::sync::Arc;
use std::time::Duration;

use async_graphql::futures_util::stream::{self, BoxStream, StreamExt};
use async_graphql::parser::types::{DocumentOperations, ExecutableDocument, OperationType};
use async_graphql::{Data, Response};
use poem::http::StatusCode;

use super::endpoint::body_of;
use super::params::Params;
use super::{DataTarget, Executor, Origin, Refused, RequestData, Schema};
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

/// A request that passed the guard, ready to execute on its schema.
pub struct Admitted {
    run: Run,
    subscription: bool,
    timeout: Duration,
}

enum Run {
    Engine {
        engine: Engine,
        request: engine::Request,
        ctx: Context,
    },
    Dynamic {
        schema: async_graphql::dynamic::Schema,
        request: Box<async_graphql::Request>,
    },
}

/// What one execution answered.
pub enum Executed {
    Engine(Answer),
    Dynamic(Response),
}

impl Executed {
    /// The JSON body, and whether the request never got to execute.
    pub fn body(self) -> (String, bool) {
        match self {
            Executed::Engine(answer) => (
                String::from_utf8(answer.to_json()).unwrap_or_default(),
                answer.never_executed(),
            ),
            Executed::Dynamic(response) => body_of(response),
        }
    }

    /// As async-graphql's response, for the WebSocket protocols it speaks.
    pub fn into_graphql(self) -> Response {
        match self {
            Executed::Engine(answer) => {
                serde_json::from_slice(&answer.to_json()).unwrap_or_default()
            }
            Executed::Dynamic(response) => response,
        }
    }
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
        let types: &dyn guard::FieldTypes = match &schema {
            Schema::Engine(engine) => &**engine.schema(),
            Schema::Dynamic(dynamic) => dynamic.registry(),
        };
        guard::inspect(document, operation_name.as_deref(), types, limits)
            .map_err(|r| Refused::bad(r.0))?;
    }
    let run = match schema {
        Schema::Engine(engine) => {
            let mut ctx = Context::new();
            executor.prepare(origin, &mut RequestData(DataTarget::Engine(&mut ctx)));
            Run::Engine {
                engine,
                request: engine_request(request),
                ctx,
            }
        }
        Schema::Dynamic(schema) => {
            executor.prepare(
                origin,
                &mut RequestData(DataTarget::Dynamic(&mut request.data)),
            );
            Run::Dynamic {
                schema,
                request: Box::new(request),
            }
        }
    };
    Ok(Admitted {
        run,
        subscription,
        timeout: limits.timeout(),
    })
}

fn engine_request(request: async_graphql::Request) -> engine::Request {
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
    pub async fn execute(self) -> Result<Executed, Refused> {
        let timeout = self.timeout;
        tokio::time::timeout(timeout, self.run.once())
            .await
            .map_err(|_| timed_out(timeout.as_secs()))
    }

    /// Every result: a subscription's events (`session` is a WebSocket
    /// connection's data), or a query's or mutation's one result under the
    /// time limit.
    pub fn stream(self, session: Option<Arc<Data>>) -> BoxStream<'static, Executed> {
        if self.subscription {
            return match self.run {
                Run::Engine {
                    engine,
                    request,
                    ctx,
                } => engine.subscribe(request, ctx).map(Executed::Engine).boxed(),
                Run::Dynamic { schema, request } => schema
                    .execute_stream_with_session_data(*request, session.unwrap_or_default())
                    .map(Executed::Dynamic)
                    .boxed(),
            };
        }
        let timeout = self.timeout;
        let run = self.run;
        stream::once(async move {
            tokio::time::timeout(timeout, run.once())
                .await
                .unwrap_or_else(|_| Executed::Dynamic(timed_out(timeout.as_secs()).into_graphql()))
        })
        .boxed()
    }
}

impl Run {
    async fn once(self) -> Executed {
        match self {
            Run::Engine {
                engine,
                request,
                ctx,
            } => Executed::Engine(engine.execute(&request, &ctx).await),
            Run::Dynamic { schema, request } => Executed::Dynamic(schema.execute(*request).await),
        }
    }
}

fn timed_out(seconds: u64) -> Refused {
    Refused::new(
        StatusCode::SERVICE_UNAVAILABLE,
        format!("The request took longer than {seconds} seconds."),
    )
}
