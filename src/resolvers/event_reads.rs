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

/// A key of one lookup: a row (or a list) by id, read from the chosen
/// columns. Each lookup has a key type of its own, so that the `DataLoader`
/// batches each apart.
trait Keyed: Clone + Eq + std::hash::Hash + Send + Sync + 'static {
    fn new(chosen: Chosen, id: i32) -> Self;
    fn parts(&self) -> (Chosen, i32);
}

macro_rules! keys {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, Hash)]
        struct $name(Chosen, i32);

        impl Keyed for $name {
            fn new(chosen: Chosen, id: i32) -> Self {
                $name(chosen, id)
            }

            fn parts(&self) -> (Chosen, i32) {
                (self.0, self.1)
            }
        }
    )*};
}

keys!(
    /// A user by id.
    UserKey,
    /// A link by id.
    LinkKey,
    /// A link's votes.
    VotesKey,
);

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
        self.read::<UserKey>(ids, chosen).await
    }

    pub async fn links(
        &self,
        ids: Vec<i32>,
        chosen: Chosen,
    ) -> Result<HashMap<i32, link::Model>, Arc<DbErr>> {
        self.read::<LinkKey>(ids, chosen).await
    }

    /// The votes of each link, oldest first, no more than one beyond the
    /// list bound; a link without votes has no entry.
    pub async fn votes(
        &self,
        link_ids: Vec<i32>,
        chosen: Chosen,
    ) -> Result<HashMap<i32, Vec<vote::Model>>, Arc<DbErr>> {
        self.read::<VotesKey>(link_ids, chosen).await
    }

    /// What lookup `K` finds of `ids`, by id, in the batch of its window.
    async fn read<K: Keyed>(
        &self,
        ids: Vec<i32>,
        chosen: Chosen,
    ) -> Result<HashMap<i32, <Reads as Loader<K>>::Value>, Arc<DbErr>>
    where
        Reads: Loader<K, Error = Arc<DbErr>>,
    {
        let found = self
            .0
            .load_many(ids.into_iter().map(|id| K::new(chosen, id)))
            .await?;
        Ok(found
            .into_iter()
            .map(|(key, value)| (key.parts().1, value))
            .collect())
    }
}

/// A batch's `keys` read by `read`, one statement per set of chosen
/// columns.
async fn gather<K: Keyed, V, F>(
    keys: &[K],
    read: impl Fn(Vec<i32>, Chosen) -> F,
) -> Result<HashMap<K, V>, Arc<DbErr>>
where
    F: Future<Output = Result<HashMap<i32, V>, DbErr>>,
{
    let mut by_chosen: HashMap<Chosen, Vec<i32>> = HashMap::new();
    for key in keys {
        let (chosen, id) = key.parts();
        by_chosen.entry(chosen).or_default().push(id);
    }
    let mut found = HashMap::new();
    for (chosen, ids) in by_chosen {
        let rows = read(ids, chosen).await?;
        found.extend(rows.into_iter().map(|(id, row)| (K::new(chosen, id), row)));
    }
    Ok(found)
}

impl Loader<UserKey> for Reads {
    type Value = user::Model;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[UserKey]) -> Result<HashMap<UserKey, user::Model>, Arc<DbErr>> {
        gather(keys, |ids, chosen| {
            lookups::users_by_id(&self.db, ids, chosen)
        })
        .await
    }
}

impl Loader<LinkKey> for Reads {
    type Value = link::Model;
    type Error = Arc<DbErr>;

    async fn load(&self, keys: &[LinkKey]) -> Result<HashMap<LinkKey, link::Model>, Arc<DbErr>> {
        gather(keys, |ids, chosen| {
            lookups::links_by_id(&self.db, ids, chosen)
        })
        .await
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
        gather(keys, |ids, chosen| {
            lookups::votes_by_link(&self.db, ids, &lists, chosen)
        })
        .await
    }
}
