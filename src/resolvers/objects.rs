//! The object fields no column holds: relations, each answered for every
//! parent of a level at once (one statement per relation per level, through
//! `lookups`), global IDs, and nested connections.

use std::collections::HashMap;

use super::relay::{ConnectionArgs, global_id};
use super::seen::Seen;
use super::{Api, connections, lookups};
use crate::entities::{link, user, vote};
use crate::error::ApiError;
use crate::schema::{
    Context, ID, LinkNodeConnection, LinkNodeResolvers, LinkNodeVotesArgs, LinkTypeResolvers,
    ResolverResult, UserTypeLinkSetArgs, UserTypeResolvers, UserTypeVoteSetArgs,
    VoteNodeConnection, VoteNodeResolvers, VoteTypeResolvers,
};

/// The pagination arguments every connection field takes, from each
/// field's own arguments struct.
macro_rules! connection_args {
    ($($args:ty),*) => {$(
        impl From<$args> for ConnectionArgs {
            fn from(args: $args) -> Self {
                ConnectionArgs {
                    offset: args.offset,
                    before: args.before,
                    after: args.after,
                    first: args.first,
                    last: args.last,
                }
            }
        }
    )*};
}

connection_args!(UserTypeLinkSetArgs, UserTypeVoteSetArgs, LinkNodeVotesArgs);

impl Api {
    /// The poster of each link; none for an anonymous post.
    async fn posters(&self, links: &[link::Model]) -> ResolverResult<Vec<Option<user::Model>>> {
        let users =
            lookups::users_by_id(&self.db, links.iter().filter_map(|l| l.posted_by_id)).await?;
        Ok(links
            .iter()
            .map(|l| l.posted_by_id.and_then(|id| users.get(&id).cloned()))
            .collect())
    }

    /// The voter of each vote: those read with the votes are not read again.
    async fn voters(
        &self,
        ctx: &Context,
        votes: &[vote::Model],
    ) -> ResolverResult<Vec<user::Model>> {
        let ids = votes.iter().map(|v| v.user_id);
        let (mut users, missing) = match ctx.data_opt::<Seen>() {
            Some(seen) => seen.recall(ids),
            None => (HashMap::new(), ids.collect()),
        };
        users.extend(lookups::users_by_id(&self.db, missing).await?);
        votes
            .iter()
            .map(|v| found(&users, v.user_id, "user"))
            .collect()
    }

    /// The link of each vote.
    async fn voted_links(&self, votes: &[vote::Model]) -> ResolverResult<Vec<link::Model>> {
        let links = lookups::links_by_id(&self.db, votes.iter().map(|v| v.link_id)).await?;
        votes
            .iter()
            .map(|v| found(&links, v.link_id, "link"))
            .collect()
    }

    /// The votes of each link, oldest first; their voters are remembered.
    async fn votes_of(
        &self,
        ctx: &Context,
        links: &[link::Model],
    ) -> ResolverResult<Vec<Vec<vote::Model>>> {
        let (votes, voters) = lookups::votes_by_link(&self.db, links.iter().map(|l| l.id)).await?;
        if let Some(seen) = ctx.data_opt::<Seen>() {
            seen.remember(voters);
        }
        Ok(links.iter().map(|l| all(&votes, l.id)).collect())
    }
}

/// The row a foreign key points to; its absence is the server's fault.
fn found<T: Clone>(rows: &HashMap<i32, T>, id: i32, what: &str) -> Result<T, ApiError> {
    rows.get(&id)
        .cloned()
        .ok_or_else(|| ApiError::Internal(format!("{what} {id} referenced but not found")))
}

/// Every row of a group (a parent may appear twice in a level).
fn all<T: Clone>(groups: &HashMap<i32, Vec<T>>, id: i32) -> Vec<T> {
    groups.get(&id).cloned().unwrap_or_default()
}

