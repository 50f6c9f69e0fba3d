//! The access log (the real binary at `RUST_LOG=info`): every request is
//! logged with the client's address as `TRUSTED_PROXIES` decides it, so a
//! client cannot write another address into the log with `X-Forwarded-For`
//! unless its peer is a trusted proxy.

use std::time::Duration;

use crate::processes::{Launch, Server};

const FORGED: &str = "203.0.113.9";

async fn logged_after_forwarded_request(trusted_proxies: Option<&str>) -> String {
    let dir = tempfile::tempdir().unwrap();
    let database_url = format!("sqlite://{}?mode=rwc", dir.path().join("hn.db").display());
    let mut launch = Launch::new(&database_url, dir.path()).env("RUST_LOG", "info");
    if let Some(proxies) = trusted_proxies {
        launch = launch.env("TRUSTED_PROXIES", proxies);
    }
    let server: Server = launch.start("server").await;
    let response = reqwest::Client::new()
        .post(server.url("/graphql"))
        .header("X-Forwarded-For", FORGED)
        .json(&serde_json::json!({ "query": "{ __typename }" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    // The response event is written as the answer leaves.
    for _ in 0..50 {
        if response_line(&server.log()).is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    server.log()
}

/// The access log's line for the GraphQL request.
fn response_line(log: &str) -> Option<&str> {
    log.lines()
        .find(|l| l.contains("/graphql") && l.contains("response"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_access_log_names_the_client_as_trusted_proxies_decide() {
    let untrusted = logged_after_forwarded_request(None).await;
    let line =
        response_line(&untrusted).unwrap_or_else(|| panic!("the request is logged:\n{untrusted}"));
    assert!(line.contains("127.0.0.1"), "the peer is the client: {line}");
    assert!(
        !untrusted.contains(FORGED),
        "a forged address is not logged:\n{untrusted}"
    );

    let trusted = logged_after_forwarded_request(Some("127.0.0.1")).await;
    let line =
        response_line(&trusted).unwrap_or_else(|| panic!("the request is logged:\n{trusted}"));
    assert!(
        line.contains(FORGED),
        "behind a trusted proxy, its client: {line}"
    );
}
