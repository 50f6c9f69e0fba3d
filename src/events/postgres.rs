//! Announcements across instances through PostgreSQL: each instance
//! `LISTEN`s on every topic's channel on one connection of its own, outside
//! the request pool, and hands the keys it hears to its hub. The payload is
//! a row's key, a few bytes, far below `NOTIFY`'s 8,000-byte limit. When
//! the connection drops, a new one is opened and listens again (retried
//! with a backoff up to 10 s); only then is the hub told that events may
//! have been missed, once per outage, so a subscriber that reads the
//! current state on hearing it misses nothing after.

use std::sync::{Arc, Weak};
use std::time::Duration;

use sea_orm::sqlx::postgres::PgListener;
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbBackend, DbErr, Statement};
use weftql_runtime::futures_util::future::BoxFuture;

use super::hub::Hub;
use super::{Announcement, Fanout, Topic};

/// PostgreSQL's fan-out: `NOTIFY` in the writing transaction, heard by
/// every instance's `LISTEN` connection once it commits.
pub(super) struct Notify;

impl Notify {
    /// Opens the `LISTEN` connection at `url` and starts handing what it
    /// hears to `hub`, until the hub is gone.
    pub(super) async fn listen(url: &str, hub: Arc<Hub>) -> Result<Notify, DbErr> {
        let listener = open(url)
            .await
            .map_err(|error| DbErr::Custom(format!("LISTEN connection: {error}")))?;
        tokio::spawn(hand_on(url.to_string(), listener, Arc::downgrade(&hub)));
        Ok(Notify)
    }
}

impl Fanout for Notify {
    fn announce<'a>(
        &'a self,
        txn: &'a DatabaseTransaction,
        topic: Topic,
        key: i32,
    ) -> BoxFuture<'a, Result<(), DbErr>> {
        Box::pin(async move {
            txn.execute_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "SELECT pg_notify($1, $2)",
                [topic.channel().into(), key.to_string().into()],
            ))
            .await?;
            Ok(())
        })
    }

    /// The commit sends the notification.
    fn commit(
        &self,
        txn: DatabaseTransaction,
        _announced: Announcement,
    ) -> BoxFuture<'static, Result<(), DbErr>> {
        Box::pin(txn.commit())
    }
}

/// A connection listening on every topic's channel.
async fn open(url: &str) -> Result<PgListener, sea_orm::sqlx::Error> {
    let mut listener = PgListener::connect(url).await?;
    // A dropped connection is reported at once; `reopen` opens the next.
    listener.eager_reconnect(false);
    listener
        .listen_all(Topic::ALL.iter().map(|topic| topic.channel()))
        .await?;
    Ok(listener)
}

async fn hand_on(url: String, mut listener: PgListener, hub: Weak<Hub>) {
    loop {
        let heard = listener.try_recv().await;
        let Some(live) = hub.upgrade() else {
            return;
        };
        match heard {
            Ok(Some(notification)) => {
                let topic = Topic::from_channel(notification.channel());
                match (topic, notification.payload().parse::<i32>()) {
                    (Some(topic), Ok(key)) => live.arrived(topic, key),
                    _ => tracing::warn!(
                        channel = notification.channel(),
                        "a notification that is not an event's"
                    ),
                }
            }
            Ok(None) | Err(_) => {
                tracing::warn!("the LISTEN connection dropped");
                drop(live);
                let Some(reopened) = reopen(&url, &hub).await else {
                    return;
                };
                listener = reopened;
                if let Some(live) = hub.upgrade() {
                    live.lost();
                }
            }
        }
    }
}

/// A new listening connection, retried with a backoff; `None` once the hub
/// is gone.
async fn reopen(url: &str, hub: &Weak<Hub>) -> Option<PgListener> {
    let mut backoff = Duration::from_millis(100);
    loop {
        match open(url).await {
            Ok(listener) => {
                tracing::info!("the LISTEN connection is open again");
                return Some(listener);
            }
            Err(error) => {
                tracing::warn!(%error, ?backoff, "the LISTEN connection cannot be reopened yet");
            }
        }
        tokio::time::sleep(backoff).await;
        hub.upgrade()?;
        backoff = (backoff * 2).min(Duration::from_secs(10));
    }
}
