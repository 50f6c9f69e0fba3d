//! The users one request has read already, so a later level of the same
//! response need not read them again: the voters read with a link's votes
//! answer `user` of those votes a level below.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::entities::user;

#[derive(Default)]
pub struct Seen {
    users: Mutex<HashMap<i32, user::Model>>,
}

impl Seen {
    pub fn remember(&self, users: impl IntoIterator<Item = user::Model>) {
        let mut seen = self.users.lock().unwrap_or_else(|e| e.into_inner());
        seen.extend(users.into_iter().map(|u| (u.id, u)));
    }

    /// The users of `ids` already read, and the ids still to read.
    pub fn recall(
        &self,
        ids: impl IntoIterator<Item = i32>,
    ) -> (HashMap<i32, user::Model>, Vec<i32>) {
        let seen = self.users.lock().unwrap_or_else(|e| e.into_inner());
        let mut found = HashMap::new();
        let mut missing = Vec::new();
        for id in ids {
            match seen.get(&id) {
                Some(user) => {
                    found.insert(id, user.clone());
                }
                None => missing.push(id),
            }
        }
        (found, missing)
    }
}
