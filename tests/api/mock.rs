//! `hackernews mock`, the thin front to weftql's mock server: it runs the
//! `weftql-mock` binary built beside this one, with the server's host and
//! port, on this repository's `schema.graphql`. The mock itself is tested
//! in `codegen/mock/tests`.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{Value, json};

#[tokio::test]
async fn mock_subcommand_runs_the_mock_server_on_a_schema_file() {
    let schema = concat!(env!("CARGO_MANIFEST_DIR"), "/schema.graphql");
    let mut child = Command::new(env!("CARGO_BIN_EXE_hackernews"))
        .args(["--port", "0", "mock", "--schema", schema, "--seed", "7"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let stdout = child.stdout.take().expect("stdout");
    let (send, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = send.send(line);
        }
    });
    let serving = loop {
        match lines.recv_timeout(Duration::from_secs(60)) {
            Ok(line) if line.starts_with("mock: serving") => break Some(line),
            Ok(_) => {}
            Err(_) => break None,
        }
    };
    let Some(serving) = serving else {
        let _ = child.kill();
        let output = child.wait_with_output().expect("the binary's output");
        panic!(
            "the mock did not say where it serves (is `weftql-mock` built beside the binary? \
             `cargo test --workspace` builds it):\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    };
    let url = serving.rsplit(' ').next().expect("an address").to_string();
    let body: Value = reqwest::Client::new()
        .post(&url)
        .json(&json!({ "query": "{ links { id url postedBy { username } } }" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(body["errors"].is_null(), "{body}");
    assert_eq!(
        body["data"]["links"].as_array().unwrap().len(),
        10,
        "{body}"
    );
}
