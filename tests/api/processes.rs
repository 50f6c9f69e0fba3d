//! Real processes for the tests that need more than an in-process app: the
//! `hackernews` binary started as a child on a free loopback port with its
//! environment (and optionally `--config`), waited on until `/health/ready`
//! answers 200, then stopped by SIGKILL (`kill -9`) or SIGTERM and waited on
//! with a bound. Any child, the server or another program such as HAProxy,
//! is held by a `Guard` that kills it when dropped, so a failing test leaves
//! no process behind; a server's stderr goes to a file that is printed when
//! the test fails.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// A port that was free a moment ago on 127.0.0.1.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("a free port")
        .local_addr()
        .expect("its address")
        .port()
}

/// Sends SIGTERM to `pid` with the system's `kill`.
pub fn sigterm(pid: u32) {
    let sent = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .expect("kill runs");
    assert!(sent.success(), "SIGTERM sent to {pid}");
}

/// A child process killed (SIGKILL) and reaped when dropped, unless it has
/// exited already.
pub struct Guard {
    child: Child,
    name: String,
    exited: Option<ExitStatus>,
}

impl Guard {
    pub fn new(name: impl Into<String>, child: Child) -> Guard {
        Guard {
            child,
            name: name.into(),
            exited: None,
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// SIGKILL, then reaps the process.
    pub fn kill(&mut self) {
        if self.exited.is_none() {
            let _ = self.child.kill();
            self.exited = self.child.wait().ok();
        }
    }

    /// SIGTERM; the process is still to be waited on.
    pub fn terminate(&self) {
        assert!(self.exited.is_none(), "{} has exited already", self.name);
        sigterm(self.pid());
    }

    /// The exit status, once the process has exited; `None` after `within`.
    pub async fn wait(&mut self, within: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + within;
        while self.exited.is_none() {
            self.exited = self.child.try_wait().expect("try_wait");
            if self.exited.is_none() {
                if Instant::now() >= deadline {
                    return None;
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        }
        self.exited
    }

    /// Whether the process has not exited yet.
    pub fn running(&mut self) -> bool {
        self.exited.is_none() && matches!(self.child.try_wait(), Ok(None))
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        self.kill();
    }
}

/// How to start the server: its database, data directory, extra
/// environment and an optional configuration file.
#[derive(Clone)]
pub struct Launch {
    pub database_url: String,
    pub data_dir: PathBuf,
    pub env: Vec<(String, String)>,
    pub config: Option<PathBuf>,
}

impl Launch {
    pub fn new(database_url: impl Into<String>, data_dir: &Path) -> Launch {
        Launch {
            database_url: database_url.into(),
            data_dir: data_dir.to_path_buf(),
            env: Vec::new(),
            config: None,
        }
    }

    pub fn env(mut self, key: &str, value: &str) -> Launch {
        self.env.push((key.into(), value.into()));
        self
    }

    pub fn config(mut self, file: &Path) -> Launch {
        self.config = Some(file.to_path_buf());
        self
    }

    /// The server on a free port, not yet waited on.
    pub fn spawn(&self, name: &str) -> Server {
        self.spawn_on(free_port(), name)
    }

    /// The server on `port`, not yet waited on.
    pub fn spawn_on(&self, port: u16, name: &str) -> Server {
        let log = tempfile::NamedTempFile::new().expect("a log file");
        let mut command = Command::new(env!("CARGO_BIN_EXE_hackernews"));
        if let Some(config) = &self.config {
            command.arg("--config").arg(config);
        }
        command
            .env("HOST", "127.0.0.1")
            .env("PORT", port.to_string())
            .env("DATABASE_URL", &self.database_url)
            .env("DATA_DIR", &self.data_dir)
            .env("JWT_SECRET", crate::helpers::JWT_SECRET)
            .env("RUST_LOG", "warn")
            .envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(log.reopen().expect("the log file"));
        let child = command.spawn().expect("the server starts");
        Server {
            name: name.into(),
            port,
            base: format!("http://127.0.0.1:{port}"),
            process: Guard::new(name, child),
            log,
        }
    }

    /// The server on a free port, ready.
    pub async fn start(&self, name: &str) -> Server {
        self.start_on(free_port(), name).await
    }

    /// The server on `port` (a restart where its clients reconnect), ready.
    pub async fn start_on(&self, port: u16, name: &str) -> Server {
        let mut server = self.spawn_on(port, name);
        server.ready(Duration::from_secs(30)).await;
        server
    }
}

/// A running `hackernews serve`.
pub struct Server {
    pub name: String,
    pub port: u16,
    /// `http://127.0.0.1:<port>`.
    pub base: String,
    pub process: Guard,
    log: tempfile::NamedTempFile,
}

impl Server {
    /// Waits until `GET /health/ready` answers 200; panics after `within`,
    /// or as soon as the process exits.
    pub async fn ready(&mut self, within: Duration) {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(2))
            .build()
            .expect("a client");
        let deadline = Instant::now() + within;
        loop {
            let ready = client
                .get(format!("{}/health/ready", self.base))
                .send()
                .await
                .is_ok_and(|r| r.status() == 200);
            if ready {
                return;
            }
            assert!(
                self.process.running(),
                "{} exited before it was ready:\n{}",
                self.name,
                self.log()
            );
            assert!(
                Instant::now() < deadline,
                "{} not ready within {within:?}:\n{}",
                self.name,
                self.log()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// `kill -9`, then reaps the process.
    pub fn kill(&mut self) {
        self.process.kill();
    }

    /// SIGTERM; see `exit` for the status.
    pub fn terminate(&self) {
        self.process.terminate();
    }

    /// The exit status; panics if the process still runs after `within`.
    pub async fn exit(&mut self, within: Duration) -> ExitStatus {
        match self.process.wait(within).await {
            Some(status) => status,
            None => panic!("{} still runs after {within:?}:\n{}", self.name, self.log()),
        }
    }

    /// What the server wrote to stderr so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.log.path()).unwrap_or_default()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.process.kill();
        if std::thread::panicking() {
            eprintln!("--- {} stderr ---\n{}", self.name, self.log());
        }
    }
}
