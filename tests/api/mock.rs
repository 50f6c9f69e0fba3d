//! `hackernews mock`, the thin front to weftql's mock server: it runs the
//! `weftql-mock` binary built beside this one, with the server's host and
//! port, on this repository's `schema.graphql`. The mock itself is tested
//! in `codegen/mock/tests`.

use serde_json::{Value, json};

use crate::clients::Process;

#[tokio::test]
async fn mock_subcommand_runs_the_mock_server_on_a_schema_file() {
    let schema = concat!(env!("CARGO_MANIFEST_DIR"), "/schema.graphql");
    let process = Process::start(
        env!("CARGO_BIN_EXE_hackernews"),
        &["--port", "0", "mock", "--schema", schema, "--seed", "7"],
    );
    let address = process.address();
    let body: Value = reqwest::Client::new()
        .post(format!("{address}/graphql"))
        .json(&json!({ "query": "{ links { id url postedBy { username } } }" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(body["errors"].is_null(), "{body}");
    assert_eq!(
        body["data"]["links"].as_array().unwrap().len(),
        10,
        "{body}"
    );
}

/// `--port` after `mock` is the first thing a user passes: it wins over
/// the server's own (which the front passes only when none is given).
#[tokio::test]
async fn a_port_given_to_mock_is_the_one_it_listens_on() {
    let schema = concat!(env!("CARGO_MANIFEST_DIR"), "/schema.graphql");
    let process = Process::start(
        env!("CARGO_BIN_EXE_hackernews"),
        &["mock", "--port", "0", "--schema", schema],
    );
    let address = process.address();
    let body: Value = reqwest::Client::new()
        .post(format!("{address}/graphql"))
        .json(&json!({ "query": "{ __typename }" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body, json!({ "data": { "__typename": "Query" } }));
}
