//! The object fields no column holds: relations, each answered for every
//! parent of a level at once (one statement per relation per level, through
//! `lookups`), global IDs, and nested connections. No list is read past
//! `max_list_items` (a longer one fails with `LIST_TOO_LONG`), and a
//! connection's page read forwards reads only itself. Each reads only the
//! columns the selection below shows (and the keys), by looking ahead.

use std::collections::HashMap;

use weftql_runtime::engine::LookAhead;

use super::lookups::Lists;
use super::relay::{ConnectionArgs, Window, global_id};
use super::seen::Seen;
use super::{Api, connections, lookups, nodes};
use crate::entities::by_position::{ByPosition, Chosen};
use crate::entities::{link, user, vote};
use crate::error::ApiError;
use crate::schema::{
    Context, ID, LinkNodeConnection, LinkNodeResolvers, LinkNodeVotesArgs, LinkTypeResolvers,
    ResolverResult, UserTypeLinkSetArgs, UserTypeResolvers, UserTypeVoteSetArgs,
    VoteNodeConnection, VoteNodeResolvers, VoteTypeResolvers, columns,
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
    /// The users of `ids` with the `chosen` columns: those this request
    /// has read already (with their links, or at a level above), and the
    /// rest in one statement, remembered in turn. For an event, in the
    /// batch of every subscriber's reads.
    async fn users(
        &self,
        ctx: &Context<'_>,
        ids: impl Iterator<Item = i32>,
        chosen: Chosen,
    ) -> Result<HashMap<i32, user::Model>, ApiError> {
        if ctx.in_event() {
            return Ok(self.event_reads.users(ids.collect(), chosen).await?);
        }
        let (mut users, missing) = match ctx.data_opt::<Seen>() {
            Some(seen) => seen.recall(ids, chosen),
            None => (HashMap::new(), ids.collect()),
        };
        let read = lookups::users_by_id(&self.db, missing, chosen).await?;
        self.remember(ctx, chosen, read.values().cloned().collect());
        users.extend(read);
        Ok(users)
    }

    /// Remembers users read from their `chosen` columns, for the levels
    /// below.
    pub(super) fn remember(&self, ctx: &Context<'_>, chosen: Chosen, users: Vec<user::Model>) {
        if let Some(seen) = ctx.data_opt::<Seen>() {
            seen.remember(chosen, users);
        }
    }

    /// The poster of each link; none for an anonymous post.
    async fn posters(
        &self,
        ctx: &Context<'_>,
        links: &[link::Model],
    ) -> ResolverResult<Vec<Option<user::Model>>> {
        let chosen = user::Model::chosen_for(&ctx.look_ahead(), columns::UserType);
        let ids = links.iter().filter_map(|l| l.posted_by_id);
        let users = self.users(ctx, ids, chosen).await?;
        Ok(links
            .iter()
            .map(|l| l.posted_by_id.and_then(|id| users.get(&id).cloned()))
            .collect())
    }

    /// The voter of each vote: those the request has read already (as
    /// posters, say) are not read again.
    async fn voters(
        &self,
        ctx: &Context<'_>,
        votes: &[vote::Model],
    ) -> ResolverResult<Vec<user::Model>> {
        let chosen = user::Model::chosen_for(&ctx.look_ahead(), columns::UserType);
        let users = self
            .users(ctx, votes.iter().map(|v| v.user_id), chosen)
            .await?;
        votes
            .iter()
            .map(|v| found(&users, v.user_id, "user"))
            .collect()
    }

    /// The link of each vote, read from its `chosen` columns (for an
    /// event, in the batch of every subscriber's reads).
    async fn voted_links(
        &self,
        ctx: &Context<'_>,
        votes: &[vote::Model],
        chosen: Chosen,
    ) -> ResolverResult<Vec<link::Model>> {
        let ids = votes.iter().map(|v| v.link_id);
        let links = if ctx.in_event() {
            self.event_reads.links(ids.collect(), chosen).await?
        } else {
            lookups::links_by_id(&self.db, ids, chosen).await?
        };
        votes
            .iter()
            .map(|v| found(&links, v.link_id, "link"))
            .collect()
    }

    /// The votes of each link, oldest first, read as `lists` says with
    /// the columns `selection` (of a type bound to votes, whose columns
    /// are `shown`) needs.
    async fn votes_of(
        &self,
        links: &[link::Model],
        lists: &Lists,
        selection: &LookAhead<'_>,
        shown: &[(&str, &'static str)],
    ) -> Result<HashMap<i32, Vec<vote::Model>>, ApiError> {
        let chosen = vote::Model::chosen_for(selection, shown);
        let ids = links.iter().map(|l| l.id);
        Ok(lookups::votes_by_link(&self.db, ids, lists, chosen).await?)
    }

    /// Whole lists, read no further than it takes to tell one that is
    /// longer than the bound.
    fn whole_lists(&self) -> Lists {
        Lists::Whole {
            at_most: self.max_list_items,
        }
    }

    /// Each parent's whole list, refused if longer than the bound.
    fn bounded<T: Clone>(
        &self,
        list: &'static str,
        lists: &HashMap<i32, Vec<T>>,
        parents: impl Iterator<Item = i32>,
    ) -> Result<Vec<Vec<T>>, ApiError> {
        parents
            .map(|parent| {
                let rows = all(lists, parent);
                if rows.len() > self.max_list_items {
                    return Err(ApiError::ListTooLong {
                        list,
                        max: self.max_list_items,
                    });
                }
                Ok(rows)
            })
            .collect()
    }

    /// How a page of a nested connection reads each parent's list: a page
    /// read forwards, only itself and one row more; one read backwards,
    /// the whole list (within the bound), since it counts from the end.
    fn paging(&self, args: ConnectionArgs, connection: &'static str) -> Result<Paging, ApiError> {
        let forwards = args.forwards(connection)?;
        let lists = match forwards {
            Some((start, size)) => Lists::Page(start..start.saturating_add(size + 1)),
            None => self.whole_lists(),
        };
        Ok(Paging {
            args,
            connection,
            forwards,
            lists,
        })
    }

    /// Each parent's page of `list`, read as `paging` says into `lists`.
    fn pages<T: Clone, C>(
        &self,
        paging: Paging,
        list: &'static str,
        lists: &HashMap<i32, Vec<T>>,
        parents: impl Iterator<Item = i32>,
        build: fn(&Window, Vec<T>) -> C,
    ) -> ResolverResult<Vec<C>> {
        let Paging {
            args,
            connection,
            forwards,
            ..
        } = paging;
        let Some((start, size)) = forwards else {
            return self
                .bounded(list, lists, parents)?
                .into_iter()
                .map(|rows| {
                    let (window, page) = slice(rows, args.clone(), connection)?;
                    Ok(build(&window, page))
                })
                .collect();
        };
        Ok(parents
            .map(|parent| {
                let rows = all(lists, parent);
                let window = args.forward_window(start, size, rows.len());
                build(&window, rows.into_iter().take(size).collect())
            })
            .collect())
    }
}

/// How a nested connection's page reads each parent's list.
struct Paging {
    args: ConnectionArgs,
    connection: &'static str,
    /// The start and size of a page read forwards.
    forwards: Option<(usize, usize)>,
    lists: Lists,
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

/// A window over rows loaded in full.
fn slice<T>(
    rows: Vec<T>,
    args: ConnectionArgs,
    connection: &str,
) -> Result<(Window, Vec<T>), ApiError> {
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
        parents: &[user::Model],
        args: UserTypeLinkSetArgs,
    ) -> ResolverResult<Vec<LinkNodeConnection>> {
        let paging = self.paging(args.into(), "LinkNodeConnection")?;
        let chosen = link::Model::chosen_for(&nodes(&ctx.look_ahead()), columns::LinkNode);
        let ids = parents.iter().map(|u| u.id);
        let links = lookups::links_by_user(&self.db, ids.clone(), &paging.lists, chosen).await?;
        self.pages(paging, "linkSet", &links, ids, connections::links)
    }

    async fn vote_set(
        &self,
        ctx: &Context<'_>,
        parents: &[user::Model],
        args: UserTypeVoteSetArgs,
    ) -> ResolverResult<Vec<VoteNodeConnection>> {
        let paging = self.paging(args.into(), "VoteNodeConnection")?;
        let chosen = vote::Model::chosen_for(&nodes(&ctx.look_ahead()), columns::VoteNode);
        let ids = parents.iter().map(|u| u.id);
        let votes = lookups::votes_by_user(&self.db, ids.clone(), &paging.lists, chosen).await?;
        self.pages(paging, "voteSet", &votes, ids, connections::votes)
    }
}

impl LinkTypeResolvers for Api {
    async fn posted_by(
        &self,
        ctx: &Context<'_>,
        parents: &[link::Model],
    ) -> ResolverResult<Vec<Option<user::Model>>> {
        self.posters(ctx, parents).await
    }

    async fn votes(
        &self,
        ctx: &Context<'_>,
        parents: &[link::Model],
    ) -> ResolverResult<Vec<Vec<vote::Model>>> {
        let selection = ctx.look_ahead();
        let votes = if ctx.in_event() {
            let chosen = vote::Model::chosen_for(&selection, columns::VoteType);
            let ids = parents.iter().map(|l| l.id).collect();
            self.event_reads.votes(ids, chosen).await?
        } else {
            let lists = self.whole_lists();
            self.votes_of(parents, &lists, &selection, columns::VoteType)
                .await?
        };
        self.bounded("votes", &votes, parents.iter().map(|l| l.id))
    }
}

impl LinkNodeResolvers for Api {
    async fn id(&self, _ctx: &Context<'_>, parent: &link::Model) -> ResolverResult<ID> {
        Ok(global_id("LinkNode", parent.id))
    }

    async fn posted_by(
        &self,
        ctx: &Context<'_>,
        parents: &[link::Model],
    ) -> ResolverResult<Vec<Option<user::Model>>> {
        self.posters(ctx, parents).await
    }

    async fn votes(
        &self,
        ctx: &Context<'_>,
        parents: &[link::Model],
        args: LinkNodeVotesArgs,
    ) -> ResolverResult<Vec<VoteNodeConnection>> {
        let paging = self.paging(args.into(), "VoteNodeConnection")?;
        let selection = nodes(&ctx.look_ahead());
        let votes = self
            .votes_of(parents, &paging.lists, &selection, columns::VoteNode)
            .await?;
        let ids = parents.iter().map(|l| l.id);
        self.pages(paging, "votes", &votes, ids, connections::votes)
    }
}

impl VoteTypeResolvers for Api {
    async fn user(
        &self,
        ctx: &Context<'_>,
        parents: &[vote::Model],
    ) -> ResolverResult<Vec<user::Model>> {
        self.voters(ctx, parents).await
    }

    async fn link(
        &self,
        ctx: &Context<'_>,
        parents: &[vote::Model],
    ) -> ResolverResult<Vec<link::Model>> {
        let chosen = link::Model::chosen_for(&ctx.look_ahead(), columns::LinkType);
        self.voted_links(ctx, parents, chosen).await
    }
}

impl VoteNodeResolvers for Api {
    async fn id(&self, _ctx: &Context<'_>, parent: &vote::Model) -> ResolverResult<ID> {
        Ok(global_id("VoteNode", parent.id))
    }

    async fn user(
        &self,
        ctx: &Context<'_>,
        parents: &[vote::Model],
    ) -> ResolverResult<Vec<user::Model>> {
        self.voters(ctx, parents).await
    }

    async fn link(
        &self,
        ctx: &Context<'_>,
        parents: &[vote::Model],
    ) -> ResolverResult<Vec<link::Model>> {
        let chosen = link::Model::chosen_for(&ctx.look_ahead(), columns::LinkNode);
        self.voted_links(ctx, parents, chosen).await
    }
}
