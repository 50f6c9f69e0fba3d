//! HTTP with poem: the GraphQL endpoint at `/graphql` (and `/graphql/`),
//! GraphiQL's assets, and the operational endpoints with their OpenAPI
//! document. The GraphQL routes serve any [`Executor`], so the mock server
//! shares them.

mod graphiql;
mod graphql;
mod messages;
mod ops;

use std::sync::Arc;

use poem::http::StatusCode;
use poem::web::Path;
use poem::{Endpoint, Request, Response, Route, get, handler};

pub use graphql::Executor;
pub use ops::SCHEMA_SDL;

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

/// The real server: each request gets its viewer (from `Authorization`) and loaders.
impl Executor for State {
    async fn execute(
        &self,
        request: async_graphql::Request,
        http: &Request,
    ) -> async_graphql::Response {
        let viewer =
            Viewer::from_header(http.header(poem::http::header::AUTHORIZATION), &self.keys);
        self.schema
            .execute(request.data(viewer).data(Loaders::new(&self.db)))
            .await
    }
}

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
