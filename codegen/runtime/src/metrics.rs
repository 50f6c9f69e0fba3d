//! Prometheus metrics of the GraphQL requests a server answers, whatever
//! carried them: requests by operation name, operation type and outcome,
//! their duration by operation, errors by `extensions.code`, the guard's
//! refusals by reason, the document caches' hits and misses, and
//! subscriptions open. A server that wants them
//! returns a [`Metrics`] from `Executor::metrics`, adds its own to the same
//! registry ([`Metrics::registry_mut`]) before it serves, and serves them
//! with [`metrics_endpoint`] in Prometheus's text format.
//!
//! Operation names are the client's, so their label set is bounded: the
//! first `max_operation_names` distinct names are kept as they are, and
//! any later one is counted as [`OTHER_OPERATIONS`]. An anonymous operation
//! is labelled with the empty name.

use std::collections::HashSet;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use apollo_compiler::executable::OperationType;
use poem::http::StatusCode;
use poem::web::Data;
use poem::{Endpoint, EndpointExt, Response, get, handler};
use prometheus_client::collector::Collector;
use prometheus_client::encoding::{DescriptorEncoder, EncodeLabelSet, EncodeMetric};
use prometheus_client::metrics::counter::{ConstCounter, Counter};
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use crate::engine::Answer;
use crate::http::Refused;

/// The client the registry belongs to, for a server's own metrics (the
/// same version as the registry's, whatever the server's dependencies).
pub use prometheus_client;

/// The label of every operation name beyond the cap.
pub const OTHER_OPERATIONS: &str = "(other)";

/// The content type of Prometheus's text format.
const TEXT_FORMAT: &str = "text/plain; version=0.0.4; charset=utf-8";

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    operation_name: String,
    operation_type: &'static str,
    outcome: &'static str,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OperationLabels {
    operation_name: String,
    operation_type: &'static str,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct CodeLabels {
    code: String,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ReasonLabels {
    reason: &'static str,
}

/// Every GraphQL metric of one server, and the registry it is served from.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    durations: Family<OperationLabels, Histogram, fn() -> Histogram>,
    errors: Family<CodeLabels, Counter>,
    refusals: Family<ReasonLabels, Counter>,
    subscriptions: Gauge,
    names: OperationNames,
}

/// Seconds, from half a millisecond to 16 s, each bucket twice the last.
fn duration_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.0005, 2.0, 16))
}

impl Metrics {
    /// Every GraphQL metric registered; at most `max_operation_names`
    /// distinct operation names are kept as labels.
    pub fn new(max_operation_names: usize) -> Self {
        let mut registry = Registry::default();
        let requests = Family::default();
        registry.register(
            "graphql_requests",
            "GraphQL requests answered, by operation name and type and outcome \
             (ok; error: answered with errors; refused: never executed; timed_out)",
            requests.clone(),
        );
        let durations = Family::new_with_constructor(duration_histogram as fn() -> Histogram);
        registry.register(
            "graphql_request_duration_seconds",
            "How long GraphQL requests took from admission to answer, by operation",
            durations.clone(),
        );
        let errors = Family::default();
        registry.register(
            "graphql_errors",
            "Errors in answers, by extensions.code (none: without one)",
            errors.clone(),
        );
        let refusals = Family::default();
        registry.register(
            "graphql_guard_refusals",
            "Requests the guard refused, by the limit they went beyond",
            refusals.clone(),
        );
        registry.register_collector(Box::new(DocumentCache));
        let subscriptions = Gauge::default();
        registry.register(
            "graphql_subscriptions_open",
            "Subscriptions being streamed",
            subscriptions.clone(),
        );
        Metrics {
            registry,
            requests,
            durations,
            errors,
            refusals,
            subscriptions,
            names: OperationNames::new(max_operation_names),
        }
    }

    /// The registry, for a server's own metrics, before it serves.
    pub fn registry_mut(&mut self) -> &mut Registry {
        &mut self.registry
    }

    /// Every metric in Prometheus's text format.
    pub fn encode(&self) -> Result<String, std::fmt::Error> {
        let mut text = String::new();
        prometheus_client::encoding::prometheus_text::encode(&mut text, &self.registry)?;
        Ok(text)
    }

    /// An executed request's answer (for a subscription sent over plain
    /// HTTP, its first event).
    pub(crate) fn answered(
        &self,
        name: Option<&str>,
        ty: Option<OperationType>,
        answer: &Answer,
        elapsed: Duration,
    ) {
        let outcome = if answer.never_executed() {
            "refused"
        } else if answer.errors.is_empty() {
            "ok"
        } else {
            "error"
        };
        self.request(name, ty, outcome, Some(elapsed));
        for error in &answer.errors {
            let code = error.extensions.get("code").and_then(|code| code.as_str());
            self.error(code.unwrap_or("none"));
        }
    }

    /// A request refused before it executed.
    pub(crate) fn refused(&self, name: Option<&str>, ty: Option<OperationType>, refused: &Refused) {
        self.request(name, ty, "refused", None);
        self.error(refused.code.unwrap_or("none"));
        if let Some(limit) = refused.limit {
            self.refusals
                .get_or_create(&ReasonLabels { reason: limit })
                .inc();
        }
    }

    /// A request that ran out of time (`refused` says how it was answered).
    pub(crate) fn timed_out(
        &self,
        name: Option<&str>,
        ty: Option<OperationType>,
        refused: &Refused,
        elapsed: Duration,
    ) {
        self.request(name, ty, "timed_out", Some(elapsed));
        self.error(refused.code.unwrap_or("none"));
    }

