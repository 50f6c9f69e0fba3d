//! Real-time events for the subscriptions: a link posted or a vote cast is
//! announced once its transaction commits, and every subscriber of every
//! instance hears of it, in commit order per topic.
//!
//! Only the row's key travels (`Announcement`); each instance's [`Hub`]
//! reads the rows of the keys that arrived together in one statement and
//! hands them to its subscribers, whose selections then execute like a
//! query's. How keys reach every instance is the [`Fanout`]: in the process
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

use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, DbErr, Statement};

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
pub enum Fanout {
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
}

/// An announcement made inside a transaction, to complete once it commits.
#[must_use = "call `committed` once the transaction commits"]
pub struct Announcement {
    topic: Topic,
    key: i32,
    hub: Option<Arc<Hub>>,
}

impl Announcement {
    /// The transaction committed: in the process, the hub hears of it now
    /// (with PostgreSQL, the notification is already on its way).
    pub fn committed(self) {
        if let Some(hub) = self.hub {
            hub.arrived(self.topic, self.key);
        }
    }
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
        Ok(Events { fanout, hub })
    }

    /// Announces the row `key` of `topic`, written by the transaction
    /// `txn`: on PostgreSQL, `NOTIFY` in it.
    pub async fn announce(
        &self,
        txn: &impl ConnectionTrait,
        topic: Topic,
        key: i32,
    ) -> Result<Announcement, DbErr> {
        let hub = match self.fanout {
            Fanout::InProcess => Some(self.hub.clone()),
            Fanout::Postgres => {
                txn.execute_raw(Statement::from_sql_and_values(
                    DbBackend::Postgres,
                    "SELECT pg_notify($1, $2)",
                    [topic.channel().into(), key.to_string().into()],
                ))
                .await?;
                None
            }
        };
        Ok(Announcement { topic, key, hub })
    }

    /// Everything `topic` announces from now on.
    pub fn hub(&self) -> &Hub {
        &self.hub
    }
}
