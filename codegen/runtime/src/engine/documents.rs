//! Documents parsed and validated once: a bounded cache keyed by the text,
//! so a repeated query skips both, with each thread's copies of its last
//! few in front (`near`). Validation errors are worded as
//! graphql-js words them (`crate::validation`, which the tutorial's clients
//! and the graphql-http audit expect), with suggestions where the server allows.

use std::cell::RefCell;
use std::sync::Arc;

use apollo_compiler::response::GraphQLError;
use apollo_compiler::validation::Valid;
use apollo_compiler::{ExecutableDocument, Schema};
use quick_cache::sync::Cache;

use crate::near::Near;

thread_local! {
    /// This thread's copies of the documents it executed last.
    static NEAR: RefCell<Near<Arc<Parsed>>> = const { RefCell::new(Near::new()) };
}

/// A document ready to execute, or why it never will.
pub(crate) type Parsed = Result<Valid<ExecutableDocument>, Vec<GraphQLError>>;

pub(crate) struct Documents {
    cache: Cache<String, Arc<Parsed>>,
    suggestions: bool,
}

impl Documents {
    pub(crate) fn new(capacity: usize, suggestions: bool) -> Self {
        Documents {
            cache: Cache::new(capacity.max(1)),
            suggestions,
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.cache.len()
    }

    /// The document `text`, parsed and validated against the `schema` of
    /// engine `engine`: this thread's copy, else the shared cache's (copied
    /// for this thread), else parsed now.
    pub(crate) fn get(&self, engine: u64, schema: &Valid<Schema>, text: &str) -> Arc<Parsed> {
        let owners = [engine, 0];
        if let Some(parsed) = NEAR.with_borrow(|near| near.get(owners, text, None)) {
            return parsed;
        }
        let shared = match self.cache.get(text) {
            Some(parsed) => parsed,
            None => {
                let parsed = Arc::new(self.parse(schema, text));
                self.cache.insert(text.to_owned(), parsed.clone());
                parsed
            }
        };
        let own = Arc::new(Parsed::clone(&shared));
        NEAR.with_borrow_mut(|near| near.put(owners, text, None, own.clone()));
        own
    }

    fn parse(&self, schema: &Valid<Schema>, text: &str) -> Parsed {
        ExecutableDocument::parse_and_validate(schema, text, "request.graphql").map_err(|invalid| {
            crate::validation::document_errors(schema, &invalid.errors, self.suggestions)
                .into_iter()
                .map(|error| error.graphql)
                .collect()
        })
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use apollo_compiler::Schema;

    use super::Documents;

    #[test]
    fn each_thread_keeps_its_own_copy_of_the_shared_document() {
        let schema = Schema::parse_and_validate("type Query { a: Int }", "s.graphql").unwrap();
        let documents = Documents::new(4, true);
        let here = documents.get(1, &schema, "{ a }");
        assert!(Arc::ptr_eq(&here, &documents.get(1, &schema, "{ a }")));
        let there = std::thread::scope(|scope| {
            scope
                .spawn(|| documents.get(1, &schema, "{ a }"))
                .join()
                .unwrap()
        });
        assert!(!Arc::ptr_eq(&here, &there), "another thread's own copy");
        let text = |parsed: &super::Parsed| parsed.as_ref().unwrap().to_string();
        assert_eq!(text(&here), text(&there));
        assert_eq!(documents.len(), 1, "parsed once, shared");
        let other_engine = documents.get(2, &schema, "{ a }");
        assert!(!Arc::ptr_eq(&here, &other_engine));
    }
}
