//! Failing fast while the database is gone: a throwaway PostgreSQL cluster
//! (initdb and pg_ctl on a free port, so the shared server stays up) under
//! a running app is stopped and started again. While it is down readiness
//! answers 503 and requests answer promptly with a masked
//! `SERVICE_UNAVAILABLE` (HTTP 503 when no data could be computed); when
//! it is back the same app serves again, without a restart.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, error, spawn_app_with};
use crate::processes::free_port;

/// A PostgreSQL cluster of its own in a temporary directory.
struct Cluster {
    bin: PathBuf,
    data: PathBuf,
    port: u16,
    _dir: tempfile::TempDir,
}

impl Cluster {
    /// Creates and starts one; `None` when PostgreSQL's programs are not
    /// installed (a failure if `REQUIRE_POSTGRES=1`).
    fn start() -> Option<Cluster> {
        let Some(bin) = postgres_bin() else {
            assert!(
                std::env::var("REQUIRE_POSTGRES").as_deref() != Ok("1"),
                "PostgreSQL is required, but initdb and pg_ctl were not found"
            );
            return None;
        };
        let dir = tempfile::tempdir().expect("a temporary directory");
        let data = dir.path().join("data");
        std::fs::create_dir(&data).expect("the data directory");
        let cluster = Cluster {
            bin,
            data,
            port: free_port(),
            _dir: dir,
        };
        cluster.hand_to_postgres_user(cluster._dir.path());
        cluster.run(
            "initdb",
            &["-D", path(&cluster.data), "-U", "postgres", "--auth=trust"],
        );
        cluster.up();
        Some(cluster)
    }

    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    fn up(&self) {
        let options = format!(
            "-p {} -c listen_addresses=127.0.0.1 -k {}",
            self.port,
            path(&self.data)
        );
        self.run(
            "pg_ctl",
            &[
                "-D",
                path(&self.data),
                "-o",
                &options,
                "-w",
                "-l",
                "/dev/null",
                "start",
            ],
        );
    }

    fn down(&self) {
        self.run(
            "pg_ctl",
            &["-D", path(&self.data), "-m", "fast", "-w", "stop"],
        );
    }

    /// PostgreSQL refuses to run as root: as root, its programs run as the
    /// `postgres` user, who then must own the directory.
    fn hand_to_postgres_user(&self, dir: &Path) {
        if !running_as_root() {
            return;
        }
        let status = Command::new("chown")
            .args(["-R", "postgres:postgres", path(dir)])
            .status()
            .expect("chown runs");
        assert!(status.success(), "chown the cluster's directory");
    }

    /// `program` of PostgreSQL's with `args`, as the `postgres` user when
    /// running as root.
    fn command(&self, program: &str, args: &[&str]) -> Command {
        let program = self.bin.join(program);
        let mut command = if running_as_root() {
            let mut runuser = Command::new("runuser");
            runuser.args(["-u", "postgres", "--"]).arg(program);
            runuser
        } else {
            Command::new(program)
        };
        command.args(args);
        command
    }

    fn run(&self, program: &str, args: &[&str]) {
        let output = self
            .command(program, args)
            .output()
            .expect("a PostgreSQL program runs");
        assert!(
            output.status.success(),
            "{program} {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let stop = ["-D", path(&self.data), "-m", "immediate", "stop"];
        let _ = self.command("pg_ctl", &stop).output();
    }
}

/// The directory holding `initdb` and `pg_ctl`: on the `PATH`, else
/// Debian's `/usr/lib/postgresql/<version>/bin`.
fn postgres_bin() -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH")
        .and_then(|paths| std::env::split_paths(&paths).find(|dir| dir.join("initdb").is_file()));
    on_path.or_else(|| {
        let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
            .ok()?
            .flatten()
            .map(|entry| entry.path().join("bin"))
            .filter(|bin| bin.join("initdb").is_file())
            .collect();
        versions.sort();
        versions.pop()
    })
}

fn running_as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
}

fn path(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

async fn ready_status(app: &TestApp) -> (u16, Duration) {
    let started = Instant::now();
    let response = app
        .client
        .get(app.url("/health/ready"))
        .timeout(Duration::from_secs(10))
        .send()
        .await
        .expect("readiness answers");
    (response.status().as_u16(), started.elapsed())
}

async fn post(app: &TestApp, query: &str) -> (u16, Value, Duration) {
    let started = Instant::now();
    let response = app
        .client
        .post(app.url("/graphql"))
        .json(&json!({ "query": query }))
        .timeout(Duration::from_secs(20))
        .send()
        .await
        .expect("the server answers");
    let status = response.status().as_u16();
    let body = response.json().await.expect("a JSON body");
    (status, body, started.elapsed())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn while_the_database_is_down_requests_fail_fast_and_recover() {
    let Some(cluster) = Cluster::start() else {
        eprintln!("skipped: initdb and pg_ctl not found (REQUIRE_POSTGRES=1 fails instead)");
        return;
    };
    // The helpers' own database goes unused: the app runs on the cluster.
    let app = spawn_app_with(Backend::Sqlite, |config| {
        config.database_url = cluster.url();
    })
    .await
    .expect("the app starts on the cluster");
    let posted = app
        .post_link(None, "https://before.example", "before the outage")
        .await;
    assert!(posted["errors"].is_null(), "{posted}");
    assert_eq!(ready_status(&app).await.0, 200);

    cluster.down();

    let (status, waited) = ready_status(&app).await;
    eprintln!("readiness answered {status} after {waited:?} with the database down");
    assert_eq!(status, 503);
    assert!(waited < Duration::from_secs(1), "readiness took {waited:?}");

    let (status, body, waited) = post(&app, "{ links { id url } }").await;
    eprintln!("a query answered {status} after {waited:?} with the database down: {body}");
    assert_eq!(status, 503, "no data could be computed: {body}");
    assert_eq!(
        error(&body),
        (
            "The service is unavailable; try again shortly.",
            "SERVICE_UNAVAILABLE"
        )
    );
    assert_eq!(body["data"], json!({ "links": null }));
    assert!(
        waited < Duration::from_millis(1500 + 1000),
        "the request waited {waited:?}, past the acquire timeout of 1.5 s"
    );
    let shown = body.to_string().to_lowercase();
    assert!(
        !shown.contains("pool") && !shown.contains("connect"),
        "no internal detail: {body}"
    );

    let (status, body, _) = post(
        &app,
        "mutation { createLink(url: \"https://during.example\") { id } }",
    )
    .await;
    assert_eq!(status, 503, "{body}");
    assert_eq!(error(&body).1, "SERVICE_UNAVAILABLE");

    // What needs no database still answers.
    let (status, body, _) = post(&app, "{ __typename }").await;
    assert_eq!(
        (status, &body),
        (200, &json!({ "data": { "__typename": "Query" } }))
    );

    cluster.up();

    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let (status, body, _) = post(&app, "{ links { url } }").await;
        if status == 200 && body["errors"].is_null() {
            assert_eq!(
                body["data"]["links"],
                json!([{ "url": "https://before.example" }]),
                "nothing lost"
            );
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the app did not recover: {status} {body}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(ready_status(&app).await.0, 200);
    let posted = app
        .post_link(None, "https://after.example", "after the outage")
        .await;
    assert!(posted["errors"].is_null(), "{posted}");
}
