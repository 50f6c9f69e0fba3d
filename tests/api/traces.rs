//! Traces as a collector receives them: an OTLP/HTTP endpoint on a free
//! port, each export decoded with `opentelemetry-proto`, and the span tree
//! of the nested query checked on SQLite and PostgreSQL: the request (its
//! `traceparent` continued) → the operation → one span per field per
//! level, with the number of parents it resolved for → the SQL statements
//! the field ran. Errors mark their spans, the document shows no literal,
//! and a trace the client did not sample records nothing.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use hackernews::config::Config;
use opentelemetry_proto::tonic::collector::trace::v1::{
    ExportTraceServiceRequest, ExportTraceServiceResponse,
};
use opentelemetry_proto::tonic::common::v1::{AnyValue, KeyValue, any_value};
use opentelemetry_proto::tonic::trace::v1::Span;
use opentelemetry_proto::tonic::trace::v1::span::SpanKind;
use opentelemetry_proto::tonic::trace::v1::status::StatusCode;
use poem::web::Data;
use poem::{EndpointExt, Response, Route, Server, handler, post};
use prost::Message;
use serde_json::{Value, json};
use weftql_runtime::traces::OtlpConfig;

use crate::helpers::{Backend, TestApp, spawn_app_with};

/// What the collector received: every span, and each export's service name.
#[derive(Default)]
struct Received {
    spans: Vec<Span>,
    services: Vec<String>,
}

type Shared = Arc<Mutex<Received>>;

#[handler]
fn export(body: Vec<u8>, Data(received): Data<&Shared>) -> Response {
    let request = ExportTraceServiceRequest::decode(body.as_slice()).expect("an OTLP export");
    let mut received = received.lock().unwrap();
    for resource_spans in request.resource_spans {
        let service = resource_spans
            .resource
            .iter()
            .flat_map(|resource| &resource.attributes)
            .find(|kv| kv.key == "service.name")
            .map(|kv| text(kv.value.as_ref()))
            .unwrap_or_default();
        received.services.push(service);
        for scope_spans in resource_spans.scope_spans {
            received.spans.extend(scope_spans.spans);
        }
    }
    Response::builder()
        .content_type("application/x-protobuf")
        .body(ExportTraceServiceResponse::default().encode_to_vec())
}

/// An OTLP/HTTP collector on a free port: its base address, and what it received.
async fn collector() -> (String, Shared) {
    let received = Shared::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let acceptor = poem::listener::TcpAcceptor::from_tokio(listener).unwrap();
    let app = Route::new()
        .at("/v1/traces", post(export))
        .data(received.clone());
    tokio::spawn(Server::new_with_acceptor(acceptor).run(app));
    (address, received)
}

fn traced_to(endpoint: &str) -> impl FnOnce(&mut Config) + use<> {
    let endpoint = endpoint.to_string();
    move |config| {
        config.traces = Some(OtlpConfig {
            endpoint,
            service_name: "hackernews-under-test".into(),
            sample_ratio: 1.0,
            batch_delay: Some(Duration::from_millis(50)),
            document: true,
        })
    }
}

fn text(value: Option<&AnyValue>) -> String {
    match value.and_then(|v| v.value.as_ref()) {
        Some(any_value::Value::StringValue(s)) => s.clone(),
        Some(any_value::Value::IntValue(i)) => i.to_string(),
        Some(any_value::Value::BoolValue(b)) => b.to_string(),
        Some(any_value::Value::DoubleValue(d)) => d.to_string(),
        _ => String::new(),
    }
}

fn attribute(span: &Span, key: &str) -> Option<String> {
    let found: Option<&KeyValue> = span.attributes.iter().find(|kv| kv.key == key);
    found.map(|kv| text(kv.value.as_ref()))
}

fn is_error(span: &Span) -> bool {
    span.status
        .as_ref()
        .is_some_and(|status| status.code == StatusCode::Error as i32)
}

