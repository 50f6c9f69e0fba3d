//! SIGTERM lets in-flight requests finish: the real binary, a mutation held
//! up by a SQLite write lock, SIGTERM while it waits, then the lock released.
//! The mutation still answers, and the process exits cleanly.

use std::time::Duration;

use sea_orm::{ConnectionTrait, TransactionTrait};
use serde_json::{Value, json};

use crate::processes::Launch;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_lets_in_flight_requests_finish() {
    let dir = tempfile::tempdir().unwrap();
    let database_url = format!("sqlite://{}?mode=rwc", dir.path().join("hn.db").display());
    let mut server = Launch::new(&database_url, dir.path()).start("server").await;
    let client = reqwest::Client::new();

    let (locker, _) = hackernews::db::connect(&database_url, Duration::from_secs(5), false)
        .await
        .unwrap();
    let lock = locker.begin().await.unwrap();
    lock.execute_unprepared(
        "INSERT INTO users (username, email, password, date_joined) VALUES ('lock', 'l@example.com', 'x', '2026-01-01T00:00:00Z')",
    )
    .await
    .unwrap();
    let in_flight = tokio::spawn({
        let client = client.clone();
        let url = server.url("/graphql");
        async move {
            let response = client
                .post(url)
                .json(&json!({ "query": "mutation { createLink(url: \"https://graphql.org\") { id url } }" }))
                .send()
                .await
                .expect("the in-flight request is answered");
            (
                response.status().as_u16(),
                response.json::<Value>().await.unwrap(),
            )
        }
    });
    tokio::time::sleep(Duration::from_millis(500)).await;
    server.terminate();
    tokio::time::sleep(Duration::from_millis(500)).await;
    lock.rollback().await.unwrap();

    let (status, body) = in_flight.await.unwrap();
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["data"]["createLink"]["url"], "https://graphql.org",
        "{body}"
    );
    let exit = server.exit(Duration::from_secs(30)).await;
    assert!(exit.success(), "clean exit after SIGTERM: {exit:?}");
    assert!(
        client.get(server.url("/health/live")).send().await.is_err(),
        "no longer listening"
    );
}
