//! The engine through its front door: a schema, implementations of its
//! types (`library`), requests in, JSON out.

#[path = "../clients/mod.rs"]
mod clients;
mod library;
mod served;

use std::sync::Arc;

use serde_json::{Value, json};
use weftql_runtime::engine::{
    Engine, FieldCall, Leaves, Object, Output, Request, RequestData, Resolved,
};

use library::Log;

fn library() -> (Engine, Arc<Log>) {
    let log = Arc::new(Log::default());
    (library::engine(&log).finish().unwrap(), log)
}

async fn run(engine: &Engine, request: Request) -> Value {
    let answer = engine.execute(&request, &RequestData::new()).await;
    serde_json::from_slice(&answer.to_json()).unwrap()
}

async fn query(engine: &Engine, text: &str) -> Value {
    run(engine, Request::new(text)).await
}

#[tokio::test]
async fn nested_lists_resolve_each_field_once_per_level() {
    let (engine, log) = library();
    let body = query(
        &engine,
        "{ authors(first: 2) { name books { title owner { name } } } }",
    )
    .await;
    assert_eq!(
        body,
        json!({"data": {"authors": [
            {"name": "Ursula", "books": [
                {"title": "The Dispossessed", "owner": {"name": "Ursula"}},
                {"title": "Earthsea", "owner": {"name": "Ursula"}}]},
            {"name": "Italo", "books": [
                {"title": "Invisible Cities", "owner": {"name": "Italo"}},
                {"title": "If on a winter's night", "owner": {"name": "Italo"}}]}
        ]}})
    );
    assert_eq!(
        log.take(),
        [
            "Author.books×2",
            "Author.name×2",
            "Author.name×4",
            "Book.owner×4",
            "Book.title×4",
            "authors×1"
        ]
    );
}

#[tokio::test]
async fn fields_come_in_the_order_asked_with_aliases_and_typename() {
    let (engine, _) = library();
    let request = Request::new(
        "{ b: book(id: 12) { t: title __typename id } a: book(id: 10) { id } __typename }",
    );
    let answer = engine.execute(&request, &RequestData::new()).await;
    assert_eq!(
        String::from_utf8(answer.to_json()).unwrap(),
        r#"{"data":{"b":{"t":"Invisible Cities","__typename":"Book","id":"12"},"a":{"id":"10"},"__typename":"Query"}}"#
    );
}

#[tokio::test]
async fn fragments_apply_by_type_on_interfaces_and_unions() {
    let (engine, _) = library();
    let body = query(
        &engine,
        r#"{
          search(term: "I") {
            __typename
            ... on Node { id }
            ...author
            ... on Book { title }
          }
          node(id: 3) { ... on Author { name } ... on Book { title } }
        }
        fragment author on Author { name }"#,
    )
    .await;
    assert_eq!(
        body["data"],
        json!({
            "search": [
                {"__typename": "Author", "id": "2", "name": "Italo"},
                {"__typename": "Book", "id": "12", "title": "Invisible Cities"},
                {"__typename": "Book", "id": "13", "title": "If on a winter's night"}
            ],
            "node": {"name": "Jorge"}
        })
    );
}

#[tokio::test]
async fn skip_and_include_follow_variables() {
    let (engine, _) = library();
    let text = "query ($full: Boolean!) { book(id: 10) { title pages @include(if: $full) id @skip(if: $full) } }";
    let full = run(&engine, Request::new(text).variables(json!({"full": true}))).await;
    assert_eq!(
        full["data"]["book"],
        json!({"title": "The Dispossessed", "pages": 387})
    );
    let brief = run(
        &engine,
        Request::new(text).variables(json!({"full": false})),
    )
    .await;
    assert_eq!(
        brief["data"]["book"],
        json!({"title": "The Dispossessed", "id": "10"})
    );
}

