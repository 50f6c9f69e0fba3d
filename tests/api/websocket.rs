//! graphql-ws connections held to their rules, seen from a real client
//! (tokio-tungstenite): a client that never sends `connection_init` is
//! closed with 4408; an idle one is pinged, and one that answers nothing is
//! closed with 3008; a token may come in the `connection_init` payload, as
//! browsers cannot set headers on a WebSocket; SIGTERM closes every
//! connection with 1012, which graphql-ws clients answer by reconnecting,
//! and ends event streams without `complete`; and a client's connections
//! and a connection's subscriptions are bounded.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use crate::helpers::{Backend, spawn_app_with};
use crate::processes::Launch;

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// A graphql-ws socket, not yet initialised.
async fn open(base: &str) -> Socket {
    let url = format!("{}/graphql/ws", base.replacen("http", "ws", 1));
    let mut request = url.into_client_request().unwrap();
    request.headers_mut().insert(
        "sec-websocket-protocol",
        "graphql-transport-ws".parse().unwrap(),
    );
    tokio_tungstenite::connect_async(request).await.unwrap().0
}

async fn send(socket: &mut Socket, message: Value) {
    socket
        .send(Message::Text(message.to_string().into()))
        .await
        .unwrap();
}

/// The next frame within `wait`, pings and pongs included.
async fn frame(socket: &mut Socket, wait: Duration) -> Option<Message> {
    match tokio::time::timeout(wait, socket.next()).await {
        Ok(Some(Ok(message))) => Some(message),
        Ok(Some(Err(error))) => {
            eprintln!("the WebSocket failed: {error}");
            None
        }
        _ => None,
    }
}

/// The next `count` JSON messages, reading past pings; a close fails.
async fn messages(socket: &mut Socket, count: usize) -> Vec<Value> {
    let mut messages = Vec::new();
    while messages.len() < count {
        match frame(socket, Duration::from_secs(5)).await.unwrap() {
            Message::Text(text) => messages.push(serde_json::from_str(&text).unwrap()),
            Message::Close(close) => panic!("closed: {close:?}"),
            _ => {}
        }
    }
    messages
}

/// The code and reason the server closed with, reading past anything else.
async fn closed_with(socket: &mut Socket, wait: Duration) -> (u16, String) {
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        match frame(socket, left).await {
            Some(Message::Close(Some(close))) => {
                return (close.code.into(), close.reason.to_string());
            }
            Some(_) => continue,
            None => panic!("not closed within {wait:?}"),
        }
    }
}

#[tokio::test]
async fn a_client_that_never_initialises_is_closed_with_4408() {
    let app = spawn_app_with(Backend::Sqlite, |config| {
        config.limits.ws_init_timeout_seconds = 1;
    })
    .await
    .unwrap();
    let mut socket = open(&app.address).await;
    let (code, reason) = closed_with(&mut socket, Duration::from_secs(5)).await;
    assert_eq!(
        (code, reason.as_str()),
        (4408, "Connection initialisation timeout")
    );
}

#[tokio::test]
async fn idle_clients_are_pinged_and_silent_ones_closed() {
    let app = spawn_app_with(Backend::Sqlite, |config| {
        config.limits.ws_ping_interval_seconds = 1;
        config.limits.ws_idle_timeout_seconds = 3;
    })
    .await
    .unwrap();
    // One that reads (and so answers pings, as tungstenite does) stays.
    let mut answering = open(&app.address).await;
    send(&mut answering, json!({ "type": "connection_init" })).await;
    let mut pinged = false;
    let started = std::time::Instant::now();
    while started.elapsed() < Duration::from_secs(5) {
        match frame(&mut answering, Duration::from_millis(500)).await {
            Some(Message::Ping(_)) => pinged = true,
            Some(Message::Close(close)) => panic!("an answering client was closed: {close:?}"),
            _ => {}
        }
    }
    assert!(pinged, "no ping in 5 s of silence");
    // One that answers nothing, not even pings: closed once 3 s silent.
    let mut silent = silent_client(&app.address).await;
    tokio::time::sleep(Duration::from_secs(4)).await;
    let mut received = Vec::new();
    let _ = tokio::time::timeout(
        Duration::from_secs(3),
        tokio::io::AsyncReadExt::read_to_end(&mut silent, &mut received),
    )
    .await;
    // An unmasked close frame whose code is 3008 (0x0BC0).
    assert!(
        received
            .windows(4)
            .any(|w| w[0] == 0x88 && w[2] == 0x0B && w[3] == 0xC0),
        "no close with 3008 in {received:?}"
    );
}

/// A graphql-ws client by hand over TCP, since a WebSocket library answers
/// pings by itself: it upgrades, sends `connection_init`, and then reads
/// nothing and answers nothing.
async fn silent_client(base: &str) -> tokio::net::TcpStream {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let host = base.trim_start_matches("http://");
    let mut tcp = tokio::net::TcpStream::connect(host).await.unwrap();
    let upgrade = format!(
        "GET /graphql/ws HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\n\
         Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\
         Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n"
    );
    tcp.write_all(upgrade.as_bytes()).await.unwrap();
    let mut head = Vec::new();
    while !head.ends_with(b"\r\n\r\n") {
        let mut byte = [0u8];
        tcp.read_exact(&mut byte).await.unwrap();
        head.push(byte[0]);
    }
    assert!(
        head.starts_with(b"HTTP/1.1 101"),
        "{}",
        String::from_utf8_lossy(&head)
    );
    // A masked text frame (a zero mask leaves the payload as it is).
    let init = br#"{"type":"connection_init"}"#;
    let mut frame = vec![0x81, 0x80 | init.len() as u8, 0, 0, 0, 0];
    frame.extend_from_slice(init);
    tcp.write_all(&frame).await.unwrap();
    tcp
}

