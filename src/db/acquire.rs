//! How long the pool takes to hand over a connection, and how often a
//! request had to wait for one. sqlx has no hook for it, but reports each
//! acquisition as a `tracing` event (target `sqlx::pool::acquire`, field
//! `acquired_after_secs`) when asked to ([`reported`]); [`layer`] turns
//! those events into [`ACQUIRES`]. An acquisition slower than
//! [`WAIT_THRESHOLD`] is counted as a wait: an idle connection is handed
//! over (and pinged) well within it, so a slower one found the pool busy.
//!
//! Process-wide, as the events name no pool: a process serves one database.
//! The layer is part of the server's logging (`main.rs`).

use std::sync::LazyLock;
use std::time::Duration;

use tracing::field::{Field, Visit};
use tracing_subscriber::Layer;
use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::registry::LookupSpan;
use weftql_runtime::metrics::prometheus_client::metrics::counter::Counter;
use weftql_runtime::metrics::prometheus_client::metrics::histogram::{
    Histogram, exponential_buckets,
};

/// Slower than this, an acquisition waited for a connection to be free.
pub const WAIT_THRESHOLD: Duration = Duration::from_millis(5);

const TARGET: &str = "sqlx::pool::acquire";

/// Every acquisition of the process's pool.
pub struct Acquires {
    /// Seconds each took, from 10 µs to about 5 s, each bucket twice the last.
    pub durations: Histogram,
    /// How many took longer than [`WAIT_THRESHOLD`].
    pub waits: Counter,
}

pub static ACQUIRES: LazyLock<Acquires> = LazyLock::new(|| Acquires {
    durations: Histogram::new(exponential_buckets(0.000_01, 2.0, 20)),
    waits: Counter::default(),
});

/// The pool's options, with each acquisition reported to [`layer`]: at
/// TRACE, which only that layer reads (a slow one, as sqlx has it, at
/// WARN as well, which the log shows).
pub fn reported<DB: sea_orm::sqlx::Database>(
    options: sea_orm::sqlx::pool::PoolOptions<DB>,
) -> sea_orm::sqlx::pool::PoolOptions<DB> {
    options.acquire_time_level(log::LevelFilter::Trace)
}

/// The `tracing` layer that records the pool's acquisitions in [`ACQUIRES`].
pub fn layer<S>() -> impl Layer<S>
where
    S: tracing::Subscriber + for<'span> LookupSpan<'span>,
{
    Recorder.with_filter(Targets::new().with_target(TARGET, LevelFilter::TRACE))
}

struct Recorder;

impl<S: tracing::Subscriber> Layer<S> for Recorder {
    fn on_event(&self, event: &tracing::Event<'_>, _: tracing_subscriber::layer::Context<'_, S>) {
        let mut seconds = AcquiredAfter(None);
        event.record(&mut seconds);
        if let Some(seconds) = seconds.0 {
            ACQUIRES.durations.observe(seconds);
            if seconds > WAIT_THRESHOLD.as_secs_f64() {
                ACQUIRES.waits.inc();
            }
        }
    }
}

/// The event's `acquired_after_secs`.
struct AcquiredAfter(Option<f64>);

impl Visit for AcquiredAfter {
    fn record_f64(&mut self, field: &Field, value: f64) {
        if field.name() == "acquired_after_secs" {
            self.0 = Some(value);
        }
    }

    fn record_debug(&mut self, _: &Field, _: &dyn std::fmt::Debug) {}
}
