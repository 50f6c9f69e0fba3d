//! Models read from a row by position rather than by name. `Entity::find()`
//! selects an entity's columns in `Column::iter()` order, and
//! `find_also_related` appends the related entity's after them, so a
//! model's fields can be read by index: no column name is looked up (nor,
//! in a join, formatted with its prefix) for every column of every row,
//! which was a tenth of the nested query's time. A test reads each model
//! both ways and compares.

use sea_orm::{ConnectionTrait, DbErr, EntityTrait, QueryResult, QueryTrait, Select};

use super::{link, user, vote};

/// A model whose fields can be read from consecutive columns of a row.
pub trait ByPosition: Sized {
    /// How many columns it reads.
    const COLUMNS: usize;

    /// Reads it from the columns `first..first + COLUMNS` of `row`.
    fn read(row: &QueryResult, first: usize) -> Result<Self, DbErr>;

    /// Reads the model a `find_also_related` row joins to the one before
    /// it (`first` is where its columns start): none if its primary key,
    /// its first column, is null.
    fn read_joined(row: &QueryResult, first: usize) -> Result<Option<Self>, DbErr> {
        match row.try_get_by_index::<Option<i32>>(first)? {
            Some(_) => Self::read(row, first).map(Some),
            None => Ok(None),
        }
    }
}

/// Every row `select` finds, read by position.
pub async fn all<E>(db: &impl ConnectionTrait, select: Select<E>) -> Result<Vec<E::Model>, DbErr>
where
    E: EntityTrait,
    E::Model: ByPosition,
{
    let statement = select.build(db.get_database_backend());
    db.query_all_raw(statement)
        .await?
        .iter()
        .map(|row| E::Model::read(row, 0))
        .collect()
}

/// `ByPosition` for a model whose fields, listed in its columns' order,
/// are read from consecutive columns; `COLUMNS` is their count. A field
/// left out does not compile; one out of order fails `tests/api/rows.rs`.
macro_rules! by_position {
    ($($model:ty { $($field:ident),+ $(,)? })+) => {$(
        impl ByPosition for $model {
            const COLUMNS: usize = [$(stringify!($field)),+].len();

            fn read(row: &QueryResult, first: usize) -> Result<Self, DbErr> {
                let mut next = first;
                Ok(Self {
                    $($field: {
                        next += 1;
                        row.try_get_by_index(next - 1)?
                    },)+
                })
            }
        }
    )+};
}

by_position! {
    user::Model { id, username, email, password, date_joined, last_login }
    link::Model { id, url, description, posted_by_id, created_at }
    vote::Model { id, user_id, link_id, created_at }
}
