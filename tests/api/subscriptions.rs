//! The subscriptions as a frontend uses them, over graphql-ws and
//! server-sent events, on SQLite and PostgreSQL: `newLink` and `newVote`
//! deliver what was committed with the subscriber's selection executed,
//! `newVote(linkId:)` keeps one link's votes, and on PostgreSQL a link
//! posted through one instance reaches a subscriber of another.
//!
//! A subscription is live only once the server has started it, which the
//! protocol does not signal: each test first repeats a warm-up change until
//! the subscription hears one.

use std::time::Duration;

use serde_json::{Value, json};

use crate::clients::{receive, send, ws_connect};
use crate::helpers::{Backend, TestApp, spawn_app_with};

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

const NEW_LINK: &str = "subscription { newLink { url postedBy { username } votes { id } } }";
const NEW_VOTE: &str =
    "subscription($link: ID) { newVote(linkId: $link) { user { username } link { url } } }";

/// Starts subscription `id` on `socket`.
async fn subscribe(socket: &mut Socket, id: &str, query: &str, variables: Value) {
    send(
        socket,
        json!({ "id": id, "type": "subscribe", "payload": { "query": query, "variables": variables } }),
    )
    .await;
}

/// The next message on `socket` within `wait`, if one came.
async fn next_within(socket: &mut Socket, wait: Duration) -> Option<Value> {
    tokio::time::timeout(wait, receive(socket))
        .await
        .ok()
        .flatten()
}

/// Repeats `change` until subscription `id` hears of one: then it is live.
async fn until_live<F: Future<Output = ()>>(
    socket: &mut Socket,
    id: &str,
    mut change: impl FnMut(usize) -> F,
) {
    for attempt in 0..50 {
        change(attempt).await;
        if let Some(message) = next_within(socket, Duration::from_millis(300)).await {
            assert_eq!(message["id"], id, "{message}");
            assert_eq!(message["type"], "next", "{message}");
            // A slower warm-up's event may still come: not the test's.
            while next_within(socket, Duration::from_millis(300))
                .await
                .is_some()
            {}
            return;
        }
    }
    panic!("subscription {id} heard nothing");
}

async fn link_id(app: &TestApp, token: &str, url: &str) -> i64 {
    let posted = app.post_link(Some(token), url, "x").await;
    posted["data"]["createLink"]["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("{posted}"))
}

/// A warm-up link, number `attempt`, posted as `token`.
async fn warm_link(app: &TestApp, token: &str, attempt: usize) {
    link_id(app, token, &format!("https://warm{attempt}.example")).await;
}

/// A warm-up vote on `link` by a new user, `username`.
async fn warm_vote(app: &TestApp, username: String, link: i64) {
    let voter = format!("JWT {}", app.sign_up(&username).await);
    vote(app, &voter, link).await;
}

async fn vote(app: &TestApp, token: &str, link: i64) {
    let voted = app
        .gql_as(
            token,
            "mutation($id: Int) { createVote(linkId: $id) { link { id } } }",
            json!({ "id": link }),
        )
        .await;
    assert!(voted["errors"].is_null(), "{voted}");
}

#[tokio::test]
async fn links_and_votes_arrive_with_the_selection_executed() {
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let Some(app) = spawn_app_with(backend, |_| {}).await else {
            eprintln!("skipped on PostgreSQL: no server answered");
            continue;
        };
        let alice = format!("JWT {}", app.sign_up("alice").await);
        let target = link_id(&app, &alice, "https://target.example").await;
        let mut socket = ws_connect(&app.address).await;

        // newVote on one link: warmed up by new users' votes on it.
        subscribe(
            &mut socket,
            "votes",
            NEW_VOTE,
            json!({ "link": target.to_string() }),
        )
        .await;
        until_live(&mut socket, "votes", |attempt| {
            warm_vote(&app, format!("warm{attempt}"), target)
        })
        .await;
        // newLink: warmed up by links posted until one is heard.
        subscribe(&mut socket, "links", NEW_LINK, json!({})).await;
        until_live(&mut socket, "links", |attempt| {
            warm_link(&app, &alice, attempt)
        })
        .await;

        let other = link_id(&app, &alice, "https://new.example").await;
        let posted = next_within(&mut socket, Duration::from_secs(5))
            .await
            .unwrap();
        assert_eq!(posted["id"], "links");
        assert_eq!(
            posted["payload"],
            json!({ "data": { "newLink": {
                "url": "https://new.example",
                "postedBy": { "username": "alice" },
                "votes": []
            } } })
        );
        // A vote on another link is not this subscription's; one on its link is.
        vote(&app, &alice, other).await;
        let bob = format!("JWT {}", app.sign_up("bob").await);
        vote(&app, &bob, target).await;
        let heard = next_within(&mut socket, Duration::from_secs(5))
            .await
            .unwrap();
        assert_eq!(heard["id"], "votes");
        assert_eq!(
            heard["payload"],
            json!({ "data": { "newVote": {
                "user": { "username": "bob" },
                "link": { "url": "https://target.example" }
            } } })
        );
        assert!(
            next_within(&mut socket, Duration::from_millis(300))
                .await
                .is_none(),
            "nothing else was announced"
        );
    }
}

