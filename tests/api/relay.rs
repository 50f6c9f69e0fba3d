//! Relay: global IDs, `node`, `relayLink`, connections with cursors and
//! page info, filters, the 100-record limit, and `relayCreateLink`.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};

use crate::helpers::{TestApp, error};
use crate::on_both_backends;

on_both_backends!(
    connections_page_forwards_and_backwards,
    filters_match_exactly_or_ignoring_case,
    more_than_a_hundred_records_are_refused,
    global_ids_resolve_through_node_and_relay_link,
    relay_create_link_echoes_the_client_mutation_id,
    nested_connections_page_votes_and_user_sets,
);

fn b64(text: &str) -> String {
    STANDARD.encode(text)
}

async fn five_links(app: &TestApp) {
    for i in 0..5 {
        app.post_link(None, &format!("https://{i}.example"), &format!("Link {i}"))
            .await;
    }
}

fn urls(connection: &Value) -> Vec<&str> {
    connection["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["url"].as_str().unwrap())
        .collect()
}

const PAGE: &str = "query($first: Int, $last: Int, $after: String, $before: String, $offset: Int) {
  relayLinks(first: $first, last: $last, after: $after, before: $before, offset: $offset) {
    edges { cursor node { id url } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}";

async fn connections_page_forwards_and_backwards(app: &TestApp) {
    five_links(app).await;
    let first = app.gql(PAGE, json!({ "first": 2 })).await;
    let page = &first["data"]["relayLinks"];
    assert_eq!(urls(page), ["https://0.example", "https://1.example"]);
    assert_eq!(page["edges"][0]["cursor"], b64("arrayconnection:0"));
    assert_eq!(page["edges"][0]["node"]["id"], b64("LinkNode:1"));
    assert_eq!(
        page["pageInfo"],
        json!({
            "hasNextPage": true, "hasPreviousPage": false,
            "startCursor": b64("arrayconnection:0"), "endCursor": b64("arrayconnection:1"),
        })
    );
    let next = app
        .gql(
            PAGE,
            json!({ "first": 2, "after": page["pageInfo"]["endCursor"] }),
        )
        .await;
    assert_eq!(
        urls(&next["data"]["relayLinks"]),
        ["https://2.example", "https://3.example"]
    );
    let last = app.gql(PAGE, json!({ "last": 2 })).await;
    assert_eq!(
        urls(&last["data"]["relayLinks"]),
        ["https://3.example", "https://4.example"]
    );
    assert_eq!(
        last["data"]["relayLinks"]["pageInfo"]["hasPreviousPage"],
        true
    );
    let before = app
        .gql(
            PAGE,
            json!({ "last": 1, "before": b64("arrayconnection:2") }),
        )
        .await;
    assert_eq!(urls(&before["data"]["relayLinks"]), ["https://1.example"]);
    let offset = app.gql(PAGE, json!({ "first": 1, "offset": 3 })).await;
    assert_eq!(urls(&offset["data"]["relayLinks"]), ["https://3.example"]);
    let bad_cursor = app
        .gql(PAGE, json!({ "first": 1, "after": "nonsense" }))
        .await;
    assert_eq!(error(&bad_cursor).1, "BAD_USER_INPUT");
}

async fn filters_match_exactly_or_ignoring_case(app: &TestApp) {
    app.post_link(None, "https://GraphQL.org", "Query language")
        .await;
    app.post_link(None, "https://graphql.org/learn", "Learn it")
        .await;
    let exact = app
        .gql(
            "{ relayLinks(url: \"https://graphql.org/learn\") { edges { node { url } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        urls(&exact["data"]["relayLinks"]),
        ["https://graphql.org/learn"]
    );
    let icontains = app
        .gql(
            "{ relayLinks(url_Icontains: \"GRAPHQL\") { edges { node { url } } } }",
            json!({}),
        )
        .await;
    assert_eq!(urls(&icontains["data"]["relayLinks"]).len(), 2);
    let description = app
        .gql(
            "{ relayLinks(description: \"learn it\") { edges { node { url } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        urls(&description["data"]["relayLinks"]).len(),
        0,
        "exact filters are exact"
    );
    let description_i = app
        .gql(
            "{ relayLinks(description_Icontains: \"LEARN\") { edges { node { url } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        urls(&description_i["data"]["relayLinks"]),
        ["https://graphql.org/learn"]
    );
}

async fn more_than_a_hundred_records_are_refused(app: &TestApp) {
    let body = app
        .gql("{ relayLinks(first: 101) { edges { cursor } } }", json!({}))
        .await;
    assert_eq!(
        error(&body),
        (
            "Requesting 101 records on the `LinkNodeConnection` connection exceeds the `first` limit of 100 records.",
            "BAD_USER_INPUT"
        )
    );
}

async fn global_ids_resolve_through_node_and_relay_link(app: &TestApp) {
    let token = format!("JWT {}", app.sign_up("peggy").await);
    app.post_link(None, "https://graphql.org", "x").await;
    app.gql_as(
        &token,
        "mutation { createVote(linkId: 1) { link { id } } }",
        json!({}),
    )
    .await;
    let link = app
        .gql(
            "query($id: ID!) { relayLink(id: $id) { id url } }",
            json!({ "id": b64("LinkNode:1") }),
        )
        .await;
    assert_eq!(
        link["data"]["relayLink"],
        json!({ "id": b64("LinkNode:1"), "url": "https://graphql.org" })
    );
    let node = app
        .gql(
            "query($a: ID!, $b: ID!) { a: node(id: $a) { __typename id ... on LinkNode { url } } b: node(id: $b) { __typename ... on VoteNode { user { username } link { url } } } }",
            json!({ "a": b64("LinkNode:1"), "b": b64("VoteNode:1") }),
        )
        .await;
    assert_eq!(node["data"]["a"]["__typename"], "LinkNode");
    assert_eq!(node["data"]["a"]["url"], "https://graphql.org");
    assert_eq!(
        node["data"]["b"],
        json!({ "__typename": "VoteNode", "user": { "username": "peggy" }, "link": { "url": "https://graphql.org" } })
    );
    let absent = app
        .gql(
            "query($id: ID!) { relayLink(id: $id) { id } }",
            json!({ "id": b64("LinkNode:99") }),
        )
        .await;
    assert_eq!(absent["data"]["relayLink"], Value::Null);
    let malformed = app.gql("{ node(id: \"@@@\") { id } }", json!({})).await;
    assert_eq!(error(&malformed).1, "BAD_USER_INPUT");
}

async fn relay_create_link_echoes_the_client_mutation_id(app: &TestApp) {
    let body = app
        .gql(
            "mutation($input: RelayCreateLinkInput!) { relayCreateLink(input: $input) { clientMutationId link { id url description } } }",
            json!({ "input": { "url": "https://relay.dev", "description": "Relay", "clientMutationId": "abc" } }),
        )
        .await;
    let payload = &body["data"]["relayCreateLink"];
    assert_eq!(payload["clientMutationId"], "abc");
    assert_eq!(
        payload["link"],
        json!({ "id": b64("LinkNode:1"), "url": "https://relay.dev", "description": "Relay" })
    );
    let bad = app
        .gql(
            "mutation { relayCreateLink(input: { url: \"nope\" }) { link { id } } }",
            json!({}),
        )
        .await;
    assert_eq!(error(&bad), ("Enter a valid URL.", "BAD_USER_INPUT"));
}

async fn nested_connections_page_votes_and_user_sets(app: &TestApp) {
    let tokens = [app.sign_up("quinn").await, app.sign_up("rupert").await];
    let posted = app
        .post_link(
            Some(&format!("JWT {}", tokens[0])),
            "https://graphql.org",
            "x",
        )
        .await;
    assert!(posted["errors"].is_null(), "{posted}");
    for token in &tokens {
        app.gql_as(
            &format!("JWT {token}"),
            "mutation { createVote(linkId: 1) { link { id } } }",
            json!({}),
        )
        .await;
    }
    let body = app
        .gql(
            "{ relayLinks { edges { node { votes(first: 1) { edges { node { user { username } } } pageInfo { hasNextPage } } } } }
               users { username linkSet { edges { node { url } } } voteSet(last: 1) { edges { node { link { url } } } } } }",
            json!({}),
        )
        .await;
    let votes = &body["data"]["relayLinks"]["edges"][0]["node"]["votes"];
    assert_eq!(votes["edges"][0]["node"]["user"]["username"], "quinn");
    assert_eq!(votes["pageInfo"]["hasNextPage"], true);
    let users = &body["data"]["users"];
    assert_eq!(
        users[0]["linkSet"]["edges"][0]["node"]["url"],
        "https://graphql.org"
    );
    assert_eq!(users[1]["linkSet"]["edges"], json!([]));
    assert_eq!(
        users[1]["voteSet"]["edges"][0]["node"]["link"]["url"],
        "https://graphql.org"
    );
}
