//! Announcements across instances through PostgreSQL: each instance
//! `LISTEN`s on every topic's channel on one connection of its own, outside
//! the request pool, and hands the keys it hears to its hub. The payload is
//! a row's key, a few bytes, far below `NOTIFY`'s 8,000-byte limit. When
//! the connection drops, sqlx's listener reconnects and listens again; the
//! hub is told that events may have been missed, and a failing reconnection
//! is retried with a backoff up to 10 s.

use std::sync::Arc;
use std::time::Duration;

use sea_orm::DbErr;
use sea_orm::sqlx::postgres::PgListener;

use super::Topic;
use super::hub::Hub;

/// Opens the `LISTEN` connection at `url` and starts handing what it
/// hears to `hub`, until the hub is gone.
pub(super) async fn listen(url: &str, hub: Arc<Hub>) -> Result<(), DbErr> {
    let mut listener = PgListener::connect(url)
        .await
        .map_err(|error| DbErr::Custom(format!("LISTEN connection: {error}")))?;
    let channels: Vec<&str> = Topic::ALL.iter().map(|t| t.channel()).collect();
    listener
        .listen_all(channels)
        .await
        .map_err(|error| DbErr::Custom(format!("LISTEN: {error}")))?;
    let hub = Arc::downgrade(&hub);
    tokio::spawn(async move {
        let mut backoff = Duration::from_millis(100);
        let mut connected = true;
        loop {
            let heard = listener.try_recv().await;
            let Some(hub) = hub.upgrade() else {
                return;
            };
            match heard {
                Ok(Some(notification)) => {
                    backoff = Duration::from_millis(100);
                    connected = true;
                    let topic = Topic::from_channel(notification.channel());
                    match (topic, notification.payload().parse::<i32>()) {
                        (Some(topic), Ok(key)) => hub.arrived(topic, key),
                        _ => tracing::warn!(
                            channel = notification.channel(),
                            "a notification that is not an event's"
                        ),
                    }
                }
                Ok(None) => {
                    tracing::warn!("the LISTEN connection dropped and was reopened");
                    hub.lost();
                }
                Err(error) => {
                    tracing::warn!(%error, ?backoff, "the LISTEN connection cannot be reopened yet");
                    if connected {
                        hub.lost();
                        connected = false;
                    }
                    drop(hub);
                    tokio::time::sleep(backoff).await;
                    backoff = (backoff * 2).min(Duration::from_secs(10));
                }
            }
        }
    });
    Ok(())
}
