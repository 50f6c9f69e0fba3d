//! Scale-out: two instances of the real binary on one fresh PostgreSQL
//! database behind HAProxy (round robin, `/health/ready` checks, retries
//! on connection failures only, so a POST is never sent twice, and
//! `X-Served-By` naming the instance that answered). Under a mixed load,
//! `kill -9` of one instance costs at most the requests it had in flight
//! and no acknowledged write, while the other keeps serving; SIGTERM of one
//! costs nothing at all; and login attempts are counted across both
//! instances. Needs Debian's `haproxy`: without it these tests are ignored,
//! with the reason, unless `REQUIRE_HAPROXY=1` (as in CI).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::helpers::{Database, fresh_postgres};
use crate::load::{Kind, Load, Report, assert_none_lost, stored_urls};
use crate::processes::{Guard, Launch, Server, free_port};

/// Concurrent clients of the load.
const CLIENTS: usize = 8;

/// HAProxy in the foreground, in front of two instances.
struct Cluster {
    /// `http://127.0.0.1:<frontend port>/graphql`.
    endpoint: String,
    servers: Vec<Server>,
    _haproxy: Guard,
    haproxy_log: PathBuf,
    database: Database,
    _dir: tempfile::TempDir,
}

/// Two instances named `one` and `two`, started at once on a fresh
/// database (so their migrations run together), behind HAProxy; `None`
/// when PostgreSQL is not reachable and not required.
async fn cluster(configure: impl Fn(Launch, &Path) -> Launch) -> Option<Cluster> {
    let database = fresh_postgres().await?;
    let dir = tempfile::tempdir().unwrap();
    let launch = configure(
        Launch::new(database.url(), dir.path())
            .env("TRUSTED_PROXIES", "127.0.0.1")
            // Longer than HAProxy takes to see readiness fail (fall 2 x inter 100ms).
            .env("SHUTDOWN_DRAIN_MS", "1000"),
        dir.path(),
    );
    let mut servers = vec![launch.spawn("one"), launch.spawn("two")];
    for server in &mut servers {
        server.ready(Duration::from_secs(30)).await;
    }
    let front = free_port();
    let config = dir.path().join("haproxy.cfg");
    std::fs::write(&config, haproxy_config(front, &servers)).unwrap();
    let log = std::fs::File::create(dir.path().join("haproxy.log")).unwrap();
    let haproxy = Command::new(haproxy_binary())
        .arg("-db")
        .arg("-f")
        .arg(&config)
        .stdin(Stdio::null())
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .spawn()
        .expect("haproxy starts");
    let mut haproxy = Guard::new("haproxy", haproxy);
    let endpoint = format!("http://127.0.0.1:{front}/graphql");

    // Ready once both instances have answered through the frontend.
    let client = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut seen = Vec::new();
    while seen.len() < 2 {
        assert!(
            haproxy.running(),
            "haproxy exited: {}",
            std::fs::read_to_string(dir.path().join("haproxy.log")).unwrap_or_default()
        );
        assert!(
            Instant::now() < deadline,
            "HAProxy did not reach both instances: {seen:?}"
        );
        if let Ok(response) = client
            .post(&endpoint)
            .json(&json!({ "query": "{ __typename }" }))
            .send()
            .await
            && response.status() == 200
            && let Some(name) = served_by(&response)
            && !seen.contains(&name)
        {
            seen.push(name);
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    Some(Cluster {
        endpoint,
        servers,
        _haproxy: haproxy,
        haproxy_log: dir.path().join("haproxy.log"),
        database,
        _dir: dir,
    })
}

impl Cluster {
    /// HAProxy's log lines other than the requests answered 200: failed
    /// requests with their termination state, and health-check changes. (A
    /// request it drops by closing the client's connection is not logged.)
    fn proxy_events(&self) -> String {
        std::fs::read_to_string(&self.haproxy_log)
            .unwrap_or_default()
            .lines()
            .filter(|line| !line.contains(" 200 "))
            .map(|line| format!("  {line}\n"))
            .collect()
    }
}

fn haproxy_config(front: u16, servers: &[Server]) -> String {
    let backends: String = servers
        .iter()
        .map(|s| format!("    server {} 127.0.0.1:{} check\n", s.name, s.port))
        .collect();
    format!(
        "global
    nbthread 1
    log stderr format raw local0
defaults
    mode http
    log global
    option httplog
    timeout connect 1s
    timeout client 30s
    timeout server 30s
    timeout check 1s
    retries 3
    option redispatch 1
    retry-on conn-failure
    option forwardfor
frontend api
    bind 127.0.0.1:{front}
    default_backend instances
backend instances
    balance roundrobin
    option httpchk GET /health/ready
    http-check expect status 200
    default-server inter 100ms fall 2 rise 2
    http-response set-header X-Served-By %s
{backends}"
    )
}

/// `haproxy` on the path, else Debian's.
fn haproxy_binary() -> PathBuf {
    std::env::var_os("PATH")
        .and_then(|path| {
            std::env::split_paths(&path)
                .map(|dir| dir.join("haproxy"))
                .find(|p| p.is_file())
        })
        .unwrap_or_else(|| PathBuf::from("/usr/sbin/haproxy"))
}

fn served_by(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get("x-served-by")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

fn mixed_load(cluster: &Cluster, duration: Duration, tag: &str) -> Load {
    Load {
        endpoint: cluster.endpoint.clone(),
        clients: CLIENTS,
        duration,
        per_client: 4_000,
        pause: Duration::from_millis(10),
        writes_every: 2,
        tag: tag.into(),
    }
}

/// How many successful requests each instance answered in `[from, to)`.
fn served(report: &Report, from: Instant, to: Instant) -> (usize, usize) {
    let count = |name: &str| {
        report
            .outcomes
            .iter()
            .filter(|o| o.error.is_none() && o.finished >= from && o.finished < to)
            .filter(|o| o.served_by.as_deref() == Some(name))
            .count()
    };
    (count("one"), count("two"))
}

#[test_with::executable(haproxy)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_of_one_instance_costs_only_its_in_flight_requests() {
    let _turn = crate::load::turn().await;
    let Some(mut cluster) = cluster(|launch, _| launch).await else {
        return;
    };
    let load = tokio::spawn(mixed_load(&cluster, Duration::from_secs(30), "kill").run());
    tokio::time::sleep(Duration::from_secs(15)).await;
    let killed_at = Instant::now();
    cluster.servers[0].kill();
    let report = load.await.unwrap();
    let end = Instant::now();
    eprintln!(
        "kill -9 of one of two instances at {:.1}s: {}",
        report.at(killed_at),
        report.summary()
    );
    let errors = report.errors();
    eprint!(
        "{}HAProxy:\n{}",
        report.describe_errors(),
        cluster.proxy_events()
    );

    assert!(
        report.acknowledged().len() >= 200,
        "too few acknowledged writes to prove anything: {}",
        report.summary()
    );
    assert_none_lost(&report, &stored_urls(&cluster.database.url()).await);

    let (one_before, two_before) = served(&report, report.start, killed_at);
    assert!(
        one_before > 0 && two_before > 0,
        "both instances served before the kill: one {one_before}, two {two_before}"
    );
    let settled = killed_at + Duration::from_secs(2);
    let (one_after, two_after) = served(&report, killed_at, end);
    assert!(
        two_after >= 200,
        "the survivor kept serving: {two_after} successes after the kill"
    );
    assert_eq!(
        served(&report, settled, end).0,
        0,
        "nothing answered by the killed instance once it was gone ({one_after} just after the kill)"
    );

    assert!(
        errors.len() <= CLIENTS,
        "at most one error per client (its request in flight on the killed instance): {}\n{}",
        report.summary(),
        report.describe_errors()
    );
    // A request sent just after the kill can still fail: HAProxy may hand it
    // to an idle connection of the killed instance before seeing it closed.
    let window = |o: &&crate::load::Outcome| {
        o.started <= killed_at + Duration::from_millis(500)
            && o.finished >= killed_at
            && o.finished <= settled
    };
    assert!(
        errors.iter().all(window),
        "errors only for requests in flight at the kill ({:.3}s):\n{}",
        report.at(killed_at),
        report.describe_errors()
    );
}

/// A server that closed its idle keep-alive connections as soon as SIGTERM
/// arrived lost a request now and then (about 1 run in 5): HAProxy may just
/// have handed one to such a connection, and then closes the client's
/// connection without an answer. With `SHUTDOWN_DRAIN_MS` readiness fails
/// first and the server goes on serving for longer than HAProxy's checks
/// take to notice (`fall` x `inter`).
#[test_with::executable(haproxy)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_of_one_instance_costs_no_request() {
    let _turn = crate::load::turn().await;
    let Some(mut cluster) = cluster(|launch, _| launch).await else {
        return;
    };
    let load = tokio::spawn(mixed_load(&cluster, Duration::from_secs(12), "term").run());
    tokio::time::sleep(Duration::from_secs(4)).await;
    let terminated_at = Instant::now();
    cluster.servers[0].terminate();
    let exit = cluster.servers[0].exit(Duration::from_secs(35)).await;
    let exited_at = Instant::now();
    let report = load.await.unwrap();
    eprintln!(
        "SIGTERM of one of two instances at {:.1}s (exited {:.3}s later, {exit:?}): {}",
        report.at(terminated_at),
        (exited_at - terminated_at).as_secs_f64(),
        report.summary()
    );
    assert!(
        report.errors().is_empty(),
        "no client saw an error:\n{}HAProxy:\n{}",
        report.describe_errors(),
        cluster.proxy_events()
    );
    assert!(
        exit.success(),
        "a clean exit after SIGTERM: {exit:?}\n{}",
        cluster.servers[0].log()
    );
    assert!(
        report.acknowledged().len() >= 100,
        "too few acknowledged writes to prove anything: {}",
        report.summary()
    );
    assert_none_lost(&report, &stored_urls(&cluster.database.url()).await);
    let (one_before, _) = served(&report, report.start, terminated_at);
    let (one_after, two_after) = served(&report, exited_at, Instant::now());
    assert!(
        one_before > 0,
        "the terminated instance served before SIGTERM"
    );
    assert_eq!(
        one_after, 0,
        "nothing answered by the instance after it exited"
    );
    assert!(two_after > 0, "the other instance served after");
    assert!(
        report
            .outcomes
            .iter()
            .any(|o| o.kind == Kind::Write && o.started >= exited_at),
        "the load went on after the exit"
    );
}

#[test_with::executable(haproxy)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_attempts_are_counted_across_instances() {
    let Some(cluster) = cluster(|launch, dir| {
        let file = dir.join("hackernews.toml");
        std::fs::write(
            &file,
            "[login]\nper_minute_per_user = 4\nper_minute_per_client = 1000\n",
        )
        .unwrap();
        launch.config(&file)
    })
    .await
    else {
        return;
    };
    crate::helpers::clear_of_the_turn_of_a_minute().await;
    let client = reqwest::Client::new();
    let post = async |query: &str, variables: Value| {
        let response = client
            .post(&cluster.endpoint)
            .json(&json!({ "query": query, "variables": variables }))
            .send()
            .await
            .expect("HAProxy answers");
        assert_eq!(response.status(), 200);
        let by = served_by(&response).expect("X-Served-By");
        (by, response.json::<Value>().await.expect("a JSON body"))
    };
    let (_, created) = post(
        "mutation { createUser(username: \"ada\", email: \"ada@example.com\", password: \"right-password\") { user { id } } }",
        json!({}),
    )
    .await;
    assert!(created["errors"].is_null(), "{created}");

    let mut answers = Vec::new();
    for _ in 0..5 {
        answers.push(
            post(
                "mutation($p: String!) { tokenAuth(username: \"ada\", password: $p) { token } }",
                json!({ "p": "wrong-password" }),
            )
            .await,
        );
    }
    let codes: Vec<(&str, &str)> = answers
        .iter()
        .map(|(by, body)| {
            (
                by.as_str(),
                body["errors"][0]["extensions"]["code"]
                    .as_str()
                    .unwrap_or("none"),
            )
        })
        .collect();
    assert!(
        codes.iter().any(|(by, _)| *by == "one") && codes.iter().any(|(by, _)| *by == "two"),
        "both instances answered attempts: {codes:?}"
    );
    assert!(
        codes[..4]
            .iter()
            .all(|(_, code)| *code == "INVALID_CREDENTIALS"),
        "the first four attempts are checked: {codes:?}"
    );
    assert_eq!(
        codes[4].1, "RATE_LIMITED",
        "the fifth attempt, whichever instance gets it, is refused: {codes:?}"
    );
}

