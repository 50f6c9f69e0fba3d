//! Models read from a row by position rather than by name, whole or only
//! the columns a selection shows. `Entity::find()` selects an entity's
//! columns in `Column::iter()` order (and [`select`] the chosen ones in that
//! order), and a join appends the related entity's after them, so a model's
//! fields can be read by index: no column name is looked up (nor, in a
//! join, formatted with its prefix) for every column of every row, which
//! was a measurable share of the nested query's time (see README's Speed
//! section). A test reads each model both ways and compares.
//!
//! A model read from [`Chosen`] columns holds the default value (`0`, `""`,
//! the epoch, `None`) in every other field. Its keys, the primary key and
//! the foreign keys resolvers follow, are always read; it lives no longer
//! than the request that asked for it.

use std::ops::BitOr;

use sea_orm::{
    ConnectionTrait, DbErr, EntityTrait, Iterable, QueryResult, QuerySelect, QueryTrait, Select,
};
use weftql_runtime::engine::LookAhead;

use super::{link, user, vote};

/// Which of a model's columns a statement reads: bit `i` stands for its
/// `i`th column in `Column::iter()` order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Chosen(u64);

impl Chosen {
    /// Every column.
    pub const ALL: Chosen = Chosen(u64::MAX);

    const fn column(index: usize) -> Chosen {
        Chosen(1 << index)
    }

    fn has(self, index: usize) -> bool {
        self.0 & (1 << index) != 0
    }

    /// Whether a model read from these columns has every one of `needed`.
    pub fn covers(self, needed: Chosen) -> bool {
        needed.0 & !self.0 == 0
    }

    /// How many of the first `columns` columns it reads.
    fn count(self, columns: usize) -> usize {
        (0..columns).filter(|&i| self.has(i)).count()
    }
}

impl BitOr for Chosen {
    type Output = Chosen;

    fn bitor(self, other: Chosen) -> Chosen {
        Chosen(self.0 | other.0)
    }
}

/// A model whose fields can be read from consecutive columns of a row.
pub trait ByPosition: Sized {
    /// How many columns it has.
    const COLUMNS: usize;
    /// Its fields' (and columns') names, in column order.
    const FIELDS: &'static [&'static str];
    /// The columns always read: the primary key and the foreign keys.
    const KEYS: Chosen;

    /// Reads it from the `chosen` columns, which start at `first` in
    /// `row`; every other field holds its default.
    fn read_chosen(row: &QueryResult, first: usize, chosen: Chosen) -> Result<Self, DbErr>;

    /// Reads it whole from the columns `first..first + COLUMNS` of `row`.
    fn read(row: &QueryResult, first: usize) -> Result<Self, DbErr> {
        Self::read_chosen(row, first, Chosen::ALL)
    }

    /// Reads the model a join appends to the one before it (`first` is
    /// where its `chosen` columns start): none if its primary key, its
    /// first column, is null.
    fn read_joined(row: &QueryResult, first: usize, chosen: Chosen) -> Result<Option<Self>, DbErr> {
        match row.try_get_by_index::<Option<i32>>(first)? {
            Some(_) => Self::read_chosen(row, first, chosen).map(Some),
            None => Ok(None),
        }
    }

    /// How many columns `chosen` reads of it.
    fn width(chosen: Chosen) -> usize {
        chosen.count(Self::COLUMNS)
    }

    /// The columns a selection of a type bound to it needs: its keys, and
    /// the column of each field the selection asks for (`shown`, the bound
    /// type's list in the generated `columns`). Every column if `shown`
    /// names one it does not have.
    fn chosen_for(selection: &LookAhead<'_>, shown: &[(&str, &'static str)]) -> Chosen {
        let mut chosen = Self::KEYS;
        for column in selection.columns(shown) {
            match Self::FIELDS.iter().position(|f| *f == column) {
                Some(index) => chosen = chosen | Chosen::column(index),
                None => return Chosen::ALL,
            }
        }
        chosen
    }
}

