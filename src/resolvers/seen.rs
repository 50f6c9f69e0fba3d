//! The users one request has read already, so a later level of the same
//! response need not read them again: the posters read with their links
//! answer `user` of those links' votes two levels below, and only voters
//! who posted nothing are read then. A user read from some of its columns
//! answers only a selection that needs no others.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::entities::by_position::Chosen;
use crate::entities::user;

#[derive(Default)]
pub struct Seen {
    users: Mutex<HashMap<i32, (Chosen, user::Model)>>,
}

impl Seen {
    /// Remembers `users`, read from their `chosen` columns.
    pub fn remember(&self, chosen: Chosen, users: impl IntoIterator<Item = user::Model>) {
        let mut seen = self.users.lock().unwrap_or_else(|e| e.into_inner());
        for user in users {
            match seen.get(&user.id) {
                Some((read, _)) if read.covers(chosen) => {}
                _ => {
                    seen.insert(user.id, (chosen, user));
                }
            }
        }
    }

    /// Forgets user `id`, whose row the request has just changed.
    pub fn forget(&self, id: i32) {
        let mut seen = self.users.lock().unwrap_or_else(|e| e.into_inner());
        seen.remove(&id);
    }

    /// The users of `ids` already read with every one of the `needed`
    /// columns, and the ids still to read.
    pub fn recall(
        &self,
        ids: impl IntoIterator<Item = i32>,
        needed: Chosen,
    ) -> (HashMap<i32, user::Model>, Vec<i32>) {
        let seen = self.users.lock().unwrap_or_else(|e| e.into_inner());
        let mut found = HashMap::new();
        let mut missing = Vec::new();
        for id in ids {
            match seen.get(&id) {
                Some((read, user)) if read.covers(needed) => {
                    found.insert(id, user.clone());
                }
                _ => missing.push(id),
            }
        }
        (found, missing)
    }
}
