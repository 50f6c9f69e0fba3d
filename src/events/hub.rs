//! One instance's subscribers and what they hear. The keys announced (by
//! this process's commits, or by PostgreSQL's notifications) arrive in
//! commit order; the hub takes those that arrived together, reads each
//! topic's rows in one statement, and hands every row, in arrival order, to
//! each subscriber of its topic through a bounded buffer. A subscriber more
//! than a buffer behind loses the oldest and is told how many it lost.

use std::collections::HashMap;
use std::sync::Arc;

use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};
use tokio::sync::{broadcast, mpsc};
use weftql_runtime::futures_util::StreamExt;
use weftql_runtime::futures_util::stream::{self, BoxStream};
use weftql_runtime::metrics::prometheus_client::metrics::counter::Counter;
use weftql_runtime::metrics::prometheus_client::registry::Registry;

use super::Topic;
use crate::entities::{link, vote};

/// The most keys read in one statement.
const MOST_KEYS: usize = 512;

/// Why a subscriber may not have heard everything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missed {
    /// It fell this many events behind its buffer: they were dropped.
    Behind(u64),
    /// The instance lost its connection to the notifications and
    /// reconnected: events in between are not known.
    Disconnected,
    /// The rows of an announcement could not be read.
    Unreadable,
}

/// One thing a subscriber of rows of `T` hears.
pub type Heard<T> = Result<Arc<T>, Missed>;

enum Arrival {
    Key(Topic, i32),
    Lost,
}

impl Arrival {
    fn topic(&self) -> Option<Topic> {
        match self {
            Arrival::Key(topic, _) => Some(*topic),
            Arrival::Lost => None,
        }
    }

    fn key(&self) -> Option<i32> {
        match self {
            Arrival::Key(_, key) => Some(*key),
            Arrival::Lost => None,
        }
    }
}

pub struct Hub {
    arrivals: mpsc::UnboundedSender<Arrival>,
    links: broadcast::Sender<Heard<link::Model>>,
    votes: broadcast::Sender<Heard<vote::Model>>,
    missed: Counter,
}

impl Hub {
    /// A hub reading rows from `db`; each subscriber buffers up to `buffer`
    /// events. Its work runs on a task of its own until the hub is dropped.
    pub fn new(db: DatabaseConnection, buffer: usize) -> Self {
        let (arrivals, receiver) = mpsc::unbounded_channel();
        let (links, _) = broadcast::channel(buffer.max(1));
        let (votes, _) = broadcast::channel(buffer.max(1));
        tokio::spawn(deliver(db, receiver, links.clone(), votes.clone()));
        Hub {
            arrivals,
            links,
            votes,
            missed: Counter::default(),
        }
    }

    /// The row `key` of `topic` was committed.
    pub(super) fn arrived(&self, topic: Topic, key: i32) {
        let _ = self.arrivals.send(Arrival::Key(topic, key));
    }

    /// Announcements may have been lost.
    pub(super) fn lost(&self) {
        let _ = self.arrivals.send(Arrival::Lost);
    }

    /// Every link posted from now on.
    pub fn links(&self) -> BoxStream<'static, Heard<link::Model>> {
        self.heard(&self.links)
    }

    /// Every vote cast from now on.
    pub fn votes(&self) -> BoxStream<'static, Heard<vote::Model>> {
        self.heard(&self.votes)
    }

    /// Adds `subscription_events_missed_total` to `registry`.
    pub fn register(&self, registry: &mut Registry) {
        registry.register(
            "subscription_events_missed",
            "Events a subscriber lost by falling more than its buffer behind",
            self.missed.clone(),
        );
    }

    fn heard<T: Send + Sync + 'static>(
        &self,
        sender: &broadcast::Sender<Heard<T>>,
    ) -> BoxStream<'static, Heard<T>> {
        let missed = self.missed.clone();
        stream::unfold(sender.subscribe(), move |mut receiver| {
            let missed = missed.clone();
            async move {
                let heard = match receiver.recv().await {
                    Ok(heard) => heard,
                    Err(broadcast::error::RecvError::Lagged(behind)) => {
                        missed.inc_by(behind);
                        Err(Missed::Behind(behind))
                    }
                    Err(broadcast::error::RecvError::Closed) => return None,
                };
                Some((heard, receiver))
            }
        })
        .boxed()
    }
}

/// Takes what arrived together, reads its rows, and hands them on in order.
async fn deliver(
    db: DatabaseConnection,
    mut arrivals: mpsc::UnboundedReceiver<Arrival>,
    links: broadcast::Sender<Heard<link::Model>>,
    votes: broadcast::Sender<Heard<vote::Model>>,
) {
    let mut batch = Vec::new();
    while arrivals.recv_many(&mut batch, MOST_KEYS).await > 0 {
        // Runs of one topic's keys, each read in one statement.
        for run in batch.chunk_by(|a, b| a.topic().is_some() && a.topic() == b.topic()) {
            let keys: Vec<i32> = run.iter().filter_map(Arrival::key).collect();
            match run[0].topic() {
                None => {
                    let _ = links.send(Err(Missed::Disconnected));
                    let _ = votes.send(Err(Missed::Disconnected));
                }
                Some(Topic::Links) => {
                    let rows = link::Entity::find()
                        .filter(link::Column::Id.is_in(keys.iter().copied()))
                        .all(&db)
                        .await;
                    hand_on(&links, &keys, rows, |row| row.id);
                }
                Some(Topic::Votes) => {
                    let rows = vote::Entity::find()
                        .filter(vote::Column::Id.is_in(keys.iter().copied()))
                        .all(&db)
                        .await;
                    hand_on(&votes, &keys, rows, |row| row.id);
                }
            }
        }
        batch.clear();
    }
}

/// Hands each row of `keys`, in their order, to every subscriber.
fn hand_on<T>(
    sender: &broadcast::Sender<Heard<T>>,
    keys: &[i32],
    rows: Result<Vec<T>, DbErr>,
    key_of: impl Fn(&T) -> i32,
) {
    let rows = match rows {
        Ok(rows) => rows,
        Err(error) => {
            tracing::error!(%error, "the rows of announced events could not be read");
            let _ = sender.send(Err(Missed::Unreadable));
            return;
        }
    };
    let mut by_key: HashMap<i32, Arc<T>> = rows
        .into_iter()
        .map(|row| (key_of(&row), Arc::new(row)))
        .collect();
    for key in keys {
        // A row deleted since is not an event any more.
        if let Some(row) = by_key.remove(key) {
            let _ = sender.send(Ok(row));
        }
    }
}
