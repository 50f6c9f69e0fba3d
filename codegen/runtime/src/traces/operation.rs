//! The span of one operation, by OpenTelemetry's GraphQL conventions:
//! named `query Feed` (its type and name), with `graphql.operation.type`,
//! `graphql.operation.name` and, if the server asks, `graphql.document`
//! without its literals. It opens beneath the request's span, or as a
//! trace's root for an operation no request span carries (a WebSocket's,
//! a server-sent event stream's),
//! and not at all when the request's trace was sampled out. It is marked
//! an error when the answer has errors or the request timed out.

use apollo_compiler::executable::OperationType;
use opentelemetry::trace::{Span, SpanKind, Status, TraceContextExt, Tracer};
use opentelemetry::{Context, KeyValue};

use super::{Tracing, document};
use crate::engine::{Answer, Engine, Request};
use crate::http::Refused;

pub(crate) struct OperationSpan {
    cx: Context,
}

impl OperationSpan {
    /// Starts the span of the operation `request` runs, unless its trace
    /// is not recorded.
    pub(crate) fn start(tracing: &Tracing, engine: &Engine, request: &Request) -> Option<Self> {
        let parent = Context::current();
        if parent.has_active_span() && !parent.span().is_recording() {
            return None;
        }
        let parsed = engine.document(request);
        let document = parsed.as_ref().as_ref().ok();
        let operation =
            document.and_then(|d| d.operations.get(request.operation_name.as_deref()).ok());
        let ty = operation.map(|operation| match operation.operation_type {
            OperationType::Query => "query",
            OperationType::Mutation => "mutation",
            OperationType::Subscription => "subscription",
        });
        let name = operation
            .and_then(|operation| operation.name.as_ref())
            .map(|name| name.to_string());
        let mut attributes = Vec::with_capacity(3);
        if let Some(ty) = ty {
            attributes.push(KeyValue::new("graphql.operation.type", ty));
        }
        if let Some(name) = &name {
            attributes.push(KeyValue::new("graphql.operation.name", name.clone()));
        }
        let span_name = match (ty, name) {
            (Some(ty), Some(name)) => format!("{ty} {name}"),
            (Some(ty), None) => ty.to_string(),
            (None, _) => "GraphQL Operation".to_string(),
        };
        let mut span = tracing
            .tracer
            .span_builder(span_name)
            .with_kind(SpanKind::Internal)
            .with_attributes(attributes)
            .start_with_context(&tracing.tracer, &parent);
        if !span.is_recording() {
            return None;
        }
        if tracing.document
            && let Some(document) = document
        {
            let text = document::without_literals(document);
            span.set_attribute(KeyValue::new("graphql.document", text));
        }
        Some(OperationSpan {
            cx: parent.with_span(span),
        })
    }

    /// The context the operation executes in.
    pub(crate) fn context(&self) -> Context {
        self.cx.clone()
    }

    /// Ends the span with the operation's answer, or its refusal.
    pub(crate) fn end(self, answered: &Result<Answer, Refused>) {
        let span = self.cx.span();
        let error = match answered {
            Ok(answer) => answer.errors.first().map(|error| error.message.clone()),
            Err(refused) => Some(refused.message.clone()),
        };
        if let Some(message) = error {
            span.set_status(Status::error(message));
        }
        span.end();
    }
}
