//! The engine against async-graphql's dynamic schema (what generated code
//! serves today) on the same schema, data and nested query, in process: no
//! HTTP, no database, so what is measured is execution itself (parsing and
//! validation, resolving, building the response JSON). Run with
//! `cargo bench -p weftql-runtime --bench engine`.

#[allow(dead_code)]
#[path = "../tests/engine/library.rs"]
mod library;

use std::sync::Arc;

use async_graphql::dynamic::{Field, FieldFuture, FieldValue, InputValue, Object, Schema, TypeRef};
use divan::Bencher;
use library::{AUTHORS, Author, BOOKS, Book, Log};
use weftql_runtime::engine::{Engine, Request, RequestData};

const NESTED: &str = "{ authors { id name books { id title owner { name books { title } } } } }";

fn main() {
    let (engine, dynamic) = (engine(), dynamic());
    let runtime = runtime();
    let ours = runtime.block_on(engine.execute(&Request::new(NESTED), &RequestData::new()));
    let ours: serde_json::Value = serde_json::from_slice(&ours.to_json()).unwrap();
    let theirs = runtime.block_on(dynamic.execute(NESTED));
    assert_eq!(
        ours,
        serde_json::to_value(&theirs).unwrap(),
        "both answer alike"
    );
    divan::main();
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap()
}

fn engine() -> Engine {
    library::engine(&Arc::new(Log::default())).finish().unwrap()
}

#[divan::bench]
fn weftql_engine(bencher: Bencher) {
    let (engine, runtime) = (engine(), runtime());
    let request = Request::new(NESTED);
    bencher.bench_local(|| {
        let answer = runtime.block_on(engine.execute(&request, &RequestData::new()));
        divan::black_box(answer.to_json())
    });
}

#[divan::bench]
fn async_graphql_dynamic(bencher: Bencher) {
    let (schema, runtime) = (dynamic(), runtime());
    bencher.bench_local(|| {
        let response = runtime.block_on(schema.execute(NESTED));
        divan::black_box(serde_json::to_vec(&response).unwrap())
    });
}

/// The library's query part, field by field as async-graphql resolves it.
fn dynamic() -> Schema {
    let query = Object::new("Query").field(
        Field::new("authors", TypeRef::named_nn_list_nn("Author"), |ctx| {
            FieldFuture::new(async move {
                let first = ctx
                    .args
                    .get("first")
                    .map(|v| v.i64())
                    .transpose()?
                    .unwrap_or(10);
                let authors = AUTHORS.iter().take(first as usize).cloned();
                Ok(Some(FieldValue::list(authors.map(FieldValue::owned_any))))
            })
        })
        .argument(InputValue::new("first", TypeRef::named(TypeRef::INT))),
    );
    let author = Object::new("Author")
        .field(Field::new("id", TypeRef::named_nn(TypeRef::ID), |ctx| {
            FieldFuture::new(async move {
                let author = ctx.parent_value.try_downcast_ref::<Author>()?;
                Ok(Some(FieldValue::value(author.id.to_string())))
            })
        }))
        .field(Field::new(
            "name",
            TypeRef::named_nn(TypeRef::STRING),
            |ctx| {
                FieldFuture::new(async move {
                    let author = ctx.parent_value.try_downcast_ref::<Author>()?;
                    Ok(Some(FieldValue::value(author.name)))
                })
            },
        ))
        .field(Field::new(
            "books",
            TypeRef::named_nn_list_nn("Book"),
            |ctx| {
                FieldFuture::new(async move {
                    let author = ctx.parent_value.try_downcast_ref::<Author>()?;
                    let books = BOOKS.iter().filter(|b| b.author == author.id).cloned();
                    Ok(Some(FieldValue::list(books.map(FieldValue::owned_any))))
                })
            },
        ));
    let book = Object::new("Book")
        .field(Field::new("id", TypeRef::named_nn(TypeRef::ID), |ctx| {
            FieldFuture::new(async move {
                let book = ctx.parent_value.try_downcast_ref::<Book>()?;
                Ok(Some(FieldValue::value(book.id.to_string())))
            })
        }))
        .field(Field::new(
            "title",
            TypeRef::named_nn(TypeRef::STRING),
            |ctx| {
                FieldFuture::new(async move {
                    let book = ctx.parent_value.try_downcast_ref::<Book>()?;
                    Ok(Some(FieldValue::value(book.title)))
                })
            },
        ))
        .field(Field::new("owner", TypeRef::named("Author"), |ctx| {
            FieldFuture::new(async move {
                let book = ctx.parent_value.try_downcast_ref::<Book>()?;
                let owner = AUTHORS.iter().find(|a| a.id == book.author).cloned();
                Ok(owner.map(FieldValue::owned_any))
            })
        }));
    Schema::build("Query", None, None)
        .register(query)
        .register(author)
        .register(book)
        .finish()
        .unwrap()
}
