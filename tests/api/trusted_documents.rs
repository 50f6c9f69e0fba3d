//! Trusted documents on the Hackernews server, over real HTTP: the
//! frontend's operations as `weftql-codegen operations manifest` lists them
//! and a map as GraphQL Codegen writes it, asked for by id on every
//! transport (`documentId` by POST and GET, Apollo's
//! `extensions.persistedQuery`, server-sent events, graphql-ws) with the
//! answers their text gets; each refusal's status and code in `enforce`;
//! `log-unknown` serving what is unlisted; bad manifests refused at start;
//! SIGHUP reloading under load without a failed request, a broken manifest
//! keeping the last good set.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use hackernews::config::Config;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use weftql_runtime::http::TrustedDocumentsMode;

use crate::clients;
use crate::helpers::{Backend, TestApp, spawn_app_with};
use crate::processes::Launch;

fn sha256(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The frontend's operations (`examples/hackernews-web`, as `codegen.toml`
/// lists them) written by the code `weftql-codegen operations manifest`
/// runs, into `dir`; and each operation's id and body by name.
fn frontend_manifest(dir: &Path) -> (PathBuf, HashMap<String, (String, String)>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = weftql_codegen::Config::load(&root.join("codegen.toml")).unwrap();
    let sdl = std::fs::read_to_string(root.join("schema.graphql")).unwrap();
    let (_, checked) = weftql_codegen::operations::check_project(
        root,
        &sdl,
        "schema.graphql",
        &config
            .operations
            .expect("codegen.toml lists the frontend's operations"),
        false,
    )
    .unwrap();
    let manifest = weftql_codegen::operations::manifest::manifest(&checked.operations)
        .expect("every operation is named");
    let text = serde_json::to_string_pretty(&manifest).unwrap();
    let path = dir.join("frontend.json");
    std::fs::write(&path, &text).unwrap();
    let manifest: Value = serde_json::from_str(&text).unwrap();
    let operations = manifest["operations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["name"].as_str().unwrap().to_owned(),
                (
                    o["id"].as_str().unwrap().to_owned(),
                    o["body"].as_str().unwrap().to_owned(),
                ),
            )
        })
        .collect();
    (path, operations)
}

/// A query listed only in a map as GraphQL Codegen's client preset writes
/// it (`sha256:` ids).
const USERS: &str = "query Users { users { username } }";

fn codegen_map(dir: &Path) -> PathBuf {
    let path = dir.join("persisted-documents.json");
    let map = json!({ format!("sha256:{}", sha256(USERS)): USERS });
    std::fs::write(&path, map.to_string()).unwrap();
    path
}

async fn post(app: &TestApp, body: Value) -> (u16, reqwest::header::HeaderMap, Value) {
    let response = app
        .client
        .post(app.url("/graphql"))
        .header("accept", "application/graphql-response+json")
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    (status, headers, response.json().await.unwrap())
}

async fn get(app: &TestApp, query: &[(&str, &str)]) -> (u16, reqwest::header::HeaderMap, Value) {
    let response = app
        .client
        .get(app.url("/graphql"))
        .query(query)
        .header("accept", "application/graphql-response+json")
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    (status, headers, response.json().await.unwrap())
}

fn code(body: &Value) -> &str {
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or_default()
}

