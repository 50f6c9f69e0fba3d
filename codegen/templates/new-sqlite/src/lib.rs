//! {{name}}: `schema.graphql` served by weftql on SQLite. The generated code
//! lives in `OUT_DIR` and is reached through [`schema`]; [`resolvers`]
//! implements its traits on [`store`]; [`routes`] serves them through
//! [`app`]'s executor (GraphQL over HTTP, server-sent events, graphql-ws,
//! GraphiQL, all behind the runtime's guard).

pub mod app;
pub mod resolvers;
pub mod store;

/// The code generated from `schema.graphql`.
pub mod schema {
    #![allow(clippy::all)]
    weftql_runtime::include_schema!();
}

use weftql_runtime::Limits;
use weftql_runtime::http::graphql_routes;

use app::App;

/// The routes of the server on the SQLite database at `database_url`.
pub async fn routes(database_url: &str) -> Result<poem::Route, Box<dyn std::error::Error>> {
    let db = store::open(database_url).await?;
    let engine = schema::build_schema(resolvers::Library { db }).finish()?;
    Ok(graphql_routes(App {
        engine,
        limits: Limits::default(),
    }))
}
