//! The subscriptions as the npm clients a frontend ships see them
//! (`tests/subscription-clients`: graphql-ws over the `ws` package,
//! graphql-sse over Node's fetch). Events arrive with the selection
//! executed, on SQLite and PostgreSQL; `newVote(linkId:)` keeps one link's
//! votes; a token in `connection_init` or in the stream's header says who
//! asks. Each close reaches graphql-ws as the code it acts on: 4408, 3008
//! and 1008, and 1012 on SIGTERM, after which both libraries reconnect by
//! themselves to the restarted server and hear the next link.
//!
//! Needs Node.js: the packages are installed on first use; without Node.js
//! the tests are ignored, with the reason, unless `REQUIRE_SUBSCRIPTION_CLIENTS=1`
//! (as in CI). A subscription is live only once the server has started it,
//! which neither protocol signals: each test first posts warm-up links until
//! every subscription has heard one.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, BufReader, Lines};
use tokio::process::{Child, ChildStdout};

use crate::helpers::{Backend, gql_at, sign_up_at, spawn_app_with};
use crate::processes::{Launch, free_port};

const NEW_LINK: &str = "subscription { newLink { url postedBy { username } votes { id } } }";
const NEW_VOTE: &str =
    "subscription($link: ID) { newVote(linkId: $link) { user { username } link { url } } }";
const ME: &str = "{ me { username } }";

/// The npm clients of one plan (`clients.mjs`), running, and every line
/// they have printed so far.
struct Clients {
    _node: Child,
    lines: Lines<BufReader<ChildStdout>>,
    stderr: tempfile::NamedTempFile,
    seen: Vec<Value>,
}

impl Clients {
    /// `clients` (as `clients.mjs` describes them) of the server at `base`.
    fn start(base: &str, clients: Value) -> Clients {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/subscription-clients");
        crate::helpers::npm_packages(&dir);
        let stderr = tempfile::NamedTempFile::new().expect("a file for node's stderr");
        let plan = json!({ "base": base, "clients": clients });
        let mut node = tokio::process::Command::new("node")
            .arg("clients.mjs")
            .arg(plan.to_string())
            .current_dir(&dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(stderr.reopen().expect("node's stderr"))
            .kill_on_drop(true)
            .spawn()
            .expect("node runs");
        let lines = BufReader::new(node.stdout.take().expect("node's stdout")).lines();
        Clients {
            _node: node,
            lines,
            stderr,
            seen: Vec::new(),
        }
    }

    /// Reads lines until `done` holds of those from line `from` on, or
    /// `wait` has passed (or node has exited); whether it held.
    async fn until(
        &mut self,
        wait: Duration,
        from: usize,
        done: impl Fn(&[Value]) -> bool,
    ) -> bool {
        let deadline = tokio::time::Instant::now() + wait;
        while !done(&self.seen[from..]) {
            match tokio::time::timeout_at(deadline, self.lines.next_line()).await {
                Ok(Ok(Some(line))) => self.seen.push(
                    serde_json::from_str(&line).unwrap_or_else(|_| panic!("not JSON: {line}")),
                ),
                _ => return false,
            }
        }
        true
    }

    /// As `until`, but a `done` that does not hold within `wait` fails the
    /// test with everything the clients printed.
    async fn expect(&mut self, what: &str, from: usize, done: impl Fn(&[Value]) -> bool) {
        let wait = Duration::from_secs(15);
        if !self.until(wait, from, done).await {
            panic!(
                "{what}: not within {wait:?}. The clients printed:\n{}\nand on stderr:\n{}",
                self.seen
                    .iter()
                    .map(Value::to_string)
                    .collect::<Vec<_>>()
                    .join("\n"),
                std::fs::read_to_string(self.stderr.path()).unwrap_or_default()
            );
        }
    }

    /// Posts warm-up links (and runs `also` with each attempt's number)
    /// until each of `operations`, as (client, operation), has heard
    /// something; then reads away what late warm-ups bring. Returns the
    /// line from which a test's own events count.
    async fn until_live<F: Future<Output = ()>>(
        &mut self,
        poster: &Poster,
        operations: &[(&str, &str)],
        mut also: impl FnMut(usize) -> F,
    ) -> usize {
        let from = self.seen.len();
        for attempt in 0..50 {
            poster.link(&format!("https://warm{attempt}.example")).await;
            also(attempt).await;
            let live = |seen: &[Value]| {
                operations
                    .iter()
                    .all(|(client, operation)| heard(seen, client, operation).count() > 0)
            };
            if self.until(Duration::from_millis(300), from, live).await {
                loop {
                    let now = self.seen.len();
                    let quiet = Duration::from_millis(300);
                    if !self.until(quiet, now, |seen| !seen.is_empty()).await {
                        return self.seen.len();
                    }
                }
            }
        }
        self.expect("the subscriptions were never live", from, |_| false)
            .await;
        unreachable!()
    }
}

/// The payloads `client`'s `operation` received among `seen`.
fn heard<'a>(
    seen: &'a [Value],
    client: &'a str,
    operation: &'a str,
) -> impl Iterator<Item = &'a Value> {
    seen.iter()
        .filter(move |line| {
            line["client"] == client && line["operation"] == operation && line["event"] == "next"
        })
        .map(|line| &line["payload"])
}

