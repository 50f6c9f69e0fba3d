//! What every request handler shares: the engine, the database, the JWT
//! keys, the statement counter, the request limits and the trusted
//! proxies; and how a GraphQL request gets its viewer and client address.

use sea_orm::DatabaseConnection;
use weftql_runtime::Limits;
use weftql_runtime::engine::{Context, Engine};
use weftql_runtime::http::{Executor, Origin};

use crate::auth::{ClientAddress, JwtKeys, TrustedProxies, Viewer};
use crate::db::StatementCounter;
use crate::resolvers::Seen;

#[derive(Clone)]
pub struct State {
    pub engine: Engine,
    pub db: DatabaseConnection,
    pub keys: JwtKeys,
    pub statements: StatementCounter,
    pub limits: Limits,
    pub trusted_proxies: TrustedProxies,
}

/// Each request gets its viewer (from `Authorization`), its client address
/// and an empty memory of the users it read, whatever transport carried it.
impl Executor for State {
    fn engine(&self) -> Engine {
        self.engine.clone()
    }

    fn limits(&self) -> &Limits {
        &self.limits
    }

    fn prepare(&self, origin: &Origin<'_>, ctx: &mut Context) {
        let viewer =
            Viewer::from_header(origin.header(poem::http::header::AUTHORIZATION), &self.keys);
        ctx.insert(viewer);
        let peer = origin.remote_addr.as_socket_addr().copied();
        ctx.insert(ClientAddress(
            self.trusted_proxies.client(peer, origin.headers),
        ));
        ctx.insert(Seen::default());
    }
}
