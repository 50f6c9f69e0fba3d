//! {{name}}: `schema.graphql` served by weftql. The generated code lives in
//! `OUT_DIR` and is reached through [`schema`]; [`resolvers`] implements its
//! traits on [`store`]; [`routes`] serves them through
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

/// The routes of the server: `/graphql`, `/graphql/stream`, `/graphql/ws`.
pub fn routes() -> Result<poem::Route, weftql_runtime::engine::BuildError> {
    let engine = schema::build_schema(resolvers::Library::default()).finish()?;
    Ok(graphql_routes(App {
        engine,
        limits: Limits::default(),
    }))
}
