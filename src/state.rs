//! What every request handler shares: the engine, the database, the JWT
//! keys, the statement counter and the request limits; and how a GraphQL
//! request gets its viewer and client address.

use sea_orm::DatabaseConnection;
use weftql_runtime::Limits;
use weftql_runtime::engine::Engine;
use weftql_runtime::http::{Executor, Origin, RequestData};

use crate::auth::{ClientAddress, JwtKeys, Viewer};
use crate::db::StatementCounter;
use crate::resolvers::Seen;

#[derive(Clone)]
pub struct State {
    pub engine: Engine,
    pub db: DatabaseConnection,
    pub keys: JwtKeys,
    pub statements: StatementCounter,
    pub limits: Limits,
}

/// Each request gets its viewer (from `Authorization`), its client address
/// and an empty memory of the users it read, whatever transport carried it.
impl Executor for State {
    fn schema(&self) -> weftql_runtime::http::Schema {
        weftql_runtime::http::Schema::Engine(self.engine.clone())
    }

    fn limits(&self) -> &Limits {
        &self.limits
    }

    fn prepare(&self, origin: &Origin<'_>, data: &mut RequestData<'_>) {
        let viewer =
            Viewer::from_header(origin.header(poem::http::header::AUTHORIZATION), &self.keys);
        data.insert(viewer);
        data.insert(ClientAddress(origin.remote_addr.to_string()));
        data.insert(Seen::default());
    }
}
