//! SIGTERM lets in-flight requests finish: the real binary, a mutation held
//! up by a SQLite write lock, SIGTERM while it waits, then the lock released.
//! The mutation still answers, and the process exits cleanly.

use std::process::{Command, Stdio};
use std::time::Duration;

use sea_orm::{ConnectionTrait, TransactionTrait};
use serde_json::{Value, json};

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_lets_in_flight_requests_finish() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let database_url = format!("sqlite://{}?mode=rwc", dir.path().join("hn.db").display());
    let mut server = Command::new(env!("CARGO_BIN_EXE_hackernews"))
        .env("PORT", port.to_string())
        .env("DATABASE_URL", &database_url)
        .env("DATA_DIR", dir.path())
        .env("JWT_SECRET", "test")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the server starts");
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    let mut up = false;
    for _ in 0..100 {
        if client
            .get(format!("{base}/health/ready"))
            .send()
            .await
            .is_ok_and(|r| r.status() == 200)
        {
            up = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(up, "the server became ready");

    let (locker, _) = hackernews::db::connect(&database_url, Duration::from_secs(5))
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
        let url = format!("{base}/graphql");
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
    let killed = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    tokio::time::sleep(Duration::from_millis(500)).await;
    lock.rollback().await.unwrap();

    let (status, body) = in_flight.await.unwrap();
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["data"]["createLink"]["url"], "https://graphql.org",
        "{body}"
    );
    let exit = tokio::task::spawn_blocking(move || server.wait())
        .await
        .unwrap()
        .unwrap();
    assert!(exit.success(), "clean exit after SIGTERM: {exit:?}");
    assert!(
        client
            .get(format!("{base}/health/live"))
            .send()
            .await
            .is_err(),
        "no longer listening"
    );
}
