//! The to-dos in SQLite: one table, read into [`Todo`] rows.

use sea_orm::{
    ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr, FromQueryResult, Statement,
    Value,
};

/// One row of `todos`; the schema's `Todo` is bound to it in codegen.toml.
#[derive(Debug, Clone, FromQueryResult)]
pub struct Todo {
    pub id: i64,
    pub title: String,
    pub done: bool,
}

/// Opens (creating if needed) the database at `url` and its table.
pub async fn open(url: &str) -> Result<DatabaseConnection, DbErr> {
    let db = Database::connect(url).await?;
    db.execute_unprepared(
        "CREATE TABLE IF NOT EXISTS todos (id INTEGER PRIMARY KEY, title TEXT NOT NULL, done BOOLEAN NOT NULL DEFAULT FALSE)",
    )
    .await?;
    Ok(db)
}

/// The rows `sql` selects, with `values` bound to its `?`s.
pub async fn rows(
    db: &DatabaseConnection,
    sql: &str,
    values: Vec<Value>,
) -> Result<Vec<Todo>, DbErr> {
    Todo::find_by_statement(Statement::from_sql_and_values(
        DbBackend::Sqlite,
        sql,
        values,
    ))
    .all(db)
    .await
}
