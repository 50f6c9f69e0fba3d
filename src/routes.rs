//! Every route of the server: the runtime's GraphQL routes (GET, POST,
//! server-sent events, graphql-ws, GraphiQL) on [`State`], and the
//! operational endpoints with their OpenAPI document.

use poem::Endpoint;
use weftql_runtime::http::graphql_routes;

use crate::ops;
use crate::state::State;

pub fn routes(state: State) -> impl Endpoint {
    let ops = ops::service(state.db.clone(), state.draining.clone());
    let spec = ops.spec_endpoint();
    graphql_routes(state)
        .at("/openapi.json", spec)
        .nest("/", ops)
}
