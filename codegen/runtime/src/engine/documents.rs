//! Documents parsed and validated once: a bounded cache keyed by the text,
//! so a repeated query skips both, with each thread's copies of its last
//! few in front (`thread_copies`). Validation errors are worded as
//! graphql-js words them (`crate::validation`, which the tutorial's clients
//! and the graphql-http audit expect), with suggestions where the server allows.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use apollo_compiler::executable::OperationType;
use apollo_compiler::response::GraphQLError;
use apollo_compiler::validation::Valid;
use apollo_compiler::{ExecutableDocument, Schema};
use quick_cache::sync::Cache;

use crate::thread_copies::ThreadCopies;

thread_local! {
    /// This thread's copies of the documents it executed last.
    static THIS_THREAD: RefCell<ThreadCopies<Arc<Parsed>>> = const { RefCell::new(ThreadCopies::new()) };
    /// This thread's counts of lookups, which only it writes.
    static COUNTS: Arc<Counts> = {
        let counts = Arc::new(Counts::default());
        EVERY_THREAD.lock().unwrap_or_else(|e| e.into_inner()).push(counts.clone());
        counts
    };
}

/// One thread's lookups of the document caches: found parsed, and parsed
/// now. On a cache line of its own, so counting writes nothing another
/// core reads or writes until the metrics are read.
#[derive(Default)]
#[repr(align(64))]
struct Counts {
    found: AtomicU64,
    parsed: AtomicU64,
}

/// Every thread's counts, kept when a thread ends (counters never go back).
static EVERY_THREAD: Mutex<Vec<Arc<Counts>>> = Mutex::new(Vec::new());

/// The process's lookups of documents in the engines' caches: how many
/// were found parsed and how many had to be parsed (and validated).
pub fn document_cache_counts() -> (u64, u64) {
    let every = EVERY_THREAD.lock().unwrap_or_else(|e| e.into_inner());
    every.iter().fold((0, 0), |(found, parsed), counts| {
        (
            found + counts.found.load(Ordering::Relaxed),
            parsed + counts.parsed.load(Ordering::Relaxed),
        )
    })
}

fn count(counter: impl Fn(&Counts) -> &AtomicU64) {
    COUNTS.with(|counts| counter(counts).fetch_add(1, Ordering::Relaxed));
}

/// A document ready to execute, or why it never will.
pub(crate) type Parsed = Result<Valid<ExecutableDocument>, Invalid>;

/// A document that does not validate: its errors, and what could be read
/// of it (which tells an operation's type, for the rule that a GET
/// request may only query).
#[derive(Debug, Clone)]
pub(crate) struct Invalid {
    pub(crate) errors: Vec<GraphQLError>,
    /// Each operation's name and type, as far as the text could be read.
    operations: Vec<(Option<String>, OperationType)>,
}

impl Invalid {
    /// The type of the operation `name` asks for (the only one, if `name`
    /// is `None`), if the text has it.
    pub(crate) fn operation_type(&self, name: Option<&str>) -> Option<OperationType> {
        match (name, self.operations.as_slice()) {
            (None, [(_, only)]) => Some(*only),
            (None, _) => None,
            (Some(name), operations) => operations
                .iter()
                .find(|(named, _)| named.as_deref() == Some(name))
                .map(|(_, ty)| *ty),
        }
    }
}

/// A document one engine parsed and validated, held outside its cache (a
/// trusted document's): the engine runs it without parsing, validating
/// or looking it up. Another engine parses the request's text as usual.
#[derive(Clone)]
pub struct Prepared {
    pub(crate) engine: u64,
    pub(crate) parsed: Arc<Parsed>,
}

impl Prepared {
    /// The names of the document's named operations.
    pub fn operation_names(&self) -> Vec<String> {
        match self.parsed.as_ref() {
            Ok(document) => document
                .operations
                .named
                .keys()
                .map(ToString::to_string)
                .collect(),
            Err(_) => Vec::new(),
        }
    }
}

impl std::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prepared")
            .field("engine", &self.engine)
            .finish_non_exhaustive()
    }
}

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

    /// `text` parsed and validated now, outside the cache.
    pub(crate) fn prepare(&self, engine: u64, schema: &Valid<Schema>, text: &str) -> Prepared {
        Prepared {
            engine,
            parsed: Arc::new(self.parse(schema, text)),
        }
    }

    /// The document a request runs: its prepared one if this engine
    /// prepared it, else [`Documents::get`]'s.
    pub(crate) fn of(
        &self,
        engine: u64,
        schema: &Valid<Schema>,
        request: &super::Request,
    ) -> Arc<Parsed> {
        match &request.prepared {
            Some(prepared) if prepared.engine == engine => prepared.parsed.clone(),
            _ => self.get(engine, schema, &request.query),
        }
    }

    /// The document `text`, parsed and validated against the `schema` of
    /// engine `engine`: this thread's copy, else the shared cache's (copied
    /// for this thread), else parsed now.
    pub(crate) fn get(&self, engine: u64, schema: &Valid<Schema>, text: &str) -> Arc<Parsed> {
        let owners = [engine, 0];
        if let Some(parsed) = THIS_THREAD.with_borrow(|copies| copies.get(owners, text, None)) {
            count(|counts| &counts.found);
            return parsed;
        }
        let shared = match self.cache.get(text) {
            Some(parsed) => {
                count(|counts| &counts.found);
                parsed
            }
            None => {
                count(|counts| &counts.parsed);
                let parsed = Arc::new(self.parse(schema, text));
                self.cache.insert(text.to_owned(), parsed.clone());
                parsed
            }
        };
        let own = Arc::new(Parsed::clone(&shared));
        THIS_THREAD.with_borrow_mut(|copies| copies.put(owners, text, None, own.clone()));
        own
    }

    fn parse(&self, schema: &Valid<Schema>, text: &str) -> Parsed {
        ExecutableDocument::parse_and_validate(schema, text, "request.graphql").map_err(|invalid| {
            Invalid {
                errors: crate::validation::document_errors(
                    schema,
                    &invalid.errors,
                    self.suggestions,
                )
                .into_iter()
                .map(|error| error.graphql)
                .collect(),
                operations: invalid
                    .partial
                    .operations
                    .iter()
                    .map(|op| (op.name.as_ref().map(ToString::to_string), op.operation_type))
                    .collect(),
            }
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

    #[test]
    fn lookups_are_counted_found_or_parsed() {
        let schema = Schema::parse_and_validate("type Query { b: Int }", "s.graphql").unwrap();
        let documents = Documents::new(4, true);
        let (found, parsed) = super::document_cache_counts();
        documents.get(1, &schema, "{ b }");
        documents.get(1, &schema, "{ b }");
        documents.get(1, &schema, "{ b __typename }");
        let (found_now, parsed_now) = super::document_cache_counts();
        // Other tests of the process count too: at least these.
        assert!(found_now > found, "found once");
        assert!(parsed_now >= parsed + 2, "parsed twice");
    }
}