    /// Counts a request by its labels, and its duration if it ran.
    fn request(
        &self,
        name: Option<&str>,
        ty: Option<OperationType>,
        outcome: &'static str,
        elapsed: Option<Duration>,
    ) {
        let labels = RequestLabels {
            operation_name: self.names.label(name),
            operation_type: type_label(ty),
            outcome,
        };
        if let Some(elapsed) = elapsed {
            self.durations
                .get_or_create(&OperationLabels {
                    operation_name: labels.operation_name.clone(),
                    operation_type: labels.operation_type,
                })
                .observe(elapsed.as_secs_f64());
        }
        self.requests.get_or_create(&labels).inc();
    }

    fn error(&self, code: &str) {
        self.errors
            .get_or_create(&CodeLabels {
                code: code.to_owned(),
            })
            .inc();
    }

    /// A subscription started: counted as a request, and as open until
    /// the returned guard is dropped.
    pub(crate) fn subscribed(self: &Arc<Self>, name: Option<&str>) -> OpenSubscription {
        self.request(name, Some(OperationType::Subscription), "ok", None);
        self.subscriptions.inc();
        OpenSubscription(self.clone())
    }
}

/// The document caches' lookups, read when Prometheus scrapes (each thread
/// counts its own, so counting costs the request path no shared write).
#[derive(Debug)]
struct DocumentCache;

impl Collector for DocumentCache {
    fn encode(&self, mut encoder: DescriptorEncoder) -> Result<(), std::fmt::Error> {
        let (found, parsed) = crate::engine::document_cache_counts();
        for (name, help, value) in [
            (
                "graphql_document_cache_hits",
                "Documents found parsed and validated in the engines' caches",
                found,
            ),
            (
                "graphql_document_cache_misses",
                "Documents the engines had to parse and validate",
                parsed,
            ),
        ] {
            let counter = ConstCounter::new(value);
            let metric = encoder.encode_descriptor(name, help, None, counter.metric_type())?;
            counter.encode(metric)?;
        }
        Ok(())
    }
}

/// A subscription counted as open while it lives.
pub(crate) struct OpenSubscription(Arc<Metrics>);

impl Drop for OpenSubscription {
    fn drop(&mut self) {
        self.0.subscriptions.dec();
    }
}

fn type_label(ty: Option<OperationType>) -> &'static str {
    match ty {
        Some(OperationType::Query) => "query",
        Some(OperationType::Mutation) => "mutation",
        Some(OperationType::Subscription) => "subscription",
        None => "",
    }
}

/// The operation names kept as labels, at most a cap of them.
struct OperationNames {
    kept: RwLock<HashSet<String>>,
    cap: usize,
}

impl OperationNames {
    fn new(cap: usize) -> Self {
        OperationNames {
            kept: RwLock::new(HashSet::new()),
            cap,
        }
    }

    /// `name`'s label: itself if kept (or room is left to keep it), else
    /// [`OTHER_OPERATIONS`]; the empty name for an anonymous operation.
    fn label(&self, name: Option<&str>) -> String {
        let Some(name) = name else {
            return String::new();
        };
        let kept = self.kept.read().unwrap_or_else(|e| e.into_inner());
        if kept.contains(name) {
            return name.to_owned();
        }
        let full = kept.len() >= self.cap;
        drop(kept);
        if full {
            return OTHER_OPERATIONS.to_owned();
        }
        // Another request may have kept it, or filled the set, meanwhile.
        let mut kept = self.kept.write().unwrap_or_else(|e| e.into_inner());
        if kept.contains(name) || kept.len() < self.cap {
            kept.insert(name.to_owned());
            name.to_owned()
        } else {
            OTHER_OPERATIONS.to_owned()
        }
    }
}

/// What answers `GET /metrics`: every metric of `metrics`, in
/// Prometheus's text format.
pub fn metrics_endpoint(metrics: Arc<Metrics>) -> impl Endpoint {
    get(serve_metrics).data(metrics)
}

#[handler]
fn serve_metrics(Data(metrics): Data<&Arc<Metrics>>) -> Response {
    match metrics.encode() {
        Ok(text) => Response::builder().content_type(TEXT_FORMAT).body(text),
        Err(_) => Response::builder()
            .status(StatusCode::INTERNAL_SERVER_ERROR)
            .finish(),
    }
}

#[cfg(test)]
mod tests {
    use super::{Metrics, OTHER_OPERATIONS, OperationNames};

    #[test]
    fn operation_names_beyond_the_cap_are_one_label() {
        let names = OperationNames::new(2);
        assert_eq!(names.label(Some("Feed")), "Feed");
        assert_eq!(names.label(None), "");
        assert_eq!(names.label(Some("Login")), "Login");
        assert_eq!(names.label(Some("Spam1")), OTHER_OPERATIONS);
        assert_eq!(names.label(Some("Feed")), "Feed", "a kept name stays");
    }

    #[test]
    fn the_registry_encodes_in_prometheus_text_format() {
        let metrics = Metrics::new(10);
        let answer = crate::engine::Answer {
            data: Some(b"{}".to_vec()),
            errors: Vec::new(),
        };
        let query = Some(apollo_compiler::executable::OperationType::Query);
        metrics.answered(
            Some("Feed"),
            query,
            &answer,
            std::time::Duration::from_millis(3),
        );
        let text = metrics.encode().unwrap();
        assert!(
            text.contains("# TYPE graphql_requests_total counter"),
            "{text}"
        );
        assert!(
            text.contains(
                "graphql_requests_total{operation_name=\"Feed\",operation_type=\"query\",outcome=\"ok\"} 1"
            ),
            "{text}"
        );
        assert!(
            text.contains("# TYPE graphql_request_duration_seconds histogram"),
            "{text}"
        );
        assert!(text.contains("graphql_subscriptions_open 0"), "{text}");
    }
}
