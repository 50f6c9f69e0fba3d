//! Login throttling behind a load balancer: the client address comes from
//! `X-Forwarded-For` only when the peer is a trusted proxy, and on
//! PostgreSQL two instances on one database share the attempts counted.

use hackernews::auth::{ForwardedHeader, TrustedProxies};
use hackernews::config::Config;
use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, clear_of_the_turn_of_a_minute, error, spawn_app_with};

const LOGIN: &str =
    "mutation($u: String!, $p: String!) { tokenAuth(username: $u, password: $p) { token } }";

/// A wrong-password attempt at `username`, sent as if through a balancer
/// that saw the client at `forwarded_for`.
async fn attempt(app: &TestApp, username: &str, forwarded_for: &str) -> Value {
    app.client
        .post(app.url("/graphql"))
        .header("x-forwarded-for", forwarded_for)
        .json(&json!({ "query": LOGIN, "variables": { "u": username, "p": "wrong" } }))
        .send()
        .await
        .expect("the server answers")
        .json()
        .await
        .expect("a JSON body")
}

fn refused(body: &Value) -> bool {
    error(body).1 == "RATE_LIMITED"
}

fn two_per_client(trusted: &[&str]) -> impl FnOnce(&mut Config) {
    let trusted: Vec<String> = trusted.iter().map(|t| t.to_string()).collect();
    move |config: &mut Config| {
        config.login.per_minute_per_client = 2;
        config.login.per_minute_per_user = 100;
        config.trusted_proxies =
            TrustedProxies::parse(&trusted, ForwardedHeader::XForwardedFor).unwrap();
    }
}

async fn forwarded_addresses_count_only_from_trusted_proxies(backend: Backend) {
    let Some(behind) = spawn_app_with(backend, two_per_client(&["127.0.0.1"])).await else {
        eprintln!("skipped: PostgreSQL is not reachable");
        return;
    };
    clear_of_the_turn_of_a_minute().await;
    assert!(!refused(&attempt(&behind, "a", "198.51.100.1").await));
    assert!(!refused(&attempt(&behind, "b", "198.51.100.1").await));
    let third = attempt(&behind, "c", "198.51.100.1").await;
    assert!(refused(&third), "a third try from one client: {third}");
    let other = attempt(&behind, "c", "198.51.100.2").await;
    assert!(
        !refused(&other),
        "another client has its own budget: {other}"
    );
    // A client cannot pose as another by adding to the header: the balancer
    // appends the address it saw, and that right-most one counts.
    let spoofed = attempt(&behind, "d", "203.0.113.9, 198.51.100.1").await;
    assert!(refused(&spoofed), "{spoofed}");

    let Some(exposed) = spawn_app_with(backend, two_per_client(&[])).await else {
        return;
    };
    clear_of_the_turn_of_a_minute().await;
    assert!(!refused(&attempt(&exposed, "a", "198.51.100.1").await));
    assert!(!refused(&attempt(&exposed, "b", "198.51.100.2").await));
    let third = attempt(&exposed, "c", "198.51.100.3").await;
    assert!(
        refused(&third),
        "an untrusted peer's header is ignored: {third}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forwarded_addresses_count_only_from_trusted_proxies_on_sqlite() {
    forwarded_addresses_count_only_from_trusted_proxies(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forwarded_addresses_count_only_from_trusted_proxies_on_postgres() {
    forwarded_addresses_count_only_from_trusted_proxies(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn instances_on_one_postgres_database_share_the_count() {
    let per_user = |config: &mut Config| config.login.per_minute_per_user = 3;
    let Some(first) = spawn_app_with(Backend::Postgres, per_user).await else {
        eprintln!("skipped: PostgreSQL is not reachable");
        return;
    };
    // The second instance's own database goes unused: it serves the first's.
    let second = spawn_app_with(Backend::Sqlite, |config| {
        per_user(config);
        config.database_url = first.database_url.clone();
    })
    .await
    .expect("a second instance");
    clear_of_the_turn_of_a_minute().await;
    first.sign_up("olga").await; // one attempt, at the first
    assert!(!refused(&attempt(&second, "olga", "x").await));
    assert!(!refused(&attempt(&first, "olga", "x").await));
    let fourth = second
        .gql(LOGIN, json!({ "u": "olga", "p": "pw-123456" }))
        .await;
    assert!(
        refused(&fourth),
        "the fourth attempt, counted across both instances: {fourth}"
    );
    let message = error(&fourth).0;
    let seconds: u64 = message
        .trim_start_matches("Too many login attempts; try again in ")
        .trim_end_matches(" seconds.")
        .parse()
        .unwrap_or_else(|_| panic!("a wait in seconds: {message}"));
    assert!((1..=60).contains(&seconds), "{message}");
}