/// The first line of `client` with `event` among `seen`.
fn first<'a>(seen: &'a [Value], client: &str, event: &str) -> Option<&'a Value> {
    seen.iter()
        .find(|line| line["client"] == client && line["event"] == event)
}

/// Mutations over plain HTTP as one signed-up user.
struct Poster {
    client: reqwest::Client,
    base: String,
    authorization: String,
}

impl Poster {
    /// Signs `username` up on the server at `base`.
    async fn sign_up(base: &str, username: &str) -> Poster {
        let client = reqwest::Client::new();
        let token = sign_up_at(&client, base, username).await;
        Poster {
            client,
            base: base.to_string(),
            authorization: format!("JWT {token}"),
        }
    }

    async fn post(&self, query: &str, variables: Value) -> Value {
        let answer = gql_at(
            &self.client,
            &self.base,
            query,
            variables,
            Some(&self.authorization),
        )
        .await;
        assert!(answer["errors"].is_null(), "{answer}");
        answer
    }

    /// Posts a link; its number.
    async fn link(&self, url: &str) -> i64 {
        let posted = self
            .post(
                "mutation($u: String) { createLink(url: $u, description: \"x\") { id } }",
                json!({ "u": url }),
            )
            .await;
        posted["data"]["createLink"]["id"]
            .as_i64()
            .unwrap_or_else(|| panic!("{posted}"))
    }

    async fn vote(&self, link: i64) {
        self.post(
            "mutation($id: Int) { createVote(linkId: $id) { link { id } } }",
            json!({ "id": link }),
        )
        .await;
    }
}

