//! The mock server (`weftql-mock`) over real HTTP: the endpoint and
//! GraphiQL, realistic and consistent values, arguments, stateful
//! mutations, hot reload, scenarios, overrides, subscriptions, and every
//! schema of the real-world corpus. Each test names the point of the issue
//! it covers.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use poem::listener::{Acceptor, TcpAcceptor};
use weftql_mock::{Mock, Options};

#[path = "../../runtime/tests/clients/mod.rs"]
mod clients;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use weftql_runtime::Limits;

pub struct MockApp {
    pub address: String,
    pub client: reqwest::Client,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

/// The mock of `schema` with `seed`, on a free port.
pub async fn spawn_mock(schema: &Path, seed: u64) -> MockApp {
    spawn_with(options(schema, seed)).await
}

fn options(schema: &Path, seed: u64) -> Options {
    Options {
        schema: schema.to_path_buf(),
        seed,
        overrides: None,
        event_interval_ms: 20,
        trusted_documents: Vec::new(),
        trusted_documents_mode: Default::default(),
    }
}

async fn spawn_with(options: Options) -> MockApp {
    let mock =
        Mock::load(options, Limits::default()).unwrap_or_else(|e| panic!("the mock loads:\n{e}"));
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
        .await
        .expect("a free port");
    let acceptor = TcpAcceptor::from_tokio(listener).expect("an acceptor");
    let address = acceptor.local_addr()[0]
        .to_string()
        .replace("socket://", "http://");
    let (shutdown, signal) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(mock.serve(acceptor, async {
        let _ = signal.await;
    }));
    MockApp {
        address,
        client: reqwest::Client::new(),
        shutdown: Some(shutdown),
    }
}

impl MockApp {
    pub async fn gql(&self, query: &str, variables: Value) -> Value {
        self.gql_in(None, query, variables).await
    }

    /// With `X-Mock-Scenario: <scenario>`.
    pub async fn gql_in(&self, scenario: Option<&str>, query: &str, variables: Value) -> Value {
        let mut request = self
            .client
            .post(format!("{}/graphql", self.address))
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(scenario) = scenario {
            request = request.header("X-Mock-Scenario", scenario);
        }
        let response = request.send().await.expect("the mock answers");
        assert_eq!(response.status(), 200);
        response.json().await.expect("a JSON body")
    }

