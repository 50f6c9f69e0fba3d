//! The application: from configuration to a served schema. `build` connects
//! and migrates the database, loads the JWT key, builds the schema from
//! the generated glue and `Api` and loads the trusted documents; `serve`
//! runs it until shutdown (reloading the trusted documents on SIGHUP),
//! letting in-flight requests finish, then sends the last traces.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use poem::listener::{Acceptor, TcpAcceptor};
use poem::middleware::CatchPanic;
use poem::{EndpointExt, Route, Server};
use weftql_runtime::http::TrustedDocuments;
use weftql_runtime::metrics::{Metrics, metrics_endpoint};
use weftql_runtime::traces::Tracing;

use crate::access_log::AccessLog;
use crate::auth::JwtKeys;
use crate::auth::throttle::LoginThrottle;
use crate::config::{Config, Mode};
use crate::db;
use crate::events::Events;
use crate::resolvers::{Api, EventReads};
use crate::state::{Draining, State};

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("database: {0}")]
    Database(#[from] sea_orm::DbErr),
    #[error("configuration: {0}")]
    Keys(#[from] crate::auth::KeyError),
    #[error("schema: {0}")]
    Schema(#[from] weftql_runtime::engine::BuildError),
    #[error("trusted documents: {0}")]
    TrustedDocuments(#[from] weftql_runtime::http::ManifestError),
    #[error("traces: {0}")]
    Traces(#[from] weftql_runtime::traces::TracesError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// The distinct operation names the metrics label requests with; a client
/// that sends more is counted under `(other)`.
pub const MAX_OPERATION_NAMES: usize = 100;

/// Connects, migrates, and builds the schema.
pub async fn build(config: &Config) -> Result<State, StartError> {
    let production = config.mode == Mode::Production;
    let keys = JwtKeys::load(config.jwt_secret.as_deref(), production, &config.data_dir)?;
    let (db, statements) =
        db::connect(&config.database_url, config.acquire_timeout, config.metrics).await?;
    db::migrate(&db).await?;
    let events = Events::start(&db, &config.database_url, config.subscription_buffer).await?;
    let api = Api {
        db: db.clone(),
        keys: keys.clone(),
        logins: LoginThrottle::new(&db, &config.login),
        max_list_items: config.max_list_items,
        events: events.clone(),
        event_reads: EventReads::new(
            db.clone(),
            config.max_list_items,
            config.subscription_batch_window,
        ),
    };
    let mut builder = crate::schema::build_schema(api);
    if production {
        builder = builder.introspection(false).suggestions(false);
    }
    let engine = builder.finish()?;
    let trusted_documents = TrustedDocuments::configure(
        config.trusted_documents.clone(),
        config.trusted_documents_mode,
        &engine,
        &config.limits,
    )?
    .map(Arc::new);
    if let Some(loaded) = &trusted_documents {
        tracing::info!(
            documents = loaded.len(),
            mode = %loaded.mode(),
            "trusted documents loaded"
        );
    }
    let metrics = config.metrics.then(|| {
        let mut metrics = Metrics::new(MAX_OPERATION_NAMES);
        db::metrics::register(metrics.registry_mut(), &db, &statements);
        events.hub().register(metrics.registry_mut());
        Arc::new(metrics)
    });
    let tracing = match &config.traces {
        Some(otlp) => {
            let tracing = Tracing::otlp(otlp)?;
            statements.trace_with(tracing.tracer().clone());
            tracing::info!(endpoint = %otlp.endpoint, "exporting traces over OTLP");
            Some(Arc::new(tracing))
        }
        None => None,
    };
    Ok(State {
        engine,
        db,
        keys,
        statements,
        limits: config.limits.clone(),
        trusted_proxies: config.trusted_proxies.clone(),
        draining: Draining::new(config.shutdown_drain),
        trusted_documents,
        metrics,
        metrics_addr: config.metrics_addr.clone(),
        tracing,
    })
}

/// Binds `host:port` (port 0 picks a free one).
pub async fn bind(host: &str, port: u16) -> Result<TcpAcceptor, StartError> {
    let listener = tokio::net::TcpListener::bind((host, port)).await?;
    Ok(TcpAcceptor::from_tokio(listener)?)
}

/// Serves until `shutdown` resolves; then readiness fails while it keeps
/// serving for the drain period, and it stops accepting connections and
/// waits up to 30 s for in-flight requests.
pub async fn serve(
    state: State,
    acceptor: TcpAcceptor,
    shutdown: impl Future<Output = ()> + Send,
) -> Result<(), StartError> {
    if let Some(addr) = acceptor.local_addr().first() {
        tracing::info!(%addr, "serving GraphQL at /graphql");
    }
    #[cfg(unix)]
    tokio::spawn(weftql_runtime::http::reload_on_hangup(state.clone()));
    let draining = state.draining.clone();
    let access_log = AccessLog {
        proxies: state.trusted_proxies.clone(),
    };
    let shutdown = async move {
        shutdown.await;
        draining.start();
        if !draining.period.is_zero() {
            tracing::info!(period = ?draining.period, "draining: readiness fails, still serving");
            tokio::time::sleep(draining.period).await;
        }
        draining.close_connections(Duration::from_secs(5)).await;
    };
    // `/metrics` on an address of its own, if one is set: up as long as the
    // main server is.
    let metrics_server = match (&state.metrics, &state.metrics_addr) {
        (Some(metrics), Some(addr)) => {
            let listener = tokio::net::TcpListener::bind(addr.as_str()).await?;
            tracing::info!(%addr, "serving metrics at /metrics");
            let route = Route::new().at("/metrics", metrics_endpoint(metrics.clone()));
            let server = Server::new_with_acceptor(TcpAcceptor::from_tokio(listener)?);
            Some(tokio::spawn(server.run(route)))
        }
        _ => None,
    };
    let tracing = state.tracing.clone();
    let app = crate::routes::routes(state)
        .with(CatchPanic::new())
        .with(access_log);
    let served = Server::new_with_acceptor(acceptor)
        .run_with_graceful_shutdown(app, shutdown, Some(Duration::from_secs(30)))
        .await;
    if let Some(metrics_server) = metrics_server {
        metrics_server.abort();
    }
    if let Some(tracing) = tracing {
        // Sends the last spans: it blocks until the exporter is done.
        let _ = tokio::task::spawn_blocking(move || tracing.shutdown()).await;
    }
    served?;
    Ok(())
}
