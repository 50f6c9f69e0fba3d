//! Real clients for the integration tests of the server and the mock (they
//! include this file by path): server-sent events at `/graphql/stream`,
//! graphql-ws at `/graphql/ws` (tokio-tungstenite), the check that every
//! transport passes the runtime's guard, and a served binary whose output
//! lines are read as they come.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
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
            Some(Ok(Message::Text(text))) => {
                return Some(serde_json::from_str(&text).expect("a message of JSON"));
            }
            Some(Ok(Message::Ping(_) | Message::Pong(_))) => continue,
            Some(Ok(Message::Close(_))) | Some(Err(_)) | None => return None,
            Some(Ok(_)) => continue,
        }
    }
}

/// Runs `query` over a new connection: the payload of its first `next`
/// message, or `{"errors": …}` of an `error` message (a refusal), which
/// has no `complete` after it.
pub async fn ws_operation(base: &str, query: &str) -> Value {
    let mut socket = ws_connect(base).await;
    send(
        &mut socket,
        json!({ "id": "1", "type": "subscribe", "payload": { "query": query } }),
    )
    .await;
    let message = receive(&mut socket).await.expect("an answer to subscribe");
    match message["type"].as_str() {
        Some("next") => message["payload"].clone(),
        Some("error") => json!({ "errors": message["payload"] }),
        _ => panic!("neither `next` nor `error`: {message}"),
    }
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

/// Refused alike by GET, server-sent events and WebSocket: a document with
/// 16 aliases (beyond the default 15) and one nested 100 deep (before any
/// parser), a body and a message beyond the default 1 MiB; and `query`, a
/// document every limit allows, answered over both streams as `answer`.
pub async fn assert_every_transport_is_guarded(base: &str, query: &str, answer: &Value) {
    let aliases: String = (0..16).map(|i| format!("a{i}: __typename ")).collect();
    let too_many_aliases = format!("{{ {aliases} }}");
    let deep = format!("{{ f(a: {}1{}) }}", "[".repeat(100), "]".repeat(100));
    let refusals = [
        (too_many_aliases, "The operation has more than 15 aliases."),
        (deep, "The document nests deeper than 64 levels."),
    ];
    for (document, refused) in &refusals {
        let by_get = reqwest::Client::new()
            .get(format!("{base}/graphql"))
            .query(&[("query", document.as_str())])
            .send()
            .await
            .expect("the server answers");
        assert_eq!(by_get.status(), 400, "GET");
        let body: Value = by_get.json().await.expect("a JSON body");
        assert_eq!(body["errors"][0]["message"], *refused, "GET: {body}");

        let (status, text) = sse(base, json!({ "query": document }).to_string()).await;
        assert_eq!(status, 400, "SSE: {text}");
        let body: Value = serde_json::from_str(&text).expect("a JSON body");
        assert_eq!(body["errors"][0]["message"], *refused, "SSE: {body}");

        let payload = ws_operation(base, document).await;
        assert_eq!(
            payload["errors"][0]["message"], *refused,
            "WebSocket: {payload}"
        );
        assert!(payload["data"].is_null(), "WebSocket: {payload}");
    }
    let huge = json!({ "query": query, "variables": { "x": "a".repeat(2 << 20) } });
    let (status, _) = sse(base, huge.to_string()).await;
    assert_eq!(status, 413, "the stream's body is read within the limit");
    assert!(
        ws_oversized_message_closes(base, 2 << 20).await,
        "a WebSocket message beyond max_body_bytes closes the connection"
    );

    let (status, text) = sse(base, json!({ "query": query }).to_string()).await;
    assert_eq!(status, 200, "{text}");
    assert_eq!(first_event(&text), *answer, "SSE");
    assert_eq!(ws_operation(base, query).await, *answer, "WebSocket");
}

/// A served binary, and the lines it prints, read as they come.
pub struct Process {
    child: Child,
    pub stdout: mpsc::Receiver<String>,
    pub stderr: mpsc::Receiver<String>,
}

impl Process {
    pub fn start(binary: &str, args: &[&str]) -> Process {
        let mut child = Command::new(binary)
            .args(args)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary starts");
        let lines = |pipe: Box<dyn std::io::Read + Send>| {
            let (send, receive) = mpsc::channel();
            std::thread::spawn(move || {
                for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                    let _ = send.send(line);
                }
            });
            receive
        };
        let stdout = lines(Box::new(child.stdout.take().expect("stdout")));
        let stderr = lines(Box::new(child.stderr.take().expect("stderr")));
        Process {
            child,
            stdout,
            stderr,
        }
    }

    /// The first line on `pipe` that `wanted` accepts, within a minute.
    pub fn line(pipe: &mpsc::Receiver<String>, wanted: impl Fn(&str) -> bool) -> Option<String> {
        let deadline = Instant::now() + Duration::from_secs(60);
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match pipe.recv_timeout(left) {
                Ok(line) if wanted(&line) => return Some(line),
                Ok(_) => {}
                Err(_) => return None,
            }
        }
        None
    }

    /// The address from the mock's `mock: serving … at http://…/graphql`.
    pub fn address(&self) -> String {
        let line = Process::line(&self.stdout, |l| l.starts_with("mock: serving"))
            .expect("the mock says where it serves");
        let url = line.rsplit(' ').next().expect("an address");
        url.trim_end_matches("/graphql").to_string()
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
