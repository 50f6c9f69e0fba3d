//! Rows by many keys at once, one `IN (…)` statement per lookup (none for
//! no keys): what the batch resolvers call with the keys of every parent of
//! a level, so a nested query costs one statement per relation per level,
//! however many rows it returns. Each parent's list is read as [`Lists`]
//! says: whole, under a `LIMIT` of the list bound times the parents, or a
//! page (`ROW_NUMBER()` over each parent's rows), so no lookup reads past
//! the bound or, for a page, past the page. Each reads only the [`Chosen`]
//! columns: those the selection below shows, and the keys.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use sea_orm::sea_query::{Alias, Expr, ExprTrait, Order, Query, SimpleExpr, WindowStatement};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, JoinType, QueryFilter,
    QueryOrder, QuerySelect, QueryTrait, RelationTrait, Select,
};

use crate::entities::by_position::{self, ByPosition, Chosen};
use crate::entities::{link, user, vote};

/// The rows of `E` whose `column` is one of `keys`, oldest first, read
/// from their `chosen` columns; no statement at all for no keys.
async fn rows<E: EntityTrait<Model: ByPosition>>(
    db: &DatabaseConnection,
    column: E::Column,
    oldest_first: E::Column,
    keys: impl IntoIterator<Item = i32>,
    chosen: Chosen,
) -> Result<Vec<E::Model>, DbErr> {
    let keys: BTreeSet<i32> = keys.into_iter().collect();
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let select = E::find()
        .filter(column.is_in(keys))
        .order_by_asc(oldest_first);
    by_position::all(db, select, chosen).await
}

pub async fn users_by_id(
    db: &DatabaseConnection,
    ids: impl IntoIterator<Item = i32>,
    chosen: Chosen,
) -> Result<HashMap<i32, user::Model>, DbErr> {
    let users = rows::<user::Entity>(db, user::Column::Id, user::Column::Id, ids, chosen).await?;
    Ok(users.into_iter().map(|u| (u.id, u)).collect())
}

pub async fn links_by_id(
    db: &DatabaseConnection,
    ids: impl IntoIterator<Item = i32>,
    chosen: Chosen,
) -> Result<HashMap<i32, link::Model>, DbErr> {
    let links = rows::<link::Entity>(db, link::Column::Id, link::Column::Id, ids, chosen).await?;
    Ok(links.into_iter().map(|l| (l.id, l)).collect())
}

/// The links `query` finds, read from their `chosen` columns, and, if
/// `posters` chooses their columns, their posters, read in the same
/// statement (a level below, `postedBy` then needs none).
pub async fn links_with_posters(
    db: &DatabaseConnection,
    query: Select<link::Entity>,
    chosen: Chosen,
    posters: Option<Chosen>,
) -> Result<(Vec<link::Model>, Vec<user::Model>), DbErr> {
    let Some(posters) = posters else {
        return Ok((by_position::all(db, query, chosen).await?, Vec::new()));
    };
    let query = by_position::select(query, chosen)
        .join(JoinType::LeftJoin, link::Relation::Poster.def())
        .columns(by_position::columns::<user::Entity>(posters));
    let first_poster_column = link::Model::width(chosen);
    let rows = db
        .query_all_raw(query.build(db.get_database_backend()))
        .await?;
    let mut links = Vec::with_capacity(rows.len());
    let mut read = Vec::new();
    for row in &rows {
        links.push(link::Model::read_chosen(row, 0, chosen)?);
        read.extend(user::Model::read_joined(row, first_poster_column, posters)?);
    }
    Ok((links, read))
}

/// How the lists of many parents are read.
#[derive(Debug, Clone)]
pub enum Lists {
    /// Every row, oldest first, but no more than `at_most` per parent on
    /// average, and one more: if that many come, some list is longer than
    /// `at_most` (and the caller refuses it), else every list is whole.
    Whole { at_most: usize },
    /// The rows at these positions (from 0, oldest first) of each list: a
    /// page.
    Page(Range<usize>),
}

impl Lists {
    fn is_empty(&self) -> bool {
        matches!(self, Lists::Page(ranks) if ranks.is_empty())
    }

