//! Hostile requests are refused fast, with a clear GraphQL error and a 4xx,
//! and the process stays up: the guard before the parser, the validation
//! limits, batching, login throttling, masked faults and timeouts, on every
//! transport (GET, POST, server-sent events, graphql-ws).

use serde_json::{Value, json};

use crate::clients;
use crate::helpers::{Backend, TestApp, error, run, spawn_app_with};

async fn post(app: &TestApp, body: Value) -> (u16, Value) {
    let response = app
        .client
        .post(app.url("/graphql"))
        .header("accept", "application/graphql-response+json")
        .json(&body)
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.json().await.unwrap())
}

/// The status of `query` sent by GET.
async fn get_status(app: &TestApp, query: &str) -> u16 {
    app.client
        .get(app.url("/graphql"))
        .query(&[("query", query)])
        .header("accept", "application/graphql-response+json")
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

async fn still_serving(app: &TestApp) {
    let body = app.gql("{ links { id } }", json!({})).await;
    assert!(body["errors"].is_null(), "the server still answers: {body}");
}

/// Fragments that each spread the previous one twice: ~1 KB that expands to 2^40 fields.
fn exponential_fragments(levels: usize) -> String {
    let mut document = String::from("query { ...F0 }\nfragment F0 on Query { links { id } }\n");
    for level in 1..=levels {
        let previous = level - 1;
        document.push_str(&format!(
            "fragment F{level} on Query {{ ...F{previous} ...F{previous} }}\n"
        ));
    }
    document.replacen("...F0 }", &format!("...F{levels} }}"), 1)
}

#[tokio::test]
async fn guard_refuses_documents_that_stall_or_crash_the_parser() {
    run(
        async |app: &TestApp| {
            let attack = exponential_fragments(40);
            assert!(attack.len() < 2_000);
            let (status, body) = post(app, json!({ "query": attack })).await;
            assert_eq!(status, 400);
            assert!(
                error(&body).0.contains("fields"),
                "refused by the fragment-aware count: {body}"
            );

            let deep_value = format!(
                "{{ links(search: {}\"x\"{}) {{ id }} }}",
                "[".repeat(1500),
                "]".repeat(1500)
            );
            let (status, body) = post(app, json!({ "query": deep_value })).await;
            assert_eq!(status, 400);
            assert!(error(&body).0.contains("nests deeper than 64"), "{body}");

            let deep_object = format!(
                "{{ node(id: {}1{}) {{ id }} }}",
                "{a: ".repeat(1500),
                "}".repeat(1500)
            );
            let (status, _) = post(app, json!({ "query": deep_object })).await;
            assert_eq!(status, 400);

            let many_tokens = format!("{{ {} }}", "links { id } ".repeat(700));
            let (status, body) = post(app, json!({ "query": many_tokens })).await;
            assert_eq!(status, 400);
            assert!(
                error(&body).0.contains("tokens") || error(&body).0.contains("characters"),
                "{body}"
            );

            let huge = format!("{{ links {{ id }} }} # {}", "x".repeat(10 << 20));
            let response = app
                .client
                .post(app.url("/graphql"))
                .header("content-type", "application/json")
                .body(json!({ "query": huge }).to_string())
                .send()
                .await
                .unwrap();
            assert_eq!(response.status(), 413);

            let cycle = "query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }";
            let (status, _) = post(app, json!({ "query": cycle })).await;
            assert_eq!(status, 400);
            still_serving(app).await;
        },
        Backend::Sqlite,
    )
    .await;
}

/// A client still sending an oversized body reads the 413 every time, not
/// a connection reset midway (the server drains what it will not read).
/// The client is plain TCP: it writes the whole request, then reads.
#[tokio::test]
async fn oversized_bodies_are_answered_413_every_time() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let app = spawn_app_with(Backend::Sqlite, |_| {}).await.unwrap();
    let host = app.address.trim_start_matches("http://").to_string();
    for megabytes in [5, 10] {
        let pad = "x".repeat(megabytes << 20);
        let body = json!({ "query": "{ links { id } }", "variables": { "pad": pad } }).to_string();
        let head = format!(
            "POST /graphql HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        for attempt in 0..20 {
            let context = format!("{megabytes} MB, attempt {attempt}");
            let mut stream = tokio::net::TcpStream::connect(&host).await.unwrap();
            stream.write_all(head.as_bytes()).await.unwrap();
            for chunk in body.as_bytes().chunks(64 << 10) {
                let sent = stream.write_all(chunk).await;
                sent.unwrap_or_else(|e| panic!("{context}: the server stopped reading: {e}"));
            }
            let mut answer = Vec::new();
            let read = stream.read_to_end(&mut answer).await;
            read.unwrap_or_else(|e| panic!("{context}: no answer: {e}"));
            let answer = String::from_utf8_lossy(&answer);
            assert!(answer.starts_with("HTTP/1.1 413"), "{context}: {answer}");
        }
    }
    still_serving(&app).await;
}

