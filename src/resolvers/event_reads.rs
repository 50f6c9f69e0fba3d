//! The reads of subscription events, gathered across subscribers. Every
//! subscriber of a link or a vote executes its own selection on it, at about
//! the same instant, and each would read the same poster, link or votes on
//! its own: a thousand subscribers of `newLink { postedBy { username } }`,
//! a thousand statements. Here those reads go through async-graphql's
//! `DataLoader`, which gathers the keys asked for within a short window
//! (`SUBSCRIPTION_BATCH_WINDOW_MS`, 2 ms: long enough for an instance's
//! subscribers, woken together, to ask; short beside the milliseconds an
//! event takes to reach them) into one statement per lookup and set of
//! columns (a batch holds at most 1,000 keys). Each level of a selection
//! that reads waits one window. Nothing is kept between batches, so each
//! reads what is committed; a failed statement fails the field for every
//! subscriber of its batch. Queries never come here: a query's level reads
//! for all its parents at once already.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use async_graphql::dataloader::{DataLoader, Loader};
use sea_orm::{DatabaseConnection, DbErr};

use super::lookups::{self, Lists};
use crate::entities::by_position::Chosen;
use crate::entities::{link, user, vote};

/// The reads of subscription events, batched.
pub struct EventReads(DataLoader<Reads>);

/// A user by id, read from the chosen columns.
#[derive(Clone, PartialEq, Eq, Hash)]
struct UserKey(Chosen, i32);

/// A link by id, read from the chosen columns.
#[derive(Clone, PartialEq, Eq, Hash)]
struct LinkKey(Chosen, i32);

/// A link's whole list of votes, read from the chosen columns.
#[derive(Clone, PartialEq, Eq, Hash)]
struct VotesKey(Chosen, i32);

struct Reads {
    db: DatabaseConnection,
    /// The most items a list field returns.
    max_list_items: usize,
}

impl EventReads {
    /// Reads batched over `window`: how long a batch waits for more keys
    /// after its first.
    pub fn new(db: DatabaseConnection, max_list_items: usize, window: Duration) -> EventReads {
        let reads = Reads { db, max_list_items };
        EventReads(DataLoader::new(reads, tokio::spawn).delay(window))
    }

    pub async fn users(
        &self,
        ids: Vec<i32>,
        chosen: Chosen,
    ) -> Result<HashMap<i32, user::Model>, Arc<DbErr>> {
        let keys = ids.into_iter().map(|id| UserKey(chosen, id));
        let found = self.0.load_many(keys).await?;
        Ok(found.into_iter().map(|(key, user)| (key.1, user)).collect())
    }

    pub async fn links(
        &self,
        ids: Vec<i32>,
        chosen: Chosen,
    ) -> Result<HashMap<i32, link::Model>, Arc<DbErr>> {
        let keys = ids.into_iter().map(|id| LinkKey(chosen, id));
        let found = self.0.load_many(keys).await?;
        Ok(found.into_iter().map(|(key, link)| (key.1, link)).collect())
    }

    /// The votes of each link, oldest first, no more than one beyond the
    /// list bound; a link without votes has no entry.
    pub async fn votes(
        &self,
        link_ids: Vec<i32>,
        chosen: Chosen,
    ) -> Result<HashMap<i32, Vec<vote::Model>>, Arc<DbErr>> {
        let keys = link_ids.into_iter().map(|id| VotesKey(chosen, id));
        let found = self.0.load_many(keys).await?;
        Ok(found
            .into_iter()
            .map(|(key, votes)| (key.1, votes))
            .collect())
    }
}

/// The keys of one batch by their chosen columns: one statement each.
fn by_chosen<K>(keys: &[K], split: impl Fn(&K) -> (Chosen, i32)) -> HashMap<Chosen, Vec<i32>> {
    let mut groups: HashMap<Chosen, Vec<i32>> = HashMap::new();
    for key in keys {
        let (chosen, id) = split(key);
        groups.entry(chosen).or_default().push(id);
    }
    groups
}

impl Loader<UserKey> for Reads {
    type Value = user::Model;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[UserKey]) -> Result<HashMap<UserKey, user::Model>, Arc<DbErr>> {
        let mut found = HashMap::new();
        for (chosen, ids) in by_chosen(keys, |k| (k.0, k.1)) {
            let users = lookups::users_by_id(&self.db, ids, chosen).await?;
            found.extend(users.into_iter().map(|(id, u)| (UserKey(chosen, id), u)));
        }
        Ok(found)
    }
}

impl Loader<LinkKey> for Reads {
    type Value = link::Model;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[LinkKey]) -> Result<HashMap<LinkKey, link::Model>, Arc<DbErr>> {
        let mut found = HashMap::new();
        for (chosen, ids) in by_chosen(keys, |k| (k.0, k.1)) {
            let links = lookups::links_by_id(&self.db, ids, chosen).await?;
            found.extend(links.into_iter().map(|(id, l)| (LinkKey(chosen, id), l)));
        }
        Ok(found)
    }
}

impl Loader<VotesKey> for Reads {
    type Value = Vec<vote::Model>;
    type Error = Arc<DbErr>;

    /// Each link's first votes, one more than the bound (which the caller
    /// refuses), counted per link: the links of a batch are different
    /// subscribers', and one's long list must not cut another's short, as
    /// the one `LIMIT` of [`Lists::Whole`] over them all could.
    async fn load(
        &self,
        keys: &[VotesKey],
    ) -> Result<HashMap<VotesKey, Vec<vote::Model>>, Arc<DbErr>> {
        let lists = Lists::Page(0..self.max_list_items.saturating_add(1));
        let mut found = HashMap::new();
        for (chosen, ids) in by_chosen(keys, |k| (k.0, k.1)) {
            let votes = lookups::votes_by_link(&self.db, ids, &lists, chosen).await?;
            found.extend(votes.into_iter().map(|(id, v)| (VotesKey(chosen, id), v)));
        }
        Ok(found)
    }
}