#[tokio::test]
async fn a_resolver_looks_ahead_at_what_its_selection_asks() {
    let (engine, log) = library();
    let text = "query ($brief: Boolean!) {
        authors(first: 1) { n: name ...Shelf books { pages owner { id } } }
        search(term: \"i\") {
            __typename
            ... on Author { name books @skip(if: $brief) { title } }
            ...BookParts
        }
    }
    fragment Shelf on Author { id books { title } }
    fragment BookParts on Book { title owner { name } }";
    let body = run(
        &engine,
        Request::new(text).variables(json!({"brief": true})),
    )
    .await;
    assert!(body.get("errors").is_none(), "{body}");
    assert_eq!(
        log.take_looks(),
        [
            "Author.books: title pages owner { id }",
            "Book.owner: id",
            "Book.owner: name",
            "authors: name id books { title pages owner { id } }",
            "search: __typename name title owner { name }",
        ]
    );
    run(
        &engine,
        Request::new(text).variables(json!({"brief": false})),
    )
    .await;
    let looks = log.take_looks();
    let search = looks.iter().find(|l| l.starts_with("search:")).unwrap();
    assert_eq!(
        search,
        "search: __typename name books { title } title owner { name }"
    );
}

#[tokio::test]
async fn a_failed_field_is_null_with_its_path_and_code() {
    let (engine, _) = library();
    // `Book.pages` is non-null: the book is null, and `book` may be.
    let body = query(&engine, "{ book(id: 14) { title pages } }").await;
    assert_eq!(body["data"], json!({"book": null}));
    assert_eq!(
        body["errors"],
        json!([{
            "message": "Nobody counted the pages of Ficciones",
            "locations": [{"line": 1, "column": 24}],
            "path": ["book", "pages"],
            "extensions": {"code": "UNCOUNTED"}
        }])
    );
}

#[tokio::test]
async fn null_propagates_through_lists_to_the_nearest_nullable_parent() {
    let (engine, _) = library();
    // Jorge's only book fails `pages`: Book! in [Book!]! in Author! in
    // [Author!]! in a non-null root field: nothing nullable until `data`.
    let body = query(&engine, "{ authors { name books { pages } } }").await;
    assert_eq!(body["data"], Value::Null);
    assert_eq!(
        body["errors"][0]["path"],
        json!(["authors", 2, "books", 0, "pages"])
    );
    assert_eq!(body["errors"].as_array().unwrap().len(), 1, "{body}");
    // Through a nullable `owner`, it stops there.
    let body = query(
        &engine,
        "{ search(term: \"Fic\") { ... on Book { owner { books { pages } } } } }",
    )
    .await;
    assert_eq!(body["data"], json!({"search": [{"owner": null}]}));
    assert_eq!(
        body["errors"][0]["path"],
        json!(["search", 0, "owner", "books", 0, "pages"])
    );
}

#[tokio::test]
async fn a_failed_non_null_root_field_nulls_data() {
    let (engine, _) = library();
    let body = query(&engine, "{ book(id: 10) { title } broken }").await;
    assert_eq!(body["data"], Value::Null);
    assert_eq!(body["errors"][0]["message"], "Broken on purpose");
    assert_eq!(body["errors"][0]["path"], json!(["broken"]));
}

#[tokio::test]
async fn a_panicking_resolver_is_an_internal_error_of_its_field_alone() {
    let (engine, _) = library();
    let body = query(&engine, "{ explode book(id: 11) { title } }").await;
    assert_eq!(
        body["data"],
        json!({"explode": null, "book": {"title": "Earthsea"}})
    );
    assert_eq!(body["errors"][0]["message"], "Internal server error");
    assert_eq!(
        body["errors"][0]["extensions"]["code"],
        "INTERNAL_SERVER_ERROR"
    );
    assert_eq!(body["errors"][0]["path"], json!(["explode"]));
}

