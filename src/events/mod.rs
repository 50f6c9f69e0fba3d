//! Real-time events for the subscriptions: a link posted or a vote cast is
//! announced once its transaction commits, and every subscriber of every
//! instance hears of it, in commit order per topic.
//!
//! Only the row's key travels ([`Announcement`]); each instance's [`Hub`]
//! reads the rows of the keys that arrived together in one statement and
//! hands them to its subscribers, whose selections then execute like a
//! query's. How keys reach every instance is the `Fanout`: in the process
//! on SQLite (one process serves a SQLite file), PostgreSQL's
//! `LISTEN`/`NOTIFY` on PostgreSQL (`postgres`), where the notification is
//! sent inside the writing transaction, so it is delivered only if, and in
//! the order that, it commits.
//!
//! A subscriber that falls behind by more than its buffer, or an instance
//! whose `LISTEN` connection dropped, is told with an event whose error
//! has the code `EVENTS_MISSED`, never with silence; what a subscriber
//! missed is counted (`subscription_events_missed_total`).

mod hub;
mod postgres;

use std::sync::Arc;

use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, Statement,
};

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

/// How announcements reach every instance.
#[derive(Clone)]
enum Fanout {
    /// SQLite: one process, its own hub.
    InProcess,
    /// PostgreSQL: `NOTIFY` in the writing transaction, and one `LISTEN`
    /// connection per instance feeding its hub.
    Postgres,
}

/// An instance's events: how they are announced and who hears them.
#[derive(Clone)]
pub struct Events {
    fanout: Fanout,
    hub: Arc<Hub>,
    /// In the process, one commit at a time hands its key to the hub, so
    /// the hub hears keys in commit order.
    in_order: Arc<tokio::sync::Mutex<()>>,
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
        let fanout = if db.get_database_backend() == DbBackend::Postgres {
            postgres::listen(url, hub.clone()).await?;
            Fanout::Postgres
        } else {
            Fanout::InProcess
        };
        Ok(Events {
            fanout,
            hub,
            in_order: Arc::default(),
        })
    }

    /// Announces the row `key` of `topic`, written by the transaction
    /// `txn`: on PostgreSQL, `NOTIFY` in it.
    pub async fn announce(
        &self,
        txn: &impl ConnectionTrait,
        topic: Topic,
        key: i32,
    ) -> Result<Announcement, DbErr> {
        if let Fanout::Postgres = self.fanout {
            txn.execute_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "SELECT pg_notify($1, $2)",
                [topic.channel().into(), key.to_string().into()],
            ))
            .await?;
        }
        Ok(Announcement { topic, key })
    }

    /// Commits `txn`, which made `announced`. On PostgreSQL the commit
    /// sends its notification. In the process, the commit and the hand-over
    /// to the hub run as one task, one commit at a time: in commit order,
    /// and a request cancelled meanwhile cannot commit without announcing.
    pub async fn commit(
        &self,
        txn: DatabaseTransaction,
        announced: Announcement,
    ) -> Result<(), DbErr> {
        if let Fanout::Postgres = self.fanout {
            return txn.commit().await;
        }
        let hub = self.hub.clone();
        let in_order = self.in_order.clone();
        let committed = tokio::spawn(async move {
            let _turn = in_order.lock().await;
            txn.commit().await?;
            hub.arrived(announced.topic, announced.key);
            Ok(())
        });
        committed
            .await
            .map_err(|error| DbErr::Custom(format!("the commit's task failed: {error}")))?
    }

    /// Everything announced, as this instance hears it.
    pub fn hub(&self) -> &Hub {
        &self.hub
    }
}
