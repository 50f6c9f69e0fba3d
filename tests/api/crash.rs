//! `kill -9` loses no acknowledged write, on SQLite and on PostgreSQL: the
//! real binary takes concurrent `createLink` mutations, is killed in the
//! middle of them, and is started again on the same database; every write
//! it had answered with success is still in the database, and the
//! restarted server takes writes again.

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::helpers::fresh_postgres;
use crate::load::{Load, assert_none_lost, stored_urls};
use crate::processes::Launch;

/// Fewer acknowledged writes than this and the test proves nothing.
const MIN_ACKNOWLEDGED: usize = 50;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("hn.db").display());
    kill_mid_write_and_restart(&url, dir.path()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres() {
    let Some(database) = fresh_postgres().await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    kill_mid_write_and_restart(&database.url(), dir.path()).await;
}

async fn kill_mid_write_and_restart(database_url: &str, data_dir: &Path) {
    let _turn = crate::load::turn().await;
    let launch = Launch::new(database_url, data_dir);
    let mut server = launch.start("first run").await;
    let load = tokio::spawn(
        Load {
            endpoint: server.url("/graphql"),
            clients: 4,
            duration: Duration::from_secs(4),
            per_client: 2_000,
            pause: Duration::from_millis(2),
            writes_every: 1,
            tag: "crash".into(),
        }
        .run(),
    );
    tokio::time::sleep(Duration::from_secs(2)).await;
    let killed_at = Instant::now();
    server.kill();
    let report = load.await.unwrap();
    eprintln!("kill -9 under writes: {}", report.summary());

    let acknowledged = report.acknowledged();
    assert!(
        acknowledged.len() >= MIN_ACKNOWLEDGED,
        "only {} acknowledged writes before the kill: {}\n{}",
        acknowledged.len(),
        report.summary(),
        report.describe_errors()
    );
    assert!(
        report
            .outcomes
            .iter()
            .all(|o| o.error.is_some() || o.finished <= killed_at + Duration::from_millis(100)),
        "nothing succeeds once the only server is killed"
    );
    assert!(
        report.errors().iter().any(|o| o.started > killed_at),
        "the load went on past the kill: {}",
        report.summary()
    );

    // Restarted on the same database (SQLite recovers its WAL on opening),
    // then every acknowledged write is read back from the database itself.
    let restarted = launch.start("after kill -9").await;
    assert_none_lost(&report, &stored_urls(database_url).await);
    let client = reqwest::Client::new();
    let after = gql(
        &client,
        &restarted.url("/graphql"),
        "mutation { createLink(url: \"https://after.example\", description: \"after\") { url } }",
    )
    .await;
    assert_eq!(
        after["data"]["createLink"]["url"], "https://after.example",
        "{after}"
    );
}

async fn gql(client: &reqwest::Client, endpoint: &str, query: &str) -> Value {
    let response = client
        .post(endpoint)
        .json(&json!({ "query": query }))
        .send()
        .await
        .expect("the restarted server answers");
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.expect("a JSON body");
    assert!(body["errors"].is_null(), "{body}");
    body
}
