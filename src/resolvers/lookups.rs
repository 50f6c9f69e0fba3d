//! Rows by many keys at once, one `IN (…)` statement per lookup (none for
//! no keys): what the batch resolvers call with the keys of every parent of
//! a level, so a nested query costs one statement per relation per level,
//! however many rows it returns. A parent's list is read only in the
//! [`Ranks`] asked for (`ROW_NUMBER()` over each parent's rows, oldest
//! first), so no lookup reads more than a page or the list bound of each.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use sea_orm::sea_query::{Alias, Expr, ExprTrait, Order, Query, SimpleExpr, WindowStatement};
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder};

use crate::entities::{link, user, vote};

/// The rows of `E` whose `column` is one of `keys`, oldest first; no
/// statement at all for no keys.
async fn rows<E: EntityTrait>(
    db: &DatabaseConnection,
    column: E::Column,
    oldest_first: E::Column,
    keys: impl IntoIterator<Item = i32>,
) -> Result<Vec<E::Model>, DbErr> {
    let keys: BTreeSet<i32> = keys.into_iter().collect();
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    E::find()
        .filter(column.is_in(keys))
        .order_by_asc(oldest_first)
        .all(db)
        .await
}

pub async fn users_by_id(
    db: &DatabaseConnection,
    ids: impl IntoIterator<Item = i32>,
) -> Result<HashMap<i32, user::Model>, DbErr> {
    let users = rows::<user::Entity>(db, user::Column::Id, user::Column::Id, ids).await?;
    Ok(users.into_iter().map(|u| (u.id, u)).collect())
}

pub async fn links_by_id(
    db: &DatabaseConnection,
    ids: impl IntoIterator<Item = i32>,
) -> Result<HashMap<i32, link::Model>, DbErr> {
    let links = rows::<link::Entity>(db, link::Column::Id, link::Column::Id, ids).await?;
    Ok(links.into_iter().map(|l| (l.id, l)).collect())
}

/// The positions, counted from 0 in oldest-first order, of the rows read
/// from each parent's list.
pub type Ranks = Range<usize>;

/// Keeps, of the rows of `E` whose `parent` is one of `keys`, those whose
/// position in their parent's list (ordered by `id`) is within `ranks`.
fn ranked<E: EntityTrait>(
    parent: E::Column,
    id: E::Column,
    keys: BTreeSet<i32>,
    ranks: Ranks,
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

/// Votes grouped by link, oldest first, each link's within `ranks`, and
/// their voters, read in the same statement (a level below, `user` of a
/// vote then needs none).
pub async fn votes_by_link(
    db: &DatabaseConnection,
    link_ids: impl IntoIterator<Item = i32>,
    ranks: Ranks,
) -> Result<(HashMap<i32, Vec<vote::Model>>, Vec<user::Model>), DbErr> {
    let ids: BTreeSet<i32> = link_ids.into_iter().collect();
    if ids.is_empty() || ranks.is_empty() {
        return Ok((HashMap::new(), Vec::new()));
    }
    let rows = vote::Entity::find()
        .filter(ranked::<vote::Entity>(
            vote::Column::LinkId,
            vote::Column::Id,
            ids,
            ranks,
        ))
        .order_by_asc(vote::Column::Id)
        .find_also_related(user::Entity)
        .all(db)
        .await?;
    let (votes, voters): (Vec<_>, Vec<_>) = rows.into_iter().unzip();
    Ok((
        group(votes, |v| v.link_id),
        voters.into_iter().flatten().collect(),
    ))
}

/// Votes grouped by voter, oldest first, each voter's within `ranks`.
pub async fn votes_by_user(
    db: &DatabaseConnection,
    user_ids: impl IntoIterator<Item = i32>,
    ranks: Ranks,
) -> Result<HashMap<i32, Vec<vote::Model>>, DbErr> {
    let votes =
        lists::<vote::Entity>(db, vote::Column::UserId, vote::Column::Id, user_ids, ranks).await?;
    Ok(group(votes, |v| v.user_id))
}

/// Links grouped by poster, oldest first, each poster's within `ranks`.
pub async fn links_by_user(
    db: &DatabaseConnection,
    user_ids: impl IntoIterator<Item = i32>,
    ranks: Ranks,
) -> Result<HashMap<i32, Vec<link::Model>>, DbErr> {
    let links = lists::<link::Entity>(
        db,
        link::Column::PostedById,
        link::Column::Id,
        user_ids,
        ranks,
    )
    .await?;
    Ok(group(links, |l| l.posted_by_id.unwrap_or_default()))
}

/// The rows of `E` in the lists of the parents `keys` (by `parent`),
/// each list's within `ranks`, oldest first.
async fn lists<E: EntityTrait>(
    db: &DatabaseConnection,
    parent: E::Column,
    id: E::Column,
    keys: impl IntoIterator<Item = i32>,
    ranks: Ranks,
) -> Result<Vec<E::Model>, DbErr> {
    let keys: BTreeSet<i32> = keys.into_iter().collect();
    if keys.is_empty() || ranks.is_empty() {
        return Ok(Vec::new());
    }
    E::find()
        .filter(ranked::<E>(parent, id, keys, ranks))
        .order_by_asc(id)
        .all(db)
        .await
}

fn group<T>(rows: Vec<T>, key: impl Fn(&T) -> i32) -> HashMap<i32, Vec<T>> {
    let mut groups: HashMap<i32, Vec<T>> = HashMap::new();
    for row in rows {
        groups.entry(key(&row)).or_default().push(row);
    }
    groups
}
