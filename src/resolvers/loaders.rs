//! Per-request DataLoaders: every lookup a nested query makes by key is
//! batched into one `IN (…)` statement per kind, so the statement count of a
//! request does not grow with the number of rows it returns.

use std::collections::HashMap;
use std::sync::Arc;

use async_graphql::dataloader::{DataLoader, Loader};
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder};

use crate::entities::{link, user, vote};

/// The loaders of one request.
pub struct Loaders {
    pub users: DataLoader<UsersById>,
    pub links: DataLoader<LinksById>,
    pub votes_by_link: DataLoader<VotesByLink>,
    pub votes_by_user: DataLoader<VotesByUser>,
    pub links_by_user: DataLoader<LinksByUser>,
}

impl Loaders {
    pub fn new(db: &DatabaseConnection) -> Self {
        let db = db.clone();
        Loaders {
            users: DataLoader::new(UsersById(db.clone()), tokio::spawn),
            links: DataLoader::new(LinksById(db.clone()), tokio::spawn),
            votes_by_link: DataLoader::new(VotesByLink(db.clone()), tokio::spawn),
            votes_by_user: DataLoader::new(VotesByUser(db.clone()), tokio::spawn),
            links_by_user: DataLoader::new(LinksByUser(db), tokio::spawn),
        }
    }
}

pub struct UsersById(DatabaseConnection);
pub struct LinksById(DatabaseConnection);
pub struct VotesByLink(DatabaseConnection);
pub struct VotesByUser(DatabaseConnection);
pub struct LinksByUser(DatabaseConnection);

impl Loader<i32> for UsersById {
    type Value = user::Model;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[i32]) -> Result<HashMap<i32, user::Model>, Arc<DbErr>> {
        let rows = user::Entity::find()
            .filter(user::Column::Id.is_in(keys.iter().copied()))
            .all(&self.0)
            .await?;
        Ok(rows.into_iter().map(|u| (u.id, u)).collect())
    }
}

impl Loader<i32> for LinksById {
    type Value = link::Model;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[i32]) -> Result<HashMap<i32, link::Model>, Arc<DbErr>> {
        let rows = link::Entity::find()
            .filter(link::Column::Id.is_in(keys.iter().copied()))
            .all(&self.0)
            .await?;
        Ok(rows.into_iter().map(|l| (l.id, l)).collect())
    }
}

impl Loader<i32> for VotesByLink {
    type Value = Vec<vote::Model>;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[i32]) -> Result<HashMap<i32, Vec<vote::Model>>, Arc<DbErr>> {
        let rows = vote::Entity::find()
            .filter(vote::Column::LinkId.is_in(keys.iter().copied()))
            .order_by_asc(vote::Column::Id)
            .all(&self.0)
            .await?;
        Ok(group(keys, rows, |v| v.link_id))
    }
}

impl Loader<i32> for VotesByUser {
    type Value = Vec<vote::Model>;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[i32]) -> Result<HashMap<i32, Vec<vote::Model>>, Arc<DbErr>> {
        let rows = vote::Entity::find()
            .filter(vote::Column::UserId.is_in(keys.iter().copied()))
            .order_by_asc(vote::Column::Id)
            .all(&self.0)
            .await?;
        Ok(group(keys, rows, |v| v.user_id))
    }
}

impl Loader<i32> for LinksByUser {
    type Value = Vec<link::Model>;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[i32]) -> Result<HashMap<i32, Vec<link::Model>>, Arc<DbErr>> {
        let rows = link::Entity::find()
            .filter(link::Column::PostedById.is_in(keys.iter().copied()))
            .order_by_asc(link::Column::Id)
            .all(&self.0)
            .await?;
        Ok(group(keys, rows, |l| l.posted_by_id.unwrap_or_default()))
    }
}

/// Rows grouped by key, with an empty group for every key that has none.
fn group<T>(keys: &[i32], rows: Vec<T>, key: impl Fn(&T) -> i32) -> HashMap<i32, Vec<T>> {
    let mut groups: HashMap<i32, Vec<T>> = keys.iter().map(|&k| (k, Vec::new())).collect();
    for row in rows {
        groups.entry(key(&row)).or_default().push(row);
    }
    groups
}
