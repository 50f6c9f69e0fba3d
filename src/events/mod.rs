//! Real-time events for the subscriptions: a link posted or a vote cast is
//! announced once its transaction commits, and every subscriber of every
//! instance hears of it, in commit order per topic.
//!
//! Only the row's key travels ([`Announcement`]); each instance's [`Hub`]
//! reads the rows of the keys that arrived together in one statement and
//! hands them to its subscribers, whose selections then execute like a
//! query's. How keys reach every instance is a [`Fanout`], a small trait
//! (announce in the writing transaction, commit): in the process on SQLite
//! (one process serves a SQLite file), PostgreSQL's `LISTEN`/`NOTIFY` on
//! PostgreSQL (`postgres`), where the notification is sent inside the
//! writing transaction, so it is delivered only if, and in the order that,
//! it commits. A broker (Redis, NATS) would be one more implementation.
//!
//! A subscriber that falls behind by more than its buffer, or an instance
//! whose `LISTEN` connection dropped, is told with an event whose error
//! has the code `EVENTS_MISSED`, never with silence; what a subscriber
//! missed is counted (`subscription_events_missed_total`).

mod hub;
mod postgres;

use std::sync::Arc;

use sea_orm::{DatabaseConnection, DatabaseTransaction, DbBackend, DbErr};
use weftql_runtime::futures_util::future::BoxFuture;

pub use hub::{Heard, Hub, Missed};

/// What a subscription hears of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Topic {
    /// Links posted (`newLink`).
    Links,
    /// Votes cast (`newVote`).
    Votes,
}

impl Topic {
    pub const ALL: [Topic; 2] = [Topic::Links, Topic::Votes];

    /// Its PostgreSQL channel: far shorter than the 63 bytes PostgreSQL
    /// keeps of a name (a longer one is cut silently).
    pub fn channel(self) -> &'static str {
        match self {
            Topic::Links => "hackernews_new_link",
            Topic::Votes => "hackernews_new_vote",
        }
    }

    fn from_channel(channel: &str) -> Option<Topic> {
        Topic::ALL.into_iter().find(|t| t.channel() == channel)
    }
}

/// How announcements reach every instance's hub, where subscribers hear
/// them by topic.
pub trait Fanout: Send + Sync {
    /// Announces the row `key` of `topic`, written by `txn`, before it
    /// commits.
    fn announce<'a>(
        &'a self,
        txn: &'a DatabaseTransaction,
        topic: Topic,
        key: i32,
    ) -> BoxFuture<'a, Result<(), DbErr>>;

    /// Commits `txn`, which made `announced`, so that every instance's hub
    /// hears of it if, and in the order that, it commits.
    fn commit(
        &self,
        txn: DatabaseTransaction,
        announced: Announcement,
    ) -> BoxFuture<'static, Result<(), DbErr>>;
}

/// An instance's events: how they are announced and who hears them.
#[derive(Clone)]
pub struct Events {
    fanout: Arc<dyn Fanout>,
    hub: Arc<Hub>,
}

/// An announcement made inside a transaction, which [`Events::commit`]
/// completes.
#[must_use = "commit the transaction with `Events::commit`"]
pub struct Announcement {
    topic: Topic,
    key: i32,
}

impl Events {
    /// The events of a server on `db`: on PostgreSQL, its `LISTEN`
    /// connection opened (at `url`, outside the request pool); each
    /// subscriber keeps at most `buffer` events it has not taken yet.
    pub async fn start(db: &DatabaseConnection, url: &str, buffer: usize) -> Result<Self, DbErr> {
        let hub = Arc::new(Hub::new(db.clone(), buffer));
        let fanout: Arc<dyn Fanout> = if db.get_database_backend() == DbBackend::Postgres {
            Arc::new(postgres::Notify::listen(url, hub.clone()).await?)
        } else {
            Arc::new(InProcess {
                hub: hub.clone(),
                in_order: Arc::default(),
            })
        };
        Ok(Events { fanout, hub })
    }

    /// Announces the row `key` of `topic`, written by the transaction
    /// `txn`; [`Events::commit`] completes it.
    pub async fn announce(
        &self,
        txn: &DatabaseTransaction,
        topic: Topic,
        key: i32,
    ) -> Result<Announcement, DbErr> {
        self.fanout.announce(txn, topic, key).await?;
        Ok(Announcement { topic, key })
    }

    /// Commits `txn`, which made `announced`.
    pub async fn commit(
        &self,
        txn: DatabaseTransaction,
        announced: Announcement,
    ) -> Result<(), DbErr> {
        self.fanout.commit(txn, announced).await
    }

    /// Everything announced, as this instance hears it.
    pub fn hub(&self) -> &Hub {
        &self.hub
    }
}

/// SQLite's fan-out: one process, its own hub. The commit and the
/// hand-over to the hub run as one task, one commit at a time: the hub
/// hears keys in commit order, and a request cancelled meanwhile cannot
/// commit without announcing.
struct InProcess {
    hub: Arc<Hub>,
    in_order: Arc<tokio::sync::Mutex<()>>,
}

impl Fanout for InProcess {
    fn announce<'a>(
        &'a self,
        _txn: &'a DatabaseTransaction,
        _topic: Topic,
        _key: i32,
    ) -> BoxFuture<'a, Result<(), DbErr>> {
        Box::pin(async { Ok(()) })
    }

    fn commit(
        &self,
        txn: DatabaseTransaction,
        announced: Announcement,
    ) -> BoxFuture<'static, Result<(), DbErr>> {
        let hub = self.hub.clone();
        let in_order = self.in_order.clone();
        let committed = tokio::spawn(async move {
            let _turn = in_order.lock().await;
            txn.commit().await?;
            hub.arrived(announced.topic, announced.key);
            Ok(())
        });
        Box::pin(async move {
            committed
                .await
                .map_err(|error| DbErr::Custom(format!("the commit's task failed: {error}")))?
        })
    }
}