#[test_with::executable(node, npm)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graphql_ws_and_graphql_sse_hear_links_and_votes_as_their_users() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let Some(app) = spawn_app_with(backend, |_| {}).await else {
            eprintln!("skipped on PostgreSQL: no server answered");
            continue;
        };
        let alice = Poster::sign_up(&app.address, "alice").await;
        let bob = Poster::sign_up(&app.address, "bob").await;
        let target = alice.link("https://target.example").await;
        let mut clients = Clients::start(
            &app.address,
            json!([
                { "name": "ws", "transport": "ws", "authorization": alice.authorization,
                  "operations": [
                      { "name": "me", "query": ME },
                      { "name": "votes", "query": NEW_VOTE, "variables": { "link": target.to_string() } },
                      { "name": "links", "query": NEW_LINK },
                  ] },
                { "name": "sse", "transport": "sse", "authorization": bob.authorization,
                  "operations": [
                      { "name": "me", "query": ME },
                      { "name": "links", "query": NEW_LINK },
                  ] },
            ]),
        );
        // Each user's own token: alice's in connection_init, bob's header.
        clients
            .expect("`me` over both transports", 0, |seen| {
                heard(seen, "ws", "me").count() == 1 && heard(seen, "sse", "me").count() == 1
            })
            .await;
        for (client, username) in [("ws", "alice"), ("sse", "bob")] {
            assert_eq!(
                heard(&clients.seen, client, "me").next().unwrap(),
                &json!({ "data": { "me": { "username": username } } })
            );
        }
        // Warmed up by links, and by new users' votes on the target.
        let from = clients
            .until_live(
                &alice,
                &[("ws", "links"), ("ws", "votes"), ("sse", "links")],
                |attempt| {
                    let base = app.address.clone();
                    async move {
                        Poster::sign_up(&base, &format!("warm{attempt}"))
                            .await
                            .vote(target)
                            .await;
                    }
                },
            )
            .await;

        let other = alice.link("https://new.example").await;
        // Heard before anyone votes on it: each selection executes on what
        // the database holds when it runs.
        clients
            .expect("the new link on both", from, |seen| {
                heard(seen, "ws", "links").count() == 1 && heard(seen, "sse", "links").count() == 1
            })
            .await;
        // A vote on another link is not the subscription's; one on its link is.
        bob.vote(other).await;
        bob.vote(target).await;
        clients
            .expect("bob's vote on the target", from, |seen| {
                heard(seen, "ws", "votes").count() == 1
            })
            .await;
        // Nothing more comes.
        let quiet = clients.seen.len();
        assert!(
            !clients
                .until(Duration::from_millis(500), quiet, |seen| !seen.is_empty())
                .await,
            "{:?}",
            &clients.seen[quiet..]
        );
        let link = json!({ "data": { "newLink": {
            "url": "https://new.example", "postedBy": { "username": "alice" }, "votes": []
        } } });
        let seen = &clients.seen[from..];
        assert_eq!(heard(seen, "ws", "links").next(), Some(&link));
        assert_eq!(heard(seen, "sse", "links").next(), Some(&link));
        assert_eq!(
            heard(seen, "ws", "votes").next(),
            Some(&json!({ "data": { "newVote": {
                "user": { "username": "bob" }, "link": { "url": "https://target.example" }
            } } }))
        );
    }
}

#[test_with::executable(node, npm)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graphql_ws_sees_4408_3008_and_too_many_subscriptions() {
    let app = spawn_app_with(Backend::Sqlite, |config| {
        config.limits.ws_init_timeout_seconds = 1;
        config.limits.ws_ping_interval_seconds = 1;
        config.limits.ws_idle_timeout_seconds = 3;
        config.limits.ws_max_subscriptions_per_connection = 1;
    })
    .await
    .unwrap();
    let mut clients = Clients::start(
        &app.address,
        json!([
            // Sends connection_init only after 2.5 s.
            { "name": "late", "transport": "ws", "initDelayMs": 2500 },
            // Answers no WebSocket ping.
            { "name": "deaf", "transport": "ws", "answerPings": false,
              "operations": [{ "name": "links", "query": NEW_LINK }] },
            // Subscribes twice where once is allowed.
            { "name": "greedy", "transport": "ws",
              "operations": [
                  { "name": "links", "query": NEW_LINK },
                  { "name": "again", "query": NEW_LINK },
              ] },
        ]),
    );
    clients
        .expect("late and deaf closed, greedy refused", 0, |seen| {
            first(seen, "late", "closed").is_some()
                && first(seen, "deaf", "closed").is_some()
                && first(seen, "greedy", "error").is_some()
        })
        .await;
    let seen = &clients.seen;
    let late = first(seen, "late", "closed").unwrap();
    assert_eq!(
        (&late["code"], &late["reason"]),
        (&json!(4408), &json!("Connection initialisation timeout"))
    );
    assert!(
        first(seen, "late", "connected").is_none(),
        "never acknowledged"
    );
    // The deaf one was acknowledged and subscribed before it went silent.
    assert!(first(seen, "deaf", "connected").is_some());
    assert_eq!(first(seen, "deaf", "closed").unwrap()["code"], 3008);
    // The greedy one's second subscription is refused, and it stays open.
    let refused = first(seen, "greedy", "error").unwrap();
    assert_eq!(refused["operation"], "again", "{refused}");
    assert_eq!(
        refused["errors"][0]["extensions"]["code"], "TOO_MANY_SUBSCRIPTIONS",
        "{refused}"
    );
    assert!(first(seen, "greedy", "closed").is_none());
}

