//! The data in SQLite, through sea-orm: two tables, read into the rows the
//! schema's types are bound to in codegen.toml.

use sea_orm::{
    ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr, FromQueryResult, Statement,
    Value,
};

/// A row of `books`: `Book.id` and `Book.title` resolve from its columns.
#[derive(Debug, Clone, FromQueryResult)]
pub struct Book {
    pub id: i64,
    pub title: String,
    pub author_id: i64,
}

/// A row of `authors`: `Author.id` and `Author.name` resolve from its columns.
#[derive(Debug, Clone, FromQueryResult)]
pub struct Author {
    pub id: i64,
    pub name: String,
}

/// Opens (creating if needed) the database at `url`, its tables, and two
/// authors with their books in an empty one.
pub async fn open(url: &str) -> Result<DatabaseConnection, DbErr> {
    let db = Database::connect(url).await?;
    db.execute_unprepared(
        "CREATE TABLE IF NOT EXISTS authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
         CREATE TABLE IF NOT EXISTS books (id INTEGER PRIMARY KEY, title TEXT NOT NULL,
           author_id INTEGER NOT NULL REFERENCES authors (id));",
    )
    .await?;
    let authors: Vec<Author> = rows(&db, "SELECT * FROM authors LIMIT 1", vec![]).await?;
    if authors.is_empty() {
        db.execute_unprepared(
            "INSERT INTO authors (id, name) VALUES (1, 'Italo Calvino'), (2, 'Ursula K. Le Guin');
             INSERT INTO books (title, author_id) VALUES ('Invisible Cities', 1),
               ('The Dispossessed', 2), ('If on a winter''s night a traveler', 1);",
        )
        .await?;
    }
    Ok(db)
}

/// The rows `sql` selects, with `values` bound to its `?`s.
pub async fn rows<T: FromQueryResult>(
    db: &DatabaseConnection,
    sql: &str,
    values: Vec<Value>,
) -> Result<Vec<T>, DbErr> {
    T::find_by_statement(Statement::from_sql_and_values(DbBackend::Sqlite, sql, values))
        .all(db)
        .await
}

/// `?, ?, …` for `n` values.
pub fn placeholders(n: usize) -> String {
    vec!["?"; n].join(", ")
}