async fn app_with(files: Vec<PathBuf>, mode: TrustedDocumentsMode) -> TestApp {
    spawn_app_with(Backend::Sqlite, |config: &mut Config| {
        config.trusted_documents = files;
        config.trusted_documents_mode = mode;
    })
    .await
    .expect("SQLite always runs")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn listed_documents_run_by_id_on_every_transport() {
    let dir = tempfile::tempdir().unwrap();
    let (manifest, operations) = frontend_manifest(dir.path());
    let app = app_with(
        vec![manifest, codegen_map(dir.path())],
        TrustedDocumentsMode::Enforce,
    )
    .await;
    let id = |name: &str| operations[name].0.clone();

    // A mutation by id, then the same query by its text (listed) and by id.
    let (status, _, posted) = post(
        &app,
        json!({ "documentId": format!("sha256:{}", id("PostLink")),
                "variables": { "url": "https://graphql.org", "description": "GraphQL" } }),
    )
    .await;
    assert_eq!(status, 200, "{posted}");
    assert_eq!(posted["data"]["createLink"]["url"], "https://graphql.org");
    let variables = json!({ "first": 10, "skip": 0 });
    let (status, _, by_text) = post(
        &app,
        json!({ "query": operations["FeedPage"].1, "variables": variables }),
    )
    .await;
    assert_eq!(status, 200, "{by_text}");
    assert_eq!(by_text["data"]["links"][0]["url"], "https://graphql.org");
    let (status, _, by_id) = post(
        &app,
        json!({ "documentId": format!("sha256:{}", id("FeedPage")), "variables": variables }),
    )
    .await;
    assert_eq!((status, &by_id), (200, &by_text));
    let (status, _, by_apollo_hash) = post(
        &app,
        json!({ "extensions": { "persistedQuery": { "version": 1, "sha256Hash": id("FeedPage") } },
                "variables": variables }),
    )
    .await;
    assert_eq!((status, &by_apollo_hash), (200, &by_text));
    let (status, _, by_get) = get(
        &app,
        &[
            ("documentId", &format!("sha256:{}", id("FeedPage"))),
            ("variables", &variables.to_string()),
        ],
    )
    .await;
    assert_eq!((status, &by_get), (200, &by_text));
    // A browser asking by id gets the answer, not GraphiQL.
    let from_browser = app
        .client
        .get(app.url("/graphql"))
        .query(&[
            ("documentId", format!("sha256:{}", id("FeedPage"))),
            ("variables", variables.to_string()),
        ])
        .header("accept", "text/html,application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(from_browser.json::<Value>().await.unwrap(), by_text);
    let (status, _, users) = post(
        &app,
        json!({ "documentId": format!("sha256:{}", sha256(USERS)) }),
    )
    .await;
    assert_eq!(status, 200, "{users}");
    assert!(users["data"]["users"].is_array(), "{users}");

    // Server-sent events and graphql-ws.
    let (status, events) = clients::sse(
        &app.address,
        json!({ "documentId": format!("sha256:{}", id("FeedPage")), "variables": variables })
            .to_string(),
    )
    .await;
    assert_eq!(status, 200, "{events}");
    assert_eq!(clients::first_event(&events), by_text);
    let mut socket = clients::ws_connect(&app.address).await;
    clients::send(
        &mut socket,
        json!({ "id": "1", "type": "subscribe", "payload": {
            "variables": variables,
            "extensions": { "persistedQuery": { "version": 1, "sha256Hash": id("FeedPage") } } } }),
    )
    .await;
    let message = clients::receive(&mut socket).await.unwrap();
    assert_eq!(message["payload"], by_text, "{message}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enforce_refuses_each_kind_of_request_with_its_status_and_code() {
    let dir = tempfile::tempdir().unwrap();
    let (manifest, operations) = frontend_manifest(dir.path());
    let app = app_with(vec![manifest], TrustedDocumentsMode::Enforce).await;

    // A free-form query no manifest lists: 403, on every transport.
    let unlisted = "{ links { id } }";
    let (status, _, body) = post(&app, json!({ "query": unlisted })).await;
    assert_eq!(
        (status, code(&body)),
        (403, "PERSISTED_QUERY_NOT_IN_LIST"),
        "{body}"
    );
    let (status, _, body) = get(&app, &[("query", unlisted)]).await;
    assert_eq!(
        (status, code(&body)),
        (403, "PERSISTED_QUERY_NOT_IN_LIST"),
        "{body}"
    );
    let (status, text) = clients::sse(&app.address, json!({ "query": unlisted }).to_string()).await;
    assert_eq!(status, 403, "{text}");
    let payload = clients::ws_operation(&app.address, unlisted).await;
    assert_eq!(code(&payload), "PERSISTED_QUERY_NOT_IN_LIST", "{payload}");

    // An id no manifest lists: 404, not to be cached.
    let unknown = format!("sha256:{}", sha256(unlisted));
    let (status, headers, body) = post(&app, json!({ "documentId": unknown })).await;
    assert_eq!(
        (status, code(&body)),
        (404, "PERSISTED_QUERY_NOT_FOUND"),
        "{body}"
    );
    assert_eq!(body["errors"][0]["message"], "PersistedQueryNotFound");
    assert_eq!(headers["cache-control"], "no-store");
    let (status, headers, _) = get(&app, &[("documentId", &unknown)]).await;
    assert_eq!(
        (status, headers["cache-control"].to_str().unwrap()),
        (404, "no-store")
    );

    // An id sent with a text that is not its document: 400.
    let (status, _, body) = post(
        &app,
        json!({ "documentId": format!("sha256:{}", operations["Me"].0), "query": "{ me { id } }" }),
    )
    .await;
    assert_eq!(
        (status, code(&body)),
        (400, "PERSISTED_QUERY_HASH_MISMATCH"),
        "{body}"
    );
    // An id that is not a SHA-256: 400.
    let (status, _, body) = post(&app, json!({ "documentId": "sha256:xyz" })).await;
    assert_eq!(
        (status, code(&body)),
        (400, "PERSISTED_QUERY_ID_INVALID"),
        "{body}"
    );
    let (status, _, body) = post(
        &app,
        json!({ "extensions": { "persistedQuery": { "version": 1, "sha256Hash": 5 } } }),
    )
    .await;
    assert_eq!(
        (status, code(&body)),
        (400, "PERSISTED_QUERY_ID_INVALID"),
        "{body}"
    );

    // A listed mutation by GET: 405, POST allowed.
    let (status, headers, _) = get(
        &app,
        &[(
            "documentId",
            &format!("sha256:{}", operations["PostLink"].0),
        )],
    )
    .await;
    assert_eq!((status, headers["allow"].to_str().unwrap()), (405, "POST"));

    // The text and its hash together, as Apollo's clients retry: served
    // if listed.
    let (id, body) = &operations["Me"];
    let (status, _, answer) = post(
        &app,
        json!({ "query": body, "extensions": { "persistedQuery": { "version": 1, "sha256Hash": id } } }),
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["errors"][0]["message"], "Not logged in!", "{answer}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn log_unknown_serves_what_no_manifest_lists() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_with(
        vec![codegen_map(dir.path())],
        TrustedDocumentsMode::LogUnknown,
    )
    .await;
    let (status, _, body) = post(&app, json!({ "query": "{ links { id } }" })).await;
    assert_eq!((status, &body), (200, &json!({ "data": { "links": [] } })));
    let (status, _, _) = post(
        &app,
        json!({ "documentId": format!("sha256:{}", sha256("{ links { id } }")) }),
    )
    .await;
    assert_eq!(status, 404, "an id is looked up in every mode");
}

#[tokio::test]
async fn a_manifest_with_a_wrong_id_or_an_invalid_document_stops_the_start() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            json!({ "0000000000000000000000000000000000000000000000000000000000000000": USERS }),
            "entry 0000000000000000000000000000000000000000000000000000000000000000: the id is not the SHA-256 of the document",
        ),
        (
            json!({ "format": "apollo-persisted-query-manifest", "version": 1, "operations": [
                { "id": sha256("query Old { links { title } }"), "name": "Old", "type": "query",
                  "body": "query Old { links { title } }" } ] }),
            "entry `Old` (",
        ),
        (
            json!({ "operations": [] }),
            "not a persisted-query manifest",
        ),
        (
            json!({ "format": "apollo-persisted-query-manifest", "version": 1, "operations": [
                { "id": sha256(USERS), "name": "Users", "type": "query" } ] }),
            "entry `Users` (",
        ),
        (
            json!({ sha256(&deep()): deep() }),
            "the guard refuses the operation: ",
        ),
    ];
    for (manifest, expected) in cases {
        let path = dir.path().join("bad.json");
        std::fs::write(&path, manifest.to_string()).unwrap();
        let mut config = crate::helpers::config_for(dir.path());
        config.trusted_documents = vec![path];
        let error = match hackernews::app::build(&config).await {
            Ok(_) => panic!("{manifest} was loaded"),
            Err(error) => error.to_string(),
        };
        assert!(
            error.contains("bad.json") && error.contains(expected),
            "{error}"
        );
    }
    // A mode that runs on manifests, without one, is refused: the server
    // never serves anything while it is meant to enforce.
    for mode in [
        TrustedDocumentsMode::Enforce,
        TrustedDocumentsMode::LogUnknown,
    ] {
        let mut config = crate::helpers::config_for(dir.path());
        config.trusted_documents_mode = mode;
        let error = match hackernews::app::build(&config).await {
            Ok(_) => panic!("{mode} started without a manifest"),
            Err(error) => error.to_string(),
        };
        assert!(
            error.contains(&format!(
                "trusted_documents_mode = {mode} needs at least one manifest"
            )),
            "{error}"
        );
    }
}

