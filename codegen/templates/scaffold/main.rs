//! Serves `schema.graphql` at http://127.0.0.1:8000/graphql (GraphiQL in a
//! browser; `PORT` picks another port) until Ctrl-C or SIGTERM. Written once
//! by `weftql-codegen scaffold` and never again: yours to change. Cargo.toml
//! needs `weftql-runtime`, `poem = "3.1"`, `tokio` (features
//! `rt-multi-thread`, `macros`, `net`, `signal`) and `tracing-subscriber`
//! (features `fmt`, `env-filter`); `weftql-codegen` as a build dependency,
//! called by `build.rs`.

mod {{resolvers}};

/// The code generated from `schema.graphql`.
mod {{schema}} {
    #![allow(clippy::all)]
    weftql_runtime::include_schema!();
}

use poem::Server;
use poem::listener::TcpListener;
use tracing_subscriber::EnvFilter;
use weftql_runtime::Limits;
use weftql_runtime::engine::{RequestData, Engine};
use weftql_runtime::http::{Executor, Origin, graphql_routes};

/// What serves each request: the engine, the guard's limits, and what a
/// request carries to the resolvers.
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

    /// Puts what resolvers need from the request (its headers, its peer)
    /// into its context; they read it with `ctx.data::<T>()?`.
    fn prepare(&self, _origin: &Origin<'_>, _ctx: &mut RequestData) {}
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Resolver errors and panics are logged here (`RUST_LOG=debug` for more).
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .init();
    let engine = {{schema}}::build_schema({{implementor}}::default()).finish()?;
    let routes = graphql_routes(App {
        engine,
        limits: Limits::default(),
    });
    let port = std::env::var("PORT").unwrap_or_else(|_| "8000".into());
    println!("serving at http://127.0.0.1:{port}/graphql");
    Server::new(TcpListener::bind(format!("127.0.0.1:{port}")))
        .run_with_graceful_shutdown(routes, weftql_runtime::shutdown::signal(), None)
        .await?;
    Ok(())
}
