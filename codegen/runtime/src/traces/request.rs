//! The span of one HTTP request to the GraphQL endpoint, by OpenTelemetry's
//! HTTP server conventions (`POST /graphql`, method, route, path, peer,
//! user agent, protocol version, response status; never the query string,
//! which may hold a GET's document), continuing the trace
//! the client's W3C `traceparent` names. It is marked an error only for a
//! 5xx status: a 4xx is the client's.

use opentelemetry::propagation::{Extractor, TextMapPropagator};
use opentelemetry::trace::{SpanKind, Status, TraceContextExt, Tracer};
use opentelemetry::{Context, KeyValue};
use poem::http::{HeaderMap, StatusCode, header};

use super::Tracing;

pub(crate) struct RequestSpan {
    cx: Context,
}

impl RequestSpan {
    /// Starts the span of `request`, beneath its `traceparent`, if any.
    pub(crate) fn start(tracing: &Tracing, request: &poem::Request) -> Self {
        let parent = tracing.propagator.extract(&Headers(request.headers()));
        let method = request.method().as_str().to_string();
        let path = request.uri().path().to_string();
        let mut attributes = vec![
            KeyValue::new("http.request.method", method.clone()),
            KeyValue::new("http.route", path.clone()),
            KeyValue::new("url.path", path.clone()),
            KeyValue::new("url.scheme", "http"),
            KeyValue::new(
                "network.protocol.version",
                match request.version() {
                    poem::http::Version::HTTP_10 => "1.0",
                    poem::http::Version::HTTP_2 => "2",
                    poem::http::Version::HTTP_3 => "3",
                    _ => "1.1",
                },
            ),
        ];
        if let poem::Addr::SocketAddr(peer) = request.remote_addr().0 {
            attributes.push(KeyValue::new("client.address", peer.ip().to_string()));
        }
        if let Some(agent) = request
            .header(header::USER_AGENT)
            .filter(|agent| !agent.is_empty())
        {
            attributes.push(KeyValue::new("user_agent.original", agent.to_string()));
        }
        let span = tracing
            .tracer
            .span_builder(format!("{method} {path}"))
            .with_kind(SpanKind::Server)
            .with_attributes(attributes)
            .start_with_context(&tracing.tracer, &parent);
        RequestSpan {
            cx: parent.with_span(span),
        }
    }

    /// The context the request is served in.
    pub(crate) fn context(&self) -> Context {
        self.cx.clone()
    }

    /// Ends the span with the response's status.
    pub(crate) fn end(self, status: StatusCode) {
        let span = self.cx.span();
        span.set_attribute(KeyValue::new(
            "http.response.status_code",
            i64::from(status.as_u16()),
        ));
        if status.is_server_error() {
            span.set_status(Status::error(status.to_string()));
        }
        span.end();
    }
}

/// The request's headers, as the propagator reads them.
struct Headers<'a>(&'a HeaderMap);

impl Extractor for Headers<'_> {
    fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).and_then(|value| value.to_str().ok())
    }

    fn keys(&self) -> Vec<&str> {
        self.0.keys().map(|name| name.as_str()).collect()
    }
}
