//! The span of one field at one level: the engine resolves it for every
//! parent of the level in one call, so there is one span per call, named by
//! the field's coordinate, with how many parents it resolved for and where
//! in the response the level stands. It is the current context while the
//! resolver runs (a server's statements open beneath it) and while the
//! next level executes (its fields' spans are its children).

use opentelemetry::trace::{SpanKind, Status, TraceContextExt, Tracer};
use opentelemetry::{Context, KeyValue};
use opentelemetry_sdk::trace::SdkTracer;

pub(crate) struct FieldSpan {
    cx: Context,
}

impl FieldSpan {
    /// Starts the span of `type_name.field` resolving for `parents`
    /// parents at `path` (response keys, dot-separated), beneath the
    /// current context.
    pub(crate) fn start(
        tracer: &SdkTracer,
        type_name: &str,
        field: &str,
        path: String,
        parents: usize,
    ) -> Self {
        let coordinate = format!("{type_name}.{field}");
        let attributes = vec![
            KeyValue::new("graphql.field.coordinate", coordinate.clone()),
            KeyValue::new("graphql.field.name", field.to_string()),
            KeyValue::new("graphql.field.parent_type", type_name.to_string()),
            KeyValue::new("graphql.field.path", path),
            KeyValue::new("graphql.field.parents", parents as i64),
        ];
        let parent = Context::current();
        let span = tracer
            .span_builder(coordinate)
            .with_kind(SpanKind::Internal)
            .with_attributes(attributes)
            .start_with_context(tracer, &parent);
        FieldSpan {
            cx: parent.with_span(span),
        }
    }

    /// The context the resolver and the next level run in.
    pub(crate) fn context(&self) -> Context {
        self.cx.clone()
    }

    /// Ends the span once the resolver has answered; `error` is the first
    /// error among its values, if any failed.
    pub(crate) fn end(&self, error: Option<&str>) {
        let span = self.cx.span();
        if let Some(message) = error {
            span.set_status(Status::error(message.to_string()));
        }
        span.end();
    }
}
