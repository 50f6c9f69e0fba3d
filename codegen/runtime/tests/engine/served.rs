//! The library's engine served over HTTP by the runtime's routes on a free
//! port: every transport runs it, behind the same guard, with the data the
//! executor adds from the request's origin; a trusted document by id, not
//! parsed again.

use std::sync::Arc;

use poem::listener::{Acceptor, Listener, TcpListener};
use serde_json::{Value, json};
use weftql_runtime::Limits;
use weftql_runtime::engine::{Engine, RequestData};
use weftql_runtime::http::{
    Executor, Origin, TrustedDocuments, TrustedDocumentsMode, graphql_routes,
};
use weftql_runtime::metrics::{Metrics, metrics_endpoint};

use crate::clients;

struct Library {
    engine: Engine,
    limits: Limits,
    trusted: Option<TrustedDocuments>,
    metrics: Arc<Metrics>,
}

impl Executor for Library {
    fn engine(&self) -> Engine {
        self.engine.clone()
    }

    fn limits(&self) -> &Limits {
        &self.limits
    }

    fn prepare(&self, origin: &Origin<'_>, ctx: &mut RequestData) {
        ctx.insert(origin.header("x-reader").unwrap_or("anonymous").to_owned());
    }

    fn trusted_documents(&self) -> Option<&TrustedDocuments> {
        self.trusted.as_ref()
    }

    fn metrics(&self) -> Option<Arc<Metrics>> {
        Some(self.metrics.clone())
    }
}

async fn serve() -> String {
    let (engine, _) = crate::library();
    serve_with(engine, None).await
}

async fn serve_with(engine: Engine, trusted: Option<TrustedDocuments>) -> String {
    let metrics = Arc::new(Metrics::new(10));
    let routes = graphql_routes(Library {
        engine,
        limits: Limits::default(),
        trusted,
        metrics: metrics.clone(),
    })
    .at("/metrics", metrics_endpoint(metrics));
    let acceptor = TcpListener::bind("127.0.0.1:0")
        .into_acceptor()
        .await
        .unwrap();
    let address = acceptor.local_addr()[0]
        .to_string()
        .replace("socket://", "http://");
    tokio::spawn(poem::Server::new_with_acceptor(acceptor).run(routes));
    address
}