#[tokio::test]
async fn subscriptions_answer_each_event_with_its_children() {
    use futures_util::StreamExt;

    let (engine, _) = library();
    let events = |text: &str| {
        engine
            .subscribe(Request::new(text), RequestData::new())
            .map(|answer| serde_json::from_slice::<Value>(&answer.to_json()).unwrap())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        events("subscription { countdown(from: 3) }").await,
        [3, 2, 1].map(|n| json!({"data": {"countdown": n}}))
    );
    assert_eq!(
        events("subscription { releases(term: \"In\") { title owner { name } } }").await,
        [json!({"data": {"releases": {"title": "Invisible Cities", "owner": {"name": "Italo"}}}})]
    );
    let refused = events("subscription { countdown(from: -1) }").await;
    assert_eq!(refused.len(), 1);
    assert_eq!(
        refused[0]["errors"][0]["message"],
        "Cannot count down from below zero"
    );
    assert_eq!(refused[0].get("data"), None);
    // A query over the same call is one answer.
    let once = events("{ book(id: 10) { title } }").await;
    assert_eq!(
        once,
        [json!({"data": {"book": {"title": "The Dispossessed"}}})]
    );
}

#[tokio::test]
async fn mutations_run_one_after_another() {
    let (engine, log) = library();
    // The first sleeps longest: run concurrently, it would append last.
    let body = query(&engine, "mutation { a: append(n: 1) b: append(n: 2) }").await;
    assert_eq!(body["data"], json!({"a": [1], "b": [1, 2]}));
    assert_eq!(*log.ledger.lock().unwrap(), [1, 2]);
}

#[tokio::test]
async fn arguments_get_defaults_and_input_objects() {
    let (engine, _) = library();
    let body = query(&engine, "{ authors { id } }").await;
    assert_eq!(body["data"]["authors"].as_array().unwrap().len(), 3);
    let body = run(
        &engine,
        Request::new("query ($t: String) { favorite(filter: { title: $t }) { id } }")
            .variables(json!({"t": "Earthsea"})),
    )
    .await;
    assert_eq!(body, json!({"data": {"favorite": {"id": "11"}}}));
}

#[tokio::test]
async fn request_errors_have_no_data_and_read_as_graphql_js() {
    let (engine, _) = library();
    let body = query(&engine, "{ book(id: 10) { titel } }").await;
    assert_eq!(body.get("data"), None);
    assert_eq!(
        body["errors"][0]["message"],
        "Cannot query field \"titel\" on type \"Book\". Did you mean \"title\"?"
    );
    assert_eq!(
        body["errors"][0]["locations"],
        json!([{"line": 1, "column": 18}])
    );
    let body = run(
        &engine,
        Request::new("query ($id: ID!) { book(id: $id) { id } }"),
    )
    .await;
    assert_eq!(body.get("data"), None);
    assert_eq!(
        body["errors"][0]["message"],
        "Variable \"$id\" of required type \"ID!\" was not provided."
    );
    let quiet = library::engine(&Arc::new(Log::default()))
        .suggestions(false)
        .finish()
        .unwrap();
    let body = query(&quiet, "{ book(id: 10) { titel } }").await;
    assert_eq!(
        body["errors"][0]["message"],
        "Cannot query field \"titel\" on type \"Book\"."
    );
}

#[tokio::test]
async fn documents_are_parsed_and_validated_once() {
    let log = Arc::new(Log::default());
    let engine = library::engine(&log).document_cache(2).finish().unwrap();
    for _ in 0..3 {
        query(&engine, "{ book(id: 10) { title } }").await;
    }
    assert_eq!(engine.cached_documents(), 1);
    query(&engine, "{ nope }").await;
    assert_eq!(
        engine.cached_documents(),
        2,
        "invalid documents are remembered too"
    );
    for id in 0..20 {
        query(&engine, &format!("{{ book(id: {id}) {{ id }} }}")).await;
    }
    assert!(engine.cached_documents() <= 2, "the cache is bounded");
}

