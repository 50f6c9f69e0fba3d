//! A small library served by the engine through hand-written `Object`s, as
//! generated code would write them: every resolver logs its calls, so the
//! tests see how often each field is resolved.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::future::BoxFuture;
use futures_util::stream::{self, StreamExt};
use weftql_runtime::engine::{
    Abstract, Children, Engine, EngineBuilder, Events, FieldCall, FieldError, Items, Leaves,
    LookAhead, Object, Output, Part, Placement, Resolved, Values,
};

pub const SDL: &str = r#"
"""A small library."""
schema { query: Query mutation: Mutation subscription: Subscription }

"""Marks a field whose reads are audited."""
directive @audited(reason: String = "policy") on FIELD_DEFINITION

"""Anything with a global ID."""
interface Node { id: ID! }

interface Owned { owner: Node }

type Query {
  authors(first: Int = 10): [Author!]!
  book(id: ID!): Book
  search(term: String!): [SearchResult!]!
  node(id: ID!): Node
  broken: Int!
  favorite(filter: BookFilter!): Book
  "Its resolver panics."
  explode: Int
  "The reader the server put in the request's context."
  reader: String
}

type Mutation {
  "Appends `n` to the ledger after a pause that shrinks as `n` grows."
  append(n: Int!): [Int!]!
}

type Subscription {
  "Counts down from `from` to 1."
  countdown(from: Int!): Int!
  "Every book whose title holds `term`, one event each."
  releases(term: String!): Book
}

type Author implements Node {
  id: ID!
  name: String!
  books: [Book!]!
  rank: Int @deprecated(reason: "Ranks are gone.")
}

"""A book; its owner is narrower than `Owned.owner`."""
type Book implements Node & Owned {
  id: ID!
  title: String!
  owner: Author @audited
  pages: Int!
  isbn: Isbn
}

union SearchResult = Author | Book

input BookFilter @oneOf { title: String, id: ID }

scalar Isbn @specifiedBy(url: "https://www.isbn-international.org/")
"#;

#[derive(Clone)]
pub struct Author {
    pub id: u32,
    pub name: &'static str,
}

#[derive(Clone)]
pub struct Book {
    pub id: u32,
    pub title: &'static str,
    pub author: u32,
    /// `None` makes `Book.pages` fail.
    pub pages: Option<i32>,
}

pub enum Found {
    Author(Author),
    Book(Book),
}

pub const AUTHORS: [Author; 3] = [
    Author {
        id: 1,
        name: "Ursula",
    },
    Author {
        id: 2,
        name: "Italo",
    },
    Author {
        id: 3,
        name: "Jorge",
    },
];

pub const BOOKS: [Book; 5] = [
    Book {
        id: 10,
        title: "The Dispossessed",
        author: 1,
        pages: Some(387),
    },
    Book {
        id: 11,
        title: "Earthsea",
        author: 1,
        pages: Some(183),
    },
    Book {
        id: 12,
        title: "Invisible Cities",
        author: 2,
        pages: Some(165),
    },
    Book {
        id: 13,
        title: "If on a winter's night",
        author: 2,
        pages: Some(260),
    },
    Book {
        id: 14,
        title: "Ficciones",
        author: 3,
        pages: None,
    },
];

/// Every resolver call, as `Type.field×parents`, and what each call of a
/// field with a selection saw ahead, as `Type.field: a b { c }`.
#[derive(Default)]
pub struct Log {
    calls: Mutex<Vec<String>>,
    looks: Mutex<Vec<String>>,
    pub ledger: Mutex<Vec<i32>>,
}

impl Log {
    fn call(&self, name: &str, call: &FieldCall<'_>) {
        let entry = format!("{name}×{}", call.parents.len());
        self.calls.lock().unwrap().push(entry);
        let ahead = call.ctx.look_ahead();
        if !ahead.fields().is_empty() {
            let look = format!("{name}:{}", described(&ahead));
            self.looks.lock().unwrap().push(look);
        }
    }

    pub fn take(&self) -> Vec<String> {
        let mut calls = std::mem::take(&mut *self.calls.lock().unwrap());
        calls.sort();
        calls
    }

    pub fn take_looks(&self) -> Vec<String> {
        let mut looks = std::mem::take(&mut *self.looks.lock().unwrap());
        looks.sort();
        looks
    }
}

/// A look-ahead written out: each field asked, its own selection in braces.
fn described(ahead: &LookAhead<'_>) -> String {
    ahead
        .fields()
        .into_iter()
        .map(|name| {
            let below = ahead.field(name);
            if below.fields().is_empty() {
                format!(" {name}")
            } else {
                format!(" {name} {{{} }}", described(&below))
            }
        })
        .collect()
}