/// The spans of trace `trace_id` once its request's span (the last to end)
/// has arrived.
async fn trace(received: &Shared, trace_id: &[u8]) -> Vec<Span> {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        {
            let received = received.lock().unwrap();
            let spans: Vec<Span> = received
                .spans
                .iter()
                .filter(|span| span.trace_id == trace_id)
                .cloned()
                .collect();
            if spans
                .iter()
                .any(|span| span.kind == SpanKind::Server as i32 && span.name == "POST /graphql")
            {
                return spans;
            }
        }
        assert!(Instant::now() < deadline, "trace not exported within 15 s");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn named<'s>(spans: &'s [Span], name: &str) -> &'s Span {
    spans
        .iter()
        .find(|span| span.name == name)
        .unwrap_or_else(|| panic!("no span `{name}` among {:?}", names(spans)))
}

/// Each span's name, and its parent's.
fn names(spans: &[Span]) -> Vec<(&str, &str)> {
    spans
        .iter()
        .map(|span| {
            let parent = spans
                .iter()
                .find(|p| p.span_id == span.parent_span_id)
                .map_or("", |p| p.name.as_str());
            (span.name.as_str(), parent)
        })
        .collect()
}

fn children<'s>(spans: &'s [Span], parent: &Span) -> Vec<&'s Span> {
    spans
        .iter()
        .filter(|span| span.parent_span_id == parent.span_id)
        .collect()
}

