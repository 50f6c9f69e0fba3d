//! Every route of the server: the runtime's GraphQL routes (GET, POST,
//! server-sent events, graphql-ws, GraphiQL) on [`State`], and the
//! operational endpoints with their OpenAPI document, and `/metrics`
//! (Prometheus) unless it is served on an address of its own.

use poem::http::header;
use poem::{Endpoint, EndpointExt, IntoResponse, Middleware, Request, Response};
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
    let counting = CountStatements(state.statements.clone());
    let metrics_on = state.metrics.is_some();
    let mut routes = graphql_routes(state).at("/openapi.json", spec);
    if let Some(metrics) = metrics {
        routes = routes.at("/metrics", metrics_endpoint(metrics));
    }
    routes.nest("/", ops).with_if(metrics_on, counting)
}

/// Counts the statements each GraphQL request over HTTP runs while it is
/// answered (a stream's run later, and count nowhere), for the metrics.
struct CountStatements(StatementCounter);

impl<E: Endpoint> Middleware<E> for CountStatements {
    type Output = Counted<E>;

    fn transform(&self, inner: E) -> Counted<E> {
        Counted {
            inner,
            statements: self.0.clone(),
        }
    }
}

struct Counted<E> {
    inner: E,
    statements: StatementCounter,
}

impl<E: Endpoint> Endpoint for Counted<E> {
    type Output = Response;

    async fn call(&self, request: Request) -> poem::Result<Response> {
        let path = request.uri().path();
        if path != "/graphql" && path != "/graphql/" {
            return self
                .inner
                .call(request)
                .await
                .map(IntoResponse::into_response);
        }
        let (response, ran) = counted(self.inner.call(request)).await;
        let response = response?.into_response();
        let answered_json = response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|media| media.contains("json"));
        if answered_json {
            self.statements.per_request().observe(ran);
        }
        Ok(response)
    }
}