pub fn engine(log: &Arc<Log>) -> EngineBuilder {
    Engine::build(SDL, "library.graphql")
        .object("Query", QueryType(log.clone()))
        .object("Mutation", MutationType(log.clone()))
        .object("Subscription", SubscriptionType)
        .object("Author", AuthorType(log.clone()))
        .object("Book", BookType(log.clone()))
        .abstract_type("Node", Sorter)
        .abstract_type("Owned", Sorter)
        .abstract_type("SearchResult", Sorter)
}

fn names(fields: &[&str]) -> Vec<String> {
    fields.iter().map(|f| f.to_string()).collect()
}

fn failed(error: FieldError) -> Resolved<'static> {
    Resolved::Ready(Output::failed(1, error))
}

/// One parent's value of a field whose type is a list of `T`s.
fn list_of<T: Send + Sync + 'static>(type_name: &'static str, lists: Vec<Vec<T>>) -> Output {
    let mut children = Children::with_capacity(lists.len());
    let mut items = Items::new(0);
    let placements: Vec<Placement> = lists
        .into_iter()
        .map(|list| Placement::List(list.into_iter().map(|item| items.item(item)).collect()))
        .collect();
    items.finish(&mut children, type_name);
    placements
        .into_iter()
        .for_each(|placement| children.push(placement));
    Output::Children(children)
}

fn one_of<T: Send + Sync + 'static>(type_name: &'static str, values: Vec<Option<T>>) -> Output {
    let mut children = Children::with_capacity(values.len());
    let mut items = Items::new(0);
    let placements: Vec<Placement> = values
        .into_iter()
        .map(|value| value.map_or(Placement::Null, |value| items.item(value)))
        .collect();
    items.finish(&mut children, type_name);
    placements
        .into_iter()
        .for_each(|placement| children.push(placement));
    Output::Children(children)
}

fn found(id: &str) -> Option<Found> {
    let id: u32 = id.parse().ok()?;
    let author = AUTHORS
        .iter()
        .find(|a| a.id == id)
        .cloned()
        .map(Found::Author);
    author.or_else(|| BOOKS.iter().find(|b| b.id == id).cloned().map(Found::Book))
}

struct QueryType(Arc<Log>);

impl Object for QueryType {
    fn fields(&self) -> Vec<String> {
        names(&[
            "authors", "book", "search", "node", "broken", "favorite", "explode", "reader",
        ])
    }

    fn resolve<'a>(&'a self, call: FieldCall<'a>) -> Resolved<'a> {
        self.0.call(&self.fields()[call.field], &call);
        let output = match call.field {
            0 => {
                let first: i32 = match call.arguments.get("first") {
                    Ok(first) => first,
                    Err(error) => return failed(error),
                };
                list_of(
                    "Author",
                    vec![AUTHORS.iter().take(first as usize).cloned().collect()],
                )
            }
            1 => {
                let id: String = call.arguments.get("id").unwrap_or_default();
                let book = BOOKS.iter().find(|b| b.id.to_string() == id).cloned();
                one_of("Book", vec![book])
            }
            2 => {
                let term: String = call.arguments.get("term").unwrap_or_default();
                let mut hits: Vec<Found> = AUTHORS
                    .iter()
                    .filter(|a| a.name.contains(&term))
                    .cloned()
                    .map(Found::Author)
                    .collect();
                hits.extend(
                    BOOKS
                        .iter()
                        .filter(|b| b.title.contains(&term))
                        .cloned()
                        .map(Found::Book),
                );
                list_of("SearchResult", vec![hits])
            }
            3 => {
                let id: String = call.arguments.get("id").unwrap_or_default();
                one_of("Node", vec![found(&id)])
            }
            4 => return failed(FieldError::new("Broken on purpose")),
            6 => panic!("a resolver that panics"),
            7 => {
                let mut leaves = Leaves::with_capacity(1);
                leaves.push(&call.ctx.data_opt::<String>());
                Output::Leaves(leaves)
            }
            _ => {
                let filter: serde_json::Value = call.arguments.get("filter").unwrap_or_default();
                let book = BOOKS
                    .iter()
                    .find(|b| {
                        filter["title"].as_str() == Some(b.title)
                            || filter["id"].as_str() == Some(&b.id.to_string())
                    })
                    .cloned();
                one_of("Book", vec![book])
            }
        };
        Resolved::Ready(output)
    }
}

struct MutationType(Arc<Log>);

impl Object for MutationType {
    fn fields(&self) -> Vec<String> {
        names(&["append"])
    }

    fn resolve<'a>(&'a self, call: FieldCall<'a>) -> Resolved<'a> {
        self.0.call("append", &call);
        Resolved::later(async move {
            let n: i32 = call.arguments.get("n").unwrap_or_default();
            tokio::time::sleep(Duration::from_millis(60_u64.saturating_sub(n as u64 * 20))).await;
            let mut ledger = self.0.ledger.lock().unwrap();
            ledger.push(n);
            let mut leaves = Leaves::with_capacity(1);
            leaves.push(&*ledger);
            Output::Leaves(leaves)
        })
    }
}

