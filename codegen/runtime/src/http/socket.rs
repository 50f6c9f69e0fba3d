//! One graphql-ws connection, driven: async-graphql's protocol state
//! machine speaks the messages, and this loop around it holds the
//! connection to the rules graphql-ws and operators expect. A client that
//! sends no `connection_init` within `ws_init_timeout_seconds` is closed
//! with 4408; a WebSocket ping goes out after `ws_ping_interval_seconds` of
//! silence, and a client that answers nothing (no pong, no message) for
//! `ws_idle_timeout_seconds` is closed with 3008; when the server shuts
//! down (its [`Closing`] fires) every connection is closed with 1012,
//! "service restart", which graphql-ws clients answer by reconnecting.
//! The `connection_init` payload is kept for each operation's
//! [`super::Origin`] (a token may come there rather than in a header).
//! An operation refused before it executed (or a query given up at its
//! time limit) is answered as the protocol says, with an `error` message
//! whose payload is its errors and no `complete` after it (async-graphql's
//! state machine would send `next` and `complete`, which a graphql-ws
//! client takes for a result).

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use async_graphql::Data;
use async_graphql::futures_util::{self as futures_util, SinkExt, StreamExt, future};
use async_graphql_poem::GraphQLProtocol;
use poem::web::websocket::{Message, WebSocketStream};
use tokio::time::{Instant, sleep_until};

use crate::Limits;
use crate::shutdown::Closing;

/// The `connection_init` payload of the connection an operation came on.
#[derive(Debug, Clone)]
pub(crate) struct InitPayload(pub(crate) serde_json::Value);

/// The close codes this driver sends.
const INIT_TIMEOUT: u16 = 4408;
const IDLE: u16 = 3008;
const RESTART: u16 = 1012;
const POLICY: u16 = 1008;

/// Serves graphql-ws on `socket` for `executor` under `limits` until either
/// side closes or the server shuts down.
pub(crate) async fn drive<E: async_graphql::Executor>(
    socket: WebSocketStream,
    executor: E,
    protocol: GraphQLProtocol,
    limits: &Limits,
    closing: Option<Closing>,
) {
    let (mut sink, incoming) = socket.split();
    let heard = Arc::new(Heard::default());
    let noted = heard.clone();
    let messages = incoming
        .take_while(|frame| future::ready(frame.is_ok()))
        .filter_map(move |frame| {
            noted.note();
            future::ready(frame.ok().filter(|m| m.is_text() || m.is_binary()))
        })
        .map(Message::into_bytes);
    let initialised = heard.clone();
    let mut refused = Refused::default();
    let mut answers = async_graphql::http::WebSocket::new(executor, messages, protocol.0)
        .on_connection_init(move |payload| async move {
            initialised.initialised.store(true, Ordering::Relaxed);
            let mut data = Data::default();
            data.insert(InitPayload(payload));
            Ok(data)
        })
        .filter_map(move |message| {
            future::ready(match message {
                async_graphql::http::WsMessage::Text(text) => {
                    refused.rewrite(text).map(Message::text)
                }
                async_graphql::http::WsMessage::Close(code, reason) => {
                    Some(Message::close_with(code, reason))
                }
            })
        });
    let seconds = |s: u64| Duration::from_secs(s.max(1));
    // A limit beyond what the clock counts is none.
    let init_deadline = Instant::now().checked_add(seconds(limits.ws_init_timeout_seconds));
    let ping_every = seconds(limits.ws_ping_interval_seconds);
    let idle_limit = seconds(limits.ws_idle_timeout_seconds);
    // Held until the close is sent: the server waits for it.
    let _watching = closing.clone();
    let closing = async move {
        match closing {
            Some(closing) => closing.wait().await,
            None => future::pending().await,
        }
    };
    tokio::pin!(closing);
    let mut check = tokio::time::interval(ping_every.min(idle_limit) / 2);
    let mut last_ping = Instant::now();
    loop {
        let close = tokio::select! {
            answer = answers.next() => match answer {
                Some(message) => {
                    if !sent(&mut sink, message).await {
                        return;
                    }
                    continue;
                }
                None => return,
            },
            () = until(init_deadline), if !heard.initialised() => {
                (INIT_TIMEOUT, "Connection initialisation timeout")
            }
            () = &mut closing => (RESTART, "The server is restarting; reconnect."),
            _ = check.tick() => {
                let silent = heard.silent_for();
                if silent >= idle_limit {
                    (IDLE, "No answer to pings.")
                } else {
                    if silent >= ping_every && last_ping.elapsed() >= ping_every {
                        last_ping = Instant::now();
                        if !sent(&mut sink, Message::Ping(Vec::new())).await {
                            return;
                        }
                    }
                    continue;
                }
            }
        };
        sent(&mut sink, Message::close_with(close.0, close.1.to_string())).await;
        let _ = tokio::time::timeout(SEND_TIMEOUT, sink.close()).await;
        return;
    }
}

/// How long a message may wait for a client that reads nothing before the
/// connection is given up: a stuck send must not hold back the close.
const SEND_TIMEOUT: Duration = Duration::from_secs(5);

/// Whether `message` went out within [`SEND_TIMEOUT`].
async fn sent(sink: &mut (impl futures_util::Sink<Message> + Unpin), message: Message) -> bool {
    matches!(
        tokio::time::timeout(SEND_TIMEOUT, sink.send(message)).await,
        Ok(Ok(()))
    )
}

