//! Accounts: creation with its checks, and what `UserType` does not show.

use serde_json::json;

use crate::helpers::{TestApp, error};
use crate::on_both_backends;

on_both_backends!(
    users_are_created_and_listed,
    duplicate_usernames_are_domain_errors,
    bad_account_input_is_refused,
    password_hashes_are_never_served,
);

const CREATE: &str = "mutation($u: String!, $e: String!, $p: String!) { createUser(username: $u, email: $e, password: $p) { user { id username email dateJoined lastLogin } } }";

async fn users_are_created_and_listed(app: &TestApp) {
    let body = app
        .gql(
            CREATE,
            json!({ "u": "dave", "e": "dave@example.com", "p": "secret-pw" }),
        )
        .await;
    let user = &body["data"]["createUser"]["user"];
    assert_eq!(user["username"], "dave");
    assert_eq!(user["email"], "dave@example.com");
    assert!(user["lastLogin"].is_null());
    let joined = chrono::DateTime::parse_from_rfc3339(user["dateJoined"].as_str().unwrap());
    assert!(joined.is_ok(), "dateJoined is RFC 3339: {body}");
    let users = app.gql("{ users { username } }", json!({})).await;
    assert_eq!(users["data"]["users"], json!([{ "username": "dave" }]));
}

async fn duplicate_usernames_are_domain_errors(app: &TestApp) {
    app.gql(
        CREATE,
        json!({ "u": "erin", "e": "erin@example.com", "p": "pw-1" }),
    )
    .await;
    let again = app
        .gql(
            CREATE,
            json!({ "u": "erin", "e": "other@example.com", "p": "pw-2" }),
        )
        .await;
    assert_eq!(
        error(&again),
        (
            "A user with that username already exists.",
            "USERNAME_TAKEN"
        )
    );
    let text = again.to_string().to_lowercase();
    assert!(
        !text.contains("unique") && !text.contains("constraint"),
        "no SQL text: {again}"
    );
}

async fn bad_account_input_is_refused(app: &TestApp) {
    let cases = [
        json!({ "u": "has space", "e": "a@example.com", "p": "pw" }),
        json!({ "u": "frank", "e": "not-an-email", "p": "pw" }),
        json!({ "u": "frank", "e": "f@example.com", "p": "" }),
        json!({ "u": "frank", "e": "f@example.com", "p": "x".repeat(300) }),
    ];
    for variables in cases {
        let body = app.gql(CREATE, variables.clone()).await;
        assert_eq!(error(&body).1, "BAD_USER_INPUT", "{variables}: {body}");
    }
    let missing = app
        .gql(
            "mutation { createUser(username: \"x\", password: \"y\") { user { id } } }",
            json!({}),
        )
        .await;
    let (message, _) = error(&missing);
    assert!(
        message.contains("\"email\"") && message.contains("required"),
        "{missing}"
    );
    let users = app.gql("{ users { id } }", json!({})).await;
    assert_eq!(users["data"]["users"], json!([]));
}

async fn password_hashes_are_never_served(app: &TestApp) {
    app.sign_up("grace").await;
    let body = app.gql("{ users { password } }", json!({})).await;
    assert_eq!(
        error(&body).0,
        "Cannot query field \"password\" on type \"UserType\"."
    );
    let admin = app.gql("{ users { isSuperuser } }", json!({})).await;
    assert!(
        error(&admin)
            .0
            .starts_with("Cannot query field \"isSuperuser\"")
    );
}