struct SubscriptionType;

impl Object for SubscriptionType {
    fn fields(&self) -> Vec<String> {
        names(&["countdown", "releases"])
    }

    fn resolve<'a>(&'a self, _call: FieldCall<'a>) -> Resolved<'a> {
        failed(FieldError::new("subscribe instead"))
    }

    fn subscribe<'a>(&'a self, call: FieldCall<'a>) -> BoxFuture<'a, Result<Events, FieldError>> {
        Box::pin(async move {
            if call.field == 0 {
                let from: i32 = call.arguments.get("from")?;
                if from < 0 {
                    return Err(FieldError::new("Cannot count down from below zero"));
                }
                let events = stream::iter((1..=from).rev()).map(|n| {
                    let mut leaves = Leaves::with_capacity(1);
                    leaves.push(&n);
                    Output::Leaves(leaves)
                });
                return Ok(events.boxed());
            }
            let term: String = call.arguments.get("term")?;
            let books: Vec<Book> = BOOKS
                .iter()
                .filter(|b| b.title.contains(&term))
                .cloned()
                .collect();
            Ok(stream::iter(books)
                .map(|book| one_of("Book", vec![Some(book)]))
                .boxed())
        })
    }
}

struct AuthorType(Arc<Log>);

impl Object for AuthorType {
    fn fields(&self) -> Vec<String> {
        names(&["id", "name", "books", "rank"])
    }

    fn resolve<'a>(&'a self, call: FieldCall<'a>) -> Resolved<'a> {
        self.0
            .call(&format!("Author.{}", self.fields()[call.field]), &call);
        let authors = match call.parents.get::<Author>() {
            Ok(authors) => authors,
            Err(error) => return failed(error),
        };
        let mut leaves = Leaves::with_capacity(authors.len());
        match call.field {
            0 => authors.iter().for_each(|a| leaves.push(&a.id.to_string())),
            1 => authors.iter().for_each(|a| leaves.push(a.name)),
            2 => {
                let lists = authors
                    .iter()
                    .map(|a| BOOKS.iter().filter(|b| b.author == a.id).cloned().collect())
                    .collect();
                return Resolved::Ready(list_of("Book", lists));
            }
            _ => authors.iter().for_each(|_| leaves.push(&None::<i32>)),
        }
        Resolved::Ready(Output::Leaves(leaves))
    }
}

struct BookType(Arc<Log>);

impl Object for BookType {
    fn fields(&self) -> Vec<String> {
        names(&["id", "title", "owner", "pages", "isbn"])
    }

    fn resolve<'a>(&'a self, call: FieldCall<'a>) -> Resolved<'a> {
        self.0
            .call(&format!("Book.{}", self.fields()[call.field]), &call);
        let books = match call.parents.get::<Book>() {
            Ok(books) => books,
            Err(error) => return failed(error),
        };
        let mut leaves = Leaves::with_capacity(books.len());
        match call.field {
            0 => books.iter().for_each(|b| leaves.push(&b.id.to_string())),
            1 => books.iter().for_each(|b| leaves.push(b.title)),
            2 => {
                // Owners come from "another service": later, all at once.
                return Resolved::later(async move {
                    tokio::task::yield_now().await;
                    let owners = books
                        .iter()
                        .map(|b| AUTHORS.iter().find(|a| a.id == b.author).cloned())
                        .collect();
                    one_of("Author", owners)
                });
            }
            3 => books.iter().for_each(|b| {
                leaves.push_result(b.pages.ok_or_else(|| {
                    let mut error =
                        FieldError::new(format!("Nobody counted the pages of {}", b.title));
                    let mut extensions = serde_json::Map::new();
                    extensions.insert("code".into(), "UNCOUNTED".into());
                    error.extensions = Some(extensions);
                    error
                }))
            }),
            _ => books
                .iter()
                .for_each(|b| leaves.push(&format!("978-{}", b.id))),
        }
        Resolved::Ready(Output::Leaves(leaves))
    }
}

/// Splits `Found` values (of `Node`, `Owned` or `SearchResult`) by type.
struct Sorter;

impl Abstract for Sorter {
    fn split(&self, values: Values) -> Result<Vec<Part>, FieldError> {
        let mut authors = (Vec::new(), Vec::new());
        let mut books = (Vec::new(), Vec::new());
        for (position, value) in values.into_vec::<Found>()?.into_iter().enumerate() {
            match value {
                Found::Author(a) => {
                    authors.0.push(a);
                    authors.1.push(position as u32);
                }
                Found::Book(b) => {
                    books.0.push(b);
                    books.1.push(position as u32);
                }
            }
        }
        Ok(vec![
            Part {
                type_name: "Author".into(),
                values: Values::new(authors.0),
                positions: authors.1,
            },
            Part {
                type_name: "Book".into(),
                values: Values::new(books.0),
                positions: books.1,
            },
        ])
    }
}
