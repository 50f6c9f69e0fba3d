//! Graceful shutdown: the signal a server stops accepting connections on
//! before it lets in-flight requests finish, and [`Closing`], which tells
//! the connections that never finish by themselves (graphql-ws) to close
//! so that their clients reconnect elsewhere.

use std::time::Duration;

use tokio::sync::watch;

/// Fires once the server closes its long-lived connections.
#[derive(Debug, Clone)]
pub struct Closing(watch::Receiver<bool>);

/// Closes every connection that watches one of its [`Closing`]s.
#[derive(Debug)]
pub struct CloseConnections(watch::Sender<bool>);

impl Default for CloseConnections {
    fn default() -> Self {
        CloseConnections(watch::channel(false).0)
    }
}

impl CloseConnections {
    /// What a connection watches.
    pub fn watch(&self) -> Closing {
        Closing(self.0.subscribe())
    }

    /// Tells every connection to close, and waits until each has (each
    /// drops its [`Closing`] then), at most `within`.
    pub async fn close(&self, within: Duration) {
        // Kept even with nobody watching yet: a connection opened later
        // sees it at once.
        self.0.send_replace(true);
        let deadline = tokio::time::Instant::now() + within;
        while self.0.receiver_count() > 0 && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
}

impl Closing {
    /// Resolves once the connections are to close.
    pub async fn wait(mut self) {
        let _ = self.0.wait_for(|closed| *closed).await;
    }
}

/// Resolves on Ctrl-C or, on Unix, SIGTERM.
pub async fn signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}