#[test_with::executable(node, npm)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graphql_ws_gives_up_on_1008_beyond_the_connections_of_a_client() {
    let app = spawn_app_with(Backend::Sqlite, |config| {
        config.limits.ws_max_connections_per_client = 1;
    })
    .await
    .unwrap();
    let mut admitted = Clients::start(
        &app.address,
        json!([{ "name": "first", "transport": "ws" }]),
    );
    admitted
        .expect("the first connection acknowledged", 0, |seen| {
            first(seen, "first", "connected").is_some()
        })
        .await;
    // Retries are allowed, but a policy violation is fatal to graphql-ws.
    let mut refused = Clients::start(
        &app.address,
        json!([{ "name": "second", "transport": "ws", "retryAttempts": 5 }]),
    );
    refused
        .expect("the second connection closed and given up", 0, |seen| {
            first(seen, "second", "error").is_some()
        })
        .await;
    let closed = first(&refused.seen, "second", "closed").unwrap();
    assert_eq!(closed["code"], 1008);
    assert!(
        closed["reason"]
            .as_str()
            .unwrap()
            .contains("ws_max_connections_per_client"),
        "{closed}"
    );
    assert_eq!(
        first(&refused.seen, "second", "error").unwrap()["code"],
        1008
    );
    let retried = refused
        .seen
        .iter()
        .any(|line| line["event"] == "connecting" && line["retrying"] == true);
    assert!(!retried, "{:?}", refused.seen);
}

#[test_with::executable(node, npm)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_sigterm_both_libraries_reconnect_to_the_restarted_server() {
    let dir = tempfile::tempdir().unwrap();
    let database_url = format!("sqlite://{}?mode=rwc", dir.path().join("hn.db").display());
    let launch = Launch::new(database_url, dir.path());
    let port = free_port();
    let mut server = launch.start_on(port, "before").await;
    let alice = Poster::sign_up(&server.base, "alice").await;
    let reconnecting = |name: &str, transport: &str| {
        json!({ "name": name, "transport": transport, "retryAttempts": 300, "retryWaitMs": 200,
                "operations": [{ "name": "links", "query": NEW_LINK }] })
    };
    let mut clients = Clients::start(
        &server.base,
        json!([reconnecting("ws", "ws"), reconnecting("sse", "sse")]),
    );
    let subscribers = [("ws", "links"), ("sse", "links")];
    clients.until_live(&alice, &subscribers, async |_| {}).await;

    server.terminate();
    let stopping = clients.seen.len();
    clients
        .expect("graphql-ws told 1012, both retrying", stopping, |seen| {
            first(seen, "ws", "closed").is_some_and(|closed| closed["code"] == 1012)
                && ["ws", "sse"].iter().all(|client| {
                    seen.iter().any(|line| {
                        line["client"] == *client
                            && line["event"] == "connecting"
                            && line["retrying"] == true
                    })
                })
        })
        .await;
    assert!(server.exit(Duration::from_secs(10)).await.success());

    let restarted = launch.start_on(port, "after").await;
    let from = clients.until_live(&alice, &subscribers, async |_| {}).await;
    alice.link("https://after.example").await;
    clients
        .expect("the link posted after the restart on both", from, |seen| {
            subscribers
                .iter()
                .all(|(client, operation)| heard(seen, client, operation).count() == 1)
        })
        .await;
    for (client, operation) in subscribers {
        assert_eq!(
            heard(&clients.seen[from..], client, operation)
                .next()
                .unwrap()["data"]["newLink"]["url"],
            "https://after.example"
        );
    }
    // To the application, the subscriptions never ended.
    let ended = clients
        .seen
        .iter()
        .find(|line| line["event"] == "error" || line["event"] == "complete");
    assert!(ended.is_none(), "{ended:?}");
    drop(restarted);
}
