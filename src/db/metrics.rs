//! The database's metrics, added to the server's registry: the pool's
//! connections in use and idle, read at each scrape; how long the pool took
//! to hand one over and how often a request waited (`super::acquire`); how
//! long each SQL statement took (from sea-orm's metric callback, which also
//! counts the statements); and how many statements each GraphQL request
//! over HTTP ran.

use std::fmt;
use std::time::Duration;

use sea_orm::{DatabaseBackend, DatabaseConnection};
use weftql_runtime::metrics::prometheus_client::collector::Collector;
use weftql_runtime::metrics::prometheus_client::encoding::{DescriptorEncoder, EncodeMetric};
use weftql_runtime::metrics::prometheus_client::metrics::gauge::ConstGauge;
use weftql_runtime::metrics::prometheus_client::metrics::histogram::{
    Histogram, exponential_buckets,
};
use weftql_runtime::metrics::prometheus_client::registry::Registry;

use super::StatementCounter;
use super::acquire::ACQUIRES;

/// Each statement's duration: seconds, from 50 µs to about 1.6 s, each
/// bucket twice the last.
#[derive(Debug, Clone)]
pub struct StatementDurations(Histogram);

impl Default for StatementDurations {
    fn default() -> Self {
        StatementDurations(Histogram::new(exponential_buckets(0.000_05, 2.0, 16)))
    }
}

impl StatementDurations {
    pub(crate) fn observe(&self, elapsed: Duration) {
        self.0.observe(elapsed.as_secs_f64());
    }
}

/// How many statements each GraphQL request ran: 1, 2, 4, … 256.
#[derive(Debug, Clone)]
pub struct StatementsPerRequest(Histogram);

impl Default for StatementsPerRequest {
    fn default() -> Self {
        StatementsPerRequest(Histogram::new(exponential_buckets(1.0, 2.0, 9)))
    }
}

impl StatementsPerRequest {
    pub fn observe(&self, statements: u32) {
        self.0.observe(f64::from(statements));
    }
}

/// The pool's connections, read when Prometheus scrapes.
#[derive(Debug)]
struct Pool(DatabaseConnection);

impl Pool {
    /// Connections open, and of them idle.
    fn sizes(&self) -> (u32, usize) {
        match self.0.get_database_backend() {
            DatabaseBackend::Postgres => {
                let pool = self.0.get_postgres_connection_pool();
                (pool.size(), pool.num_idle())
            }
            DatabaseBackend::Sqlite => {
                let pool = self.0.get_sqlite_connection_pool();
                (pool.size(), pool.num_idle())
            }
            _ => (0, 0),
        }
    }
}

impl Collector for Pool {
    fn encode(&self, mut encoder: DescriptorEncoder) -> Result<(), fmt::Error> {
        let (open, idle) = self.sizes();
        let idle = i64::try_from(idle).unwrap_or(i64::MAX);
        let in_use = i64::from(open).saturating_sub(idle);
        for (name, help, value) in [
            (
                "db_pool_connections_in_use",
                "Database connections running a statement or transaction",
                in_use,
            ),
            (
                "db_pool_connections_idle",
                "Database connections open and waiting for work",
                idle,
            ),
        ] {
            let gauge = ConstGauge::new(value);
            let metric = encoder.encode_descriptor(name, help, None, gauge.metric_type())?;
            gauge.encode(metric)?;
        }
        Ok(())
    }
}

/// Adds the pool's gauges and acquisitions, and the statements' durations
/// and counts per request, to `registry`.
pub fn register(registry: &mut Registry, db: &DatabaseConnection, statements: &StatementCounter) {
    registry.register(
        "db_statement_duration_seconds",
        "How long each SQL statement took",
        statements.durations().0.clone(),
    );
    registry.register(
        "db_statements_per_request",
        "How many SQL statements a GraphQL request over HTTP ran",
        statements.per_request().0.clone(),
    );
    registry.register(
        "db_pool_acquire_duration_seconds",
        "How long the pool took to hand over a connection",
        ACQUIRES.durations.clone(),
    );
    registry.register(
        "db_pool_acquire_waits",
        format!(
            "Connections handed over only after a wait (slower than {} ms): the pool was busy",
            super::acquire::WAIT_THRESHOLD.as_millis()
        ),
        ACQUIRES.waits.clone(),
    );
    registry.register_collector(Box::new(Pool(db.clone())));
}
