//! {{name}}: `schema.graphql` served by weftql on SQLite. The generated code
//! lives in `OUT_DIR` and is reached through [`schema`]; [`resolvers`]
//! implements its traits on [`store`]; [`routes`] serves them (GraphQL over
//! HTTP, server-sent events, graphql-ws, GraphiQL, all behind the runtime's
//! guard).

pub mod resolvers;
pub mod store;

/// The code generated from `schema.graphql`.
pub mod schema {
    #![allow(clippy::all)]
    weftql_runtime::include_schema!();
}

use weftql_runtime::Limits;
use weftql_runtime::engine::{Context, Engine};
use weftql_runtime::http::{Executor, Origin, graphql_routes};

/// What serves each request: the engine, the guard's limits, and what a
/// request carries to the resolvers.
pub struct App {
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

    /// Puts what the resolvers need from the request into its context (read
    /// back with `ctx.data::<T>()?`): here, who sent it.
    fn prepare(&self, origin: &Origin<'_>, ctx: &mut Context) {
        ctx.insert(resolvers::Caller(
            origin.header("authorization").map(str::to_owned),
        ));
    }
}

/// The routes of the server on the SQLite database at `database_url`.
pub async fn routes(database_url: &str) -> Result<poem::Route, Box<dyn std::error::Error>> {
    let db = store::open(database_url).await?;
    let engine = schema::build_schema(resolvers::Library { db }).finish()?;
    Ok(graphql_routes(App {
        engine,
        limits: Limits::default(),
    }))
}
