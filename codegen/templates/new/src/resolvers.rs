//! The implementation of every generated trait: what each field that does
//! not resolve from a column answers. A relation's method gets every parent
//! of a level at once and answers one value per parent, in order.

use weftql_runtime::engine::FieldError;

use crate::app::Caller;
use crate::schema::{
    AuthorResolvers, BookResolvers, Context, ID, MutationResolvers, QueryResolvers,
    ResolverResult,
};
use crate::store::{Author, Book, Store};

/// What implements the resolver traits (the generated `Resolvers` trait is
/// implemented for it because it implements them all).
#[derive(Default)]
pub struct Library {
    pub store: Store,
}

impl QueryResolvers for Library {
    async fn books(&self, _: &Context<'_>) -> ResolverResult<Vec<Book>> {
        Ok(self.store.books.read().unwrap().clone())
    }

    async fn author(&self, _: &Context<'_>, id: ID) -> ResolverResult<Option<Author>> {
        Ok(self
            .store
            .authors
            .iter()
            .find(|a| a.id.to_string() == *id)
            .cloned())
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
        let Some(author) = self.store.authors.iter().find(|a| a.id.to_string() == *author_id)
        else {
            return Err(FieldError::new(format!("No author has the id {}.", *author_id)));
        };
        let mut books = self.store.books.write().unwrap();
        let book = Book {
            id: books.len() as u32 + 1,
            title,
            author_id: author.id,
        };
        books.push(book.clone());
        Ok(book)
    }
}

impl BookResolvers for Library {
    async fn author(&self, _: &Context<'_>, parents: &[Book]) -> ResolverResult<Vec<Author>> {
        parents
            .iter()
            .map(|book| {
                self.store
                    .authors
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
        let books = self.store.books.read().unwrap();
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