#[tokio::test]
async fn validation_limits_refuse_abuse_and_pass_relay() {
    run(
        async |app: &TestApp| {
            let aliases: String = (0..16).map(|i| format!("a{i}: __typename ")).collect();
            let (status, body) = post(app, json!({ "query": format!("{{ {aliases} }}") })).await;
            assert_eq!((status, error(&body).0), (400, "The operation has more than 15 aliases."));

            let roots: String = (0..21).map(|i| format!("l{i}: links {{ id }} ")).collect();
            let (status, body) = post(app, json!({ "query": format!("{{ {roots} }}") })).await;
            assert_eq!((status, error(&body).0), (400, "The operation selects more than 20 root fields."));

            let directives = format!("{{ links {{ id {} }} }}", "@include(if: true) ".repeat(51));
            let (status, _) = post(app, json!({ "query": directives })).await;
            assert_eq!(status, 400);

            let deep = "{ users { linkSet(first: 1) { edges { node { votes(first: 1) { edges { node { user { linkSet(first: 1) { edges { node { postedBy { username } } } } } } } } } } } } }";
            let (status, body) = post(app, json!({ "query": deep })).await;
            assert_eq!((status, error(&body).0), (400, "The operation has more than 12 levels of depth."));

            let costly = "{ relayLinks(first: 100) { edges { node { votes(first: 100) { edges { node { id } } } } } } }";
            let (status, body) = post(app, json!({ "query": costly })).await;
            assert_eq!(status, 400);
            assert!(error(&body).0.contains("cost"), "{body}");

            let oversized = "{ relayLinks(first: 1000) { edges { cursor } } }";
            let (status, body) = post(app, json!({ "query": oversized })).await;
            assert_eq!(status, 200, "priced at the cap, refused by the resolver: {body}");
            assert!(error(&body).0.contains("exceeds the `first` limit of 100 records"), "{body}");

            let relay = "{ relayLinks(first: 10) { edges { node { id votes(first: 10) { edges { node { user { username } } } } } } pageInfo { hasNextPage } } }";
            let (status, body) = post(app, json!({ "query": relay })).await;
            assert_eq!(status, 200, "{body}");
        },
        Backend::Sqlite,
    )
    .await;
}

#[tokio::test]
async fn remembered_verdicts_are_the_guards_for_each_operation_and_method() {
    run(
        async |app: &TestApp| {
            let aliases: String = (0..16).map(|i| format!("a{i}: __typename ")).collect();
            let document = format!("query Many {{ {aliases} }} query One {{ links {{ id }} }}");
            for _ in 0..3 {
                let (status, body) =
                    post(app, json!({ "query": document, "operationName": "Many" })).await;
                assert_eq!(
                    (status, error(&body).0),
                    (400, "The operation has more than 15 aliases."),
                    "refused again when remembered"
                );
                let (status, body) =
                    post(app, json!({ "query": document, "operationName": "One" })).await;
                assert_eq!(status, 200, "the other operation is judged apart: {body}");
                assert!(body["errors"].is_null(), "{body}");
            }

            let mutation = "mutation { __typename }";
            let (status, body) = post(app, json!({ "query": mutation })).await;
            assert_eq!(
                (status, &body["data"]),
                (200, &json!({ "__typename": "Mutation" }))
            );
            assert_eq!(
                get_status(app, mutation).await,
                405,
                "an admitted mutation stays a mutation for GET"
            );
            let refused_mutation = format!("mutation {{ {aliases} }}");
            for _ in 0..2 {
                assert_eq!(
                    get_status(app, &refused_mutation).await,
                    405,
                    "the GET rule comes before the guard's measure, remembered or not"
                );
            }
        },
        Backend::Sqlite,
    )
    .await;
}

#[tokio::test]
async fn batches_are_off_by_default_and_capped_when_on() {
    run(
        async |app: &TestApp| {
            let batch = json!([{ "query": "{ links { id } }" }, { "query": "{ votes { id } }" }]);
            let (status, _) = post(app, batch).await;
            assert_eq!(status, 400);
        },
        Backend::Sqlite,
    )
    .await;
    let app = spawn_app_with(Backend::Sqlite, |config| config.limits.max_batch = 2)
        .await
        .unwrap();
    let (status, body) = post(
        &app,
        json!([{ "query": "{ links { id } }" }, { "query": "{ votes { id } }" }]),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        body,
        json!([{ "data": { "links": [] } }, { "data": { "votes": [] } }])
    );
    let three = json!([{ "query": "{ links { id } }" }, { "query": "{ links { id } }" }, { "query": "{ links { id } }" }]);
    let (status, body) = post(&app, three).await;
    assert_eq!(
        (status, error(&body).0),
        (400, "A batch may hold at most 2 operations.")
    );
}

