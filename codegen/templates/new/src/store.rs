//! The data: books and authors in memory, behind a lock. Replace it with a
//! database; the resolvers only read and add rows.

use std::sync::RwLock;

/// A row of `books`: `Book.id` and `Book.title` resolve from its columns.
#[derive(Debug, Clone)]
pub struct Book {
    pub id: u32,
    pub title: String,
    pub author_id: u32,
}

/// A row of `authors`: `Author.id` and `Author.name` resolve from its columns.
#[derive(Debug, Clone)]
pub struct Author {
    pub id: u32,
    pub name: String,
}

/// Every row.
pub struct Store {
    pub authors: Vec<Author>,
    pub books: RwLock<Vec<Book>>,
}

impl Default for Store {
    fn default() -> Self {
        let author = |id: u32, name: &str| Author {
            id,
            name: name.into(),
        };
        let book = |id: u32, title: &str, author_id: u32| Book {
            id,
            title: title.into(),
            author_id,
        };
        Store {
            authors: vec![author(1, "Italo Calvino"), author(2, "Ursula K. Le Guin")],
            books: RwLock::new(vec![
                book(1, "Invisible Cities", 1),
                book(2, "The Dispossessed", 2),
                book(3, "If on a winter's night a traveler", 1),
            ]),
        }
    }
}
