//! Every route of the server: the runtime's GraphQL routes (GET, POST,
//! server-sent events, graphql-ws, GraphiQL) on [`State`], and the
//! operational endpoints with their OpenAPI document, and `/metrics`
//! (Prometheus) unless it is served on an address of its own.

use poem::http::header;
use poem::{Endpoint, EndpointExt, IntoResponse, Request, Response};
use weftql_runtime::http::graphql_routes;
use weftql_runtime::metrics::metrics_endpoint;

use crate::db::StatementCounter;
use crate::db::per_request::counted;
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
    let statements = state.metrics.is_some().then(|| state.statements.clone());
    let mut routes = graphql_routes(state).at("/openapi.json", spec);
    if let Some(metrics) = metrics {
        routes = routes.at("/metrics", metrics_endpoint(metrics));
    }
    let routes = routes.nest("/", ops);
    match statements {
        Some(statements) => routes
            .around(move |endpoint, request| counting(statements.clone(), endpoint, request))
            .boxed(),
        None => routes.boxed(),
    }
}

/// Serves `request`, counting the statements a GraphQL request over HTTP
/// runs while it is answered (a stream's run later, and count nowhere).
async fn counting<E: Endpoint>(
    statements: StatementCounter,
    endpoint: std::sync::Arc<E>,
    request: Request,
) -> poem::Result<Response> {
    let path = request.uri().path();
    if path != "/graphql" && path != "/graphql/" {
        return endpoint
            .call(request)
            .await
            .map(IntoResponse::into_response);
    }
    let (response, ran) = counted(endpoint.call(request)).await;
    let response = response?.into_response();
    let answered_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|media| media.contains("json"));
    if answered_json {
        statements.per_request().observe(ran);
    }
    Ok(response)
}
