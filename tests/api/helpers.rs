//! `spawn_app`: the real server on a free port over a fresh database (a
//! SQLite file in a temporary directory, or a new PostgreSQL database that
//! is dropped afterwards), and a reqwest client that speaks to it.

use hackernews::config::{Config, Mode};
use hackernews::db::StatementCounter;
use poem::listener::Acceptor;
use serde_json::{Value, json};

pub const JWT_SECRET: &str = "test-secret";

#[derive(Debug, Clone, Copy)]
pub enum Backend {
    Sqlite,
    Postgres,
}

pub struct TestApp {
    pub address: String,
    pub database_url: String,
    pub client: reqwest::Client,
    pub statements: StatementCounter,
    pub db: sea_orm::DatabaseConnection,
    _database: Database,
    _dir: tempfile::TempDir,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

/// Runs `scenario` against a fresh app on `backend`. PostgreSQL tests are
/// skipped when no server answers, unless `REQUIRE_POSTGRES=1`.
pub async fn run<F>(scenario: F, backend: Backend)
where
    F: AsyncFnOnce(&TestApp),
{
    let Some(app) = spawn_app(backend).await else {
        eprintln!("{POSTGRES_SKIPPED}");
        return;
    };
    scenario(&app).await;
}

pub async fn spawn_app(backend: Backend) -> Option<TestApp> {
    spawn_app_with(backend, |_| {}).await
}

/// `spawn_app` with the configuration adjusted first (limits, mode).
pub async fn spawn_app_with(backend: Backend, adjust: impl FnOnce(&mut Config)) -> Option<TestApp> {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let database = match backend {
        Backend::Sqlite => Database::Sqlite(dir.path().join("test.db")),
        Backend::Postgres => Database::create_postgres().await?,
    };
    let mut config = Config {
        database_url: database.url(),
        ..config_for(dir.path())
    };
    adjust(&mut config);
    let state = hackernews::app::build(&config)
        .await
        .expect("the app builds");
    let statements = state.statements.clone();
    let db = state.db.clone();
    let acceptor = hackernews::app::bind("127.0.0.1", 0)
        .await
        .expect("a free port");
    let address = acceptor.local_addr()[0]
        .to_string()
        .replace("socket://", "http://");
    let (shutdown, signal) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(hackernews::app::serve(state, acceptor, async {
        let _ = signal.await;
    }));
    Some(TestApp {
        address,
        database_url: config.database_url.clone(),
        client: reqwest::Client::new(),
        statements,
        db,
        _database: database,
        _dir: dir,
        shutdown: Some(shutdown),
    })
}

/// The configuration of a test's server: development mode, a SQLite file
/// and the data in `dir`, a free port, the defaults otherwise.
pub fn config_for(dir: &std::path::Path) -> Config {
    Config {
        host: "127.0.0.1".into(),
        port: 0,
        database_url: format!("sqlite://{}?mode=rwc", dir.join("test.db").display()),
        data_dir: dir.to_path_buf(),
        jwt_secret: Some(JWT_SECRET.into()),
        mode: Mode::Development,
        log: "warn".into(),
        log_json: false,
        acquire_timeout: std::time::Duration::from_millis(1500),
        shutdown_drain: std::time::Duration::ZERO,
        max_list_items: 1000,
        trusted_proxies: Default::default(),
        trusted_documents: Vec::new(),
        trusted_documents_mode: Default::default(),
        metrics: true,
        metrics_addr: None,
        traces: None,
        subscription_buffer: 1024,
        subscription_batch_window: std::time::Duration::from_millis(2),
        limits: Default::default(),
        login: Default::default(),
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// POSTs a GraphQL request and returns the JSON body.
    pub async fn gql(&self, query: &str, variables: Value) -> Value {
        self.gql_with(query, variables, None).await
    }

    /// POSTs a GraphQL request with `Authorization: <authorization>`.
    pub async fn gql_as(&self, authorization: &str, query: &str, variables: Value) -> Value {
        self.gql_with(query, variables, Some(authorization)).await
    }

    async fn gql_with(&self, query: &str, variables: Value, authorization: Option<&str>) -> Value {
        gql_at(&self.client, &self.address, query, variables, authorization).await
    }

    /// Creates a user and returns a fresh token for it.
    pub async fn sign_up(&self, username: &str) -> String {
        sign_up_at(&self.client, &self.address, username).await
    }

    pub async fn post_link(
        &self,
        authorization: Option<&str>,
        url: &str,
        description: &str,
    ) -> Value {
        let query = "mutation($url: String, $d: String) { createLink(url: $url, description: $d) { id url description postedBy { username } } }";
        let variables = json!({ "url": url, "d": description });
        match authorization {
            Some(a) => self.gql_as(a, query, variables).await,
            None => self.gql(query, variables).await,
        }
    }
}

/// POSTs a GraphQL request to the server at `base` (with
/// `Authorization: <authorization>`, if given) and returns the JSON body.
pub async fn gql_at(
    client: &reqwest::Client,
    base: &str,
    query: &str,
    variables: Value,
    authorization: Option<&str>,
) -> Value {
    let mut request = client
        .post(format!("{base}/graphql"))
        .json(&json!({ "query": query, "variables": variables }));
    if let Some(authorization) = authorization {
        request = request.header("Authorization", authorization);
    }
    let response = request.send().await.expect("the server answers");
    assert_eq!(response.status(), 200, "unexpected status");
    response.json().await.expect("a JSON body")
}

/// Creates a user on the server at `base` and returns a fresh token for it.
pub async fn sign_up_at(client: &reqwest::Client, base: &str, username: &str) -> String {
    let created = gql_at(
        client,
        base,
        "mutation($u: String!) { createUser(username: $u, email: \"x@example.com\", password: \"pw-123456\") { user { id } } }",
        json!({ "u": username }),
        None,
    )
    .await;
    assert!(created["errors"].is_null(), "{created}");
    let auth = gql_at(
        client,
        base,
        "mutation($u: String!) { tokenAuth(username: $u, password: \"pw-123456\") { token } }",
        json!({ "u": username }),
        None,
    )
    .await;
    auth["data"]["tokenAuth"]["token"]
        .as_str()
        .expect("a token")
        .to_string()
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

/// The first error's message and code.
pub fn error(body: &Value) -> (&str, &str) {
    let error = &body["errors"][0];
    (
        error["message"]
            .as_str()
            .unwrap_or_else(|| panic!("no error in {body}")),
        error["extensions"]["code"].as_str().unwrap_or_default(),
    )
}

/// A fresh database, removed when dropped.
pub(crate) enum Database {
    Sqlite(std::path::PathBuf),
    Postgres { admin_url: String, name: String },
}

const POSTGRES_SKIPPED: &str =
    "skipped: PostgreSQL is not reachable (set TEST_POSTGRES_URL, or REQUIRE_POSTGRES=1 to fail)";

/// A fresh PostgreSQL database for a test that starts its own servers;
/// `None`, after saying the test skipped, when no server answers (unless
/// `REQUIRE_POSTGRES=1`, which panics instead).
pub(crate) async fn fresh_postgres() -> Option<Database> {
    let database = Database::create_postgres().await;
    if database.is_none() {
        eprintln!("{POSTGRES_SKIPPED}");
    }
    database
}

impl Database {
    /// A new PostgreSQL database (`None` when no server answers and
    /// `REQUIRE_POSTGRES` is not `1`).
    pub(crate) async fn create_postgres() -> Option<Database> {
        use sea_orm::ConnectionTrait;
        let admin_url = std::env::var("TEST_POSTGRES_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into());
        let admin = match sea_orm::Database::connect(admin_url.as_str()).await {
            Ok(admin) => admin,
            Err(e) if std::env::var("REQUIRE_POSTGRES").as_deref() == Ok("1") => {
                panic!("PostgreSQL is required: {e}")
            }
            Err(_) => return None,
        };
        let name = format!("hackernews_test_{}", uuid_like());
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await
            .expect("CREATE DATABASE");
        Some(Database::Postgres { admin_url, name })
    }

    pub(crate) fn url(&self) -> String {
        match self {
            Database::Sqlite(path) => format!("sqlite://{}?mode=rwc", path.display()),
            Database::Postgres { admin_url, name } => {
                let base = admin_url
                    .rsplit_once('/')
                    .map_or(admin_url.as_str(), |(b, _)| b);
                format!("{base}/{name}")
            }
        }
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        if let Database::Postgres { admin_url, name } = self {
            let (admin_url, name) = (admin_url.clone(), name.clone());
            // Drop runs inside the test's runtime: use a thread with its own.
            let _ = std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .ok()?;
                runtime.block_on(async {
                    use sea_orm::ConnectionTrait;
                    let admin = sea_orm::Database::connect(admin_url.as_str()).await.ok()?;
                    admin
                        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .await
                        .ok()
                })
            })
            .join();
        }
    }
}

fn uuid_like() -> String {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).expect("random bytes");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Runs each scenario on SQLite and on PostgreSQL, as two tests.
#[macro_export]
macro_rules! on_both_backends {
    ($($scenario:ident),* $(,)?) => {$(
        mod $scenario {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                $crate::helpers::run(super::$scenario, $crate::helpers::Backend::Sqlite).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                $crate::helpers::run(super::$scenario, $crate::helpers::Backend::Postgres).await
            }
        }
    )*};
}

/// The npm packages of a test's directory (`tests/browser`, `tests/audit`),
/// installed from its lock file on first use.
pub fn npm_packages(dir: &std::path::Path) {
    if dir.join("node_modules").exists() {
        return;
    }
    let installed = std::process::Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
        .current_dir(dir)
        .status()
        .expect("npm runs");
    assert!(installed.success(), "npm ci failed in {}", dir.display());
}

/// Waits, if the minute ends within 10 s, for the next: PostgreSQL counts
/// attempts in windows of a wall-clock minute, and a test's attempts
/// straddling its turn would be counted in two.
pub async fn clear_of_the_turn_of_a_minute() {
    let into_minute = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        % 60;
    if into_minute >= 50 {
        tokio::time::sleep(std::time::Duration::from_secs(61 - into_minute)).await;
    }
}
