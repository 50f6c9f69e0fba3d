//! HTTP with poem: the GraphQL endpoint at `/graphql` (and `/graphql/`),
//! GraphiQL's assets, and the operational endpoints with their OpenAPI document.

mod graphiql;
mod graphql;
mod messages;
mod ops;

use poem::http::StatusCode;
use poem::web::Path;
use poem::{Endpoint, EndpointExt, Response, Route, get, handler};

pub use ops::SCHEMA_SDL;

use crate::app::State;

/// Every route of the server.
pub fn routes(state: State) -> impl Endpoint {
    let ops = ops::service(state.db.clone());
    let spec = ops.spec_endpoint();
    Route::new()
        .at("/graphql", graphql::endpoint)
        .at("/graphql/", graphql::endpoint)
        .at("/graphiql/:file", get(graphiql_asset))
        .at("/openapi.json", spec)
        .nest("/", ops)
        .data(state)
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
