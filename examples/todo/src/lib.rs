//! A to-do list served from `schema.graphql` by weftql: the generated traits
//! implemented on SQLite, and the runtime's routes (GraphQL over HTTP, SSE,
//! WebSocket, GraphiQL, the guard).

pub mod store;

/// The code generated from `schema.graphql`.
pub mod schema {
    #![allow(clippy::all)]
    weftql_runtime::include_schema!();
}

use sea_orm::DatabaseConnection;
use weftql_runtime::Limits;
use weftql_runtime::engine::Engine;
use weftql_runtime::engine::{FieldError, IntoFieldError};
use weftql_runtime::http::{Executor, graphql_routes};

use schema::{Context, ID, MutationResolvers, QueryResolvers, ResolverResult};
use store::{Todo, rows};

/// The one error of the resolvers, with its GraphQL code.
#[derive(Debug, thiserror::Error)]
pub enum TodoError {
    #[error("A to-do needs a title.")]
    EmptyTitle,
    #[error("Internal server error")]
    Database(#[from] sea_orm::DbErr),
}

impl IntoFieldError for TodoError {
    fn into_field_error(self) -> FieldError {
        let code = match self {
            TodoError::EmptyTitle => "BAD_USER_INPUT",
            TodoError::Database(_) => "INTERNAL_SERVER_ERROR",
        };
        FieldError::new(self.to_string()).with_code(code)
    }
}

/// The implementation of every generated trait.
pub struct Todos {
    db: DatabaseConnection,
}

impl QueryResolvers for Todos {
    async fn todos(&self, _: &Context<'_>, done: Option<bool>) -> ResolverResult<Vec<Todo>> {
        Ok(match done {
            Some(done) => {
                rows(
                    &self.db,
                    "SELECT * FROM todos WHERE done = ? ORDER BY id",
                    vec![done.into()],
                )
                .await?
            }
            None => rows(&self.db, "SELECT * FROM todos ORDER BY id", vec![]).await?,
        })
    }

    async fn todo(&self, _: &Context<'_>, id: ID) -> ResolverResult<Option<Todo>> {
        let id: i64 = id.parse().unwrap_or(-1);
        Ok(rows(
            &self.db,
            "SELECT * FROM todos WHERE id = ?",
            vec![id.into()],
        )
        .await?
        .pop())
    }
}

impl MutationResolvers for Todos {
    async fn add_todo(&self, _: &Context<'_>, title: String) -> ResolverResult<Todo> {
        let title = title.trim();
        if title.is_empty() {
            return Err(TodoError::EmptyTitle);
        }
        let added = rows(
            &self.db,
            "INSERT INTO todos (title) VALUES (?) RETURNING *",
            vec![title.into()],
        )
        .await?;
        added
            .into_iter()
            .next()
            .ok_or(TodoError::Database(sea_orm::DbErr::RecordNotInserted))
    }

    async fn set_done(&self, _: &Context<'_>, id: ID, done: bool) -> ResolverResult<Option<Todo>> {
        let id: i64 = id.parse().unwrap_or(-1);
        let sql = "UPDATE todos SET done = ? WHERE id = ? RETURNING *";
        Ok(rows(&self.db, sql, vec![done.into(), id.into()])
            .await?
            .pop())
    }
}

/// What serves each request: the engine and the limits of the guard.
struct App {
    engine: Engine,
    limits: Limits,
}

impl Executor for App {
    fn engine(&self) -> Engine {
        self.engine.clone()
    }

    fn limits(&self) -> &Limits {
        &self.limits
    }
}

/// The routes of the server on the SQLite database at `database_url`.
pub async fn routes(database_url: &str) -> Result<poem::Route, Box<dyn std::error::Error>> {
    let db = store::open(database_url).await?;
    let engine = schema::build_schema(Todos { db }).finish()?;
    Ok(graphql_routes(App {
        engine,
        limits: Limits::default(),
    }))
}