/// A window over rows already loaded in full.
fn slice<T>(
    rows: Vec<T>,
    args: ConnectionArgs,
    connection: &str,
) -> Result<(super::relay::Window, Vec<T>), ApiError> {
    let window = args.window(rows.len(), connection)?;
    let page = rows
        .into_iter()
        .skip(window.start)
        .take(window.end - window.start)
        .collect();
    Ok((window, page))
}

/// Each parent's connection over its rows (every row of a parent loaded):
/// `build` makes the connection `connection` from a window and its page.
fn connections_of<T: Clone, C>(
    rows: impl Iterator<Item = Vec<T>>,
    args: ConnectionArgs,
    connection: &str,
    build: fn(&super::relay::Window, Vec<T>) -> C,
) -> ResolverResult<Vec<C>> {
    rows.map(|rows| {
        let (window, page) = slice(rows, args.clone(), connection)?;
        Ok(build(&window, page))
    })
    .collect()
}

impl UserTypeResolvers for Api {
    async fn link_set(
        &self,
        _ctx: &Context,
        parents: &[user::Model],
        args: UserTypeLinkSetArgs,
    ) -> ResolverResult<Vec<LinkNodeConnection>> {
        let links = lookups::links_by_user(&self.db, parents.iter().map(|u| u.id)).await?;
        let rows = parents.iter().map(|user| all(&links, user.id));
        connections_of(rows, args.into(), "LinkNodeConnection", connections::links)
    }

    async fn vote_set(
        &self,
        _ctx: &Context,
        parents: &[user::Model],
        args: UserTypeVoteSetArgs,
    ) -> ResolverResult<Vec<VoteNodeConnection>> {
        let votes = lookups::votes_by_user(&self.db, parents.iter().map(|u| u.id)).await?;
        let rows = parents.iter().map(|user| all(&votes, user.id));
        connections_of(rows, args.into(), "VoteNodeConnection", connections::votes)
    }
}

impl LinkTypeResolvers for Api {
    async fn posted_by(
        &self,
        _ctx: &Context,
        parents: &[link::Model],
    ) -> ResolverResult<Vec<Option<user::Model>>> {
        self.posters(parents).await
    }

    async fn votes(
        &self,
        ctx: &Context,
        parents: &[link::Model],
    ) -> ResolverResult<Vec<Vec<vote::Model>>> {
        self.votes_of(ctx, parents).await
    }
}

impl LinkNodeResolvers for Api {
    async fn id(&self, _ctx: &Context, parent: &link::Model) -> ResolverResult<ID> {
        Ok(global_id("LinkNode", parent.id))
    }

    async fn posted_by(
        &self,
        _ctx: &Context,
        parents: &[link::Model],
    ) -> ResolverResult<Vec<Option<user::Model>>> {
        self.posters(parents).await
    }

    async fn votes(
        &self,
        ctx: &Context,
        parents: &[link::Model],
        args: LinkNodeVotesArgs,
    ) -> ResolverResult<Vec<VoteNodeConnection>> {
        let votes = self.votes_of(ctx, parents).await?.into_iter();
        connections_of(votes, args.into(), "VoteNodeConnection", connections::votes)
    }
}

impl VoteTypeResolvers for Api {
    async fn user(
        &self,
        ctx: &Context,
        parents: &[vote::Model],
    ) -> ResolverResult<Vec<user::Model>> {
        self.voters(ctx, parents).await
    }

    async fn link(
        &self,
        _ctx: &Context,
        parents: &[vote::Model],
    ) -> ResolverResult<Vec<link::Model>> {
        self.voted_links(parents).await
    }
}

impl VoteNodeResolvers for Api {
    async fn id(&self, _ctx: &Context, parent: &vote::Model) -> ResolverResult<ID> {
        Ok(global_id("VoteNode", parent.id))
    }

    async fn user(
        &self,
        ctx: &Context,
        parents: &[vote::Model],
    ) -> ResolverResult<Vec<user::Model>> {
        self.voters(ctx, parents).await
    }

    async fn link(
        &self,
        _ctx: &Context,
        parents: &[vote::Model],
    ) -> ResolverResult<Vec<link::Model>> {
        self.voted_links(parents).await
    }
}
