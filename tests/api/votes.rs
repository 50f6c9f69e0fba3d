//! Votes: only signed-in users vote, only for links that exist; a second
//! vote for the same link changes nothing.

use serde_json::json;

use crate::helpers::{TestApp, error};
use crate::on_both_backends;

on_both_backends!(
    anonymous_votes_are_refused,
    votes_need_an_existing_link,
    votes_are_recorded_once
);

const VOTE: &str = "mutation($id: Int) { createVote(linkId: $id) { user { username } link { id url votes { user { username } } } } }";

async fn anonymous_votes_are_refused(app: &TestApp) {
    app.post_link(None, "https://graphql.org", "x").await;
    let body = app.gql(VOTE, json!({ "id": 1 })).await;
    assert_eq!(
        error(&body),
        ("You must be logged to vote!", "UNAUTHENTICATED")
    );
    assert_eq!(body["data"], json!({ "createVote": null }));
    let garbage = app.gql_as("JWT garbage", VOTE, json!({ "id": 1 })).await;
    assert_eq!(
        error(&garbage),
        ("Error decoding signature", "INVALID_TOKEN")
    );
}

async fn votes_need_an_existing_link(app: &TestApp) {
    let token = format!("JWT {}", app.sign_up("bob").await);
    let missing = app.gql_as(&token, VOTE, json!({ "id": 42 })).await;
    assert_eq!(error(&missing), ("Invalid Link!", "NOT_FOUND"));
    let absent = app.gql_as(&token, VOTE, json!({})).await;
    assert_eq!(error(&absent), ("Invalid Link!", "NOT_FOUND"));
}

async fn votes_are_recorded_once(app: &TestApp) {
    let token = format!("JWT {}", app.sign_up("carol").await);
    let link = app.post_link(None, "https://graphql.org", "x").await;
    let id = link["data"]["createLink"]["id"].clone();
    let first = app.gql_as(&token, VOTE, json!({ "id": id })).await;
    let vote = &first["data"]["createVote"];
    assert_eq!(vote["user"]["username"], "carol");
    assert_eq!(vote["link"]["url"], "https://graphql.org");
    assert_eq!(
        vote["link"]["votes"],
        json!([{ "user": { "username": "carol" } }])
    );
    let again = app.gql_as(&token, VOTE, json!({ "id": id })).await;
    assert!(again["errors"].is_null(), "{again}");
    let votes = app
        .gql("{ votes { id user { username } link { url } } }", json!({}))
        .await;
    assert_eq!(
        votes["data"]["votes"].as_array().unwrap().len(),
        1,
        "{votes}"
    );
    let listed = app.gql("{ links { votes { id } } }", json!({})).await;
    assert_eq!(
        listed["data"]["links"][0]["votes"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}
