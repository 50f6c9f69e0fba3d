//! The root query: lists, search and pagination, `me`, and the Relay fields.

use crate::schema::{Context, ID, QueryRelayLinksArgs};
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    Select,
};

use super::relay::{ConnectionArgs, parse_global_id};
use super::search::contains_ignoring_case;
use weftql_runtime::engine::LookAhead;

use super::{Api, connections, lookups, nodes};
use crate::entities::by_position::{self, ByPosition, Chosen};
use crate::entities::{link, user, vote};
use crate::error::ApiError;
use crate::schema::{LinkNodeConnection, Node, QueryResolvers, ResolverResult, columns};

impl Api {
    /// The first `first` rows of a root list, read from their `chosen`
    /// columns, never reading more than one past the bound; refused if
    /// there are more than the bound.
    async fn bounded_list<E: EntityTrait<Model: ByPosition>>(
        &self,
        list: &'static str,
        query: Select<E>,
        first: Option<i32>,
        chosen: Chosen,
    ) -> ResolverResult<Option<Vec<Option<E::Model>>>> {
        let query = query.limit(self.list_limit(first));
        let rows = by_position::all(&self.db, query, chosen).await?;
        self.within_bound(list, rows)
    }

    /// The links `query` finds, read with the columns `selection` (of a
    /// type bound to links, whose columns are `shown`) needs; when it asks
    /// for their posters, those are read in the same statement and
    /// remembered for `postedBy`.
    async fn links_of(
        &self,
        ctx: &Context<'_>,
        selection: &LookAhead<'_>,
        query: Select<link::Entity>,
        shown: &[(&str, &'static str)],
    ) -> Result<Vec<link::Model>, ApiError> {
        let chosen = link::Model::chosen_for(selection, shown);
        let posters = selection
            .asks("postedBy")
            .then(|| user::Model::chosen_for(&selection.field("postedBy"), columns::UserType));
        let (links, read) = lookups::links_with_posters(&self.db, query, chosen, posters).await?;
        if let Some(posters) = posters {
            self.remember(ctx, posters, read);
        }
        Ok(links)
    }

    /// How many rows a root list reads for `first`: never more than one
    /// past the bound.
    fn list_limit(&self, first: Option<i32>) -> u64 {
        let bound = (self.max_list_items as u64).saturating_add(1);
        first.map_or(bound, |f| (f.max(0) as u64).min(bound))
    }

    /// A root list's rows; refused if there are more than the bound.
    fn within_bound<T>(
        &self,
        list: &'static str,
        rows: Vec<T>,
    ) -> ResolverResult<Option<Vec<Option<T>>>> {
        if rows.len() > self.max_list_items {
            return Err(ApiError::ListTooLong {
                list,
                max: self.max_list_items,
            });
        }
        Ok(Some(rows.into_iter().map(Some).collect()))
    }
}

impl QueryResolvers for Api {
    async fn links(
        &self,
        ctx: &Context<'_>,
        search: Option<String>,
        first: Option<i32>,
        skip: Option<i32>,
    ) -> ResolverResult<Option<Vec<Option<link::Model>>>> {
        let mut query = link::Entity::find().order_by_asc(link::Column::Id);
        if let Some(term) = search.as_deref().filter(|t| !t.is_empty()) {
            query = query.filter(
                Condition::any()
                    .add(contains_ignoring_case(link::Column::Url, term))
                    .add(contains_ignoring_case(link::Column::Description, term)),
            );
        }
        for (name, value) in [("first", first), ("skip", skip)] {
            if value.is_some_and(|v| v < 0) {
                return Err(ApiError::InvalidInput(format!(
                    "Argument '{name}' must be a non-negative integer."
                )));
            }
        }
        if let Some(skip) = skip {
            query = query.offset(skip as u64);
        }
        // Always a LIMIT: SQLite accepts OFFSET only after one.
        let query = query.limit(self.list_limit(first));
        let rows = self
            .links_of(ctx, &ctx.look_ahead(), query, columns::LinkType)
            .await?;
        self.within_bound("links", rows)
    }

    async fn votes(&self, ctx: &Context<'_>) -> ResolverResult<Option<Vec<Option<vote::Model>>>> {
        let query = vote::Entity::find().order_by_asc(vote::Column::Id);
        let chosen = vote::Model::chosen_for(&ctx.look_ahead(), columns::VoteType);
        self.bounded_list("votes", query, None, chosen).await
    }

    async fn users(&self, ctx: &Context<'_>) -> ResolverResult<Option<Vec<Option<user::Model>>>> {
        let query = user::Entity::find().order_by_asc(user::Column::Id);
        let chosen = user::Model::chosen_for(&ctx.look_ahead(), columns::UserType);
        self.bounded_list("users", query, None, chosen).await
    }

    async fn me(&self, ctx: &Context<'_>) -> ResolverResult<Option<user::Model>> {
        self.signed_in(ctx, ApiError::NotLoggedIn).await.map(Some)
    }

    async fn relay_link(&self, _ctx: &Context<'_>, id: ID) -> ResolverResult<Option<link::Model>> {
        match parse_global_id(&id)? {
            (type_name, pk) if type_name == "LinkNode" => {
                Ok(link::Entity::find_by_id(pk).one(&self.db).await?)
            }
            _ => Err(ApiError::InvalidInput("Must receive a LinkNode id.".into())),
        }
    }

    async fn relay_links(
        &self,
        ctx: &Context<'_>,
        args: QueryRelayLinksArgs,
    ) -> ResolverResult<Option<LinkNodeConnection>> {
        let mut filter = Condition::all();
        if let Some(url) = args.url {
            filter = filter.add(link::Column::Url.eq(url));
        }
        if let Some(description) = args.description {
            filter = filter.add(link::Column::Description.eq(description));
        }
        if let Some(term) = args.url_icontains {
            filter = filter.add(contains_ignoring_case(link::Column::Url, &term));
        }
        if let Some(term) = args.description_icontains {
            filter = filter.add(contains_ignoring_case(link::Column::Description, &term));
        }
        let args = ConnectionArgs {
            offset: args.offset,
            before: args.before,
            after: args.after,
            first: args.first,
            last: args.last,
        };
        let query = link::Entity::find()
            .filter(filter)
            .order_by_asc(link::Column::Id);
        // Forwards, one statement: the page and one more row.
        if let Some((start, size)) = args.forwards("LinkNodeConnection")? {
            let page = query.offset(start as u64).limit(size as u64 + 1);
            let selection = nodes(&ctx.look_ahead());
            let rows = self
                .links_of(ctx, &selection, page, columns::LinkNode)
                .await?;
            let window = args.forward_window(start, size, rows.len());
            let rows = rows.into_iter().take(size).collect();
            return Ok(Some(connections::links(&window, rows)));
        }
        let total = query.clone().count(&self.db).await? as usize;
        let window = args.window(total, "LinkNodeConnection")?;
        let rows = if window.end > window.start {
            let page = query
                .offset(window.start as u64)
                .limit((window.end - window.start) as u64);
            let selection = nodes(&ctx.look_ahead());
            self.links_of(ctx, &selection, page, columns::LinkNode)
                .await?
        } else {
            Vec::new()
        };
        Ok(Some(connections::links(&window, rows)))
    }

    async fn node(&self, _ctx: &Context<'_>, id: ID) -> ResolverResult<Option<Node>> {
        let (type_name, pk) = parse_global_id(&id)?;
        Ok(match type_name.as_str() {
            "LinkNode" => link::Entity::find_by_id(pk)
                .one(&self.db)
                .await?
                .map(Node::LinkNode),
            "VoteNode" => vote::Entity::find_by_id(pk)
                .one(&self.db)
                .await?
                .map(Node::VoteNode),
            _ => None,
        })
    }
}
