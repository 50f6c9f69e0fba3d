//! The server over real HTTP, on a fresh SQLite file and a free port.

use poem::listener::{Acceptor, Listener, TcpListener};
use serde_json::{Value, json};

async fn spawn() -> (String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("library.db").display());
    let acceptor = TcpListener::bind("127.0.0.1:0")
        .into_acceptor()
        .await
        .unwrap();
    let address = acceptor.local_addr()[0]
        .to_string()
        .replace("socket://", "http://");
    let routes = {{crate}}::routes(&url).await.expect("the app starts");
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
async fn books_are_listed_with_their_authors_and_added() {
    let (address, _dir) = spawn().await;
    let added = gql(
        &address,
        r#"mutation { addBook(title: "The Left Hand of Darkness", authorId: "2") { id author { name } } }"#,
    )
    .await;
    assert_eq!(
        added,
        json!({ "data": { "addBook": { "id": "4", "author": { "name": "Ursula K. Le Guin" } } } })
    );
    let author = gql(&address, r#"{ author(id: "2") { name books { title } } }"#).await;
    assert_eq!(
        author["data"]["author"]["books"][1]["title"],
        "The Left Hand of Darkness",
        "{author}"
    );
    let unknown = gql(
        &address,
        r#"mutation { addBook(title: "?", authorId: "9") { id } }"#,
    )
    .await;
    assert_eq!(unknown["errors"][0]["message"], "No author has the id 9.");
    let caller: Value = reqwest::Client::new()
        .post(format!("{address}/graphql"))
        .header("authorization", "Bearer reader")
        .json(&json!({ "query": "{ caller }" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(caller, json!({ "data": { "caller": "Bearer reader" } }));
}
