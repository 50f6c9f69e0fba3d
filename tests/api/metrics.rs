//! Metrics as an operator reads them: `/metrics` in Prometheus's text
//! format, requests counted by operation, outcome and error code, the
//! guard's refusals by limit, operation names bounded; and a real
//! Prometheus (Debian's `prometheus`) scraping `/metrics` on an address of
//! its own under a short load, its HTTP API answering the request count and
//! the duration histogram of a named operation.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::helpers::{Backend, spawn_app_with};
use crate::processes::{Guard, Launch, free_port};

/// The value of the sample of `metric` whose labels include every one of
/// `labels`, in Prometheus's text format.
fn sample(text: &str, metric: &str, labels: &[&str]) -> Option<f64> {
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .filter(|line| {
            line.starts_with(&format!("{metric}{{")) || line.starts_with(&format!("{metric} "))
        })
        .find(|line| labels.iter().all(|label| line.contains(label)))
        .and_then(|line| line.rsplit(' ').next()?.parse().ok())
}

/// The text `/metrics` at `url` answers.
async fn scrape(url: &str) -> String {
    reqwest::get(url).await.unwrap().text().await.unwrap()
}

#[tokio::test]
async fn requests_errors_and_refusals_are_counted_by_operation() {
    let app = spawn_app_with(Backend::Sqlite, |_| {}).await.unwrap();
    for _ in 0..3 {
        app.gql("query Feed { links { id } }", json!({})).await;
    }
    app.gql("query Me { me { id } }", json!({})).await;
    let aliases: String = (0..20).map(|i| format!("a{i}: __typename ")).collect();
    let refused = reqwest::Client::new()
        .post(app.url("/graphql"))
        .json(
            &json!({ "query": format!("query Greedy {{ {aliases} }}"), "operationName": "Greedy" }),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 400, "refused by the guard");
    let text = scrape(&app.url("/metrics")).await;
    let feed = [r#"operation_name="Feed""#, r#"operation_type="query""#];
    assert_eq!(
        sample(
            &text,
            "graphql_requests_total",
            &[feed[0], feed[1], r#"outcome="ok""#]
        ),
        Some(3.0),
        "{text}"
    );
    assert_eq!(
        sample(&text, "graphql_request_duration_seconds_count", &feed),
        Some(3.0)
    );
    assert_eq!(
        sample(
            &text,
            "graphql_requests_total",
            &[r#"operation_name="Me""#, r#"outcome="error""#]
        ),
        Some(1.0),
        "not logged in: answered with an error"
    );
    assert_eq!(
        sample(
            &text,
            "graphql_errors_total",
            &[r#"code="UNAUTHENTICATED""#]
        ),
        Some(1.0)
    );
    assert_eq!(
        sample(
            &text,
            "graphql_requests_total",
            &[r#"operation_name="Greedy""#, r#"outcome="refused""#]
        ),
        Some(1.0)
    );
    assert_eq!(
        sample(
            &text,
            "graphql_guard_refusals_total",
            &[r#"reason="max_aliases""#]
        ),
        Some(1.0)
    );
}

/// The database's side: statements timed, the pool's connections read at
/// each scrape, on either database.
#[tokio::test]
async fn statements_and_the_pool_are_measured_on_both_databases() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let Some(app) = spawn_app_with(backend, |_| {}).await else {
            eprintln!("skipped on PostgreSQL: no server answered");
            continue;
        };
        let before = app.statements.get();
        app.gql("{ links { id postedBy { id } } }", json!({})).await;
        let ran = app.statements.get() - before;
        assert!(ran >= 1);
        let text = scrape(&app.url("/metrics")).await;
        let timed = sample(&text, "db_statement_duration_seconds_count", &[]).unwrap();
        assert!(timed >= ran as f64, "{timed} timed, {ran} run: {text}");
        // The one GraphQL request so far, with every statement it ran.
        let requests = sample(&text, "db_statements_per_request_count", &[]).unwrap();
        let per_request = sample(&text, "db_statements_per_request_sum", &[]).unwrap();
        assert_eq!((requests, per_request), (1.0, ran as f64), "{text}");
        let idle = sample(&text, "db_pool_connections_idle", &[]).unwrap();
        let in_use = sample(&text, "db_pool_connections_in_use", &[]).unwrap();
        assert!(idle + in_use >= 1.0, "{text}");
    }
}

#[tokio::test]
async fn operation_names_beyond_the_cap_share_one_label() {
    let app = spawn_app_with(Backend::Sqlite, |_| {}).await.unwrap();
    let cap = hackernews::app::MAX_OPERATION_NAMES;
    for i in 0..cap + 5 {
        app.gql(&format!("query Q{i} {{ __typename }}"), json!({}))
            .await;
    }
    let text = scrape(&app.url("/metrics")).await;
    let names = text
        .lines()
        .filter(|line| line.starts_with("graphql_requests_total{"))
        .count();
    assert_eq!(names, cap + 1, "the cap, and (other)");
    assert_eq!(
        sample(
            &text,
            "graphql_requests_total",
            &[r#"operation_name="(other)""#]
        ),
        Some(5.0)
    );
}

#[test_with::executable(prometheus)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prometheus_scrapes_the_count_and_durations_of_an_operation() {
    let metrics_port = free_port();
    let app = spawn_app_with(Backend::Sqlite, |config| {
        config.metrics_addr = Some(format!("127.0.0.1:{metrics_port}"));
    })
    .await
    .unwrap();
    let public = reqwest::get(app.url("/metrics")).await.unwrap();
    assert_ne!(
        public.status(),
        200,
        "not on the public address once it has its own"
    );
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("prometheus.yml");
    std::fs::write(
        &config,
        format!(
            "global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: hackernews\n    \
             static_configs:\n      - targets: ['127.0.0.1:{metrics_port}']\n"
        ),
    )
    .unwrap();
    let prometheus_port = free_port();
    let _prometheus = Guard::new(
        "prometheus",
        Command::new("prometheus")
            .arg(format!("--config.file={}", config.display()))
            .arg(format!(
                "--storage.tsdb.path={}",
                dir.path().join("data").display()
            ))
            .arg(format!("--web.listen-address=127.0.0.1:{prometheus_port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("prometheus starts"),
    );
    for _ in 0..25 {
        let body = app.gql("query Feed { links { id url } }", json!({})).await;
        assert!(body["errors"].is_null(), "{body}");
    }
    let api = format!("http://127.0.0.1:{prometheus_port}/api/v1/query");
    let query = |promql: &'static str| {
        let api = api.clone();
        async move {
            let answer: Value = reqwest::Client::new()
                .get(&api)
                .query(&[("query", promql)])
                .send()
                .await
                .ok()?
                .json()
                .await
                .ok()?;
            answer["data"]["result"][0]["value"][1]
                .as_str()?
                .parse::<f64>()
                .ok()
        }
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    let count = loop {
        let count =
            query(r#"sum(graphql_requests_total{operation_name="Feed",outcome="ok"})"#).await;
        if count == Some(25.0) || Instant::now() > deadline {
            break count;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    };
    assert_eq!(count, Some(25.0), "Prometheus scraped the requests of Feed");
    let observed =
        query(r#"sum(graphql_request_duration_seconds_count{operation_name="Feed"})"#).await;
    assert_eq!(observed, Some(25.0), "and their durations");
    let median = query(
        r#"histogram_quantile(0.5, sum by (le) (graphql_request_duration_seconds_bucket{operation_name="Feed"}))"#,
    )
    .await
    .expect("a median duration");
    assert!(median > 0.0 && median < 5.0, "{median} s");
}

/// The pool's acquisitions, which sqlx reports only as `tracing` events:
/// the server process (its logging records them) hands over a connection
/// for every statement, and none of them waited with the pool idle.
#[tokio::test]
async fn the_pools_acquisitions_are_timed_in_the_server_process() {
    let dir = tempfile::tempdir().unwrap();
    let database_url = format!("sqlite://{}?mode=rwc", dir.path().join("hn.db").display());
    let server = Launch::new(database_url, dir.path()).start("acquire").await;
    let client = reqwest::Client::new();
    for _ in 0..5 {
        let answered: Value = client
            .post(server.url("/graphql"))
            .json(&json!({ "query": "{ links { id postedBy { id } } }" }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(answered["errors"].is_null(), "{answered}");
    }
    let text = scrape(&server.url("/metrics")).await;
    let statements = sample(&text, "db_statements_per_request_sum", &[]).unwrap();
    let acquired = sample(&text, "db_pool_acquire_duration_seconds_count", &[]).unwrap();
    assert!(statements >= 5.0, "{text}");
    assert!(
        acquired >= statements,
        "{acquired} acquisitions, {statements} statements"
    );
    let waits = sample(&text, "db_pool_acquire_waits_total", &[]).unwrap();
    assert!(waits < acquired, "{text}");
}
