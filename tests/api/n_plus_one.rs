//! No N+1: the nested query over 100 links, 20 users and 300 votes runs at
//! most three SQL statements, and a nested connection no more than one per
//! relation, whatever the row count or the page size.

use hackernews::seed::{Amounts, seed};
use serde_json::json;

use crate::helpers::TestApp;
use crate::on_both_backends;

on_both_backends!(
    nested_query_runs_constant_statements,
    nested_connections_run_constant_statements
);

const NESTED: &str = "{ links { id url postedBy { username } votes { user { username } } } }";

async fn statements_for(app: &TestApp, query: &str) -> (u64, serde_json::Value) {
    let before = app.statements.get();
    let body = app.gql(query, json!({})).await;
    (app.statements.get() - before, body)
}

async fn nested_query_runs_constant_statements(app: &TestApp) {
    seed(&app.db, Amounts::default()).await.unwrap();
    let (statements, body) = statements_for(app, NESTED).await;
    let links = body["data"]["links"].as_array().unwrap();
    assert_eq!(links.len(), 100);
    let votes: usize = links
        .iter()
        .map(|l| l["votes"].as_array().unwrap().len())
        .sum();
    assert_eq!(votes, 300);
    assert!(links.iter().all(|l| l["postedBy"]["username"].is_string()));
    // The links with their posters; their votes; the voters not read
    // already as posters (none, when every voter has posted).
    assert!(
        statements <= 3,
        "{statements} statements for the nested query"
    );
    // Fewer links may have voters who posted none of them: still three.
    let (few, _) = statements_for(app, &NESTED.replace("links {", "links(first: 3) {")).await;
    assert!(few <= 3, "{few} statements for three links");
}

async fn nested_connections_run_constant_statements(app: &TestApp) {
    seed(&app.db, Amounts::default()).await.unwrap();
    let page = |size: usize| {
        format!(
            "{{ relayLinks(first: {size}) {{ edges {{ node {{ id postedBy {{ username }} \
             votes(first: 5) {{ edges {{ node {{ id user {{ username }} link {{ url }} }} }} }} }} }} }} }}"
        )
    };
    let (small, body) = statements_for(app, &page(3)).await;
    assert_eq!(
        body["data"]["relayLinks"]["edges"]
            .as_array()
            .unwrap()
            .len(),
        3,
        "{body}"
    );
    let (large, body) = statements_for(app, &page(50)).await;
    let edges = body["data"]["relayLinks"]["edges"].as_array().unwrap();
    assert_eq!(edges.len(), 50);
    let votes: usize = edges
        .iter()
        .map(|e| e["node"]["votes"]["edges"].as_array().unwrap().len())
        .sum();
    assert!(votes > 50, "the page's links have votes to show: {votes}");
    // The links with their posters; their votes; the voters not read
    // already; the votes' links: one statement per relation at most,
    // whatever the page size.
    assert!(small <= 4, "{small} statements for a page of 3");
    assert!(large <= 4, "{large} statements for a page of 50");
}
