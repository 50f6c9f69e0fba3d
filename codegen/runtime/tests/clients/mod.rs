//! Real clients of the three transports beside GET and POST, for the
//! integration tests of the runtime, the mock and any server on it (they
//! include this file by path): server-sent events at `/graphql/stream`
//! and graphql-ws at `/graphql/ws` (tokio-tungstenite).

#![allow(dead_code)]

use std::time::Duration;

use async_graphql::futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

/// `POST {base}/graphql/stream` with `body`: the status and the whole text.
pub async fn sse(base: &str, body: String) -> (u16, String) {
    let response = reqwest::Client::new()
        .post(format!("{base}/graphql/stream"))
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .expect("the server answers");
    let status = response.status().as_u16();
    (status, response.text().await.unwrap_or_default())
}

/// The first `data:` line of an event stream, as JSON.
pub fn first_event(text: &str) -> Value {
    let line = text
        .lines()
        .find_map(|l| l.strip_prefix("data: "))
        .unwrap_or_else(|| panic!("no event in {text:?}"));
    serde_json::from_str(line).expect("an event of JSON")
}

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// A graphql-ws (`graphql-transport-ws`) connection, acknowledged.
pub async fn ws_connect(base: &str) -> Socket {
    let url = format!("{}/graphql/ws", base.replacen("http", "ws", 1));
    let mut request = url.into_client_request().expect("a WebSocket URL");
    request.headers_mut().insert(
        "sec-websocket-protocol",
        "graphql-transport-ws".parse().unwrap(),
    );
    let (mut socket, _) = tokio_tungstenite::connect_async(request)
        .await
        .expect("the WebSocket opens");
    send(&mut socket, json!({ "type": "connection_init" })).await;
    let ack = receive(&mut socket)
        .await
        .expect("an answer to connection_init");
    assert_eq!(ack["type"], "connection_ack", "{ack}");
    socket
}

pub async fn send(socket: &mut Socket, message: Value) {
    socket
        .send(Message::Text(message.to_string().into()))
        .await
        .expect("the message is sent");
}

/// The next JSON message, or `None` once the server closed the connection.
pub async fn receive(socket: &mut Socket) -> Option<Value> {
    loop {
        let next = tokio::time::timeout(Duration::from_secs(20), socket.next())
            .await
            .expect("the server answers within 20 s");
        match next {
            Some(Ok(Message::Text(text))) => return serde_json::from_str(&text).ok(),
            Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
            Some(Ok(Message::Close(_))) | Some(Err(_)) | None => return None,
            Some(Ok(_)) => continue,
        }
    }
}

/// Runs `query` over a new connection: the payload of its first `next`
/// (or `error`) message.
pub async fn ws_operation(base: &str, query: &str) -> Value {
    let mut socket = ws_connect(base).await;
    send(
        &mut socket,
        json!({ "id": "1", "type": "subscribe", "payload": { "query": query } }),
    )
    .await;
    let message = receive(&mut socket).await.expect("an answer to subscribe");
    assert!(
        matches!(message["type"].as_str(), Some("next" | "error")),
        "{message}"
    );
    message["payload"].clone()
}

/// Sends one text message of `bytes` bytes; whether the server then closed
/// the connection.
pub async fn ws_oversized_message_closes(base: &str, bytes: usize) -> bool {
    let mut socket = ws_connect(base).await;
    let query = format!("{{ __typename }}{}", " ".repeat(bytes));
    let message = json!({ "id": "1", "type": "subscribe", "payload": { "query": query } });
    let _ = socket.send(Message::Text(message.to_string().into())).await;
    receive(&mut socket).await.is_none()
}