#[tokio::test]
async fn a_token_may_come_in_the_connection_init_payload() {
    let app = spawn_app_with(Backend::Sqlite, |_| {}).await.unwrap();
    let token = app.sign_up("alice").await;
    let mut socket = open(&app.address).await;
    send(
        &mut socket,
        json!({ "type": "connection_init", "payload": { "Authorization": format!("JWT {token}") } }),
    )
    .await;
    send(
        &mut socket,
        json!({ "id": "1", "type": "subscribe", "payload": { "query": "{ me { username } }" } }),
    )
    .await;
    let answers = messages(&mut socket, 2).await;
    assert_eq!(answers[0]["type"], "connection_ack");
    assert_eq!(
        answers[1]["payload"],
        json!({ "data": { "me": { "username": "alice" } } })
    );
}

#[tokio::test]
async fn sigterm_closes_websockets_with_1012_and_ends_event_streams() {
    let dir = tempfile::tempdir().unwrap();
    let database_url = format!("sqlite://{}?mode=rwc", dir.path().join("hn.db").display());
    let mut server = Launch::new(database_url, dir.path())
        .start("websocket")
        .await;
    let mut socket = open(&server.base).await;
    send(&mut socket, json!({ "type": "connection_init" })).await;
    send(
        &mut socket,
        json!({ "id": "1", "type": "subscribe", "payload": { "query": "subscription { newLink { url } }" } }),
    )
    .await;
    match frame(&mut socket, Duration::from_secs(5)).await {
        Some(Message::Text(text)) => assert!(text.contains("connection_ack"), "{text}"),
        other => panic!("no acknowledgement: {other:?}"),
    }
    let mut events = reqwest::Client::new()
        .post(server.url("/graphql/stream"))
        .json(&json!({ "query": "subscription { newLink { url } }" }))
        .send()
        .await
        .unwrap();
    assert_eq!(events.status(), 200);
    server.terminate();
    let (code, reason) = closed_with(&mut socket, Duration::from_secs(10)).await;
    assert_eq!(code, 1012, "{reason}");
    // The event stream ends too, without `complete`, so its client retries.
    let mut text = String::new();
    while let Ok(Some(bytes)) = tokio::time::timeout(Duration::from_secs(10), events.chunk())
        .await
        .unwrap()
    {
        text.push_str(&String::from_utf8_lossy(&bytes));
    }
    assert!(!text.contains("complete"), "{text}");
    assert!(server.exit(Duration::from_secs(10)).await.success());
}

#[tokio::test]
async fn connections_per_client_and_subscriptions_per_connection_are_bounded() {
    let app = spawn_app_with(Backend::Sqlite, |config| {
        config.limits.ws_max_connections_per_client = 2;
        config.limits.ws_max_subscriptions_per_connection = 2;
    })
    .await
    .unwrap();
    let mut first = open(&app.address).await;
    send(&mut first, json!({ "type": "connection_init" })).await;
    let mut second = open(&app.address).await;
    send(&mut second, json!({ "type": "connection_init" })).await;
    let mut third = open(&app.address).await;
    let (code, reason) = closed_with(&mut third, Duration::from_secs(5)).await;
    assert_eq!(code, 1008);
    assert!(reason.contains("ws_max_connections_per_client"), "{reason}");

    for id in ["1", "2", "3"] {
        send(
            &mut first,
            json!({ "id": id, "type": "subscribe", "payload": { "query": "subscription { newLink { url } }" } }),
        )
        .await;
    }
    let refused = loop {
        match frame(&mut first, Duration::from_secs(5)).await.unwrap() {
            Message::Text(text) => {
                let message: Value = serde_json::from_str(&text).unwrap();
                if message["id"] == "3" {
                    break message;
                }
            }
            Message::Close(close) => panic!("closed: {close:?}"),
            _ => {}
        }
    };
    // Refused as the guard refuses: an `error` message, its payload the
    // errors, and no `complete` after it.
    assert_eq!(refused["type"], "error", "{refused}");
    while let Some(Message::Text(text)) = frame(&mut first, Duration::from_millis(300)).await {
        let message: Value = serde_json::from_str(&text).unwrap();
        assert_ne!(message["id"], "3", "after the error: {message}");
    }
    assert_eq!(
        refused["payload"][0]["extensions"]["code"], "TOO_MANY_SUBSCRIPTIONS",
        "{refused}"
    );
    // A closed connection counts no more: a new one opens.
    drop(second);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut again = open(&app.address).await;
    send(&mut again, json!({ "type": "connection_init" })).await;
    match frame(&mut again, Duration::from_secs(5)).await {
        Some(Message::Text(text)) => assert!(text.contains("connection_ack"), "{text}"),
        other => panic!("not acknowledged: {other:?}"),
    }
}

/// A connection's read buffer is small (most clients send little), and a
/// message many times its size is still read whole.
#[tokio::test]
async fn a_message_far_beyond_the_read_buffer_is_read_whole() {
    let app = spawn_app_with(Backend::Sqlite, |_| {}).await.unwrap();
    let mut socket = open(&app.address).await;
    send(&mut socket, json!({ "type": "connection_init" })).await;
    let padding = "x".repeat(200 * 1024);
    send(
        &mut socket,
        json!({ "id": "1", "type": "subscribe", "payload": {
            "query": "query($pad: String) { links(search: $pad) { id } }",
            "variables": { "pad": padding } } }),
    )
    .await;
    let answers = messages(&mut socket, 2).await;
    assert_eq!(answers[0]["type"], "connection_ack");
    assert_eq!(answers[1]["payload"], json!({ "data": { "links": [] } }));
}
