//! The object fields no column holds: relations (through the request's
//! loaders, so nested lists cost one statement per level), global IDs and
//! nested connections.

use async_graphql::{Context, ID};

use super::relay::{ConnectionArgs, global_id};
use super::{Api, connections, loaders};
use crate::entities::{link, user, vote};
use crate::error::ApiError;
use crate::schema::{
    LinkNodeConnection, LinkNodeResolvers, LinkTypeResolvers, ResolverResult, UserTypeResolvers,
    VoteNodeConnection, VoteNodeResolvers, VoteTypeResolvers,
};

impl Api {
    async fn user_by_id(&self, ctx: &Context<'_>, id: i32) -> ResolverResult<user::Model> {
        loaders(ctx)
            .users
            .load_one(id)
            .await?
            .ok_or_else(|| missing("user", id))
    }

    async fn link_by_id(&self, ctx: &Context<'_>, id: i32) -> ResolverResult<link::Model> {
        loaders(ctx)
            .links
            .load_one(id)
            .await?
            .ok_or_else(|| missing("link", id))
    }

    async fn posted_by(
        &self,
        ctx: &Context<'_>,
        link: &link::Model,
    ) -> ResolverResult<Option<user::Model>> {
        match link.posted_by_id {
            Some(id) => Ok(loaders(ctx).users.load_one(id).await?),
            None => Ok(None),
        }
    }

    async fn votes_of(&self, ctx: &Context<'_>, link_id: i32) -> ResolverResult<Vec<vote::Model>> {
        Ok(loaders(ctx)
            .votes_by_link
            .load_one(link_id)
            .await?
            .unwrap_or_default())
    }
}

fn missing(what: &str, id: i32) -> ApiError {
    ApiError::Internal(format!("{what} {id} referenced but not found"))
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

impl UserTypeResolvers for Api {
    async fn link_set(
        &self,
        ctx: &Context<'_>,
        parent: &user::Model,
        offset: Option<i32>,
        before: Option<String>,
        after: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> ResolverResult<LinkNodeConnection> {
        let rows = loaders(ctx)
            .links_by_user
            .load_one(parent.id)
            .await?
            .unwrap_or_default();
        let args = ConnectionArgs {
            offset,
            before,
            after,
            first,
            last,
        };
        let (window, page) = slice(rows, args, "LinkNodeConnection")?;
        Ok(connections::links(&window, page))
    }

    async fn vote_set(
        &self,
        ctx: &Context<'_>,
        parent: &user::Model,
        offset: Option<i32>,
        before: Option<String>,
        after: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> ResolverResult<VoteNodeConnection> {
        let rows = loaders(ctx)
            .votes_by_user
            .load_one(parent.id)
            .await?
            .unwrap_or_default();
        let args = ConnectionArgs {
            offset,
            before,
            after,
            first,
            last,
        };
        let (window, page) = slice(rows, args, "VoteNodeConnection")?;
        Ok(connections::votes(&window, page))
    }
}

impl LinkTypeResolvers for Api {
    async fn posted_by(
        &self,
        ctx: &Context<'_>,
        parent: &link::Model,
    ) -> ResolverResult<Option<user::Model>> {
        Api::posted_by(self, ctx, parent).await
    }

    async fn votes(
        &self,
        ctx: &Context<'_>,
        parent: &link::Model,
    ) -> ResolverResult<Vec<vote::Model>> {
        self.votes_of(ctx, parent.id).await
    }
}

impl LinkNodeResolvers for Api {
    async fn id(&self, _ctx: &Context<'_>, parent: &link::Model) -> ResolverResult<ID> {
        Ok(global_id("LinkNode", parent.id))
    }

    async fn posted_by(
        &self,
        ctx: &Context<'_>,
        parent: &link::Model,
    ) -> ResolverResult<Option<user::Model>> {
        Api::posted_by(self, ctx, parent).await
    }

    async fn votes(
        &self,
        ctx: &Context<'_>,
        parent: &link::Model,
        offset: Option<i32>,
        before: Option<String>,
        after: Option<String>,
        first: Option<i32>,
        last: Option<i32>,
    ) -> ResolverResult<VoteNodeConnection> {
        let rows = self.votes_of(ctx, parent.id).await?;
        let args = ConnectionArgs {
            offset,
            before,
            after,
            first,
            last,
        };
        let (window, page) = slice(rows, args, "VoteNodeConnection")?;
        Ok(connections::votes(&window, page))
    }
}

impl VoteTypeResolvers for Api {
    async fn user(&self, ctx: &Context<'_>, parent: &vote::Model) -> ResolverResult<user::Model> {
        self.user_by_id(ctx, parent.user_id).await
    }

    async fn link(&self, ctx: &Context<'_>, parent: &vote::Model) -> ResolverResult<link::Model> {
        self.link_by_id(ctx, parent.link_id).await
    }
}

impl VoteNodeResolvers for Api {
    async fn id(&self, _ctx: &Context<'_>, parent: &vote::Model) -> ResolverResult<ID> {
        Ok(global_id("VoteNode", parent.id))
    }

    async fn user(&self, ctx: &Context<'_>, parent: &vote::Model) -> ResolverResult<user::Model> {
        self.user_by_id(ctx, parent.user_id).await
    }

    async fn link(&self, ctx: &Context<'_>, parent: &vote::Model) -> ResolverResult<link::Model> {
        self.link_by_id(ctx, parent.link_id).await
    }
}
