//! Bounded lists: with `max_list_items` at 3, a list field that would
//! return more fails with `LIST_TOO_LONG` (root lists and a link's votes),
//! one within the bound or cut by `first` answers, and a nested connection
//! read forwards pages past the bound while one read backwards over a
//! longer list is refused, on SQLite and on PostgreSQL.

use serde_json::{Value, json};

use crate::helpers::{Backend, error, spawn_app_with};

const MAX: usize = 3;

async fn scenario(backend: Backend) {
    let Some(app) = spawn_app_with(backend, |config| config.max_list_items = MAX).await else {
        eprintln!("skipped: PostgreSQL is not reachable");
        return;
    };
    let tokens = [
        app.sign_up("ann").await,
        app.sign_up("bob").await,
        app.sign_up("cat").await,
    ];
    let poster = format!("JWT {}", tokens[0]);
    for n in 1..=MAX {
        let posted = app
            .post_link(Some(&poster), &format!("https://{n}.example"), "x")
            .await;
        assert!(posted["errors"].is_null(), "{posted}");
    }
    let within = app
        .gql("{ links { url } users { username } }", json!({}))
        .await;
    assert!(within["errors"].is_null(), "{within}");
    assert_eq!(within["data"]["links"].as_array().unwrap().len(), MAX);

    app.post_link(Some(&poster), "https://4.example", "x").await;
    let sign_up = app.sign_up("dan").await;
    let over = app.gql("{ links { url } }", json!({})).await;
    assert_too_long(&over, "links");
    assert_eq!(over["data"], json!({ "links": null }));
    let over = app.gql("{ users { username } }", json!({})).await;
    assert_too_long(&over, "users");
    let cut = app
        .gql("{ links(first: 2, skip: 1) { url } }", json!({}))
        .await;
    assert_eq!(
        cut["data"]["links"],
        json!([{ "url": "https://2.example" }, { "url": "https://3.example" }])
    );
    let searched = app
        .gql("{ links(search: \"4.ex\") { url } }", json!({}))
        .await;
    assert_eq!(
        searched["data"]["links"],
        json!([{ "url": "https://4.example" }])
    );

    for token in tokens.iter().chain([&sign_up]) {
        let voted = app
            .gql_as(
                &format!("JWT {token}"),
                "mutation { createVote(linkId: 1) { link { id } } }",
                json!({}),
            )
            .await;
        assert!(voted["errors"].is_null(), "{voted}");
    }
    let votes = app
        .gql("{ links(first: 1) { url votes { id } } }", json!({}))
        .await;
    assert_too_long(&votes, "votes");

    // A forward page reads only itself: past the bound, pages still come.
    let page = app
        .gql(
            "{ relayLinks(first: 1) { edges { node { votes(first: 2, after: \"YXJyYXljb25uZWN0aW9uOjE=\") { edges { node { user { username } } } pageInfo { hasNextPage } } } } } }",
            json!({}),
        )
        .await;
    assert!(page["errors"].is_null(), "{page}");
    let votes = &page["data"]["relayLinks"]["edges"][0]["node"]["votes"];
    assert_eq!(
        votes["edges"],
        json!([
            { "node": { "user": { "username": "cat" } } },
            { "node": { "user": { "username": "dan" } } }
        ])
    );
    assert_eq!(votes["pageInfo"]["hasNextPage"], false);
    let backwards = app
        .gql(
            "{ relayLinks(first: 1) { edges { node { votes(last: 1) { edges { cursor } } } } } }",
            json!({}),
        )
        .await;
    assert_too_long(&backwards, "votes");
    let link_set = app
        .gql_as(
            &poster,
            "{ me { linkSet(first: 2, after: \"YXJyYXljb25uZWN0aW9uOjE=\") { edges { node { url } } pageInfo { hasNextPage } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        link_set["data"]["me"]["linkSet"],
        json!({
            "edges": [
                { "node": { "url": "https://3.example" } },
                { "node": { "url": "https://4.example" } }
            ],
            "pageInfo": { "hasNextPage": false }
        }),
        "{link_set}"
    );
    let backwards = app
        .gql_as(
            &poster,
            "{ me { linkSet(last: 1) { edges { cursor } } } }",
            json!({}),
        )
        .await;
    assert_too_long(&backwards, "linkSet");
}

fn assert_too_long(body: &Value, list: &str) {
    assert_eq!(
        error(body),
        (
            format!(
                "The list `{list}` would have more than {MAX} items, the most this server returns in one list."
            )
            .as_str(),
            "LIST_TOO_LONG"
        ),
        "{body}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lists_are_bounded_on_sqlite() {
    scenario(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lists_are_bounded_on_postgres() {
    scenario(Backend::Postgres).await;
}
