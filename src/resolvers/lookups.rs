//! Rows by many keys at once, one `IN (…)` statement per lookup (none for
//! no keys): what the batch resolvers call with the keys of every parent of
//! a level, so a nested query costs one statement per relation per level,
//! however many rows it returns.

use std::collections::{BTreeSet, HashMap};

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

/// Votes grouped by link, oldest first, and their voters, read in the same
/// statement (a level below, `user` of a vote then needs none).
pub async fn votes_by_link(
    db: &DatabaseConnection,
    link_ids: impl IntoIterator<Item = i32>,
) -> Result<(HashMap<i32, Vec<vote::Model>>, Vec<user::Model>), DbErr> {
    let ids: BTreeSet<i32> = link_ids.into_iter().collect();
    if ids.is_empty() {
        return Ok((HashMap::new(), Vec::new()));
    }
    let rows = vote::Entity::find()
        .filter(vote::Column::LinkId.is_in(ids))
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

/// Votes grouped by voter, oldest first.
pub async fn votes_by_user(
    db: &DatabaseConnection,
    user_ids: impl IntoIterator<Item = i32>,
) -> Result<HashMap<i32, Vec<vote::Model>>, DbErr> {
    let votes = rows::<vote::Entity>(db, vote::Column::UserId, vote::Column::Id, user_ids).await?;
    Ok(group(votes, |v| v.user_id))
}

/// Links grouped by poster, oldest first.
pub async fn links_by_user(
    db: &DatabaseConnection,
    user_ids: impl IntoIterator<Item = i32>,
) -> Result<HashMap<i32, Vec<link::Model>>, DbErr> {
    let links =
        rows::<link::Entity>(db, link::Column::PostedById, link::Column::Id, user_ids).await?;
    Ok(group(links, |l| l.posted_by_id.unwrap_or_default()))
}

fn group<T>(rows: Vec<T>, key: impl Fn(&T) -> i32) -> HashMap<i32, Vec<T>> {
    let mut groups: HashMap<i32, Vec<T>> = HashMap::new();
    for row in rows {
        groups.entry(key(&row)).or_default().push(row);
    }
    groups
}
