//! Links: posting (signed in or anonymous), listing, search and pagination.

use serde_json::json;

use crate::helpers::{TestApp, error};
use crate::on_both_backends;

on_both_backends!(
    anonymous_links_have_no_poster,
    signed_in_links_record_the_poster,
    bad_urls_are_domain_errors,
    a_malformed_token_fails_create_link,
    search_ignores_case_over_url_and_description,
    search_treats_wildcards_literally,
    first_and_skip_paginate,
);

async fn anonymous_links_have_no_poster(app: &TestApp) {
    let body = app
        .post_link(None, "https://graphql.org", "The GraphQL site")
        .await;
    let link = &body["data"]["createLink"];
    assert_eq!(link["url"], "https://graphql.org");
    assert_eq!(link["description"], "The GraphQL site");
    assert!(link["postedBy"].is_null());
    assert!(link["id"].is_i64(), "CreateLink.id is an Int: {body}");
    let listed = app
        .gql(
            "{ links { id url description postedBy { username } } }",
            json!({}),
        )
        .await;
    assert_eq!(listed["data"]["links"][0]["url"], "https://graphql.org");
    assert_eq!(listed["data"]["links"][0]["id"], link["id"].to_string());
}

async fn signed_in_links_record_the_poster(app: &TestApp) {
    let token = app.sign_up("alice").await;
    let body = app
        .post_link(
            Some(&format!("JWT {token}")),
            "https://www.howtographql.com",
            "Tutorials",
        )
        .await;
    assert_eq!(body["data"]["createLink"]["postedBy"]["username"], "alice");
    let listed = app
        .gql("{ links { postedBy { username } } }", json!({}))
        .await;
    assert_eq!(listed["data"]["links"][0]["postedBy"]["username"], "alice");
}

async fn bad_urls_are_domain_errors(app: &TestApp) {
    for url in ["not a url", "javascript:alert(1)", "ftp://files.example"] {
        let body = app.post_link(None, url, "x").await;
        assert_eq!(
            error(&body),
            ("Enter a valid URL.", "BAD_USER_INPUT"),
            "{url}: {body}"
        );
        assert!(body["data"]["createLink"].is_null());
        assert_eq!(body["errors"][0]["path"], json!(["createLink"]), "{body}");
    }
    let missing = app
        .gql(
            "mutation { createLink(description: \"no url\") { id } }",
            json!({}),
        )
        .await;
    assert_eq!(error(&missing), ("The url is required.", "BAD_USER_INPUT"));
    let empty = app.post_link(None, "  ", "x").await;
    assert_eq!(error(&empty), ("The url is required.", "BAD_USER_INPUT"));
    let no_description = app
        .gql(
            "mutation { createLink(url: \"https://a.example\") { description } }",
            json!({}),
        )
        .await;
    assert_eq!(no_description["data"]["createLink"]["description"], "");
    let listed = app.gql("{ links { url } }", json!({})).await;
    assert_eq!(
        listed["data"]["links"].as_array().unwrap().len(),
        1,
        "nothing stored by the failures"
    );
}

async fn a_malformed_token_fails_create_link(app: &TestApp) {
    let body = app
        .post_link(Some("JWT not-a-token"), "https://graphql.org", "x")
        .await;
    assert_eq!(error(&body), ("Error decoding signature", "INVALID_TOKEN"));
    let listed = app.gql("{ links { url } }", json!({})).await;
    assert_eq!(listed["data"]["links"], json!([]));
}

async fn search_ignores_case_over_url_and_description(app: &TestApp) {
    app.post_link(None, "https://graphql.org", "Query language")
        .await;
    app.post_link(
        None,
        "https://rust-lang.org",
        "Systems programming with GRAPHS",
    )
    .await;
    app.post_link(None, "https://python.org", "Batteries included")
        .await;
    let found = app
        .gql("{ links(search: \"graph\") { url } }", json!({}))
        .await;
    assert_eq!(
        found["data"]["links"],
        json!([{ "url": "https://graphql.org" }, { "url": "https://rust-lang.org" }])
    );
    let none = app
        .gql("{ links(search: \"haskell\") { url } }", json!({}))
        .await;
    assert_eq!(none["data"]["links"], json!([]));
}

async fn search_treats_wildcards_literally(app: &TestApp) {
    app.post_link(None, "https://a.example", "100% pure").await;
    app.post_link(None, "https://b.example", "plain").await;
    let found = app.gql("{ links(search: \"%\") { url } }", json!({})).await;
    assert_eq!(
        found["data"]["links"],
        json!([{ "url": "https://a.example" }])
    );
    let underscore = app.gql("{ links(search: \"_\") { url } }", json!({})).await;
    assert_eq!(underscore["data"]["links"], json!([]));
}

async fn first_and_skip_paginate(app: &TestApp) {
    for i in 1..=5 {
        app.post_link(None, &format!("https://{i}.example"), "x")
            .await;
    }
    let page = app
        .gql("{ links(first: 2, skip: 1) { url } }", json!({}))
        .await;
    assert_eq!(
        page["data"]["links"],
        json!([{ "url": "https://2.example" }, { "url": "https://3.example" }])
    );
    let tail = app.gql("{ links(skip: 4) { url } }", json!({})).await;
    assert_eq!(
        tail["data"]["links"],
        json!([{ "url": "https://5.example" }])
    );
    let negative = app.gql("{ links(first: -1) { url } }", json!({})).await;
    assert_eq!(error(&negative).1, "BAD_USER_INPUT");
}