    /// The data of a request that must not fail.
    pub async fn data(&self, query: &str) -> Value {
        let body = self.gql(query, json!({})).await;
        assert!(body["errors"].is_null(), "{query}\n{body}");
        body["data"].clone()
    }
}

impl Drop for MockApp {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

fn manifest(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// The Hackernews server's contract, at the top of the repository.
fn hackernews_schema() -> PathBuf {
    manifest("../../schema.graphql")
}

fn shop_schema() -> PathBuf {
    manifest("tests/fixtures/shop.graphql")
}

const NESTED: &str = "{ links { id url description postedBy { id username email dateJoined } votes { id user { username } link { id } } } me { id username email } }";

// 1. A `mock` subcommand: the schema built at run time, the same endpoint and GraphiQL.

#[tokio::test]
async fn mock_serves_graphql_and_graphiql_from_the_sdl_alone() {
    let app = spawn_mock(&hackernews_schema(), 1).await;
    let page = app
        .client
        .get(format!("{}/graphql", app.address))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert!(
        page.text()
            .await
            .unwrap()
            .to_lowercase()
            .contains("graphiql")
    );
    let data = app
        .data("{ __schema { queryType { name } mutationType { name } } }")
        .await;
    assert_eq!(data["__schema"]["queryType"]["name"], "Query");
    assert_eq!(data["__schema"]["mutationType"]["name"], "Mutation");
    let by_get = app
        .client
        .get(format!("{}/graphql", app.address))
        .query(&[("query", "{ me { username } }")])
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    assert!(by_get["data"]["me"]["username"].is_string(), "{by_get}");
}

#[tokio::test]
async fn mock_binary_serves_a_schema_file() {
    let schema = hackernews_schema();
    let process = clients::Process::start(
        env!("CARGO_BIN_EXE_weftql-mock"),
        &[
            "--schema",
            schema.to_str().unwrap(),
            "--port",
            "0",
            "--seed",
            "7",
        ],
    );
    let address = process.address();
    let body: Value = reqwest::Client::new()
        .post(format!("{address}/graphql"))
        .json(&json!({ "query": NESTED }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(body["errors"].is_null(), "{body}");
    assert_eq!(body["data"]["links"].as_array().unwrap().len(), 10);
}

// 2. Realistic values from field names and types, custom scalars included.

#[tokio::test]
async fn mock_values_are_realistic_from_names_and_types() {
    let app = spawn_mock(&shop_schema(), 1).await;
    let data = app
        .data("{ products(first: 5) { id title description price category homepage createdAt metadata sku reviewCount seller { name email username avatarUrl } } }")
        .await;
    for product in data["products"].as_array().unwrap() {
        let text = |field: &str| {
            product[field]
                .as_str()
                .unwrap_or_else(|| panic!("{field} in {product}"))
        };
        assert!(!text("title").is_empty());
        assert!(text("description").split(' ').count() >= 3, "{product}");
        let price = product["price"].as_f64().unwrap();
        assert!(
            price > 0.0 && (price * 100.0).fract().abs() < 1e-6,
            "a price in cents: {price}"
        );
        assert!(["BOOKS", "GAMES", "TOOLS"].contains(&text("category")));
        assert!(text("homepage").starts_with("https://"), "{product}");
        chrono::DateTime::parse_from_rfc3339(text("createdAt")).expect("an RFC 3339 date-time");
        assert!(
            product["metadata"].is_object(),
            "JSON is an object: {product}"
        );
        assert!(!text("sku").is_empty(), "an unknown scalar gets a string");
        assert!(product["reviewCount"].as_i64().unwrap() >= 0);
        let seller = &product["seller"];
        let username = seller["username"].as_str().unwrap().to_lowercase();
        assert!(
            seller["email"]
                .as_str()
                .unwrap()
                .starts_with(&format!("{username}@")),
            "an email agrees with its username: {seller}"
        );
        assert!(
            seller["name"].as_str().unwrap().contains(' '),
            "a full name: {seller}"
        );
        assert!(
            !seller["username"].as_str().unwrap().contains(' '),
            "{seller}"
        );
        assert!(
            seller["avatarUrl"]
                .as_str()
                .unwrap()
                .starts_with("https://"),
            "{seller}"
        );
    }
    let hackernews = spawn_mock(&hackernews_schema(), 1).await;
    let token = hackernews
        .data("mutation { tokenAuth(username: \"ada\", password: \"x\") { token payload refreshExpiresIn } }")
        .await;
    assert!(
        token["tokenAuth"]["payload"].is_object(),
        "GenericScalar is JSON: {token}"
    );
    assert!(token["tokenAuth"]["token"].as_str().unwrap().len() >= 16);
}

// 3. Consistency: seeds, identity, children pointing back at parents.

#[tokio::test]
async fn mock_same_seed_gives_the_same_response() {
    let (one, again, other) = (
        spawn_mock(&hackernews_schema(), 1).await,
        spawn_mock(&hackernews_schema(), 1).await,
        spawn_mock(&hackernews_schema(), 2).await,
    );
    let first = one.data(NESTED).await;
    assert_eq!(
        first,
        one.data(NESTED).await,
        "the same server answers alike"
    );
    assert_eq!(
        first,
        again.data(NESTED).await,
        "the same seed answers alike"
    );
    assert_ne!(
        first,
        other.data(NESTED).await,
        "another seed answers otherwise"
    );
}

#[tokio::test]
async fn mock_object_with_an_id_is_the_same_wherever_it_appears() {
    let app = spawn_mock(&hackernews_schema(), 3).await;
    let data = app.data("{ links(first: 50) { id url postedBy { id username email } } me { id username email } }").await;
    let mut users = std::collections::HashMap::new();
    let links = data["links"].as_array().unwrap();
    for user in links.iter().map(|l| &l["postedBy"]).chain([&data["me"]]) {
        let seen = users
            .entry(user["id"].as_str().unwrap().to_string())
            .or_insert_with(|| user.clone());
        assert_eq!(seen, user, "one id, one user");
    }
    assert!(users.len() < links.len() + 1, "users recur across links");
    for link in &links[..5] {
        let found = app
            .gql(
                "query($id: ID!) { relayLink(id: $id) { id url } }",
                json!({ "id": link["id"] }),
            )
            .await;
        assert_eq!(found["data"]["relayLink"]["url"], link["url"], "{found}");
    }
}

#[tokio::test]
async fn mock_children_point_back_at_their_parent() {
    let app = spawn_mock(&hackernews_schema(), 1).await;
    let data = app
        .data("{ links(first: 5) { id votes { id link { id } } } }")
        .await;
    for link in data["links"].as_array().unwrap() {
        let votes = link["votes"].as_array().unwrap();
        assert!(!votes.is_empty());
        for vote in votes {
            assert_eq!(vote["link"]["id"], link["id"]);
        }
    }
    let relay = app
        .data("{ relayLinks(first: 3) { edges { node { id votes { edges { node { id link { id } } } } } } } }")
        .await;
    for edge in relay["relayLinks"]["edges"].as_array().unwrap() {
        let link = &edge["node"];
        for vote in link["votes"]["edges"].as_array().unwrap() {
            assert_eq!(vote["node"]["link"]["id"], link["id"]);
            let fetched = app
                .gql(
                    "query($id: ID!) { node(id: $id) { id ... on VoteNode { link { id } } } }",
                    json!({ "id": vote["node"]["id"] }),
                )
                .await;
            assert_eq!(
                fetched["data"]["node"]["link"]["id"], link["id"],
                "fetched by its id: {fetched}"
            );
        }
    }
}

// 4. Arguments: lengths, lookups, filters and Relay paging.

fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|item| {
            item["id"]
                .as_str()
                .or(item["node"]["id"].as_str())
                .unwrap()
                .to_string()
        })
        .collect()
}

#[tokio::test]
async fn mock_list_arguments_set_lengths() {
    let app = spawn_mock(&hackernews_schema(), 1).await;
    assert_eq!(
        ids(&app.data("{ links(first: 3) { id } }").await["links"]).len(),
        3
    );
    assert_eq!(
        ids(&app.data("{ links { id } }").await["links"]).len(),
        10,
        "a default page"
    );
    let all = ids(&app.data("{ links(first: 100) { id } }").await["links"]);
    assert_eq!(all.len(), 50, "the whole population");
    assert_eq!(
        ids(&app.data("{ links(skip: 2, first: 3) { id } }").await["links"]),
        all[2..5]
    );
    assert_eq!(
        ids(&app.data("{ links(skip: 48, first: 5) { id } }").await["links"]),
        all[48..]
    );
    let shop = spawn_mock(&shop_schema(), 1).await;
    assert_eq!(
        shop.data("{ products(first: 0) { id } }").await["products"],
        json!([])
    );
}

#[tokio::test]
async fn mock_relay_connections_page_with_cursors() {
    let app = spawn_mock(&hackernews_schema(), 1).await;
    let page = "query($first: Int, $after: String, $last: Int, $before: String) { relayLinks(first: $first, after: $after, last: $last, before: $before) { edges { cursor node { id } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }";
    let four = app.gql(page, json!({ "first": 4 })).await;
    let four_ids = ids(&four["data"]["relayLinks"]["edges"]);
    let first = app.gql(page, json!({ "first": 2 })).await["data"]["relayLinks"].clone();
    assert_eq!(first["pageInfo"]["hasNextPage"], true);
    assert_eq!(first["pageInfo"]["hasPreviousPage"], false);
    assert_eq!(first["pageInfo"]["endCursor"], first["edges"][1]["cursor"]);
    let next = app
        .gql(
            page,
            json!({ "first": 2, "after": first["pageInfo"]["endCursor"] }),
        )
        .await["data"]["relayLinks"]
        .clone();
    assert_eq!(next["pageInfo"]["hasPreviousPage"], true);
    let mut paged = ids(&first["edges"]);
    paged.extend(ids(&next["edges"]));
    assert_eq!(paged, four_ids, "two pages of two are the first four");
    let back = app
        .gql(
            page,
            json!({ "last": 1, "before": next["pageInfo"]["startCursor"] }),
        )
        .await["data"]["relayLinks"]
        .clone();
    assert_eq!(ids(&back["edges"]), four_ids[1..2]);
    let tail = app.gql(page, json!({ "last": 3 })).await["data"]["relayLinks"].clone();
    assert_eq!(tail["edges"].as_array().unwrap().len(), 3);
    assert_eq!(tail["pageInfo"]["hasNextPage"], false);
    assert_eq!(tail["pageInfo"]["hasPreviousPage"], true);
}

#[tokio::test]
async fn mock_id_arguments_look_objects_up() {
    let app = spawn_mock(&shop_schema(), 1).await;
    let listed = app.data("{ products(first: 3) { id title price } }").await["products"][2].clone();
    let found = app
        .gql(
            "query($id: ID!) { product(id: $id) { id title price } }",
            json!({ "id": listed["id"] }),
        )
        .await;
    assert_eq!(found["data"]["product"], listed);
    let made_up = app.data("{ product(id: \"sku-42\") { id title } }").await;
    assert_eq!(
        made_up["product"]["id"], "sku-42",
        "the object with exactly that id"
    );
    assert_eq!(
        made_up,
        app.data("{ product(id: \"sku-42\") { id title } }").await
    );
    let seller = app
        .data("{ seller(username: \"octocat\") { username email } }")
        .await;
    assert_eq!(
        seller["seller"]["username"], "octocat",
        "a lookup argument fixes its field"
    );
}

#[tokio::test]
async fn mock_search_and_filter_arguments_filter() {
    let shop = spawn_mock(&shop_schema(), 1).await;
    let books = shop
        .data("{ products(first: 100, category: BOOKS) { category } }")
        .await;
    let books = books["products"].as_array().unwrap();
    assert!(
        !books.is_empty() && books.len() < 50,
        "{} books",
        books.len()
    );
    assert!(books.iter().all(|p| p["category"] == "BOOKS"));
    let app = spawn_mock(&hackernews_schema(), 1).await;
    let first = app.data("{ links(first: 1) { url description } }").await["links"][0].clone();
    let word = first["description"]
        .as_str()
        .unwrap()
        .split(' ')
        .max_by_key(|w| w.len())
        .unwrap()
        .trim_end_matches('.');
    let found = app
        .gql(
            "query($s: String) { links(first: 100, search: $s) { url description } }",
            json!({ "s": word.to_uppercase() }),
        )
        .await;
    let found = found["data"]["links"].as_array().unwrap();
    assert!(found.contains(&first), "search ignores case");
    assert!(found.len() < 50);
    for link in found {
        let text = format!("{} {}", link["url"], link["description"]).to_lowercase();
        assert!(text.contains(word), "{word} in {text}");
    }
    let by_url = app
        .gql(
            "query($u: String) { relayLinks(url_Icontains: $u) { edges { node { url } } } }",
            json!({ "u": first["url"].as_str().unwrap().to_uppercase() }),
        )
        .await;
    assert_eq!(
        by_url["data"]["relayLinks"]["edges"][0]["node"]["url"],
        first["url"]
    );
}

// 5. Stateful mutations.

#[tokio::test]
async fn mock_create_mutations_change_later_queries() {
    let app = spawn_mock(&hackernews_schema(), 1).await;
    let created = app
        .data("mutation { createLink(url: \"https://www.rust-lang.org\", description: \"Rust\") { id url description postedBy { username } } }")
        .await;
    assert_eq!(created["createLink"]["url"], "https://www.rust-lang.org");
    let links = app
        .data("{ links(search: \"rust-lang\") { url description } }")
        .await;
    assert_eq!(
        links["links"],
        json!([{ "url": "https://www.rust-lang.org", "description": "Rust" }])
    );
    let newest = app
        .data("{ relayLinks(first: 1) { edges { node { url } } } }")
        .await;
    assert_eq!(
        newest["relayLinks"]["edges"][0]["node"]["url"], "https://www.rust-lang.org",
        "newest first, in every view"
    );
    let relay = app
        .data("mutation { relayCreateLink(input: { url: \"https://graphql.org\", description: \"GraphQL\", clientMutationId: \"m1\" }) { link { id url } clientMutationId } }")
        .await;
    assert_eq!(relay["relayCreateLink"]["clientMutationId"], "m1");
    let id = relay["relayCreateLink"]["link"]["id"].clone();
    let found = app
        .gql(
            "query($id: ID!) { relayLink(id: $id) { description } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(found["data"]["relayLink"]["description"], "GraphQL");
    let user = app
        .data("mutation { createUser(username: \"grace\", email: \"grace@example.com\", password: \"pw\") { user { username email } } }")
        .await;
    assert_eq!(
        user["createUser"]["user"],
        json!({ "username": "grace", "email": "grace@example.com" })
    );
    let users = app.data("{ users { username } }").await;
    assert_eq!(users["users"][0]["username"], "grace");
}

#[tokio::test]
async fn mock_update_and_delete_mutations_change_later_queries() {
    let app = spawn_mock(&shop_schema(), 1).await;
    let created = app
        .data("mutation { createProduct(input: { title: \"Dune\", price: 9.99, category: BOOKS }) { id title price category } }")
        .await["createProduct"]
        .clone();
    assert_eq!(created["title"], "Dune");
    let id = created["id"].clone();
    let updated = app
        .gql(
            "mutation($id: ID!) { updateProduct(id: $id, input: { title: \"Dune Messiah\" }) { title price } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(
        updated["data"]["updateProduct"],
        json!({ "title": "Dune Messiah", "price": 9.99 })
    );
    let read = "query($id: ID!) { product(id: $id) { title } }";
    assert_eq!(
        app.gql(read, json!({ "id": id })).await["data"]["product"]["title"],
        "Dune Messiah"
    );
    let existing = app.data("{ products(first: 2) { id } }").await["products"][1]["id"].clone();
    let deleted = app
        .gql(
            "mutation($id: ID!) { deleteProduct(id: $id) }",
            json!({ "id": existing }),
        )
        .await;
    assert_eq!(deleted["data"]["deleteProduct"], true);
    assert_eq!(
        app.gql(read, json!({ "id": existing })).await["data"]["product"],
        Value::Null
    );
    let remaining = ids(&app.data("{ products(first: 100) { id } }").await["products"]);
    assert!(!remaining.contains(&existing.as_str().unwrap().to_string()));
    assert_eq!(remaining.len(), 50, "one created, one deleted");
}

#[tokio::test]
async fn mock_other_mutations_return_a_consistent_payload() {
    let app = spawn_mock(&shop_schema(), 1).await;
    let checkout = |cart: &'static str| {
        let app = &app;
        async move {
            app.data(&format!(
                "mutation {{ checkout(cartId: \"{cart}\") {{ id total }} }}"
            ))
            .await
        }
    };
    assert_eq!(checkout("a").await, checkout("a").await);
    assert_ne!(checkout("a").await, checkout("b").await);
}

// 6. Hot reload.

async fn eventually(app: &MockApp, query: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let body = app.gql(query, json!({})).await;
        if body["errors"].is_null() {
            return body["data"].clone();
        }
        assert!(Instant::now() < deadline, "never answered {query}: {body}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn mock_hot_reload_serves_edits_and_keeps_the_last_good_schema() {
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join("schema.graphql");
    let original = std::fs::read_to_string(shop_schema()).unwrap();
    std::fs::write(&schema, &original).unwrap();
    let app = spawn_mock(&schema, 1).await;
    assert!(!app.gql("{ greeting }", json!({})).await["errors"].is_null());
    let edited = original.replace("type Query {", "type Query {\n  greeting: String!");
    std::fs::write(&schema, &edited).unwrap();
    assert!(eventually(&app, "{ greeting }").await["greeting"].is_string());
    std::fs::write(
        &schema,
        format!("{edited}\ntype Broken {{ part: Missing }}\n"),
    )
    .unwrap();
    for _ in 0..10 {
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert!(
            app.data("{ greeting }").await["greeting"].is_string(),
            "the last good schema serves"
        );
    }
    std::fs::write(
        &schema,
        edited.replace("type Query {", "type Query {\n  farewell: String!"),
    )
    .unwrap();
    assert!(
        eventually(&app, "{ farewell greeting }").await["farewell"].is_string(),
        "watching goes on after an error"
    );
}

#[tokio::test]
async fn mock_hot_reload_prints_errors_with_their_positions() {
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join("schema.graphql");
    std::fs::write(&schema, "type Query {\n  hello: String\n}\n").unwrap();
    let process = clients::Process::start(
        env!("CARGO_BIN_EXE_weftql-mock"),
        &["--schema", schema.to_str().unwrap(), "--port", "0"],
    );
    let address = process.address();
    std::fs::write(
        &schema,
        "type Query {\n  hello: String\n  broken: Missing\n}\n",
    )
    .unwrap();
    let position = format!("{}:3:11", schema.display());
    let error = clients::Process::line(&process.stderr, |l| l.contains(&position));
    assert!(error.is_some(), "an error at {position}");
    assert!(
        clients::Process::line(&process.stderr, |l| l
            .contains("still serving the last good schema"))
        .is_some()
    );
    let body: Value = reqwest::Client::new()
        .post(format!("{address}/graphql"))
        .json(&json!({ "query": "{ hello }" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(body["data"]["hello"].is_string(), "{body}");
}

// 7. Scenarios chosen by a request header.

#[tokio::test]
async fn mock_scenario_header_errors_nulls_and_delays() {
    let app = spawn_mock(&hackernews_schema(), 1).await;
    let failed = app
        .gql_in(
            Some("error=Query.me:Not logged in!"),
            "{ me { username } links(first: 1) { id } }",
            json!({}),
        )
        .await;
    assert_eq!(failed["data"]["me"], Value::Null);
    assert_eq!(
        failed["data"]["links"].as_array().unwrap().len(),
        1,
        "other fields answer"
    );
    assert_eq!(failed["errors"][0]["message"], "Not logged in!");
    assert_eq!(failed["errors"][0]["path"], json!(["me"]));
    let nested = app
        .gql_in(
            Some("error=LinkType.postedBy"),
            "{ links(first: 1) { postedBy { id } } }",
            json!({}),
        )
        .await;
    assert_eq!(nested["errors"][0]["path"], json!(["links", 0, "postedBy"]));
    assert_eq!(nested["data"]["links"][0]["postedBy"], Value::Null);
    let nulled = app
        .gql_in(
            Some("null=LinkType.postedBy; null=Query.me"),
            "{ me { id } links(first: 2) { postedBy { id } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        nulled,
        json!({ "data": { "me": null, "links": [{ "postedBy": null }, { "postedBy": null }] } })
    );
    let started = Instant::now();
    let delayed = app
        .gql_in(Some("delay=Query.me:300"), "{ me { id } }", json!({}))
        .await;
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "held at least 300 ms"
    );
    assert!(delayed["data"]["me"]["id"].is_string());
    let unreadable = app
        .gql_in(Some("explode=Query.me"), "{ me { id } }", json!({}))
        .await;
    assert!(
        unreadable["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("X-Mock-Scenario"),
        "{unreadable}"
    );
    let unknown = app
        .gql_in(Some("error=Query.nope"), "{ me { id } }", json!({}))
        .await;
    assert!(
        unknown["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("Query.nope"),
        "{unknown}"
    );
}

// 8. Overrides by schema coordinate; subscriptions as streams of events.

#[tokio::test]
async fn mock_overrides_file_fixes_values_by_coordinate() {
    let app = spawn_with(Options {
        overrides: Some(manifest("tests/fixtures/overrides.json")),
        ..options(&hackernews_schema(), 1)
    })
    .await;
    let data = app
        .data("{ me { username } users { username } links(first: 2) { url postedBy { id } } }")
        .await;
    assert_eq!(data["me"]["username"], "ada");
    assert!(
        data["users"]
            .as_array()
            .unwrap()
            .iter()
            .all(|u| u["username"] == "ada")
    );
    assert_eq!(data["links"][0]["postedBy"], Value::Null);
    assert!(data["links"][0]["url"].is_string());
}

#[tokio::test]
async fn mock_subscription_root_streams_mock_events() {
    let app = spawn_mock(
        &manifest("../tests/corpus/howtographql_node_hackernews.graphql"),
        1,
    )
    .await;
    let mut response = app
        .client
        .post(format!("{}/graphql/stream", app.address))
        .json(&json!({ "query": "subscription { newLink { id url postedBy { name } } }" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    let mut text = String::new();
    while text.matches("event: next").count() < 3 {
        let chunk = response.chunk().await.unwrap().expect("the stream goes on");
        text.push_str(&String::from_utf8_lossy(&chunk));
    }
    // The first two events are whole once a third has begun.
    let events: Vec<Value> = text
        .split("\n\n")
        .take(2)
        .map(|event| serde_json::from_str(event.split_once("data: ").unwrap().1).unwrap())
        .collect();
    let ids: Vec<&Value> = events.iter().map(|e| &e["data"]["newLink"]["id"]).collect();
    assert!(ids.iter().all(|id| id.is_string()), "{events:?}");
    assert_ne!(ids[0], ids[1], "each event is a new link");
    assert!(events[0]["data"]["newLink"]["postedBy"]["name"].is_string());
    let query = app
        .client
        .post(format!("{}/graphql/stream", app.address))
        .json(&json!({ "query": "{ info }" }))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        query.starts_with("event: next\ndata: {\"data\":{\"info\":"),
        "{query}"
    );
    assert!(query.ends_with("event: complete\ndata:\n\n"), "{query}");
}

// 9. The real-world corpus.

#[tokio::test]
async fn mock_starts_on_every_corpus_schema() {
    let corpus = manifest("../tests/corpus");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .expect("the corpus")
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "graphql"))
        .collect();
    files.sort();
    assert!(files.len() >= 5);
    for file in files {
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        if name == "graphql_core_kitchen_sink.graphql" {
            let Err(error) = Mock::load(options(&file, 1), Limits::default()) else {
                panic!("{name} refers to types it never defines");
            };
            let error = error.to_string();
            assert!(
                error.contains(&format!("{name}:3:10")),
                "a positioned error:\n{error}"
            );
            assert!(error.contains("`QueryType` is not defined"), "{error}");
            continue;
        }
        let app = spawn_mock(&file, 1).await;
        let query = match name.as_str() {
            "github.graphql" => {
                "{ viewer { login repositories(first: 2) { nodes { nameWithOwner owner { login } } } } }"
            }
            "shopify_storefront.graphql" => {
                "{ products(first: 2) { edges { node { title handle } } } }"
            }
            "swapi.graphql" => "{ allFilms(first: 2) { films { title director } } }",
            "howtographql_node_hackernews.graphql" => {
                "{ feed(take: 2) { links { url postedBy { name } } } }"
            }
            other => panic!("a query for {other}"),
        };
        let data = app.data(query).await;
        assert!(data.is_object(), "{name}: {data}");
    }
    let github = Mock::load(
        options(&corpus.join("github.graphql"), 1),
        Limits::default(),
    )
    .unwrap();
    let warnings = github
        .warnings()
        .expect("a warning for the duplicated field");
    assert!(warnings.contains("github.graphql:15153:3"), "{warnings}");
    assert!(warnings.contains("`EnterpriseOwnerInfo.repositoryDeployKeySetting` is defined twice"));
}

/// Every fixture of the generator's golden tests, collisions of Rust names
/// and Rust's own names included: the mock never looks at Rust names.
#[tokio::test]
async fn mock_serves_every_generator_fixture() {
    let golden = manifest("../tests/golden");
    let mut served = 0;
    for entry in std::fs::read_dir(&golden).expect("the golden fixtures") {
        let file = entry.unwrap().path();
        if file.extension().is_none_or(|e| e != "graphql") {
            continue;
        }
        let app = spawn_mock(&file, 1).await;
        let data = app.data("{ __typename }").await;
        assert!(data["__typename"].is_string(), "{}: {data}", file.display());
        served += 1;
    }
    assert!(served >= 8);
    let app = spawn_mock(&golden.join("rust_names.graphql"), 1).await;
    let data = app
        .data(
            "{ fooId fooID foo_id self Self status(type: ACTIVE, Type: 1) \
               prelude { option { some } vec { len } boxed { inner { inner { __typename } } } } \
               queryResolvers { x } }",
        )
        .await;
    for key in ["fooId", "fooID", "foo_id", "self", "Self", "status"] {
        assert!(data.get(key).is_some(), "{key}: {data}");
    }
    assert!(data["prelude"]["vec"].is_array(), "{data}");
}

/// GitHub's `User.email: String!` narrows `ProfileOwner.email: String`: the
/// mock serves each with its own type, as the SDL says.
#[tokio::test]
async fn mock_introspection_keeps_covariant_fields_exact() {
    let app = spawn_mock(&manifest("../tests/corpus/github.graphql"), 1).await;
    let email = |ty: &str| {
        format!(
            "{{ __type(name: \"{ty}\") {{ fields {{ name type {{ kind name ofType {{ name }} }} }} }} }}"
        )
    };
    let user = app.data(&email("User")).await;
    let field = |data: &Value| {
        data["__type"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == "email")
            .unwrap()["type"]
            .clone()
    };
    assert_eq!(
        field(&user),
        json!({"kind": "NON_NULL", "name": null, "ofType": {"name": "String"}})
    );
    let owner = app.data(&email("ProfileOwner")).await;
    assert_eq!(
        field(&owner),
        json!({"kind": "SCALAR", "name": "String", "ofType": null})
    );
    let viewer = app.data("{ viewer { email } }").await;
    assert!(viewer["viewer"]["email"].is_string(), "{viewer}");
}

#[tokio::test]
async fn mock_owned_children_point_back_through_interfaces() {
    let app = spawn_mock(&manifest("../tests/corpus/github.graphql"), 1).await;
    let data = app
        .data("{ viewer { login repositories(first: 3) { nodes { owner { login } } } } }")
        .await;
    for repository in data["viewer"]["repositories"]["nodes"].as_array().unwrap() {
        assert_eq!(repository["owner"]["login"], data["viewer"]["login"]);
    }
}

#[tokio::test]
async fn mock_subscription_root_streams_over_websocket_with_graphql_ws() {
    let app = spawn_mock(
        &manifest("../tests/corpus/howtographql_node_hackernews.graphql"),
        1,
    )
    .await;
    let host = app.address.trim_start_matches("http://").to_string();
    let mut socket = tokio::net::TcpStream::connect(&host).await.unwrap();
    let handshake = format!(
        "GET /graphql/ws HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n"
    );
    socket.write_all(handshake.as_bytes()).await.unwrap();
    let mut head = Vec::new();
    while !head.ends_with(b"\r\n\r\n") {
        head.push(socket.read_u8().await.unwrap());
    }
    let head = String::from_utf8_lossy(&head).to_lowercase();
    assert!(head.starts_with("http/1.1 101"), "{head}");
    assert!(
        head.contains("sec-websocket-protocol: graphql-transport-ws"),
        "{head}"
    );
    send_frame(&mut socket, json!({ "type": "connection_init" })).await;
    assert_eq!(receive_frame(&mut socket).await["type"], "connection_ack");
    let subscribe = json!({ "id": "1", "type": "subscribe", "payload": { "query": "subscription { newVote { id link { url } } }" } });
    send_frame(&mut socket, subscribe).await;
    let (first, second) = (
        receive_frame(&mut socket).await,
        receive_frame(&mut socket).await,
    );
    for event in [&first, &second] {
        assert_eq!(event["type"], "next", "{event}");
        assert!(
            event["payload"]["data"]["newVote"]["link"]["url"].is_string(),
            "{event}"
        );
    }
    assert_ne!(
        first["payload"]["data"]["newVote"]["id"],
        second["payload"]["data"]["newVote"]["id"]
    );
}

/// A masked text frame, as a client sends it.
async fn send_frame(socket: &mut tokio::net::TcpStream, message: Value) {
    let payload = message.to_string().into_bytes();
    let mut frame = vec![0x81];
    match u8::try_from(payload.len()) {
        Ok(len) if len < 126 => frame.push(0x80 | len),
        _ => {
            frame.push(0x80 | 126);
            frame.extend(u16::try_from(payload.len()).unwrap().to_be_bytes());
        }
    }
    let mask = [0x12, 0x34, 0x56, 0x78];
    frame.extend(mask);
    frame.extend(payload.iter().enumerate().map(|(i, b)| b ^ mask[i % 4]));
    socket.write_all(&frame).await.unwrap();
}

/// The next text frame from the server, as JSON.
async fn receive_frame(socket: &mut tokio::net::TcpStream) -> Value {
    loop {
        let opcode = socket.read_u8().await.unwrap() & 0x0f;
        let len = match socket.read_u8().await.unwrap() & 0x7f {
            126 => u64::from(socket.read_u16().await.unwrap()),
            127 => socket.read_u64().await.unwrap(),
            len => u64::from(len),
        };
        let mut payload = vec![0; usize::try_from(len).unwrap()];
        socket.read_exact(&mut payload).await.unwrap();
        if opcode == 1 {
            return serde_json::from_slice(&payload).unwrap();
        }
    }
}

// Every transport passes the runtime's guard, as on a real server.

#[tokio::test]
async fn mock_guards_every_transport() {
    let app = spawn_mock(&shop_schema(), 1).await;
    let query = "{ __typename }";
    clients::assert_every_transport_is_guarded(
        &app.address,
        query,
        &json!({ "data": { "__typename": "Query" } }),
    )
    .await;
}

// 9. Trusted documents: the mock runs what the clients shipped, by id.

#[tokio::test]
async fn mock_serves_trusted_documents_by_id_and_refuses_the_rest_when_enforcing() {
    let sha256 = |text: &str| -> String {
        <sha2::Sha256 as sha2::Digest>::digest(text.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    };
    let me = "query Me { me { username } }";
    let post_link = "mutation PostLink { createLink(url: \"https://a.example\") { url } }";
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("manifest.json");
    let operations: Vec<Value> = [("Me", "query", me), ("PostLink", "mutation", post_link)]
        .iter()
        .map(|(name, kind, body)| json!({ "id": sha256(body), "name": name, "type": kind, "body": body }))
        .collect();
    std::fs::write(
        &file,
        json!({ "format": "apollo-persisted-query-manifest", "version": 1, "operations": operations })
            .to_string(),
    )
    .unwrap();
    let app = spawn_with(Options {
        trusted_documents: vec![file],
        trusted_documents_mode: weftql_runtime::http::TrustedDocumentsMode::Enforce,
        ..options(&hackernews_schema(), 1)
    })
    .await;
    let url = format!("{}/graphql", app.address);
    let post = async |body: Value| {
        let response = app.client.post(&url).json(&body).send().await.unwrap();
        let status = response.status().as_u16();
        let no_store = response
            .headers()
            .get("cache-control")
            .is_some_and(|v| v == "no-store");
        (status, no_store, response.json::<Value>().await.unwrap())
    };
    let code = |body: &Value| {
        body["errors"][0]["extensions"]["code"]
            .as_str()
            .unwrap_or("")
            .to_owned()
    };

    let (status, _, by_id) = post(json!({ "documentId": format!("sha256:{}", sha256(me)) })).await;
    assert_eq!(status, 200, "{by_id}");
    let (_, _, by_text) = post(json!({ "query": me })).await;
    assert_eq!(by_id, by_text);
    assert!(by_id["data"]["me"]["username"].is_string(), "{by_id}");

    let (status, _, body) = post(json!({ "query": "{ me { id } }" })).await;
    assert_eq!(
        (status, code(&body).as_str()),
        (403, "PERSISTED_QUERY_NOT_IN_LIST")
    );
    let (status, no_store, body) =
        post(json!({ "documentId": format!("sha256:{}", sha256("{ me { id } }")) })).await;
    assert_eq!(
        (status, no_store, code(&body).as_str()),
        (404, true, "PERSISTED_QUERY_NOT_FOUND")
    );
    let (status, _, body) =
        post(json!({ "documentId": format!("sha256:{}", sha256(me)), "query": "{ me { id } }" }))
            .await;
    assert_eq!(
        (status, code(&body).as_str()),
        (400, "PERSISTED_QUERY_HASH_MISMATCH")
    );
    let response = app
        .client
        .get(&url)
        .query(&[("documentId", format!("sha256:{}", sha256(post_link)))])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 405);
    assert_eq!(response.headers()["allow"], "POST");
}