#[tokio::test]
async fn login_attempts_are_throttled_per_username() {
    let app = spawn_app_with(Backend::Sqlite, |config| {
        config.login.per_minute_per_user = 3
    })
    .await
    .unwrap();
    app.sign_up("trent").await; // one attempt
    let login = "mutation($p: String!) { tokenAuth(username: \"trent\", password: $p) { token } }";
    for _ in 0..2 {
        let body = app.gql(login, json!({ "p": "wrong" })).await;
        assert_eq!(error(&body).0, "Please enter valid credentials");
    }
    let body = app.gql(login, json!({ "p": "pw-123456" })).await;
    assert_eq!(
        error(&body).1,
        "RATE_LIMITED",
        "even the right password waits: {body}"
    );
    assert!(
        error(&body)
            .0
            .starts_with("Too many login attempts; try again in")
    );
    let other = app.sign_up("victor").await;
    assert!(!other.is_empty(), "another username still logs in");
}

#[tokio::test]
async fn production_mode_hides_introspection_and_suggestions() {
    let app = spawn_app_with(Backend::Sqlite, |config| {
        config.mode = hackernews::config::Mode::Production
    })
    .await
    .unwrap();
    let body = app.gql("{ __schema { types { name } } }", json!({})).await;
    assert!(body["errors"].is_array(), "{body}");
    let typo = app.gql("{ linkz { id } }", json!({})).await;
    assert!(!error(&typo).0.contains("Did you mean"), "{typo}");
    let development = crate::helpers::spawn_app(Backend::Sqlite).await.unwrap();
    let typo = development.gql("{ linkz { id } }", json!({})).await;
    assert!(error(&typo).0.contains("Did you mean \"links\""), "{typo}");
}

#[tokio::test]
async fn internal_failures_are_masked_and_the_process_stays_up() {
    run(
        async |app: &TestApp| {
            use sea_orm::ConnectionTrait;
            app.db.execute_unprepared("DROP TABLE votes").await.unwrap();
            let body = app.gql("{ votes { id } }", json!({})).await;
            assert_eq!(
                error(&body),
                ("Internal server error", "INTERNAL_SERVER_ERROR")
            );
            let shown = body.to_string().to_lowercase();
            assert!(
                !shown.contains("table") && !shown.contains("sql"),
                "no internal detail: {body}"
            );
            let live = app
                .client
                .get(app.url("/health/live"))
                .send()
                .await
                .unwrap();
            assert_eq!(live.status(), 200);
        },
        Backend::Sqlite,
    )
    .await;
}

#[tokio::test]
async fn slow_requests_time_out() {
    let app = spawn_app_with(Backend::Sqlite, |config| config.limits.timeout_seconds = 1)
        .await
        .unwrap();
    use sea_orm::ConnectionTrait;
    let (locker, _) =
        hackernews::db::connect(&app.database_url, std::time::Duration::from_secs(5), false)
            .await
            .unwrap();
    let transaction = sea_orm::TransactionTrait::begin(&locker).await.unwrap();
    transaction.execute_unprepared("INSERT INTO users (username, email, password, date_joined) VALUES ('lock', 'l@example.com', 'x', '2026-01-01T00:00:00Z')").await.unwrap();
    let (status, body) = post(
        &app,
        json!({ "query": "mutation { createLink(url: \"https://slow.example\") { id } }" }),
    )
    .await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(error(&body).0, "The request took longer than 1 seconds.");
    transaction.rollback().await.unwrap();
    still_serving(&app).await;
    let metrics = reqwest::get(app.url("/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains(r#"graphql_requests_total{operation_name="",operation_type="mutation",outcome="timed_out"} 1"#),
        "counted as timed out: {metrics}"
    );
}

#[tokio::test]
async fn every_transport_passes_the_same_guard() {
    run(
        async |app: &TestApp| {
            let answer = json!({ "data": { "links": [] } });
            clients::assert_every_transport_is_guarded(&app.address, "{ links { id } }", &answer)
                .await;
            still_serving(app).await;
        },
        Backend::Sqlite,
    )
    .await;
}

#[tokio::test]
async fn websocket_runs_queries_and_mutations_with_per_request_data() {
    run(
        async |app: &TestApp| {
            let payload = clients::ws_operation(
                &app.address,
                "mutation { createLink(url: \"https://a.example\", description: \"a\") { id } }",
            )
            .await;
            assert!(
                payload["errors"].is_null(),
                "mutations run over WebSocket: {payload}"
            );
            let payload = clients::ws_operation(&app.address, "{ me { username } }").await;
            assert_eq!(
                payload["errors"][0]["message"], "Not logged in!",
                "{payload}"
            );
        },
        Backend::Sqlite,
    )
    .await;
}
