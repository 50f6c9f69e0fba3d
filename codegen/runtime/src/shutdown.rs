//! Graceful shutdown: the signal a server stops accepting connections on
//! before it lets in-flight requests finish, and [`Closing`], which tells
//! the connections that never finish by themselves (graphql-ws) to close
//! so that their clients reconnect elsewhere.

use tokio::sync::watch;

/// Fires once the server closes its long-lived connections.
#[derive(Debug, Clone)]
pub struct Closing(watch::Receiver<bool>);

/// Closes every connection watching its [`Closing`].
#[derive(Debug)]
pub struct CloseConnections(watch::Sender<bool>);

/// A pair: close with the first, watch with the second.
pub fn closing() -> (CloseConnections, Closing) {
    let (sender, receiver) = watch::channel(false);
    (CloseConnections(sender), Closing(receiver))
}

impl CloseConnections {
    pub fn close(&self) {
        let _ = self.0.send(true);
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
