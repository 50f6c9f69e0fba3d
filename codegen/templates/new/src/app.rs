//! What serves each request ([`App`], the runtime's `Executor`), and what a
//! request carries to the resolvers ([`Caller`]).

use weftql_runtime::Limits;
use weftql_runtime::engine::{RequestData, Engine};
use weftql_runtime::http::{Executor, Origin};

/// Who sent the request: its `Authorization` header, put into each
/// request's context by [`App::prepare`]; resolvers read it with
/// `ctx.data::<Caller>()?`.
#[derive(Debug, Clone)]
pub struct Caller(pub Option<String>);

/// The engine and the guard's limits.
pub struct App {
    pub engine: Engine,
    pub limits: Limits,
}

impl Executor for App {
    fn engine(&self) -> Engine {
        self.engine.clone()
    }

    fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Puts what the resolvers need from the request into its context:
    /// here, who sent it.
    fn prepare(&self, origin: &Origin<'_>, ctx: &mut RequestData) {
        ctx.insert(Caller(origin.header("authorization").map(str::to_owned)));
    }
}