#[tokio::test]
async fn a_link_reaches_a_subscriber_over_server_sent_events() {
    let app = spawn_app_with(Backend::Sqlite, |_| {}).await.unwrap();
    let alice = format!("JWT {}", app.sign_up("alice").await);
    let mut response = app
        .client
        .post(app.url("/graphql/stream"))
        .header("accept", "text/event-stream")
        .json(&json!({ "query": "subscription { newLink { url postedBy { username } } }" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let mut text = String::new();
    for attempt in 0..50 {
        link_id(&app, &alice, &format!("https://sse{attempt}.example")).await;
        let chunk = tokio::time::timeout(Duration::from_millis(300), response.chunk()).await;
        if let Ok(Ok(Some(bytes))) = chunk {
            text.push_str(&String::from_utf8_lossy(&bytes));
            if text.contains("data:") {
                break;
            }
        }
    }
    let event = crate::clients::first_event(&text);
    let url = event["data"]["newLink"]["url"].as_str().unwrap();
    assert!(url.starts_with("https://sse"), "{event}");
    assert_eq!(event["data"]["newLink"]["postedBy"]["username"], "alice");
}

#[tokio::test]
async fn a_link_posted_on_one_instance_reaches_a_subscriber_of_another() {
    let Some(first) = spawn_app_with(Backend::Postgres, |_| {}).await else {
        eprintln!("skipped: no PostgreSQL server answered");
        return;
    };
    let url = first.database_url.clone();
    let second = spawn_app_with(Backend::Postgres, move |config| config.database_url = url)
        .await
        .unwrap();
    let alice = format!("JWT {}", first.sign_up("alice").await);
    let mut socket = ws_connect(&second.address).await;
    subscribe(&mut socket, "links", NEW_LINK, json!({})).await;
    until_live(&mut socket, "links", |attempt| {
        warm_link(&first, &alice, attempt)
    })
    .await;
    for n in 0..20 {
        link_id(&first, &alice, &format!("https://{n}.example")).await;
    }
    for n in 0..20 {
        let heard = next_within(&mut socket, Duration::from_secs(5))
            .await
            .unwrap();
        assert_eq!(
            heard["payload"]["data"]["newLink"]["url"],
            format!("https://{n}.example"),
            "in commit order"
        );
    }
}

/// PostgreSQL's side of the fan-out failing: the instance's `LISTEN`
/// connection is terminated by the server. Its subscribers are told
/// (`EVENTS_MISSED`), not left in silence, and hear what is committed once
/// it listens again.
#[tokio::test]
async fn a_dropped_listen_connection_is_told_and_reopened() {
    let Some(app) = spawn_app_with(Backend::Postgres, |_| {}).await else {
        eprintln!("skipped: no PostgreSQL server answered");
        return;
    };
    let alice = format!("JWT {}", app.sign_up("alice").await);
    let mut socket = ws_connect(&app.address).await;
    subscribe(&mut socket, "links", NEW_LINK, json!({})).await;
    until_live(&mut socket, "links", |attempt| {
        warm_link(&app, &alice, attempt)
    })
    .await;
    let database = app.database_url.rsplit('/').next().unwrap().to_string();
    let admin = sea_orm::Database::connect(app.database_url.as_str())
        .await
        .unwrap();
    let killed = sea_orm::ConnectionTrait::execute_unprepared(
        &admin,
        &format!(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = '{database}' AND query LIKE 'LISTEN%'"
        ),
    )
    .await
    .unwrap();
    assert!(killed.rows_affected() >= 1, "a LISTEN connection was found");
    let told = next_within(&mut socket, Duration::from_secs(10))
        .await
        .unwrap();
    assert_eq!(told["id"], "links");
    assert_eq!(
        told["payload"]["errors"][0]["extensions"]["code"], "EVENTS_MISSED",
        "{told}"
    );
    link_id(&app, &alice, "https://after.example").await;
    let heard = next_within(&mut socket, Duration::from_secs(10))
        .await
        .unwrap();
    assert_eq!(
        heard["payload"]["data"]["newLink"]["url"],
        "https://after.example"
    );
}

/// The statements that posting `url` costs until every one of `sockets`
/// has heard it with its selection executed.
async fn statements_to_reach(app: &TestApp, token: &str, sockets: &mut [Socket], url: &str) -> u64 {
    let before = app.statements.get();
    link_id(app, token, url).await;
    for socket in sockets.iter_mut() {
        let heard = next_within(socket, Duration::from_secs(10)).await.unwrap();
        assert_eq!(
            heard["payload"],
            json!({ "data": { "newLink": {
                "url": url, "postedBy": { "username": "alice" }, "votes": []
            } } })
        );
    }
    app.statements.get() - before
}

/// Twenty subscribers of one link read its poster and votes together:
/// the selections of an event's subscribers are batched across them, so
/// twenty cost what one does (give or take a batch split by its window),
/// not twenty times the reads. The window is wider than the default 2 ms,
/// which an unoptimised build's twenty executions may outlast.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_subscribers_of_an_event_share_its_reads() {
    const SUBSCRIBERS: usize = 20;
    for backend in [Backend::Sqlite, Backend::Postgres] {
        let wide = |config: &mut hackernews::config::Config| {
            config.subscription_batch_window = Duration::from_millis(100);
        };
        let Some(app) = spawn_app_with(backend, wide).await else {
            eprintln!("skipped on PostgreSQL: no server answered");
            continue;
        };
        let alice = format!("JWT {}", app.sign_up("alice").await);
        // One subscriber, then twenty; each is live once it has heard a
        // warm-up link, and the others' warm-ups are then read away.
        let mut sockets: Vec<Socket> = Vec::new();
        let mut costs = Vec::new();
        for (count, url) in [
            (1, "https://alone.example"),
            (SUBSCRIBERS, "https://together.example"),
        ] {
            while sockets.len() < count {
                let mut socket = ws_connect(&app.address).await;
                subscribe(&mut socket, "links", NEW_LINK, json!({})).await;
                let n = sockets.len();
                until_live(&mut socket, "links", |attempt| {
                    warm_link(&app, &alice, n * 100 + attempt)
                })
                .await;
                sockets.push(socket);
            }
            for socket in &mut sockets {
                while next_within(socket, Duration::from_millis(300))
                    .await
                    .is_some()
                {}
            }
            costs.push(statements_to_reach(&app, &alice, &mut sockets, url).await);
        }
        let (alone, together) = (costs[0], costs[1]);
        // `postedBy` and `votes`: one read each for one subscriber; read
        // each on its own, twenty subscribers would cost 38 more.
        assert!(
            together <= alone + 2,
            "{backend:?}: {SUBSCRIBERS} subscribers cost {together} statements, one costs {alone}"
        );
    }
}

/// Two subscribers' events read in one batch: the votes of one's link,
/// beyond `max_list_items`, are refused to it alone, and cut the other's
/// short in no way (one `LIMIT` over both links' votes would have).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_list_in_a_batch_cuts_no_other_subscribers_short() {
    const MAX: usize = 8;
    const WINDOW: Duration = Duration::from_millis(300);
    let app = spawn_app_with(Backend::Sqlite, |config| {
        config.max_list_items = MAX;
        config.subscription_batch_window = WINDOW;
        config.login.per_minute_per_client = 1000;
    })
    .await
    .unwrap();
    let alice = format!("JWT {}", app.sign_up("alice").await);
    let long = link_id(&app, &alice, "https://long.example").await;
    let short = link_id(&app, &alice, "https://short.example").await;
    // Votes on the long link first: the lowest ids, read first.
    for n in 0..=2 * MAX + 1 {
        let voter = format!("JWT {}", app.sign_up(&format!("v{n}")).await);
        vote(&app, &voter, long).await;
    }
    const VOTES_OF_ITS_LINK: &str =
        "subscription($link: ID) { newVote(linkId: $link) { id link { votes { id } } } }";
    let mut sockets = Vec::new();
    for (n, link) in [long, short].into_iter().enumerate() {
        let mut socket = ws_connect(&app.address).await;
        subscribe(
            &mut socket,
            "votes",
            VOTES_OF_ITS_LINK,
            json!({ "link": link.to_string() }),
        )
        .await;
        until_live(&mut socket, "votes", |attempt| {
            warm_vote(&app, format!("warm{n}_{attempt}"), link)
        })
        .await;
        sockets.push(socket);
    }
    // A warm-up's event waits a window per level: read away all of them.
    for socket in &mut sockets {
        while next_within(socket, 3 * WINDOW).await.is_some() {}
    }
    // One more vote on each, well within one window.
    let late = format!("JWT {}", app.sign_up("late").await);
    vote(&app, &late, long).await;
    vote(&app, &late, short).await;
    // The long link's subscriber is told its list is too long ...
    let told = next_within(&mut sockets[0], Duration::from_secs(5))
        .await
        .unwrap();
    assert_eq!(
        told["payload"]["errors"][0]["extensions"]["code"], "LIST_TOO_LONG",
        "{told}"
    );
    // ... and the other hears of the late vote with its link's whole list,
    // what a query of the link reads.
    let queried = app
        .gql(
            "{ links(search: \"short.example\") { votes { id } } }",
            json!({}),
        )
        .await;
    let votes = &queried["data"]["links"][0]["votes"];
    let late_vote = votes.as_array().and_then(|v| v.last()).unwrap()["id"].clone();
    let heard = next_within(&mut sockets[1], Duration::from_secs(5))
        .await
        .unwrap();
    assert_eq!(
        heard["payload"]["data"]["newVote"]["id"], late_vote,
        "{heard}"
    );
    assert_eq!(
        heard["payload"]["data"]["newVote"]["link"]["votes"], *votes,
        "{heard}"
    );
}