/// Subscriptions across the cluster: 20 graphql-ws subscribers connect
/// through HAProxy (so to both instances), 500 links are posted one after
/// another through it (so their commit order is known), and every
/// subscriber hears every link exactly once, in that order, and nothing else.
/// Then `kill -9` of one instance: its subscribers' connections drop, they
/// connect again through HAProxy and hear the links posted since, and the
/// other instance's subscribers lose nothing.
#[test_with::executable(haproxy)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_subscriber_on_either_instance_hears_every_link_once_in_order() {
    use futures_util::{SinkExt, StreamExt};
    use tokio_tungstenite::tungstenite::Message;
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;

    const SUBSCRIBERS: usize = 20;
    const LINKS: usize = 500;
    let _turn = crate::load::turn().await;
    let Some(mut cluster) = cluster(|launch, _| launch).await else {
        return;
    };
    let client = reqwest::Client::new();
    let post = async |query: &str, variables: Value, token: Option<&str>| {
        let mut request = client
            .post(&cluster.endpoint)
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(token) = token {
            request = request.header("authorization", format!("JWT {token}"));
        }
        let response = request.send().await.expect("HAProxy answers");
        assert_eq!(response.status(), 200);
        response.json::<Value>().await.expect("a JSON body")
    };
    post(
        "mutation { createUser(username: \"ada\", email: \"ada@example.com\", password: \"pw-123456\") { user { id } } }",
        json!({}),
        None,
    )
    .await;
    let token = post(
        "mutation { tokenAuth(username: \"ada\", password: \"pw-123456\") { token } }",
        json!({}),
        None,
    )
    .await["data"]["tokenAuth"]["token"]
        .as_str()
        .expect("a token")
        .to_string();
    let create = "mutation($u: String) { createLink(url: $u, description: \"x\") { id } }";

    type Socket = tokio_tungstenite::WebSocketStream<
        tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>,
    >;
    let ws = cluster.endpoint.replacen("http", "ws", 1) + "/ws";
    // A subscriber of `newLink` through HAProxy, and the instance it reached.
    let subscribe = async || -> (Socket, String) {
        let mut request = ws.as_str().into_client_request().unwrap();
        request.headers_mut().insert(
            "sec-websocket-protocol",
            "graphql-transport-ws".parse().unwrap(),
        );
        let (mut socket, response) = tokio_tungstenite::connect_async(request).await.unwrap();
        let instance = response
            .headers()
            .get("x-served-by")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string();
        for message in [
            json!({ "type": "connection_init" }),
            json!({ "id": "links", "type": "subscribe", "payload": { "query": "subscription { newLink { url } }" } }),
        ] {
            socket
                .send(Message::Text(message.to_string().into()))
                .await
                .unwrap();
        }
        (socket, instance)
    };
    let mut sockets = Vec::new();
    let mut instances = Vec::new();
    for _ in 0..SUBSCRIBERS {
        let (socket, instance) = subscribe().await;
        sockets.push(socket);
        instances.push(instance);
    }
    assert!(
        instances.iter().any(|i| i == "one") && instances.iter().any(|i| i == "two"),
        "subscribers on both instances: {instances:?}"
    );

    // The next `newLink` url a subscriber hears within `wait`.
    async fn next_url(socket: &mut Socket, wait: Duration) -> Option<String> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            let frame = tokio::time::timeout(left, socket.next())
                .await
                .ok()??
                .ok()?;
            let Message::Text(text) = frame else {
                continue;
            };
            let message: Value = serde_json::from_str(&text).unwrap();
            if message["type"] == "next" {
                let url = &message["payload"]["data"]["newLink"]["url"];
                return Some(
                    url.as_str()
                        .unwrap_or_else(|| panic!("{message}"))
                        .to_string(),
                );
            }
        }
    }

    // Warm-up links until every subscription has heard one; then the
    // stragglers' late warm-ups are read away.
    let mut warm_ups = 0;
    let mut warm_up = async |sockets: &mut [Socket]| {
        let mut live = vec![false; sockets.len()];
        for _ in 0..100 {
            warm_ups += 1;
            post(
                create,
                json!({ "u": format!("https://warm{warm_ups}.example") }),
                Some(&token),
            )
            .await;
            for (socket, live) in sockets.iter_mut().zip(&mut live) {
                while next_url(socket, Duration::from_millis(if *live { 20 } else { 300 }))
                    .await
                    .is_some()
                {
                    *live = true;
                }
            }
            if live.iter().all(|l| *l) {
                break;
            }
        }
        assert!(live.iter().all(|l| *l), "every subscription went live");
        for socket in sockets.iter_mut() {
            while next_url(socket, Duration::from_millis(300)).await.is_some() {}
        }
    };
    warm_up(&mut sockets).await;

    let urls: Vec<String> = (0..LINKS).map(|n| format!("https://{n}.example")).collect();
    for url in &urls {
        let created = post(create, json!({ "u": url }), Some(&token)).await;
        assert!(created["errors"].is_null(), "{created}");
    }
    for (number, socket) in sockets.iter_mut().enumerate() {
        let mut heard = Vec::with_capacity(LINKS);
        while heard.len() < LINKS {
            match next_url(socket, Duration::from_secs(10)).await {
                Some(url) => heard.push(url),
                None => break,
            }
        }
        assert_eq!(
            heard, urls,
            "subscriber {number} heard every link once, in commit order"
        );
        assert_eq!(
            next_url(socket, Duration::from_millis(200)).await,
            None,
            "and nothing more"
        );
    }

    // kill -9 of `one`: its subscribers connect again, through HAProxy.
    cluster.servers[0].kill();
    let mut survivors = Vec::new();
    let mut reconnected = Vec::new();
    for (socket, instance) in sockets.into_iter().zip(instances) {
        if instance == "two" {
            survivors.push(socket);
            continue;
        }
        let (socket, reached) = subscribe().await;
        assert_eq!(reached, "two", "the balancer sends it to the live instance");
        reconnected.push(socket);
    }
    warm_up(&mut reconnected).await;
    // The survivors heard the warm-ups too: not the test's.
    for socket in &mut survivors {
        while next_url(socket, Duration::from_millis(300)).await.is_some() {}
    }
    let after: Vec<String> = (0..50)
        .map(|n| format!("https://after{n}.example"))
        .collect();
    for url in &after {
        let created = post(create, json!({ "u": url }), Some(&token)).await;
        assert!(created["errors"].is_null(), "{created}");
    }
    for socket in survivors.iter_mut().chain(reconnected.iter_mut()) {
        let mut heard = Vec::new();
        while heard.len() < after.len() {
            match next_url(socket, Duration::from_secs(10)).await {
                Some(url) => heard.push(url),
                None => break,
            }
        }
        assert_eq!(heard, after, "every link since, once, in order");
    }
    assert!(!survivors.is_empty() && !reconnected.is_empty());
}
