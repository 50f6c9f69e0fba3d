//! The operational REST endpoints, described by an OpenAPI document
//! (poem-openapi): liveness, readiness (the database answers and the
//! server is not draining), and the contract itself, `schema.graphql`.

use poem_openapi::payload::PlainText;
use poem_openapi::{ApiResponse, OpenApi, OpenApiService};
use sea_orm::DatabaseConnection;

use crate::state::Draining;

/// The contract this server serves, as checked in.
const SCHEMA_SDL: &str = include_str!("../schema.graphql");

pub struct Ops {
    pub db: DatabaseConnection,
    pub draining: Draining,
}

#[derive(ApiResponse)]
enum Readiness {
    /// The database answers.
    #[oai(status = 200)]
    Ready(PlainText<&'static str>),
    /// The database does not answer, or the server is shutting down.
    #[oai(status = 503)]
    NotReady(PlainText<&'static str>),
}

#[derive(ApiResponse)]
enum Sdl {
    /// The GraphQL schema, in SDL.
    #[oai(status = 200, content_type = "application/graphql; charset=utf-8")]
    Schema(PlainText<&'static str>),
}

#[OpenApi]
impl Ops {
    /// Liveness: the process serves HTTP.
    #[oai(path = "/health/live", method = "get")]
    async fn live(&self) -> PlainText<&'static str> {
        PlainText("ok")
    }

    /// Readiness: the database answers and the server is not shutting down.
    #[oai(path = "/health/ready", method = "get")]
    async fn ready(&self) -> Readiness {
        if self.draining.is_on() {
            Readiness::NotReady(PlainText("shutting down"))
        } else if crate::db::ping(&self.db).await {
            Readiness::Ready(PlainText("ready"))
        } else {
            Readiness::NotReady(PlainText("database unavailable"))
        }
    }

    /// The GraphQL schema this server serves (`schema.graphql`).
    #[oai(path = "/schema.graphql", method = "get")]
    async fn schema(&self) -> Sdl {
        Sdl::Schema(PlainText(SCHEMA_SDL))
    }
}

pub fn service(db: DatabaseConnection, draining: Draining) -> OpenApiService<Ops, ()> {
    OpenApiService::new(
        Ops { db, draining },
        "Hackernews operations",
        env!("CARGO_PKG_VERSION"),
    )
}