async fn post(base: &str, body: Value, reader: &str) -> Value {
    reqwest::Client::new()
        .post(format!("{base}/graphql"))
        .header("x-reader", reader)
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn every_transport_runs_the_engine_behind_the_guard() {
    let base = serve().await;
    let query = "{ book(id: 12) { title owner { name } } }";
    let answer =
        json!({"data": {"book": {"title": "Invisible Cities", "owner": {"name": "Italo"}}}});
    assert_eq!(post(&base, json!({ "query": query }), "ada").await, answer);
    let by_get: Value = reqwest::Client::new()
        .get(format!("{base}/graphql"))
        .query(&[("query", query)])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(by_get, answer);
    clients::assert_every_transport_is_guarded(&base, query, &answer).await;
    let reader = post(&base, json!({ "query": "{ reader }" }), "grace").await;
    assert_eq!(
        reader,
        json!({"data": {"reader": "grace"}}),
        "from the origin's header"
    );
}

/// `\u{…}` escapes are GraphQL that async-graphql's parser, the guard's
/// before, did not read: the guard now measures the engine's own document,
/// so such a document is measured (and refused beyond a limit) like any
/// other. One the engine cannot read is the engine's to report.
#[tokio::test]
async fn the_guard_measures_what_the_engine_reads() {
    let base = serve().await;
    let braced = r#"{ search(term: "\u{1F600}") { __typename } }"#;
    let answered = post(&base, json!({ "query": braced }), "ada").await;
    assert!(answered.get("errors").is_none(), "{answered}");
    assert!(answered["data"]["search"].is_array(), "{answered}");
    let aliases: String = (0..20)
        .map(|i| format!(r#"s{i}: search(term: "\u{{1F600}}") {{ __typename }} "#))
        .collect();
    let response = reqwest::Client::new()
        .post(format!("{base}/graphql"))
        .json(&json!({ "query": format!("{{ {aliases} }}") }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body["errors"][0]["message"],
        "The operation has more than 15 aliases."
    );
    let broken = post(&base, json!({ "query": "{ book(id: 1" }), "ada").await;
    assert_eq!(broken.get("data"), None);
    assert!(broken["errors"][0]["message"].is_string(), "{broken}");
    // A GET may only query, even a document that does not validate: the
    // operation's type is read from what the engine could parse.
    let by_get = reqwest::Client::new()
        .get(format!("{base}/graphql"))
        .query(&[("query", "mutation { nothing }")])
        .send()
        .await
        .unwrap();
    assert_eq!(by_get.status(), 405);
}

#[tokio::test]
async fn errors_and_request_errors_keep_their_shape_over_http() {
    let base = serve().await;
    let failed = post(
        &base,
        json!({ "query": "{ book(id: 14) { pages } }" }),
        "ada",
    )
    .await;
    assert_eq!(failed["data"], json!({"book": null}));
    assert_eq!(failed["errors"][0]["path"], json!(["book", "pages"]));
    let response = reqwest::Client::new()
        .post(format!("{base}/graphql"))
        .header("accept", "application/graphql-response+json")
        .json(&json!({ "query": "{ book(id: 10) { titel } }" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400, "a request error never executed");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body.get("data"), None);
}

#[tokio::test]
async fn subscriptions_stream_over_sse_and_websocket() {
    let base = serve().await;
    let subscription = json!({ "query": "subscription { countdown(from: 2) }" }).to_string();
    let (status, text) = clients::sse(&base, subscription).await;
    assert_eq!(status, 200);
    let events: Vec<Value> = text
        .lines()
        .filter_map(|l| l.strip_prefix("data: "))
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        events,
        [
            json!({"data": {"countdown": 2}}),
            json!({"data": {"countdown": 1}})
        ]
    );
    assert!(text.contains("event: complete"), "{text}");
    let first = clients::ws_operation(&base, "subscription { countdown(from: 3) }").await;
    assert_eq!(first, json!({"data": {"countdown": 3}}));
    // Counted when they started; none open once both ended.
    let mut metrics = String::new();
    for _ in 0..50 {
        metrics = reqwest::get(format!("{base}/metrics"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        if metrics.contains("graphql_subscriptions_open 0") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(
        metrics.contains("graphql_subscriptions_open 0\n"),
        "{metrics}"
    );
    assert!(
        metrics.contains(
            "graphql_requests_total{operation_name=\"\",operation_type=\"subscription\",outcome=\"ok\"} 2\n"
        ),
        "{metrics}"
    );
}

#[tokio::test]
async fn a_trusted_document_runs_by_id_without_being_parsed_again() {
    let (engine, _) = crate::library();
    let query = "{ book(id: 12) { title } }";
    let id: String = <sha2::Sha256 as sha2::Digest>::digest(query.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let manifest = std::env::temp_dir().join(format!("weftql-trusted-{}.json", std::process::id()));
    std::fs::write(&manifest, json!({ id.clone(): query }).to_string()).unwrap();
    let trusted = TrustedDocuments::load(
        vec![manifest.clone()],
        TrustedDocumentsMode::Enforce,
        &engine,
        &Limits::default(),
    )
    .unwrap();
    std::fs::remove_file(&manifest).unwrap();
    assert_eq!(trusted.len(), 1);
    let base = serve_with(engine.clone(), Some(trusted)).await;
    let answer = json!({"data": {"book": {"title": "Invisible Cities"}}});
    let by_id = json!({ "documentId": format!("sha256:{id}") });
    assert_eq!(post(&base, by_id, "ada").await, answer);
    assert_eq!(post(&base, json!({ "query": query }), "ada").await, answer);
    assert_eq!(
        engine.cached_documents(),
        0,
        "the document prepared at load ran, by id and by its text"
    );
}