/// The `chosen` columns of `E`, in column order.
pub fn columns<E: EntityTrait>(chosen: Chosen) -> impl Iterator<Item = E::Column> {
    E::Column::iter()
        .enumerate()
        .filter(move |(index, _)| chosen.has(*index))
        .map(|(_, column)| column)
}

/// `select` reading only the `chosen` columns of `E`, in column order.
pub fn select<E: EntityTrait>(select: Select<E>, chosen: Chosen) -> Select<E> {
    if chosen == Chosen::ALL {
        return select;
    }
    select.select_only().columns(columns::<E>(chosen))
}

/// Every row `query` finds, read by position from its `chosen` columns.
pub async fn all<E>(
    db: &impl ConnectionTrait,
    query: Select<E>,
    chosen: Chosen,
) -> Result<Vec<E::Model>, DbErr>
where
    E: EntityTrait,
    E::Model: ByPosition,
{
    let statement = select(query, chosen).build(db.get_database_backend());
    db.query_all_raw(statement)
        .await?
        .iter()
        .map(|row| E::Model::read_chosen(row, 0, chosen))
        .collect()
}

/// `ByPosition` for a model whose fields, listed in its columns' order,
/// are read from consecutive columns, and whose keys are listed after.
/// A field left out does not compile; one out of order fails
/// `tests/api/rows.rs`.
macro_rules! by_position {
    ($($model:ty { $($field:ident),+ $(,)? } keys { $($key:ident),+ })+) => {$(
        impl ByPosition for $model {
            const COLUMNS: usize = Self::FIELDS.len();
            const FIELDS: &'static [&'static str] = &[$(stringify!($field)),+];
            const KEYS: Chosen = {
                let mut keys = Chosen(0);
                $(keys = Chosen(keys.0 | Chosen::column(position(Self::FIELDS, stringify!($key))).0);)+
                keys
            };

            fn read_chosen(row: &QueryResult, first: usize, chosen: Chosen) -> Result<Self, DbErr> {
                let mut index = 0;
                let mut next = first;
                Ok(Self {
                    $($field: {
                        index += 1;
                        if chosen.has(index - 1) {
                            next += 1;
                            row.try_get_by_index(next - 1)?
                        } else {
                            Default::default()
                        }
                    },)+
                })
            }
        }
    )+};
}

/// The position of `name` among `fields`, at compile time (a key that is
/// not a field does not compile).
const fn position(fields: &[&str], name: &str) -> usize {
    let mut index = 0;
    while index < fields.len() {
        if fields[index].len() == name.len() {
            let (a, b) = (fields[index].as_bytes(), name.as_bytes());
            let mut i = 0;
            while i < a.len() && a[i] == b[i] {
                i += 1;
            }
            if i == a.len() {
                return index;
            }
        }
        index += 1;
    }
    panic!("a key that is not a field")
}

by_position! {
    user::Model { id, username, email, password, date_joined, last_login } keys { id }
    link::Model { id, url, description, posted_by_id, created_at } keys { id, posted_by_id }
    vote::Model { id, user_id, link_id, created_at } keys { id, user_id, link_id }
}

#[cfg(test)]
mod tests {
    use sea_orm::{DbBackend, EntityTrait, QueryTrait};

    use super::{ByPosition, Chosen, select};
    use crate::entities::link;

    #[test]
    fn a_selection_reads_its_columns_and_the_keys() {
        let url = Chosen::column(1);
        let some = select(link::Entity::find(), link::Model::KEYS | url);
        assert_eq!(
            some.build(DbBackend::Postgres).to_string(),
            r#"SELECT "links"."id", "links"."url", "links"."posted_by_id" FROM "links""#
        );
        assert_eq!(link::Model::width(link::Model::KEYS | url), 3);
        let every = select(link::Entity::find(), Chosen::ALL);
        assert_eq!(
            every.build(DbBackend::Postgres).to_string(),
            link::Entity::find().build(DbBackend::Postgres).to_string()
        );
        assert!(Chosen::ALL.covers(link::Model::KEYS | url));
        assert!(!link::Model::KEYS.covers(link::Model::KEYS | url));
    }
}
