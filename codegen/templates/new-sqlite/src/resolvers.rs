//! The implementation of every generated trait: what each field that does
//! not resolve from a column answers. A relation's method gets every parent
//! of a level at once and answers one value per parent, in order, from one
//! statement (no N+1).

use sea_orm::{DatabaseConnection, DbErr};
use weftql_runtime::engine::FieldError;

use crate::app::Caller;
use crate::schema::{
    AuthorResolvers, BookResolvers, Context, ID, MutationResolvers, QueryResolvers,
    ResolverResult,
};
use crate::store::{Author, Book, placeholders, rows};

/// What implements the resolver traits (the generated `Resolvers` trait is
/// implemented for it because it implements them all).
pub struct Library {
    pub db: DatabaseConnection,
}

/// A database failure: logged, and answered as an internal error (the
/// client never sees SQL).
fn internal(error: DbErr) -> FieldError {
    FieldError::internal(error)
}

impl QueryResolvers for Library {
    async fn books(&self, _: &Context<'_>) -> ResolverResult<Vec<Book>> {
        Ok(rows(&self.db, "SELECT * FROM books ORDER BY id", vec![])
            .await
            .map_err(internal)?)
    }

    async fn author(&self, _: &Context<'_>, id: ID) -> ResolverResult<Option<Author>> {
        let id: i64 = id.parse().unwrap_or(-1);
        let found = rows(&self.db, "SELECT * FROM authors WHERE id = ?", vec![id.into()])
            .await
            .map_err(internal)?;
        Ok(found.into_iter().next())
    }

    async fn caller(&self, ctx: &Context<'_>) -> ResolverResult<Option<String>> {
        // A value the executor did not put there is an internal error, logged.
        Ok(ctx.data::<Caller>()?.0.clone())
    }
}

impl MutationResolvers for Library {
    async fn add_book(
        &self,
        _: &Context<'_>,
        title: String,
        author_id: ID,
    ) -> ResolverResult<Book> {
        let id: i64 = author_id.parse().unwrap_or(-1);
        let authors: Vec<Author> =
            rows(&self.db, "SELECT * FROM authors WHERE id = ?", vec![id.into()])
                .await
                .map_err(internal)?;
        if authors.is_empty() {
            return Err(FieldError::new(format!("No author has the id {}.", *author_id)));
        }
        let added = rows(
            &self.db,
            "INSERT INTO books (title, author_id) VALUES (?, ?) RETURNING *",
            vec![title.into(), id.into()],
        )
        .await
        .map_err(internal)?;
        Ok(added
            .into_iter()
            .next()
            .ok_or_else(|| internal(DbErr::RecordNotInserted))?)
    }
}

impl BookResolvers for Library {
    async fn author(&self, _: &Context<'_>, parents: &[Book]) -> ResolverResult<Vec<Author>> {
        let sql = format!(
            "SELECT * FROM authors WHERE id IN ({})",
            placeholders(parents.len())
        );
        let ids = parents.iter().map(|b| b.author_id.into()).collect();
        let authors: Vec<Author> = rows(&self.db, &sql, ids).await.map_err(internal)?;
        parents
            .iter()
            .map(|book| {
                authors
                    .iter()
                    .find(|a| a.id == book.author_id)
                    .cloned()
                    .ok_or_else(|| FieldError::new("a book's author is missing"))
            })
            .collect()
    }
}

impl AuthorResolvers for Library {
    async fn books(&self, _: &Context<'_>, parents: &[Author]) -> ResolverResult<Vec<Vec<Book>>> {
        let sql = format!(
            "SELECT * FROM books WHERE author_id IN ({}) ORDER BY id",
            placeholders(parents.len())
        );
        let ids = parents.iter().map(|a| a.id.into()).collect();
        let books: Vec<Book> = rows(&self.db, &sql, ids).await.map_err(internal)?;
        Ok(parents
            .iter()
            .map(|author| {
                books
                    .iter()
                    .filter(|b| b.author_id == author.id)
                    .cloned()
                    .collect()
            })
            .collect())
    }
}
