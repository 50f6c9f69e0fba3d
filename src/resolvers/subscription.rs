//! The subscriptions: each link posted and each vote cast, as the hub of
//! this instance hears of them (`crate::events`), the row read once for all
//! subscribers; the engine executes each subscriber's selection on it.

use weftql_runtime::futures_util::StreamExt;
use weftql_runtime::futures_util::stream::BoxStream;

use super::Api;
use super::relay::parse_global_id;
use crate::entities::{link, vote};
use crate::error::ApiError;
use crate::events::{Heard, Missed};
use crate::schema::{Context, ID, ResolverResult, SubscriptionResolvers};

impl SubscriptionResolvers for Api {
    async fn new_link(
        &self,
        _ctx: &Context<'_>,
    ) -> ResolverResult<BoxStream<'static, ResolverResult<link::Model>>> {
        Ok(self.events.hub().links().map(owned).boxed())
    }

    async fn new_vote(
        &self,
        _ctx: &Context<'_>,
        link_id: Option<ID>,
    ) -> ResolverResult<BoxStream<'static, ResolverResult<vote::Model>>> {
        let only = link_id.as_ref().map(link_key).transpose()?;
        let votes = self.events.hub().votes().filter(move |heard| {
            let wanted = match (heard, only) {
                (Ok(vote), Some(link)) => vote.link_id == link,
                _ => true,
            };
            std::future::ready(wanted)
        });
        Ok(votes.map(owned).boxed())
    }
}

/// A link's key from `newVote`'s `linkId`: the number `createVote` takes,
/// or the link's Relay ID.
fn link_key(id: &ID) -> Result<i32, ApiError> {
    if let Ok(key) = id.parse() {
        return Ok(key);
    }
    match parse_global_id(id) {
        Ok((type_name, key)) if type_name == "LinkNode" => Ok(key),
        _ => Err(ApiError::InvalidInput(format!(
            "`linkId` is a link's number or its Relay ID, not `{}`.",
            id.0
        ))),
    }
}

/// A subscriber's own copy of the row, or what it missed.
fn owned<T: Clone>(heard: Heard<T>) -> ResolverResult<T> {
    match heard {
        Ok(row) => Ok(T::clone(&row)),
        Err(Missed::Behind(_)) => Err(ApiError::EventsMissed(
            "Events were missed: this subscription fell behind; read the current state again.",
        )),
        Err(Missed::Disconnected) => Err(ApiError::EventsMissed(
            "Events may have been missed: the server lost its connection to the database's notifications; read the current state again.",
        )),
        Err(Missed::Unreadable) => Err(ApiError::EventsMissed(
            "Events were missed: the server could not read them; read the current state again.",
        )),
    }
}