/// Resolves at `deadline`, or never without one.
async fn until(deadline: Option<Instant>) {
    match deadline {
        Some(deadline) => sleep_until(deadline).await,
        None => future::pending().await,
    }
}

/// Accepts the WebSocket only to close it at once with 1008 (policy
/// violation) and `reason`, which a browser shows where an HTTP refusal of
/// the upgrade would show nothing.
pub(crate) async fn refuse(socket: WebSocketStream, reason: &str) {
    let (mut sink, _) = socket.split();
    let _ = sink
        .send(Message::close_with(POLICY, reason.to_string()))
        .await;
    let _ = sink.close().await;
}

/// What the client sent: when it last sent anything, and whether its
/// `connection_init` was accepted.
struct Heard {
    last: std::sync::Mutex<Instant>,
    initialised: AtomicBool,
}

impl Default for Heard {
    fn default() -> Self {
        Heard {
            last: std::sync::Mutex::new(Instant::now()),
            initialised: AtomicBool::new(false),
        }
    }
}

impl Heard {
    /// Anything the client sent, a pong included.
    fn note(&self) {
        *self.last.lock().unwrap_or_else(|e| e.into_inner()) = Instant::now();
    }

    fn initialised(&self) -> bool {
        self.initialised.load(Ordering::Relaxed)
    }

    fn silent_for(&self) -> Duration {
        self.last
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .elapsed()
    }
}

/// The extension that marks the answer of an operation refused before it
/// executed, or given up ([`mark_refused`]); it never reaches the client.
const REFUSED: &str = "weftqlRefused";

/// `response`, marked as a refusal, for the driver to send as an `error`.
pub(crate) fn mark_refused(mut response: async_graphql::Response) -> async_graphql::Response {
    response
        .extensions
        .insert(REFUSED.to_owned(), async_graphql::Value::Boolean(true));
    response
}

/// The operations of a connection answered with `error`: the `complete`
/// async-graphql sends after each is not sent.
#[derive(Default)]
struct Refused(HashSet<String>);

impl Refused {
    /// `text` as it goes out, if it does: a marked `next` (or the older
    /// protocol's `data`) becomes `error`, and the `complete` of a refused
    /// operation goes nowhere. Only a message holding the marker's name is
    /// parsed, and only one whose answer carries it is rewritten; while a
    /// refused operation's `complete` is awaited, each message is looked
    /// at, since a client may reuse the id once it has the `error` (the
    /// refused stream is then dropped, its `complete` never sent).
    fn rewrite(&mut self, text: String) -> Option<String> {
        if self.0.is_empty() && !text.contains(REFUSED) {
            return Some(text);
        }
        let Ok(message) = serde_json::from_str::<serde_json::Value>(&text) else {
            return Some(text);
        };
        let id = message["id"].as_str().unwrap_or_default();
        let kind = message["type"].as_str().unwrap_or_default();
        if kind == "complete" {
            return (!self.0.remove(id)).then_some(text);
        }
        let refusal = message["payload"]["extensions"][REFUSED] == true;
        if !refusal || !matches!(kind, "next" | "data") {
            // An answer under a refused id: the id is the client's again.
            self.0.remove(id);
            return Some(text);
        }
        self.0.insert(id.to_owned());
        let errors = match &message["payload"]["errors"] {
            serde_json::Value::Array(errors) => errors.clone(),
            _ => Vec::new(),
        };
        Some(serde_json::json!({ "id": id, "type": "error", "payload": errors }).to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::{REFUSED, Refused};

    #[test]
    fn a_refusal_becomes_an_error_without_complete() {
        let mut refused = Refused::default();
        let next = format!(
            r#"{{"id":"1","type":"next","payload":{{"errors":[{{"message":"no"}}],"extensions":{{"{REFUSED}":true}}}}}}"#
        );
        assert_eq!(
            refused.rewrite(next).as_deref(),
            Some(r#"{"id":"1","payload":[{"message":"no"}],"type":"error"}"#)
        );
        assert_eq!(
            refused.rewrite(r#"{"id":"1","type":"complete"}"#.into()),
            None
        );
        // Another operation's completion, and data naming the marker, pass.
        let complete = r#"{"id":"2","type":"complete"}"#;
        assert_eq!(refused.rewrite(complete.into()).as_deref(), Some(complete));
        let data =
            format!(r#"{{"id":"3","type":"next","payload":{{"data":{{"url":"{REFUSED}"}}}}}}"#);
        assert_eq!(refused.rewrite(data.clone()), Some(data));
    }

    #[test]
    fn a_reused_id_is_the_clients_again() {
        let mut refused = Refused::default();
        let next = format!(
            r#"{{"id":"1","type":"next","payload":{{"extensions":{{"{REFUSED}":true}}}}}}"#
        );
        assert_eq!(
            refused.rewrite(next).as_deref(),
            Some(r#"{"id":"1","payload":[],"type":"error"}"#)
        );
        // The client subscribes again as "1" before the refusal's
        // `complete` came: the new operation's answers and `complete` pass.
        let answer = r#"{"id":"1","type":"next","payload":{"data":{}}}"#;
        assert_eq!(refused.rewrite(answer.into()).as_deref(), Some(answer));
        let complete = r#"{"id":"1","type":"complete"}"#;
        assert_eq!(refused.rewrite(complete.into()).as_deref(), Some(complete));
    }
}
