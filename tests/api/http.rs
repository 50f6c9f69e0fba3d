//! GraphQL over HTTP: GET for queries only, JSON and `application/graphql`
//! bodies, media types and status codes, GraphiQL for browsers, and the
//! operational endpoints.

use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, run};

const RESPONSE_JSON: &str = "application/graphql-response+json";

#[tokio::test]
async fn get_runs_queries_but_refuses_mutations() {
    run(
        async |app: &TestApp| {
            let ok = app
                .client
                .get(app.url("/graphql"))
                .query(&[("query", "{ links { url } }")])
                .send()
                .await
                .unwrap();
            assert_eq!(ok.status(), 200);
            assert_eq!(
                ok.json::<Value>().await.unwrap(),
                json!({ "data": { "links": [] } })
            );
            let mutation = app
                .client
                .get(app.url("/graphql"))
                .query(&[(
                    "query",
                    "mutation { createLink(url: \"https://x.example\") { id } }",
                )])
                .send()
                .await
                .unwrap();
            assert_eq!(mutation.status(), 405);
            assert_eq!(mutation.headers()["allow"], "POST");
            let links = app.gql("{ links { url } }", json!({})).await;
            assert_eq!(
                links["data"]["links"],
                json!([]),
                "the GET mutation did not run"
            );
            let trailing = app
                .client
                .get(app.url("/graphql/"))
                .query(&[("query", "{ links { id } }")])
                .send()
                .await
                .unwrap();
            assert_eq!(trailing.status(), 200);
            let with_variables = app
                .client
                .get(app.url("/graphql"))
                .query(&[
                    ("query", "query($s: String) { links(search: $s) { id } }"),
                    ("variables", "{\"s\":\"x\"}"),
                ])
                .send()
                .await
                .unwrap();
            assert_eq!(
                with_variables.json::<Value>().await.unwrap()["data"]["links"],
                json!([])
            );
        },
        Backend::Sqlite,
    )
    .await;
}

#[tokio::test]
async fn bodies_media_types_and_statuses() {
    run(
        async |app: &TestApp| {
            let graphql_body = app
                .client
                .post(app.url("/graphql"))
                .header("content-type", "application/graphql")
                .body("{ links { id } }")
                .send()
                .await
                .unwrap();
            assert_eq!(graphql_body.status(), 200);
            assert_eq!(graphql_body.headers()["content-type"], "application/json");

            let invalid = app
                .client
                .post(app.url("/graphql"))
                .header("accept", RESPONSE_JSON)
                .json(&json!({ "query": "{ links { unknown } }" }))
                .send()
                .await
                .unwrap();
            assert_eq!(invalid.status(), 400);
            assert_eq!(invalid.headers()["content-type"], RESPONSE_JSON);
            let body: Value = invalid.json().await.unwrap();
            assert!(
                body.get("data").is_none(),
                "request errors carry no data: {body}"
            );
            assert_eq!(
                body["errors"][0]["message"],
                "Cannot query field \"unknown\" on type \"LinkType\"."
            );

            let syntax = app
                .client
                .post(app.url("/graphql"))
                .header("accept", RESPONSE_JSON)
                .json(&json!({ "query": "{ links { " }))
                .send()
                .await
                .unwrap();
            assert_eq!(syntax.status(), 400);

            let legacy = app
                .client
                .post(app.url("/graphql"))
                .json(&json!({ "query": "{ nope }" }))
                .send()
                .await
                .unwrap();
            assert_eq!(
                legacy.status(),
                200,
                "application/json answers 200, as the spec says"
            );

            let statuses = [
                (
                    app.client
                        .post(app.url("/graphql"))
                        .header("content-type", "text/plain")
                        .body("{ links { id } }"),
                    415,
                ),
                (
                    app.client
                        .post(app.url("/graphql"))
                        .header("content-type", "application/json")
                        .body("{not json"),
                    400,
                ),
                (
                    app.client
                        .post(app.url("/graphql"))
                        .json(&json!([{ "query": "{ links { id } }" }])),
                    400,
                ),
                (
                    app.client
                        .post(app.url("/graphql"))
                        .json(&json!({ "variables": {} })),
                    400,
                ),
                (
                    app.client
                        .put(app.url("/graphql"))
                        .json(&json!({ "query": "{ links { id } }" })),
                    405,
                ),
            ];
            for (request, status) in statuses {
                let response = request.send().await.unwrap();
                assert_eq!(response.status(), status);
                let body: Value = response.json().await.unwrap();
                assert!(body["errors"][0]["message"].is_string(), "{body}");
            }
        },
        Backend::Sqlite,
    )
    .await;
}

#[tokio::test]
async fn browsers_get_graphiql_with_local_assets() {
    run(
        async |app: &TestApp| {
            for path in ["/graphql", "/graphql/"] {
                let page = app
                    .client
                    .get(app.url(path))
                    .header("accept", "text/html")
                    .send()
                    .await
                    .unwrap();
                assert_eq!(page.status(), 200);
                let html = page.text().await.unwrap();
                assert!(html.contains("/graphiql/graphiql.min.js"), "{html}");
                assert!(!html.contains("unpkg") && !html.contains("jsdelivr"));
            }
            for asset in [
                "graphiql.min.js",
                "graphiql.min.css",
                "react.production.min.js",
                "react-dom.production.min.js",
            ] {
                let response = app
                    .client
                    .get(app.url(&format!("/graphiql/{asset}")))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(response.status(), 200, "{asset}");
                assert!(response.bytes().await.unwrap().len() > 1000);
            }
            let missing = app
                .client
                .get(app.url("/graphiql/nope.js"))
                .send()
                .await
                .unwrap();
            assert_eq!(missing.status(), 404);
        },
        Backend::Sqlite,
    )
    .await;
}

#[tokio::test]
async fn operational_endpoints_are_described_by_openapi() {
    run(
        async |app: &TestApp| {
            let live = app
                .client
                .get(app.url("/health/live"))
                .send()
                .await
                .unwrap();
            assert_eq!(
                (live.status().as_u16(), live.text().await.unwrap().as_str()),
                (200, "ok")
            );
            let ready = app
                .client
                .get(app.url("/health/ready"))
                .send()
                .await
                .unwrap();
            assert_eq!(ready.status(), 200);
            let sdl = app
                .client
                .get(app.url("/schema.graphql"))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            assert_eq!(sdl, include_str!("../../schema.graphql"));
            let spec: Value = app
                .client
                .get(app.url("/openapi.json"))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            for path in ["/health/live", "/health/ready", "/schema.graphql"] {
                assert!(spec["paths"][path]["get"].is_object(), "{path} in {spec}");
            }
        },
        Backend::Sqlite,
    )
    .await;
}

#[tokio::test]
async fn readiness_fails_when_the_database_is_gone() {
    run(
        async |app: &TestApp| {
            app.db.clone().close().await.unwrap();
            let ready = app
                .client
                .get(app.url("/health/ready"))
                .send()
                .await
                .unwrap();
            assert_eq!(ready.status(), 503);
        },
        Backend::Sqlite,
    )
    .await;
}
