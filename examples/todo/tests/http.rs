//! The to-do list over real HTTP, on a fresh SQLite file and a free port.

use poem::listener::{Acceptor, Listener, TcpListener};
use serde_json::{Value, json};

async fn spawn() -> (String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("todo.db").display());
    let routes = weftql_example_todo::routes(&url)
        .await
        .expect("the app starts");
    let acceptor = TcpListener::bind("127.0.0.1:0")
        .into_acceptor()
        .await
        .unwrap();
    let address = acceptor.local_addr()[0]
        .to_string()
        .replace("socket://", "http://");
    tokio::spawn(poem::Server::new_with_acceptor(acceptor).run(routes));
    (address, dir)
}

async fn gql(address: &str, query: &str) -> Value {
    reqwest::Client::new()
        .post(format!("{address}/graphql"))
        .json(&json!({ "query": query }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn todos_are_added_listed_and_done() {
    let (address, _dir) = spawn().await;
    let added = gql(
        &address,
        r#"mutation { addTodo(title: "write the README") { id title done } }"#,
    )
    .await;
    assert_eq!(
        added["data"]["addTodo"]["title"], "write the README",
        "{added}"
    );
    assert_eq!(added["data"]["addTodo"]["done"], false);
    let id = added["data"]["addTodo"]["id"].as_str().unwrap().to_string();
    gql(&address, r#"mutation { addTodo(title: "ship it") { id } }"#).await;

    let done = gql(
        &address,
        &format!(r#"mutation {{ setDone(id: "{id}", done: true) {{ done }} }}"#),
    )
    .await;
    assert_eq!(done, json!({ "data": { "setDone": { "done": true } } }));
    let open = gql(&address, "{ todos(done: false) { title } }").await;
    assert_eq!(
        open,
        json!({ "data": { "todos": [{ "title": "ship it" }] } })
    );
    let all = gql(
        &address,
        "{ todos { title } missing: todo(id: \"999\") { id } }",
    )
    .await;
    assert_eq!(all["data"]["todos"].as_array().unwrap().len(), 2, "{all}");
    assert!(all["data"]["missing"].is_null());
}

#[tokio::test]
async fn bad_input_is_a_coded_error_and_hostile_documents_are_refused() {
    let (address, _dir) = spawn().await;
    let empty = gql(&address, r#"mutation { addTodo(title: "  ") { id } }"#).await;
    assert_eq!(
        empty["errors"][0]["message"], "A to-do needs a title.",
        "{empty}"
    );
    assert_eq!(empty["errors"][0]["extensions"]["code"], "BAD_USER_INPUT");
    let deep = format!("{{ todos {} }}", "{ title ".repeat(70) + &"}".repeat(70));
    let refused = gql(&address, &deep).await;
    assert_eq!(
        refused["errors"][0]["message"], "The document nests deeper than 64 levels.",
        "{refused}"
    );
}
