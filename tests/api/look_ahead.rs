//! Lookups read only the columns a selection shows (and the keys): every
//! field asked alone, at every place a model is read (root lists, relations,
//! voters read with their votes, connections), answers what it answers when
//! every field is asked, all in one request, so the partial rows of one
//! selection never answer another.

use hackernews::seed::{Amounts, seed};
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
    ("votes { user {} }", USER),
    ("votes { link {} }", LINK),
    ("relayLinks(first: 30) { edges { node {} } }", LINK),
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
        let with = |fields: &str| place.replace("{}", &format!("{{ {fields} }}"));
        let mut query = format!("{{ all: {}", with(&fields.join(" ")));
        for (i, field) in fields.iter().enumerate() {
            query.push_str(&format!(" alone{i}: {}", with(field)));
        }
        query.push_str(" }");
        let body = app.gql(&query, json!({})).await;
        assert!(body["errors"].is_null(), "{place}: {body}");
        let all = &body["data"]["all"];
        assert!(has_values(all), "{place}: nothing to compare in {all}");
        for (i, field) in fields.iter().enumerate() {
            let alone = &body["data"][format!("alone{i}")];
            assert_eq!(
                &shaped_as(all, alone),
                alone,
                "{place}, `{field}` alone differs from `{field}` among all"
            );
        }
    }
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

on_both_backends!(each_field_alone_answers_as_with_all_the_others);
