//! The hand-written half of the contract: `Api` implements every resolver
//! trait generated from `schema.graphql` against the sea-orm entities.

mod connections;
mod event_reads;
mod lookups;
mod mutation;
mod objects;
mod query;
pub mod relay;
mod search;
mod seen;
mod subscription;
mod validate;

use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use weftql_runtime::engine::LookAhead;

use crate::auth::throttle::LoginThrottle;
use crate::auth::{JwtKeys, Viewer};
use crate::entities::user;
use crate::error::ApiError;
use crate::events::Events;
use crate::schema::Context;
pub use event_reads::EventReads;
pub use seen::Seen;

/// The implementation of every generated resolver trait.
pub struct Api {
    pub db: DatabaseConnection,
    pub keys: JwtKeys,
    pub logins: LoginThrottle,
    /// The most items a list field returns.
    pub max_list_items: usize,
    /// Where committed links and votes are announced and heard.
    pub events: Events,
    /// The reads of subscription events, batched across subscribers.
    pub event_reads: EventReads,
}

/// What a connection's selection asks of its nodes: `edges { node { … } }`.
fn nodes<'a>(connection: &LookAhead<'a>) -> LookAhead<'a> {
    connection.field("edges").field("node")
}

impl Api {
    /// The signed-in user; `anonymous` is the error when there is no token.
    /// A token that cannot be used fails with its own message.
    async fn signed_in(
        &self,
        ctx: &Context<'_>,
        anonymous: ApiError,
    ) -> Result<user::Model, ApiError> {
        match self.viewer(ctx).await? {
            Some(user) => Ok(user),
            None => Err(anonymous),
        }
    }

    /// The signed-in user, or none for an anonymous request; an unusable token is an error.
    async fn viewer(&self, ctx: &Context<'_>) -> Result<Option<user::Model>, ApiError> {
        match ctx.data_opt::<Viewer>().unwrap_or(&Viewer::Anonymous) {
            Viewer::Anonymous => Ok(None),
            Viewer::Invalid(message) => Err(ApiError::InvalidToken(message)),
            Viewer::Token(claims) => user::Entity::find()
                .filter(user::Column::Username.eq(claims.username.as_str()))
                .one(&self.db)
                .await?
                .map(Some)
                .ok_or(ApiError::InvalidToken("User not found")),
        }
    }
}