    /// The rows of `E` in the lists of the parents `keys` (by `parent`),
    /// oldest (lowest `id`) first, read from their `chosen` columns.
    async fn read<E: EntityTrait<Model: ByPosition>>(
        &self,
        db: &DatabaseConnection,
        parent: E::Column,
        id: E::Column,
        keys: BTreeSet<i32>,
        chosen: Chosen,
    ) -> Result<Vec<E::Model>, DbErr> {
        let select = by_position::select(E::find(), chosen).order_by_asc(id);
        let (select, limit) = match self {
            Lists::Whole { at_most } => {
                let limit = keys.len().saturating_mul(*at_most).saturating_add(1);
                (select.filter(parent.is_in(keys)), Some(limit))
            }
            Lists::Page(ranks) => (
                select.filter(ranked::<E>(parent, id, keys, ranks.clone())),
                None,
            ),
        };
        let mut statement = select.build(db.get_database_backend());
        if let Some(limit) = limit {
            // A literal, not a bound parameter: PostgreSQL's generic plan
            // for `LIMIT $n` assumes a small limit and walks the primary
            // key's index through the whole table (measurably fewer nested
            // queries a second here, see README's Speed section; far worse
            // on a large table).
            statement.sql.push_str(&format!(" LIMIT {limit}"));
        }
        db.query_all_raw(statement)
            .await?
            .iter()
            .map(|row| E::Model::read_chosen(row, 0, chosen))
            .collect()
    }
}

/// Keeps, of the rows of `E` whose `parent` is one of `keys`, those whose
/// position in their parent's list (ordered by `id`) is within `ranks`.
fn ranked<E: EntityTrait>(
    parent: E::Column,
    id: E::Column,
    keys: BTreeSet<i32>,
    ranks: Range<usize>,
) -> SimpleExpr {
    let position = Alias::new("position_in_parent");
    let mut in_parent = Query::select();
    in_parent
        .column(id)
        .expr_window_as(
            Expr::cust("ROW_NUMBER()"),
            WindowStatement::partition_by(parent)
                .order_by(id, Order::Asc)
                .to_owned(),
            position.clone(),
        )
        .from(E::default())
        .and_where(parent.is_in(keys));
    let mut kept = Query::select();
    kept.column(id)
        .from_subquery(in_parent, Alias::new("in_parent"))
        // ROW_NUMBER() counts from 1.
        .and_where(Expr::col(position.clone()).gt(ranks.start as i64))
        .and_where(Expr::col(position).lte(ranks.end as i64));
    id.in_subquery(kept)
}

/// Votes grouped by link, oldest first, read as `lists` says from their
/// `chosen` columns.
pub async fn votes_by_link(
    db: &DatabaseConnection,
    link_ids: impl IntoIterator<Item = i32>,
    lists: &Lists,
    chosen: Chosen,
) -> Result<HashMap<i32, Vec<vote::Model>>, DbErr> {
    let parent = vote::Column::LinkId;
    lists_of::<vote::Entity>(
        db,
        parent,
        |v| v.link_id,
        vote::Column::Id,
        link_ids,
        lists,
        chosen,
    )
    .await
}

/// Votes grouped by voter, oldest first, read as `lists` says from their
/// `chosen` columns.
pub async fn votes_by_user(
    db: &DatabaseConnection,
    user_ids: impl IntoIterator<Item = i32>,
    lists: &Lists,
    chosen: Chosen,
) -> Result<HashMap<i32, Vec<vote::Model>>, DbErr> {
    let parent = vote::Column::UserId;
    lists_of::<vote::Entity>(
        db,
        parent,
        |v| v.user_id,
        vote::Column::Id,
        user_ids,
        lists,
        chosen,
    )
    .await
}

/// Links grouped by poster, oldest first, read as `lists` says from their
/// `chosen` columns.
pub async fn links_by_user(
    db: &DatabaseConnection,
    user_ids: impl IntoIterator<Item = i32>,
    lists: &Lists,
    chosen: Chosen,
) -> Result<HashMap<i32, Vec<link::Model>>, DbErr> {
    let parent = link::Column::PostedById;
    let poster = |l: &link::Model| l.posted_by_id.unwrap_or_default();
    lists_of::<link::Entity>(
        db,
        parent,
        poster,
        link::Column::Id,
        user_ids,
        lists,
        chosen,
    )
    .await
}

/// The lists of the parents `keys`: the rows of `E` whose `parent` column
/// (read back by `parent_of`) is one of them, oldest (lowest `id`) first,
/// read as `lists` says from their `chosen` columns; no statement at all
/// for no keys or an empty page.
async fn lists_of<E: EntityTrait<Model: ByPosition>>(
    db: &DatabaseConnection,
    parent: E::Column,
    parent_of: fn(&E::Model) -> i32,
    id: E::Column,
    keys: impl IntoIterator<Item = i32>,
    lists: &Lists,
    chosen: Chosen,
) -> Result<HashMap<i32, Vec<E::Model>>, DbErr> {
    let keys: BTreeSet<i32> = keys.into_iter().collect();
    let mut groups: HashMap<i32, Vec<E::Model>> = HashMap::new();
    if keys.is_empty() || lists.is_empty() {
        return Ok(groups);
    }
    for row in lists.read::<E>(db, parent, id, keys, chosen).await? {
        groups.entry(parent_of(&row)).or_default().push(row);
    }
    Ok(groups)
}