/// An anonymous query deeper than the guard's 12 levels.
fn deep() -> String {
    let fields: Vec<&str> = std::iter::once("links")
        .chain(["votes", "link"].repeat(7))
        .collect();
    let opened: String = fields.iter().map(|f| format!("{f} {{ ")).collect();
    format!("{{ {opened}id{} }}", " }".repeat(fields.len()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sighup_reloads_under_load_and_a_broken_manifest_keeps_the_last_good() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = dir.path().join("manifest.json");
    let listed = "query Links { links { id } }";
    let added = "query Votes { votes { id } }";
    let write = |documents: &[&str]| {
        let map: serde_json::Map<String, Value> =
            documents.iter().map(|d| (sha256(d), json!(d))).collect();
        std::fs::write(&manifest, Value::Object(map).to_string()).unwrap();
    };
    write(&[listed]);
    let database_url = format!("sqlite://{}?mode=rwc", dir.path().join("hn.db").display());
    let server = Launch::new(&database_url, dir.path())
        .env("TRUSTED_DOCUMENTS", manifest.to_str().unwrap())
        .env("TRUSTED_DOCUMENTS_MODE", "enforce")
        .env("RUST_LOG", "info")
        .start("server")
        .await;
    let client = reqwest::Client::new();
    let url = server.url("/graphql");
    let by_id = |document: &str| json!({ "documentId": format!("sha256:{}", sha256(document)) });

    let load = tokio::spawn({
        let client = client.clone();
        let url = url.clone();
        let body = by_id(listed);
        async move {
            let mut answered = 0;
            let deadline = tokio::time::Instant::now() + Duration::from_secs(3);
            while tokio::time::Instant::now() < deadline {
                let response = client.post(&url).json(&body).send().await;
                let status = response.map(|r| r.status().as_u16());
                assert_eq!(
                    status.ok(),
                    Some(200),
                    "a request by id failed during reloads"
                );
                answered += 1;
            }
            answered
        }
    });
    let status_of = async |body: Value| {
        client
            .post(&url)
            .json(&body)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    };
    assert_eq!(status_of(by_id(added)).await, 404);
    write(&[listed, added]);
    hangup(server.process.pid());
    let reloaded = wait_for(async || status_of(by_id(added)).await == 200).await;
    assert!(
        reloaded,
        "the added document is served after SIGHUP:\n{}",
        server.log()
    );

    std::fs::write(&manifest, "{ not json").unwrap();
    hangup(server.process.pid());
    let logged =
        wait_for(async || server.log().contains("the last good manifests still serve")).await;
    assert!(logged, "{}", server.log());
    assert_eq!(
        status_of(by_id(added)).await,
        200,
        "the last good set serves"
    );
    for _ in 0..5 {
        hangup(server.process.pid());
    }
    let answered = load.await.expect("no request failed");
    assert!(answered > 10, "{answered} requests under load");
}

fn hangup(pid: u32) {
    let sent = std::process::Command::new("kill")
        .args(["-HUP", &pid.to_string()])
        .status()
        .expect("kill runs");
    assert!(sent.success());
}

/// Whether `check` holds within 10 s.
async fn wait_for(check: impl AsyncFn() -> bool) -> bool {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while tokio::time::Instant::now() < deadline {
        if check().await {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    false
}

/// Runs `node <args>` in the real clients' directory; its standard output.
fn node(dir: &Path, args: &[&str]) -> String {
    let output = std::process::Command::new("node")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("node runs");
    assert!(
        output.status.success(),
        "node {args:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test_with::executable(node, npm)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn apollo_client_and_urql_query_by_id_from_the_manifests_their_tools_wrote() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/trusted-documents");
    crate::helpers::npm_packages(&dir);
    // The frontend's build: each tool writes its manifest.
    node(
        &dir,
        &[
            "node_modules/.bin/graphql-codegen",
            "--config",
            "codegen.yml",
        ],
    );
    node(
        &dir,
        &[
            "node_modules/.bin/generate-persisted-query-manifest",
            "--config",
            "persisted-query-manifest.config.json",
        ],
    );
    let apollo = dir.join("generated/persisted-query-manifest.json");
    let codegen = dir.join("generated/codegen/persisted-documents.json");
    let app = app_with(
        vec![apollo.clone(), codegen.clone()],
        TrustedDocumentsMode::Enforce,
    )
    .await;
    let output = tokio::task::spawn_blocking({
        let dir = dir.clone();
        let base = app.address.clone();
        move || {
            node(
                &dir,
                &[
                    "clients.mjs",
                    &base,
                    apollo.to_str().unwrap(),
                    codegen.to_str().unwrap(),
                ],
            )
        }
    })
    .await
    .unwrap();
    let result: Value = serde_json::from_str(&output).expect("the clients' JSON");
    assert_eq!(
        result["apolloPosted"]["createLink"]["url"],
        "https://www.apollographql.com"
    );
    assert_eq!(
        result["urqlPosted"]["createLink"]["url"],
        "https://urql.dev"
    );
    assert_eq!(
        result["apolloFeed"], result["apolloFeedByText"],
        "Apollo Client by id gets what the text gets"
    );
    assert_eq!(
        result["urqlFeed"], result["urqlFeedByText"],
        "urql by id gets what the text gets"
    );
    assert_eq!(
        result["urqlFeed"]["links"].as_array().map(Vec::len),
        Some(2),
        "{result}"
    );
    assert_eq!(
        result["unlisted"],
        json!({ "status": 403, "code": "PERSISTED_QUERY_NOT_IN_LIST" })
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn log_unknown_logs_each_unlisted_document_once() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = codegen_map(dir.path());
    let database_url = format!("sqlite://{}?mode=rwc", dir.path().join("hn.db").display());
    let server = Launch::new(&database_url, dir.path())
        .env("TRUSTED_DOCUMENTS", manifest.to_str().unwrap())
        .env("TRUSTED_DOCUMENTS_MODE", "log-unknown")
        .start("server")
        .await;
    let client = reqwest::Client::new();
    let unlisted = ["query A { links { id } }", "query B { votes { id } }"];
    for query in [unlisted[0], unlisted[0], unlisted[1], USERS, unlisted[0]] {
        let response = client
            .post(server.url("/graphql"))
            .json(&json!({ "query": query }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
    }
    let log = server.log();
    for (query, name) in [(unlisted[0], "A"), (unlisted[1], "B")] {
        let id = format!("sha256:{}", sha256(query));
        assert_eq!(log.matches(&id).count(), 1, "{id} once:\n{log}");
        assert!(
            log.contains(&format!("operation_name=\"{name}\""))
                || log.contains(&format!("operation_name={name}")),
            "{log}"
        );
    }
    assert!(
        !log.contains(&sha256(USERS)),
        "a listed document is not logged:\n{log}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_request_of_a_batch_is_refused_with_its_code() {
    let dir = tempfile::tempdir().unwrap();
    let map = codegen_map(dir.path());
    let app = spawn_app_with(Backend::Sqlite, |config: &mut Config| {
        config.trusted_documents = vec![map];
        config.trusted_documents_mode = TrustedDocumentsMode::Enforce;
        config.limits.max_batch = 5;
    })
    .await
    .unwrap();
    let (status, _, answers) = post(
        &app,
        json!([
            { "documentId": format!("sha256:{}", sha256(USERS)) },
            { "documentId": format!("sha256:{}", sha256("{ links { id } }")) },
            { "query": "{ links { id } }" },
        ]),
    )
    .await;
    assert_eq!(status, 200, "{answers}");
    assert!(answers[0]["data"]["users"].is_array(), "{answers}");
    assert_eq!(code(&answers[1]), "PERSISTED_QUERY_NOT_FOUND", "{answers}");
    assert_eq!(
        code(&answers[2]),
        "PERSISTED_QUERY_NOT_IN_LIST",
        "{answers}"
    );
}