#[tokio::test]
async fn introspection_answers_from_the_contract() {
    let (engine, _) = library();
    let body = query(
        &engine,
        r#"{
          __schema { description directives { name args { name defaultValue } } }
          book: __type(name: "Book") { fields { name type { kind name } } }
          owned: __type(name: "Owned") { fields { name type { name } } }
          filter: __type(name: "BookFilter") { inputFields { name } isOneOf }
          oneOf: __type(name: "Book") { kind o: isOneOf }
          listed: __schema { types { ...oneOf } }
          isbn: __type(name: "Isbn") { specifiedByURL }
          author: __type(name: "Author") {
            fields(includeDeprecated: true) { name isDeprecated deprecationReason }
          }
        }
        fragment oneOf on __Type { name isOneOf }"#,
    )
    .await;
    assert_eq!(body.get("errors"), None, "{body}");
    let data = &body["data"];
    assert_eq!(data["__schema"]["description"], "A small library.");
    let audited = data["__schema"]["directives"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["name"] == "audited")
        .expect("the schema's own directive");
    assert_eq!(
        audited["args"],
        json!([{"name": "reason", "defaultValue": "\"policy\""}])
    );
    let owner = |ty: &str| {
        data[ty]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["name"] == "owner")
            .unwrap()["type"]["name"]
            .clone()
    };
    assert_eq!(
        owner("book"),
        "Author",
        "the narrowed type, not the interface's"
    );
    assert_eq!(owner("owned"), "Node");
    assert_eq!(
        data["filter"]["inputFields"],
        json!([{"name": "title"}, {"name": "id"}])
    );
    assert_eq!(
        data["isbn"]["specifiedByURL"],
        "https://www.isbn-international.org/"
    );
    let rank = &data["author"]["fields"][3];
    assert_eq!(rank["isDeprecated"], true);
    assert_eq!(rank["deprecationReason"], "Ranks are gone.");
}

#[tokio::test]
async fn introspection_can_be_turned_off() {
    let closed = library::engine(&Arc::new(Log::default()))
        .introspection(false)
        .finish()
        .unwrap();
    let body = query(&closed, "{ __schema { description } }").await;
    assert_eq!(body.get("data"), None);
    assert_eq!(
        body["errors"][0]["message"],
        "Cannot query field \"__schema\" on type \"Query\"."
    );
    let body = query(&closed, "{ __typename }").await;
    assert_eq!(body, json!({"data": {"__typename": "Query"}}));
}

#[test]
fn a_schema_must_be_implemented_and_valid() {
    let log = Arc::new(Log::default());
    let missing = Engine::build(library::SDL, "library.graphql")
        .finish()
        .err()
        .unwrap()
        .to_string();
    assert!(
        missing.contains("`Author`") && missing.contains("`SearchResult`"),
        "{missing}"
    );
    let invalid = Engine::build("type Query { a: Missing }", "bad.graphql")
        .finish()
        .err()
        .unwrap()
        .to_string();
    assert!(invalid.contains("Missing"), "{invalid}");
    let not_object = library::engine(&log)
        .object("Node", Nothing)
        .finish()
        .err()
        .unwrap()
        .to_string();
    assert!(
        not_object.contains("`Node` is not an object type"),
        "{not_object}"
    );
}

/// An implementation that resolves nothing.
struct Nothing;

impl Object for Nothing {
    fn fields(&self) -> Vec<String> {
        Vec::new()
    }

    fn resolve<'a>(&'a self, _call: FieldCall<'a>) -> Resolved<'a> {
        Resolved::Ready(Output::Leaves(Leaves::default()))
    }
}

/// Every schema of the corpus is a valid contract to the engine, read on a
/// 2 MiB stack (the default of test threads and tokio workers); GitHub's
/// defines two fields of `EnterpriseOwnerInfo` twice.
#[test]
fn the_corpus_schemas_are_valid_contracts_on_a_small_stack() {
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus");
    let mut read = 0;
    for entry in std::fs::read_dir(&corpus).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "graphql") {
            continue;
        }
        let sdl = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let outcome = std::thread::Builder::new()
            .stack_size(2 * 1024 * 1024)
            .spawn(move || {
                Engine::build(sdl, name)
                    .keep_first_duplicate_fields()
                    .finish()
                    .err()
                    .map(|e| e.to_string())
            })
            .unwrap()
            .join()
            .expect("no stack overflow");
        // Nothing is implemented: the engine gets as far as saying so.
        let error = outcome.unwrap_or_default();
        assert!(
            error.starts_with("no implementation of"),
            "{}: {error}",
            path.display()
        );
        read += 1;
    }
    assert_eq!(read, 5);
}
