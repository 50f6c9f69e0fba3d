//! The `bench` command: a fresh SQLite database seeded with 100 links, 20
//! users and 300 votes, served on a free port, loaded with wrk over real
//! HTTP. Reports requests/s (the median of interleaved rounds) and SQL
//! statements per request for four queries, beside a plain poem JSON
//! handler measured in the same rounds as the ceiling. The comparison with
//! the same API written by hand is `.ci/bench-side-by-side.sh`.

use std::path::Path;
use std::process::Command;

use poem::{EndpointExt, Route, handler, listener::Acceptor};

use crate::app;
use crate::config::Config;
use crate::seed;

#[derive(Debug, Clone, clap::Args)]
pub struct Options {
    /// Seconds per scenario.
    #[arg(long, default_value_t = 10)]
    pub seconds: u32,
    /// Open connections.
    #[arg(long, default_value_t = 16)]
    pub connections: u32,
    /// wrk threads.
    #[arg(long, default_value_t = 2)]
    pub threads: u32,
    /// Rounds of every scenario, interleaved; the median is shown.
    #[arg(long, default_value_t = 3)]
    pub rounds: u32,
}

const SCENARIOS: [(&str, &str); 4] = [
    ("__typename", "{ __typename }"),
    ("links { id url }", "{ links { id url } }"),
    (
        "nested links/postedBy/votes/user",
        "{ links { id url postedBy { username } votes { user { username } } } }",
    ),
    (
        "relayLinks(first: 10)",
        "{ relayLinks(first: 10) { edges { node { id url description } } } }",
    ),
];

struct Measured {
    requests_per_second: f64,
    requests: u64,
}

/// Why the benchmark could not measure.
#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    #[error("wrk is not installed (Debian: apt-get install wrk)")]
    NoWrk,
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("the server did not start: {0}")]
    Start(#[from] app::StartError),
    #[error("seeding: {0}")]
    Seed(#[from] sea_orm::DbErr),
    #[error("{url} answered errors under load:\n{report}")]
    Errors { url: String, report: String },
    #[error("unexpected wrk output:\n{0}")]
    Unreadable(String),
}

pub async fn run(config: &Config, options: Options) -> Result<(), BenchError> {
    if Command::new("wrk").arg("--version").output().is_err() {
        return Err(BenchError::NoWrk);
    }
    let dir = std::env::temp_dir().join(format!("hackernews-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let bench_config = Config {
        database_url: format!("sqlite://{}?mode=rwc", dir.join("bench.db").display()),
        data_dir: dir.clone(),
        jwt_secret: Some("bench".into()),
        ..config.clone()
    };
    let state = app::build(&bench_config).await?;
    seed::seed(&state.db, seed::Amounts::default()).await?;
    let statements = state.statements.clone();
    let acceptor = app::bind("127.0.0.1", 0).await?;
    let addr = acceptor.local_addr()[0]
        .to_string()
        .trim_start_matches("socket://")
        .to_string();
    tokio::spawn(app::serve(state, acceptor, std::future::pending()));
    let ceiling = app::bind("127.0.0.1", 0).await?;
    let ceiling_addr = ceiling.local_addr()[0]
        .to_string()
        .trim_start_matches("socket://")
        .to_string();
    tokio::spawn(
        poem::Server::new_with_acceptor(ceiling).run(Route::new().at("/", plain_json).boxed()),
    );

    let ceiling_url = format!("http://{ceiling_addr}/");
    let graphql_url = format!("http://{addr}/graphql");
    let bodies: Vec<String> = SCENARIOS
        .iter()
        .map(|(_, query)| serde_json::json!({ "query": query }).to_string())
        .collect();
    // Rounds interleave the ceiling and every scenario, so that a slower
    // moment of the machine weighs on all of them alike; medians are shown.
    let mut ceiling = Vec::new();
    let mut scenarios = vec![Vec::new(); SCENARIOS.len()];
    let mut statements_per_request = vec![0.0; SCENARIOS.len()];
    for _ in 0..options.rounds.max(1) {
        // The same request body as `{ __typename }`'s.
        ceiling.push(wrk(&dir, &ceiling_url, &bodies[0], &options)?.requests_per_second);
        for (i, body) in bodies.iter().enumerate() {
            let before = statements.get();
            let measured = wrk(&dir, &graphql_url, body, &options)?;
            statements_per_request[i] =
                (statements.get() - before) as f64 / measured.requests.max(1) as f64;
            scenarios[i].push(measured.requests_per_second);
        }
    }
    let ceiling = median(ceiling);
    println!(
        "{:<36} {:>12} {:>16} {:>12}",
        "scenario", "requests/s", "SQL/request", "of ceiling"
    );
    println!(
        "{:<36} {ceiling:>12.0} {:>16} {:>12}",
        "plain poem JSON handler (ceiling)", "-", "1.00"
    );
    for (i, (name, _)) in SCENARIOS.iter().enumerate() {
        let rate = median(std::mem::take(&mut scenarios[i]));
        println!(
            "{name:<36} {rate:>12.0} {:>16.2} {:>12.2}",
            statements_per_request[i],
            rate / ceiling
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

/// The middle value (of an even count, the mean of the middle two).
fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    let middle = values.len() / 2;
    match values.len() {
        0 => 0.0,
        n if n % 2 == 1 => values[middle],
        _ => (values[middle - 1] + values[middle]) / 2.0,
    }
}

/// The least a JSON API does per request: read the JSON body poem's way
/// and answer JSON, here with what `{ __typename }` answers. No guard, no
/// GraphQL, no middleware.
#[handler]
fn plain_json(
    poem::web::Json(_request): poem::web::Json<serde_json::Value>,
) -> poem::web::Json<serde_json::Value> {
    poem::web::Json(serde_json::json!({ "data": { "__typename": "Query" } }))
}

fn wrk(dir: &Path, url: &str, body: &str, options: &Options) -> Result<Measured, BenchError> {
    let script = dir.join("post.lua");
    let lua = format!(
        "wrk.method = \"POST\"\nwrk.body = [==[{body}]==]\nwrk.headers[\"Content-Type\"] = \"application/json\"\n"
    );
    std::fs::write(&script, lua)?;
    let output = Command::new("wrk")
        .args([
            "-t",
            &options.threads.to_string(),
            "-c",
            &options.connections.to_string(),
        ])
        .args(["-d", &format!("{}s", options.seconds), "-s"])
        .arg(&script)
        .arg(url)
        .output()?;
    let text = String::from_utf8_lossy(&output.stdout);
    if text.contains("Non-2xx") {
        return Err(BenchError::Errors {
            url: url.to_string(),
            report: text.into_owned(),
        });
    }
    let requests_per_second = text
        .lines()
        .find_map(|l| l.strip_prefix("Requests/sec:"))
        .and_then(|v| v.trim().parse().ok())
        .ok_or_else(|| BenchError::Unreadable(text.to_string()))?;
    let requests = text
        .lines()
        .find_map(|l| {
            l.trim()
                .split_once(" requests in ")
                .map(|(n, _)| n.trim().to_string())
        })
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| BenchError::Unreadable(text.to_string()))?;
    Ok(Measured {
        requests_per_second,
        requests,
    })
}
