//! OpenTelemetry traces of GraphQL requests, when a server asks for them
//! ([`crate::http::Executor::tracing`]): a span per HTTP request (HTTP
//! semantic conventions, continuing the client's W3C `traceparent`), one
//! per operation (GraphQL conventions; the document, literals removed, only
//! if asked for), and one per field per level, since the engine resolves a
//! field for a whole level in one call: its coordinate and how many parents
//! it resolved for. A server's own spans (its SQL statements) open beneath
//! the field that runs them, as the field's span is the current context
//! while its resolver runs. [`Tracing::otlp`] exports them over OTLP/HTTP;
//! any other `SdkTracerProvider` serves as well.
//!
//! With no `Tracing`, nothing here runs: no span, no context, no clock.

mod document;
mod field;
mod operation;
mod request;

use std::time::Duration;

use opentelemetry::trace::TracerProvider as _;
use opentelemetry_otlp::{Protocol, WithExportConfig};
use opentelemetry_sdk::Resource;
use opentelemetry_sdk::propagation::TraceContextPropagator;
use opentelemetry_sdk::trace::{
    BatchConfigBuilder, BatchSpanProcessor, Sampler, SdkTracer, SdkTracerProvider,
};

pub(crate) use field::FieldSpan;
pub(crate) use operation::OperationSpan;
pub(crate) use request::RequestSpan;

/// The OpenTelemetry API and SDK the spans are made with, for a server's
/// own spans and its own provider.
pub use opentelemetry;
pub use opentelemetry_sdk;

/// The name of the tracer (the instrumentation scope) of every span here.
const SCOPE: &str = "weftql";

/// Where and how to export traces over OTLP.
#[derive(Debug, Clone)]
pub struct OtlpConfig {
    /// The collector's OTLP/HTTP address, `http://` (plain HTTP, as to a
    /// collector beside the server): a base such as `http://collector:4318`
    /// gets `/v1/traces` appended; a URL with a path is used as it is.
    pub endpoint: String,
    /// `service.name` of every span.
    pub service_name: String,
    /// The share of traces recorded, from 0 to 1, when the request carries
    /// no sampling decision; a `traceparent`'s decision is followed.
    pub sample_ratio: f64,
    /// How long spans wait to be sent in a batch; by default the SDK's
    /// (`OTEL_BSP_SCHEDULE_DELAY`, else 5 s).
    pub batch_delay: Option<Duration>,
    /// Whether operation spans carry `graphql.document`, literals removed.
    pub document: bool,
}

/// Why traces cannot be exported.
#[derive(Debug, thiserror::Error)]
pub enum TracesError {
    #[error(
        "the OTLP endpoint `{0}` is not an http:// URL (for TLS, send to a local \
         OpenTelemetry Collector, which forwards over TLS)"
    )]
    Endpoint(String),
    #[error("the OTLP exporter: {0}")]
    Exporter(#[from] opentelemetry_otlp::ExporterBuildError),
}

/// What traces a server's requests: a tracer from its provider, and
/// whether the operation's document goes into its span.
pub struct Tracing {
    provider: SdkTracerProvider,
    tracer: SdkTracer,
    propagator: TraceContextPropagator,
    document: bool,
}

impl Tracing {
    /// Traces made by `provider`'s tracer; `document` adds each operation's
    /// document, literals removed.
    pub fn new(provider: SdkTracerProvider, document: bool) -> Self {
        Tracing {
            tracer: provider.tracer(SCOPE),
            provider,
            propagator: TraceContextPropagator::new(),
            document,
        }
    }

    /// Traces sampled and exported in batches over OTLP/HTTP (protobuf)
    /// as `config` says.
    pub fn otlp(config: &OtlpConfig) -> Result<Self, TracesError> {
        let endpoint = traces_url(&config.endpoint)?;
        let exporter = opentelemetry_otlp::SpanExporter::builder()
            .with_http()
            .with_protocol(Protocol::HttpBinary)
            .with_endpoint(endpoint)
            .with_timeout(Duration::from_secs(10))
            .build()?;
        let mut batching = BatchConfigBuilder::default();
        if let Some(delay) = config.batch_delay {
            batching = batching.with_scheduled_delay(delay);
        }
        let batches = BatchSpanProcessor::builder(exporter)
            .with_batch_config(batching.build())
            .build();
        let ratio = config.sample_ratio.clamp(0.0, 1.0);
        let provider = SdkTracerProvider::builder()
            .with_span_processor(batches)
            .with_sampler(Sampler::ParentBased(Box::new(Sampler::TraceIdRatioBased(
                ratio,
            ))))
            .with_resource(
                Resource::builder()
                    .with_service_name(config.service_name.clone())
                    .build(),
            )
            .build();
        Ok(Tracing::new(provider, config.document))
    }

    /// The tracer, for a server's own spans (beneath the current context).
    pub fn tracer(&self) -> &SdkTracer {
        &self.tracer
    }

    /// Sends what is still waiting to be sent, and stops exporting.
    pub fn shutdown(&self) {
        if let Err(error) = self.provider.shutdown() {
            tracing::warn!(%error, "the last traces could not be exported");
        }
    }
}

/// `endpoint` with OTLP's path for traces, if it has no path of its own.
fn traces_url(endpoint: &str) -> Result<String, TracesError> {
    let rest = endpoint
        .strip_prefix("http://")
        .filter(|rest| !rest.is_empty())
        .ok_or_else(|| TracesError::Endpoint(endpoint.to_string()))?;
    Ok(match rest.find('/') {
        Some(slash) if !rest[slash..].trim_end_matches('/').is_empty() => endpoint.to_string(),
        _ => format!("{}/v1/traces", endpoint.trim_end_matches('/')),
    })
}

#[cfg(test)]
mod tests {
    use super::traces_url;

    #[test]
    fn a_base_endpoint_gets_the_traces_path() {
        for (given, used) in [
            ("http://collector:4318", "http://collector:4318/v1/traces"),
            ("http://collector:4318/", "http://collector:4318/v1/traces"),
            (
                "http://otlp.example/api/traces",
                "http://otlp.example/api/traces",
            ),
        ] {
            assert_eq!(traces_url(given).unwrap(), used);
        }
        assert!(traces_url("collector:4318").is_err());
        assert!(traces_url("https://otlp.example").is_err());
        assert!(traces_url("http://").is_err());
    }
}
