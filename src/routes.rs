//! Every route of the server: the runtime's GraphQL routes (GET, POST,
//! server-sent events, graphql-ws, GraphiQL) on [`State`], and the
//! operational endpoints with their OpenAPI document, and `/metrics`
//! (Prometheus) unless it is served on an address of its own.

use poem::Endpoint;
use weftql_runtime::http::graphql_routes;
use weftql_runtime::metrics::metrics_endpoint;

use crate::ops;
use crate::state::State;

pub fn routes(state: State) -> impl Endpoint {
    let ops = ops::service(state.db.clone(), state.draining.clone());
    let spec = ops.spec_endpoint();
    // `/metrics` here unless it has an address of its own.
    let metrics = state
        .metrics
        .clone()
        .filter(|_| state.metrics_addr.is_none());
    let mut routes = graphql_routes(state).at("/openapi.json", spec);
    if let Some(metrics) = metrics {
        routes = routes.at("/metrics", metrics_endpoint(metrics));
    }
    routes.nest("/", ops)
}
