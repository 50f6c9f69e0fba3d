//! The database: connecting (a SQLite file in WAL mode by default, or
//! PostgreSQL), applying the migrations (on PostgreSQL under an advisory
//! lock, so instances starting together take turns), telling an outage from
//! other failures, and counting SQL statements so tests and the bench can
//! prove there is no N+1, and for the metrics and traces: each statement's
//! duration, how many a request ran (`per_request`), a span beneath the
//! field that ran it (`statement_span`), and how long the pool took to hand
//! over a connection (`acquire`).

pub mod acquire;
pub mod metrics;
mod migrations;
pub mod per_request;
mod sqlite;
mod statement_span;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use weftql_runtime::traces::opentelemetry_sdk::trace::SdkTracer;

use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseBackend, DatabaseConnection, DbErr,
    RuntimeErr, TransactionTrait,
};
use sea_orm_migration::MigratorTrait;

pub use migrations::Migrator;

/// How many SQL statements the connection has run, how long each took,
/// and what traces them, once traces are on.
#[derive(Clone, Default)]
pub struct StatementCounter {
    count: Arc<AtomicU64>,
    durations: metrics::StatementDurations,
    per_request: metrics::StatementsPerRequest,
    tracer: Arc<OnceLock<SdkTracer>>,
}

impl StatementCounter {
    pub fn get(&self) -> u64 {
        self.count.load(Ordering::Relaxed)
    }

    /// Each statement's duration, for the metrics.
    pub fn durations(&self) -> &metrics::StatementDurations {
        &self.durations
    }

    /// How many statements each GraphQL request ran, for the metrics
    /// (observed by the routes, around each request).
    pub fn per_request(&self) -> &metrics::StatementsPerRequest {
        &self.per_request
    }

    /// From now on, each statement run while a traced field resolves gets
    /// a span beneath the field's, made by `tracer`.
    pub fn trace_with(&self, tracer: SdkTracer) {
        let _ = self.tracer.set(tracer);
    }

    fn ran(&self, info: &sea_orm::metric::Info<'_>) {
        self.count.fetch_add(1, Ordering::Relaxed);
        self.durations.observe(info.elapsed);
        per_request::count_one();
        if let Some(tracer) = self.tracer.get() {
            statement_span::record(tracer, info);
        }
    }
}

/// How long readiness waits for the database before answering 503.
const PING_TIMEOUT: Duration = Duration::from_millis(750);

/// Any number; it names the migrations' lock among PostgreSQL's advisory locks.
const MIGRATION_LOCK: i64 = 0x6861_636b_6e65_7773; // "hacknews"

/// Opens the database at `url`, creating a SQLite file's directory if
/// needed. A request waits at most `acquire_timeout` for a connection.
/// With `report_acquires`, the pool reports each acquisition for the
/// metrics (`acquire`).
pub async fn connect(
    url: &str,
    acquire_timeout: Duration,
    report_acquires: bool,
) -> Result<(DatabaseConnection, StatementCounter), DbErr> {
    sqlite::without_memory_statistics();
    if let Some(path) = sqlite_path(url)
        && let Some(dir) = std::path::Path::new(path).parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir)
            .map_err(|e| DbErr::Custom(format!("{}: {e}", dir.display())))?;
    }
    let mut options = ConnectOptions::new(url);
    options
        .sqlx_logging(false)
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(acquire_timeout)
        .map_sqlx_sqlite_opts(|o| {
            o.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(5))
                .row_buffer_size(sqlite::ROW_BUFFER)
        });
    if sqlite_path(url).is_some() {
        options.max_connections(8);
    }
    if report_acquires {
        options
            .map_sqlx_sqlite_pool_opts(acquire::reported)
            .map_sqlx_postgres_pool_opts(acquire::reported);
    }
    let mut db = Database::connect(options).await?;
    let counter = StatementCounter::default();
    let statements = counter.clone();
    db.set_metric_callback(move |info| statements.ran(info));
    Ok((db, counter))
}

/// Applies every pending migration. On PostgreSQL, one instance at a time:
/// the others wait on a transaction-scoped advisory lock, then find nothing
/// left to do.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    if db.get_database_backend() != DatabaseBackend::Postgres {
        return Migrator::up(db, None).await;
    }
    let txn = db.begin().await?;
    txn.execute_unprepared(&format!("SELECT pg_advisory_xact_lock({MIGRATION_LOCK})"))
        .await?;
    Migrator::up(&txn, None).await?;
    txn.commit().await
}

/// Whether the database answers within `PING_TIMEOUT`.
pub async fn ping(db: &DatabaseConnection) -> bool {
    matches!(
        tokio::time::timeout(PING_TIMEOUT, db.ping()).await,
        Ok(Ok(()))
    )
}

/// Whether `error` says the database could not be reached before anything
/// ran (no connection within the acquire timeout; the server shutting
/// down, starting, or recovering from a crash, which aborts the statement),
/// so the request may be retried. A connection lost while a statement was
/// on its way is not: the statement may have committed, and retrying a
/// mutation could apply it twice. That stays an internal error.
pub fn is_unavailable(error: &DbErr) -> bool {
    use sea_orm::sqlx::Error;
    let sqlx = match error {
        DbErr::ConnectionAcquire(_) => return true,
        DbErr::Conn(RuntimeErr::SqlxError(e))
        | DbErr::Exec(RuntimeErr::SqlxError(e))
        | DbErr::Query(RuntimeErr::SqlxError(e)) => e,
        _ => return false,
    };
    match sqlx.as_ref() {
        Error::PoolTimedOut | Error::PoolClosed => true,
        // 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now.
        Error::Database(e) => e
            .code()
            .is_some_and(|code| matches!(code.as_ref(), "57P01" | "57P02" | "57P03")),
        _ => false,
    }
}

fn sqlite_path(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or(rest);
    (!path.is_empty() && path != ":memory:").then_some(path)
}
