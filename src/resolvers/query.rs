//! The root query: lists, search and pagination, `me`, and the Relay fields.

use crate::schema::{Context, ID, QueryRelayLinksArgs};
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    Select,
};

use super::relay::{ConnectionArgs, parse_global_id};
use super::search::contains_ignoring_case;
use super::{Api, connections};
use crate::entities::by_position::{self, ByPosition};
use crate::entities::{link, user, vote};
use crate::error::ApiError;
use crate::schema::{LinkNodeConnection, Node, QueryResolvers, ResolverResult};

impl Api {
    /// The first `first` rows of a root list, never reading more than one
    /// past the bound; refused if there are more than the bound.
    async fn bounded_list<E: EntityTrait<Model: ByPosition>>(
        &self,
        list: &'static str,
        query: Select<E>,
        first: Option<i32>,
    ) -> ResolverResult<Option<Vec<Option<E::Model>>>> {
        let bound = (self.max_list_items as u64).saturating_add(1);
        // Always a LIMIT: SQLite accepts OFFSET only after one.
        let limit = first.map_or(bound, |f| (f.max(0) as u64).min(bound));
        let rows = by_position::all(&self.db, query.limit(limit)).await?;
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
        _ctx: &Context,
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
        self.bounded_list("links", query, first).await
    }

    async fn votes(&self, _ctx: &Context) -> ResolverResult<Option<Vec<Option<vote::Model>>>> {
        let query = vote::Entity::find().order_by_asc(vote::Column::Id);
        self.bounded_list("votes", query, None).await
    }

    async fn users(&self, _ctx: &Context) -> ResolverResult<Option<Vec<Option<user::Model>>>> {
        let query = user::Entity::find().order_by_asc(user::Column::Id);
        self.bounded_list("users", query, None).await
    }

    async fn me(&self, ctx: &Context) -> ResolverResult<Option<user::Model>> {
        self.signed_in(ctx, ApiError::NotLoggedIn).await.map(Some)
    }

    async fn relay_link(&self, _ctx: &Context, id: ID) -> ResolverResult<Option<link::Model>> {
        match parse_global_id(&id)? {
            (type_name, pk) if type_name == "LinkNode" => {
                Ok(link::Entity::find_by_id(pk).one(&self.db).await?)
            }
            _ => Err(ApiError::InvalidInput("Must receive a LinkNode id.".into())),
        }
    }

    async fn relay_links(
        &self,
        _ctx: &Context,
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
            let rows = by_position::all(&self.db, page).await?;
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
            by_position::all(&self.db, page).await?
        } else {
            Vec::new()
        };
        Ok(Some(connections::links(&window, rows)))
    }

    async fn node(&self, _ctx: &Context, id: ID) -> ResolverResult<Option<Node>> {
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
