//! JWT authentication as django-graphql-jwt does it: tokenAuth, verifyToken,
//! refreshToken, `me`, both header prefixes, and expiry without leeway.

use jsonwebtoken::{EncodingKey, Header};
use serde_json::{Value, json};

use crate::helpers::{JWT_SECRET, TestApp, error};
use crate::on_both_backends;

on_both_backends!(
    token_auth_issues_django_shaped_tokens,
    wrong_credentials_are_refused_alike,
    me_reads_jwt_and_bearer_headers,
    malformed_tokens_fail_me_but_not_public_fields,
    verify_token_reports_each_failure,
    refresh_keeps_orig_iat_until_the_window_closes,
    expired_tokens_are_refused,
);

const ME: &str = "{ me { username } }";

fn token_with(claims: Value) -> String {
    jsonwebtoken::encode(
        &Header::default(),
        &claims,
        &EncodingKey::from_secret(JWT_SECRET.as_bytes()),
    )
    .unwrap()
}

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

async fn token_auth_issues_django_shaped_tokens(app: &TestApp) {
    app.sign_up("heidi").await;
    let body = app
        .gql("mutation { tokenAuth(username: \"heidi\", password: \"pw-123456\") { token payload refreshExpiresIn } }", json!({}))
        .await;
    let auth = &body["data"]["tokenAuth"];
    let payload = &auth["payload"];
    assert_eq!(payload["username"], "heidi");
    let (exp, orig_iat) = (
        payload["exp"].as_i64().unwrap(),
        payload["origIat"].as_i64().unwrap(),
    );
    assert_eq!(exp - orig_iat, 300, "tokens live 5 minutes");
    assert_eq!(
        auth["refreshExpiresIn"].as_i64().unwrap(),
        orig_iat + 7 * 24 * 3600
    );
    assert!((orig_iat - now()).abs() < 30);
    let me = app.gql("{ users { lastLogin } }", json!({})).await;
    assert!(
        me["data"]["users"][0]["lastLogin"].is_string(),
        "tokenAuth records the login: {me}"
    );
}

async fn wrong_credentials_are_refused_alike(app: &TestApp) {
    app.sign_up("ivan").await;
    for (username, password) in [("ivan", "wrong"), ("nobody", "pw-123456")] {
        let body = app
            .gql(
                "mutation($u: String!, $p: String!) { tokenAuth(username: $u, password: $p) { token } }",
                json!({ "u": username, "p": password }),
            )
            .await;
        assert_eq!(
            error(&body),
            ("Please enter valid credentials", "INVALID_CREDENTIALS")
        );
    }
}

async fn me_reads_jwt_and_bearer_headers(app: &TestApp) {
    let token = app.sign_up("judy").await;
    for header in [format!("JWT {token}"), format!("Bearer {token}")] {
        let body = app.gql_as(&header, ME, json!({})).await;
        assert_eq!(body["data"]["me"]["username"], "judy", "{header}");
    }
    let anonymous = app.gql(ME, json!({})).await;
    assert_eq!(error(&anonymous), ("Not logged in!", "UNAUTHENTICATED"));
    assert_eq!(anonymous["data"], json!({ "me": null }));
    assert_eq!(anonymous["errors"][0]["path"], json!(["me"]));
}

async fn malformed_tokens_fail_me_but_not_public_fields(app: &TestApp) {
    app.post_link(None, "https://graphql.org", "x").await;
    let body = app
        .gql_as(
            "JWT garbage",
            "{ links { url } me { username } }",
            json!({}),
        )
        .await;
    assert_eq!(
        body["data"]["links"],
        json!([{ "url": "https://graphql.org" }])
    );
    assert!(body["data"]["me"].is_null());
    assert_eq!(error(&body), ("Error decoding signature", "INVALID_TOKEN"));
    let wrong_scheme = app.gql_as("Basic abc", ME, json!({})).await;
    assert_eq!(error(&wrong_scheme).1, "INVALID_TOKEN");
}

async fn verify_token_reports_each_failure(app: &TestApp) {
    let token = app.sign_up("mallory").await;
    let verify = "mutation($t: String) { verifyToken(token: $t) { payload } }";
    let good = app.gql(verify, json!({ "t": token })).await;
    assert_eq!(
        good["data"]["verifyToken"]["payload"]["username"],
        "mallory"
    );
    let cases = [
        (json!("garbage"), "Error decoding signature"),
        (json!(null), "Token is required"),
        (
            json!(token_with(
                json!({ "username": "mallory", "exp": now() - 1, "origIat": now() - 301 })
            )),
            "Signature has expired",
        ),
    ];
    for (token, message) in cases {
        let body = app.gql(verify, json!({ "t": token })).await;
        assert_eq!(error(&body), (message, "INVALID_TOKEN"), "{token}");
    }
    let foreign = jsonwebtoken::encode(
        &Header::default(),
        &json!({ "username": "mallory", "exp": now() + 60 }),
        &EncodingKey::from_secret(b"another key"),
    )
    .unwrap();
    let body = app.gql(verify, json!({ "t": foreign })).await;
    assert_eq!(error(&body).0, "Error decoding signature");
}

async fn refresh_keeps_orig_iat_until_the_window_closes(app: &TestApp) {
    let refresh =
        "mutation($t: String) { refreshToken(token: $t) { token payload refreshExpiresIn } }";
    let orig_iat = now() - 3600;
    let token = token_with(json!({ "username": "niaj", "exp": now() + 60, "origIat": orig_iat }));
    let body = app.gql(refresh, json!({ "t": token })).await;
    let refreshed = &body["data"]["refreshToken"];
    assert_eq!(refreshed["payload"]["origIat"], orig_iat);
    assert_eq!(refreshed["refreshExpiresIn"], orig_iat + 7 * 24 * 3600);
    assert!(refreshed["payload"]["exp"].as_i64().unwrap() >= now() + 290);
    let stale = token_with(
        json!({ "username": "niaj", "exp": now() + 60, "origIat": now() - 8 * 24 * 3600 }),
    );
    let closed = app.gql(refresh, json!({ "t": stale })).await;
    assert_eq!(error(&closed).0, "Refresh has expired");
    let no_iat = token_with(json!({ "username": "niaj", "exp": now() + 60 }));
    let missing = app.gql(refresh, json!({ "t": no_iat })).await;
    assert_eq!(error(&missing).0, "origIat field is required");
    let empty = app.gql(refresh, json!({ "t": "" })).await;
    assert_eq!(error(&empty).0, "Token is required");
}

async fn expired_tokens_are_refused(app: &TestApp) {
    app.sign_up("olivia").await;
    let expired =
        token_with(json!({ "username": "olivia", "exp": now() - 1, "origIat": now() - 301 }));
    let body = app.gql_as(&format!("JWT {expired}"), ME, json!({})).await;
    assert_eq!(error(&body), ("Signature has expired", "INVALID_TOKEN"));
}
