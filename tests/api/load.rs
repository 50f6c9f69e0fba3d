//! A bounded GraphQL load for the fault tests: a few concurrent clients,
//! each sending reads (`relayLinks(first: 10)`) and writes (`createLink`
//! with a URL no other request uses) one after another for a fixed time
//! and at most a fixed count, while the test kills or stops a server. Every
//! request's outcome is kept with when it started and ended, which server
//! answered (HAProxy's `X-Served-By`) and, for a write, its URL, so a test
//! can tell acknowledged writes (HTTP 200, data, no errors) from failures
//! and place the failures in time.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

const READ: &str = "{ relayLinks(first: 10) { edges { node { id url } } } }";
const WRITE: &str =
    "mutation($url: String, $d: String) { createLink(url: $url, description: $d) { id url } }";

/// One load test at a time: on two cores, two loads together would measure
/// each other's scheduling rather than the servers.
static TURN: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Waits for the other load tests to finish; hold it for the whole test.
pub async fn turn() -> tokio::sync::MutexGuard<'static, ()> {
    TURN.lock().await
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Read,
    Write,
}

/// One request and what came of it.
#[derive(Debug)]
pub struct Outcome {
    pub kind: Kind,
    pub started: Instant,
    pub finished: Instant,
    /// The written URL, for a write.
    pub url: Option<String>,
    /// The `X-Served-By` header, when the response had one.
    pub served_by: Option<String>,
    /// Why the request failed; `None` when it succeeded.
    pub error: Option<String>,
}

/// The load: `clients` concurrent clients, each sending up to
/// `per_client` requests, one every `pause` at most, until `duration` has
/// passed. Every `writes_every`-th request of a client is a write (1: all).
pub struct Load {
    pub endpoint: String,
    pub clients: usize,
    pub duration: Duration,
    pub per_client: usize,
    pub pause: Duration,
    pub writes_every: usize,
    /// Makes the written URLs unique to this run.
    pub tag: String,
}

impl Load {
    pub async fn run(self) -> Report {
        let start = Instant::now();
        let deadline = start + self.duration;
        let mut clients = Vec::new();
        for client in 0..self.clients {
            let endpoint = self.endpoint.clone();
            let tag = self.tag.clone();
            let (per_client, pause, writes_every) =
                (self.per_client, self.pause, self.writes_every.max(1));
            clients.push(tokio::spawn(async move {
                let http = reqwest::Client::builder()
                    .timeout(Duration::from_secs(10))
                    .build()
                    .expect("a client");
                let mut outcomes = Vec::new();
                for n in 0..per_client {
                    if Instant::now() >= deadline {
                        break;
                    }
                    let kind = if n % writes_every == writes_every - 1 {
                        Kind::Write
                    } else {
                        Kind::Read
                    };
                    let url = (kind == Kind::Write)
                        .then(|| format!("https://load.example/{tag}/{client}/{n}"));
                    let outcome = request(&http, &endpoint, kind, url).await;
                    let failed = outcome.error.is_some();
                    outcomes.push(outcome);
                    // After a failure, back off so a dead server is not hammered.
                    let wait = if failed {
                        Duration::from_millis(100)
                    } else {
                        pause
                    };
                    tokio::time::sleep(wait).await;
                }
                outcomes
            }));
        }
        let mut outcomes = Vec::new();
        for client in clients {
            outcomes.extend(client.await.expect("a load client"));
        }
        Report { start, outcomes }
    }
}

async fn request(
    http: &reqwest::Client,
    endpoint: &str,
    kind: Kind,
    url: Option<String>,
) -> Outcome {
    let body = match &url {
        Some(url) => json!({ "query": WRITE, "variables": { "url": url, "d": "load" } }),
        None => json!({ "query": READ }),
    };
    let started = Instant::now();
    let result = http.post(endpoint).json(&body).send().await;
    let (served_by, error) = match result {
        Err(e) => (None, Some(format!("transport: {}", chain(&e)))),
        Ok(response) => {
            let served_by = response
                .headers()
                .get("x-served-by")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string);
            let status = response.status();
            let error = match response.json::<Value>().await {
                Err(e) => Some(format!("HTTP {status}, unreadable body: {e}")),
                Ok(body) => judge(status.as_u16(), &body, url.as_deref()),
            };
            (served_by, error)
        }
    };
    Outcome {
        kind,
        started,
        finished: Instant::now(),
        url,
        served_by,
        error,
    }
}

/// An error with its causes, `: `-separated.
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// `None` when the answer is a success: 200, no errors, and for a write
/// the link echoed back with its URL.
fn judge(status: u16, body: &Value, url: Option<&str>) -> Option<String> {
    if status != 200 || !body["errors"].is_null() {
        return Some(format!("HTTP {status}: {body}"));
    }
    let answered = match url {
        Some(url) => body["data"]["createLink"]["url"] == url,
        None => body["data"]["relayLinks"]["edges"].is_array(),
    };
    (!answered).then(|| format!("HTTP {status}, unexpected data: {body}"))
}

/// Every outcome of a load.
pub struct Report {
    pub start: Instant,
    pub outcomes: Vec<Outcome>,
}

impl Report {
    /// The URLs of the writes the server acknowledged.
    pub fn acknowledged(&self) -> Vec<&str> {
        self.outcomes
            .iter()
            .filter(|o| o.kind == Kind::Write && o.error.is_none())
            .filter_map(|o| o.url.as_deref())
            .collect()
    }

    pub fn errors(&self) -> Vec<&Outcome> {
        self.outcomes.iter().filter(|o| o.error.is_some()).collect()
    }

    /// Seconds from the start of the load to `at`, for messages.
    pub fn at(&self, at: Instant) -> f64 {
        at.saturating_duration_since(self.start).as_secs_f64()
    }

    /// Requests, acknowledged writes and errors, for the test's output.
    pub fn summary(&self) -> String {
        let writes = self
            .outcomes
            .iter()
            .filter(|o| o.kind == Kind::Write)
            .count();
        format!(
            "{} requests ({} writes), {} acknowledged writes, {} errors",
            self.outcomes.len(),
            writes,
            self.acknowledged().len(),
            self.errors().len()
        )
    }

    /// The errors with their times, for assertion messages.
    pub fn describe_errors(&self) -> String {
        self.errors()
            .iter()
            .map(|o| {
                format!(
                    "  {:?} {:.3}s..{:.3}s via {:?}: {}\n",
                    o.kind,
                    self.at(o.started),
                    self.at(o.finished),
                    o.served_by,
                    o.error.as_deref().unwrap_or_default()
                )
            })
            .collect()
    }
}

/// The URLs of every link in the database, read straight through sea-orm.
pub async fn stored_urls(database_url: &str) -> std::collections::HashSet<String> {
    use hackernews::entities::link;
    use sea_orm::EntityTrait;
    let (db, _) = hackernews::db::connect(database_url, Duration::from_secs(5), false)
        .await
        .expect("the database answers");
    let links = link::Entity::find()
        .all(&db)
        .await
        .expect("the links read back");
    db.close().await.ok();
    links.into_iter().map(|l| l.url).collect()
}

/// Panics, listing them, if any acknowledged write is missing from `stored`.
pub fn assert_none_lost(report: &Report, stored: &std::collections::HashSet<String>) {
    let lost: Vec<&str> = report
        .acknowledged()
        .into_iter()
        .filter(|url| !stored.contains(*url))
        .collect();
    assert!(
        lost.is_empty(),
        "{} of {} acknowledged writes lost, e.g. {:?}",
        lost.len(),
        report.acknowledged().len(),
        &lost[..lost.len().min(5)]
    );
}
