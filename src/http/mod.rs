//! HTTP with poem: the GraphQL endpoint at `/graphql` (and `/graphql/`),
//! GraphiQL's assets, and the operational endpoints with their OpenAPI
//! document. The GraphQL routes serve any [`Executor`], so the mock server
//! shares them.

mod graphiql;
mod graphql;
mod guard;
mod limits;
mod messages;
mod ops;

use std::sync::Arc;

use poem::http::StatusCode;
use poem::web::Path;
use poem::{Endpoint, Request, Response, Route, get, handler};

pub use graphql::Executor;
pub use limits::Limits;

use crate::app::State;
use crate::auth::Viewer;
use crate::resolvers::Loaders;

/// Every route of the server.
pub fn routes(state: State) -> impl Endpoint {
    let ops = ops::service(state.db.clone());
    let spec = ops.spec_endpoint();
    graphql_routes(state)
        .at("/openapi.json", spec)
        .nest("/", ops)
}

/// `/graphql`, `/graphql/` and GraphiQL's assets, served by `executor`.
pub fn graphql_routes<E: Executor>(executor: E) -> Route {
    let endpoint = GraphqlEndpoint(Arc::new(executor));
    Route::new()
        .at("/graphql", endpoint.clone())
        .at("/graphql/", endpoint)
        .at("/graphiql/:file", get(graphiql_asset))
}

struct GraphqlEndpoint<E>(Arc<E>);

impl<E> Clone for GraphqlEndpoint<E> {
    fn clone(&self) -> Self {
        GraphqlEndpoint(self.0.clone())
    }
}

impl<E: Executor> Endpoint for GraphqlEndpoint<E> {
    type Output = Response;

    async fn call(&self, mut req: Request) -> poem::Result<Response> {
        let body = req.take_body();
        Ok(graphql::serve(&req, body, self.0.as_ref()).await)
    }
}

/// The real server: each request gets its viewer (from `Authorization`),
/// its client address and its loaders.
impl Executor for State {
    fn schema(&self) -> async_graphql::dynamic::Schema {
        self.schema.clone()
    }

    fn limits(&self) -> &Limits {
        &self.limits
    }

    fn prepare(&self, request: async_graphql::Request, http: &Request) -> async_graphql::Request {
        let viewer =
            Viewer::from_header(http.header(poem::http::header::AUTHORIZATION), &self.keys);
        let client = ClientAddress(http.remote_addr().to_string());
        request
            .data(viewer)
            .data(client)
            .data(Loaders::new(&self.db))
    }
}

/// The peer address of a request, for per-client rate limits.
#[derive(Debug, Clone)]
pub struct ClientAddress(pub String);

#[handler]
fn graphiql_asset(Path(file): Path<String>) -> Response {
    match graphiql::asset(&file) {
        Some((bytes, content_type)) => Response::builder()
            .content_type(content_type)
            .header("cache-control", "public, max-age=86400")
            .body(bytes),
        None => Response::builder().status(StatusCode::NOT_FOUND).finish(),
    }
}
