//! Serves the schema at http://127.0.0.1:8000/graphql (GraphiQL in a
//! browser; `PORT` picks another port) on `library.db` (or `DATABASE_URL`),
//! until Ctrl-C or SIGTERM.

use poem::Server;
use poem::listener::TcpListener;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Resolver errors and panics are logged here (`RUST_LOG=debug` for more).
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .init();
    let port = std::env::var("PORT").unwrap_or_else(|_| "8000".into());
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| "sqlite://library.db?mode=rwc".into());
    let routes = {{crate}}::routes(&url).await?;
    println!("serving at http://127.0.0.1:{port}/graphql");
    Server::new(TcpListener::bind(format!("127.0.0.1:{port}")))
        .run_with_graceful_shutdown(routes, weftql_runtime::shutdown::signal(), None)
        .await?;
    Ok(())
}
