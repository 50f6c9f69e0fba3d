//! Lookups read only the columns a selection shows (and the keys): every
//! field asked alone, in a request of its own, at every place a model is
//! read (root lists, relations, posters read with their links, users the
//! request read already, connections, through fragments and directives),
//! answers what it answers when every field is asked; and what is asked
//! with every field holds no value a column left unread would (an empty
//! string, the epoch).

use chrono::Utc;
use hackernews::entities::link;
use hackernews::seed::{Amounts, seed};
use sea_orm::{ActiveModelTrait, Set};
use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::on_both_backends;

const USER: &[&str] = &["id", "username", "email", "dateJoined", "lastLogin"];
const LINK: &[&str] = &["id", "url", "description", "postedBy { id }"];
const VOTE: &[&str] = &["id", "user { id }", "link { id }"];

/// Where models are read, each with `{}` where the fields go, and the
/// fields to ask there.
const PLACES: &[(&str, &[&str])] = &[
    ("links {}", LINK),
    ("users {}", USER),
    ("votes {}", VOTE),
    ("links { postedBy {} }", USER),
    ("links { votes {} }", VOTE),
    ("links { votes { user {} } }", USER),
    ("links { postedBy { id } votes { user {} } }", USER),
    ("votes { user {} }", USER),
    ("votes { link {} }", LINK),
    ("votes { link { postedBy {} } }", USER),
    ("links { ... on LinkType {} }", LINK),
    ("links { postedBy @include(if: true) {} }", USER),
    ("relayLinks(first: 30) { edges { node {} } }", LINK),
    (
        "relayLinks(first: 30) { edges { node { postedBy {} } } }",
        USER,
    ),
    (
        "relayLinks(first: 30) { edges { node { votes(first: 2) { edges { node {} } } } } }",
        VOTE,
    ),
    (
        "relayLinks(first: 30) { edges { node { votes(first: 2) { edges { node { user {} } } } } } }",
        USER,
    ),
    ("users { linkSet(first: 3) { edges { node {} } } }", LINK),
    ("users { voteSet(first: 3) { edges { node {} } } }", VOTE),
];

async fn each_field_alone_answers_as_with_all_the_others(app: &TestApp) {
    seed(&app.db, Amounts::default()).await.unwrap();
    // A user who has logged in, so `lastLogin` has a value to read.
    app.sign_up("logged_in").await;
    for (place, fields) in PLACES {
        let query =
            |fields: &str| format!("{{ {} }}", place.replace("{}", &format!("{{ {fields} }}")));
        let all = app.gql(&query(&fields.join(" ")), json!({})).await;
        assert!(all["errors"].is_null(), "{place}: {all}");
        let all = &all["data"];
        assert!(has_values(all), "{place}: nothing to compare in {all}");
        assert_read(all, place);
        for field in *fields {
            let alone = app.gql(&query(field), json!({})).await;
            assert!(alone["errors"].is_null(), "{place}, {field}: {alone}");
            let alone = &alone["data"];
            assert_eq!(
                &shaped_as(all, alone),
                alone,
                "{place}: `{field}` alone differs from `{field}` among all"
            );
        }
    }
}

/// A mutation that changes a user (a login) makes later fields of the
/// same mutation read that user afresh.
async fn a_mutation_reads_a_user_again_once_it_changed_them(app: &TestApp) {
    let created = app
        .gql(
            r#"mutation { createUser(username: "poster", email: "p@example.com", password: "pw-123456") { user { id } } }"#,
            json!({}),
        )
        .await;
    let poster: i32 = created["data"]["createUser"]["user"]["id"]
        .as_str()
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("{created}"));
    let link = link::ActiveModel {
        url: Set("https://posted.example".into()),
        description: Set("by a user who never logged in".into()),
        posted_by_id: Set(Some(poster)),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .unwrap();
    let voter = format!("JWT {}", app.sign_up("voter").await);
    let body = app
        .gql_as(
            &voter,
            r#"mutation($link: Int) {
                before: createVote(linkId: $link) { link { postedBy { lastLogin } } }
                login: tokenAuth(username: "poster", password: "pw-123456") { token }
                after: createVote(linkId: $link) { link { postedBy { lastLogin } } }
            }"#,
            json!({ "link": link.id }),
        )
        .await;
    assert!(body["errors"].is_null(), "{body}");
    let last_login = |key: &str| body["data"][key]["link"]["postedBy"]["lastLogin"].clone();
    assert_eq!(last_login("before"), Value::Null, "{body}");
    assert!(last_login("after").is_string(), "{body}");
}

/// `all` with only the keys `alone` has, at every level.
fn shaped_as(all: &Value, alone: &Value) -> Value {
    match (all, alone) {
        (Value::Object(all), Value::Object(alone)) => alone
            .keys()
            .map(|key| {
                let value = all.get(key).unwrap_or(&Value::Null);
                (key.clone(), shaped_as(value, &alone[key]))
            })
            .collect(),
        (Value::Array(all), Value::Array(alone)) if all.len() == alone.len() => all
            .iter()
            .zip(alone)
            .map(|(all, alone)| shaped_as(all, alone))
            .collect(),
        _ => all.clone(),
    }
}

/// Whether any string, number or `true` is in `value`: lists that are all
/// empty would compare equal whatever was read.
fn has_values(value: &Value) -> bool {
    match value {
        Value::Object(map) => map.values().any(has_values),
        Value::Array(items) => items.iter().any(has_values),
        Value::Null | Value::Bool(false) => false,
        _ => true,
    }
}

/// No value in `value` is what a column left unread holds.
fn assert_read(value: &Value, place: &str) {
    match value {
        Value::Object(map) => map.values().for_each(|v| assert_read(v, place)),
        Value::Array(items) => items.iter().for_each(|v| assert_read(v, place)),
        Value::String(text) => assert!(
            !text.is_empty() && !text.starts_with("1970-01-01"),
            "{place}: a default value {text:?}, as from a column not read"
        ),
        _ => {}
    }
}

on_both_backends!(
    each_field_alone_answers_as_with_all_the_others,
    a_mutation_reads_a_user_again_once_it_changed_them
);
