//! What mutations changed: the only state the mock keeps. Objects are keyed
//! by their entity's salt (a hash of its name, so the state outlives a
//! schema reload) and their key's digest. Until the first mutation every
//! read is a single atomic load.

use std::collections::{HashMap, HashSet};
use std::sync::RwLock;
use std::sync::atomic::{AtomicBool, Ordering};

use async_graphql::Value;

use super::handle::Key;
use super::model::POPULATION;

#[derive(Default)]
pub struct Store {
    touched: AtomicBool,
    state: RwLock<State>,
}

#[derive(Default)]
struct State {
    /// Per entity, the indices of created objects, oldest first.
    created: HashMap<u64, Vec<u64>>,
    fields: HashMap<(u64, u64), HashMap<String, Value>>,
    deleted: HashSet<(u64, u64)>,
}

impl Store {
    fn read<T>(&self, default: T, read: impl FnOnce(&State) -> T) -> T {
        if !self.touched.load(Ordering::Acquire) {
            return default;
        }
        let state = self.state.read().unwrap_or_else(|e| e.into_inner());
        read(&state)
    }

    fn write<T>(&self, write: impl FnOnce(&mut State) -> T) -> T {
        let mut state = self.state.write().unwrap_or_else(|e| e.into_inner());
        self.touched.store(true, Ordering::Release);
        write(&mut state)
    }

    /// A new object of `entity` with `fields`; returns its index, past the population.
    pub fn create(&self, entity: u64, fields: Vec<(String, Value)>) -> u64 {
        self.write(|state| {
            let created = state.created.entry(entity).or_default();
            let index = POPULATION + 1 + created.len() as u64;
            created.push(index);
            state.fields.insert(
                (entity, Key::Index(index).digest()),
                fields.into_iter().collect(),
            );
            index
        })
    }

    pub fn update(&self, entity: u64, digest: u64, fields: Vec<(String, Value)>) {
        self.write(|state| {
            state
                .fields
                .entry((entity, digest))
                .or_default()
                .extend(fields)
        });
    }

    pub fn delete(&self, entity: u64, digest: u64) {
        self.write(|state| state.deleted.insert((entity, digest)));
    }

    pub fn value(&self, entity: u64, digest: u64, field: &str) -> Option<Value> {
        self.read(None, |state| {
            state.fields.get(&(entity, digest))?.get(field).cloned()
        })
    }

    pub fn is_deleted(&self, entity: u64, digest: u64) -> bool {
        self.read(false, |state| state.deleted.contains(&(entity, digest)))
    }

    /// The indices of the objects of `entity` mutations created, newest first.
    pub fn created(&self, entity: u64) -> Vec<u64> {
        self.read(Vec::new(), |state| {
            state
                .created
                .get(&entity)
                .map_or_else(Vec::new, |c| c.iter().rev().copied().collect())
        })
    }
}