/// POSTs `query` under the W3C `traceparent` `00-<trace>-<parent>-<flags>`.
async fn post_traced(app: &TestApp, query: &str, traceparent: &str) -> Value {
    app.client
        .post(app.url("/graphql"))
        .header("traceparent", traceparent)
        .json(&json!({ "query": query }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[tokio::test]
async fn the_nested_query_is_traced_from_the_request_to_its_statements() {
    let (endpoint, received) = collector().await;
    for (backend, system) in [
        (Backend::Sqlite, "sqlite"),
        (Backend::Postgres, "postgresql"),
    ] {
        let Some(app) = spawn_app_with(backend, traced_to(&endpoint)).await else {
            eprintln!("skipped on PostgreSQL: no server answered");
            continue;
        };
        let token = app.sign_up("alice").await;
        let bearer = format!("JWT {token}");
        let first = app
            .post_link(Some(&bearer), "https://one.example", "one")
            .await;
        app.post_link(Some(&bearer), "https://two.example", "two")
            .await;
        let voted = app
            .gql_as(
                &bearer,
                "mutation($id: Int) { createVote(linkId: $id) { link { id } } }",
                json!({ "id": first["data"]["createLink"]["id"] }),
            )
            .await;
        assert!(voted["errors"].is_null(), "{voted}");

        // A trace of its own per database: the collector serves both.
        let mut trace_id: [u8; 16] = *b"weftql-traced-q-";
        trace_id[15] = system.as_bytes()[0];
        let caller: [u8; 8] = *b"caller-1";
        let body = post_traced(
            &app,
            r#"query Nested { links(first: 10, search: "example") { id url postedBy { username } votes { user { username } } } }"#,
            &format!("00-{}-{}-01", hex(&trace_id), hex(&caller)),
        )
        .await;
        assert!(body["errors"].is_null(), "{body}");
        let spans = trace(&received, &trace_id).await;

        let request = named(&spans, "POST /graphql");
        assert_eq!(
            request.parent_span_id, caller,
            "the caller's span continued"
        );
        assert_eq!(attribute(request, "http.request.method").unwrap(), "POST");
        assert_eq!(attribute(request, "http.route").unwrap(), "/graphql");
        assert_eq!(
            attribute(request, "http.response.status_code").unwrap(),
            "200"
        );

        let operation = named(&spans, "query Nested");
        assert_eq!(operation.parent_span_id, request.span_id);
        assert_eq!(
            attribute(operation, "graphql.operation.name").unwrap(),
            "Nested"
        );
        assert_eq!(
            attribute(operation, "graphql.operation.type").unwrap(),
            "query"
        );
        let document = attribute(operation, "graphql.document").unwrap();
        assert!(
            document.contains(r#"links(first: 0, search: "")"#),
            "{document}"
        );
        assert!(!document.contains("example"), "{document}");

        // One span per field per level, beneath the field whose values it
        // resolved for, with how many parents it had.
        let links = named(&spans, "Query.links");
        assert_eq!(links.parent_span_id, operation.span_id);
        assert_eq!(attribute(links, "graphql.field.parents").unwrap(), "1");
        assert_eq!(attribute(links, "graphql.field.path").unwrap(), "links");
        assert_eq!(
            attribute(links, "graphql.field.coordinate").unwrap(),
            "Query.links"
        );
        let posted_by = named(&spans, "LinkType.postedBy");
        let votes = named(&spans, "LinkType.votes");
        for level_two in [posted_by, votes] {
            assert_eq!(
                level_two.parent_span_id, links.span_id,
                "{}",
                level_two.name
            );
            assert_eq!(attribute(level_two, "graphql.field.parents").unwrap(), "2");
        }
        assert_eq!(
            attribute(votes, "graphql.field.path").unwrap(),
            "links.votes"
        );
        let user = named(&spans, "VoteType.user");
        assert_eq!(user.parent_span_id, votes.span_id);
        assert_eq!(attribute(user, "graphql.field.parents").unwrap(), "1");
        assert_eq!(
            spans
                .iter()
                .filter(|s| s.name == "LinkType.postedBy")
                .count(),
            1,
            "one span for the whole level, not one per link"
        );

        // The statements beneath the fields that ran them.
        for (field, table) in [(links, "links"), (votes, "votes")] {
            let statements: Vec<&Span> = children(&spans, field)
                .into_iter()
                .filter(|span| span.kind == SpanKind::Client as i32)
                .collect();
            let statement = statements
                .iter()
                .find(|s| attribute(s, "db.collection.name").as_deref() == Some(table))
                .unwrap_or_else(|| panic!("no statement on `{table}` beneath {}", field.name));
            assert_eq!(statement.name, format!("SELECT {table}"));
            assert_eq!(attribute(statement, "db.system.name").unwrap(), system);
            let sql = attribute(statement, "db.query.text").unwrap();
            assert!(sql.contains("SELECT"), "{sql}");
            assert!(!sql.contains("example"), "values stay out: {sql}");
            assert!(statement.start_time_unix_nano <= statement.end_time_unix_nano);
        }
        assert!(
            spans.iter().all(|span| !is_error(span)),
            "no errors: {:?}",
            names(&spans)
        );
    }
    let received = received.lock().unwrap();
    assert!(
        received
            .services
            .iter()
            .all(|service| service == "hackernews-under-test"),
        "{:?}",
        received.services
    );
}

#[tokio::test]
async fn errors_mark_their_spans_and_an_unsampled_trace_records_nothing() {
    let (endpoint, received) = collector().await;
    let app = spawn_app_with(Backend::Sqlite, traced_to(&endpoint))
        .await
        .unwrap();
    let unsampled: [u8; 16] = *b"weftql-unsampled";
    post_traced(
        &app,
        "query Quiet { links { id } }",
        &format!("00-{}-{}-00", hex(&unsampled), hex(b"caller-0")),
    )
    .await;

    let failing: [u8; 16] = *b"weftql-failing-1";
    let body = post_traced(
        &app,
        "mutation Vote { createVote(linkId: 1) { user { id } } }",
        &format!("00-{}-{}-01", hex(&failing), hex(b"caller-2")),
    )
    .await;
    assert!(!body["errors"].is_null(), "{body}");
    let spans = trace(&received, &failing).await;
    let operation = named(&spans, "mutation Vote");
    assert!(is_error(operation), "the operation answered with an error");
    let field = named(&spans, "Mutation.createVote");
    assert!(is_error(field), "the field that failed");
    let message = field.status.as_ref().unwrap().message.clone();
    assert_eq!(message, "You must be logged to vote!");
    let request = named(&spans, "POST /graphql");
    assert!(
        !is_error(request),
        "a GraphQL error is not an HTTP server error"
    );

    let received = received.lock().unwrap();
    assert!(
        received.spans.iter().all(|span| span.trace_id != unsampled),
        "the caller did not sample its trace"
    );
}
