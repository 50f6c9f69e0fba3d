//! The guard's verdicts ([`judge`]), remembered: for each engine, document text and
//! operation name, whether the guard admitted the operation (and its type)
//! or why it refused it. A verdict depends on nothing else (the guard reads
//! neither variables nor headers, and an executor's limits are fixed), so a
//! repeated request skips the guard's scan and measure. Bounded in
//! entries and in size: only a document (with its operation name) no
//! longer than the guard's byte limit is remembered, so a client
//! sending ever new or oversized documents only evicts older verdicts.

use std::cell::RefCell;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};

use apollo_compiler::executable::OperationType;
use quick_cache::Equivalent;
use quick_cache::sync::Cache;

use crate::engine::{self, Engine};
use crate::guard::{self, LimitExceeded};
use crate::thread_copies::ThreadCopies;

/// What the guard decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Verdict {
    /// The type of the operation that would run, when the guard could tell.
    pub(crate) operation: Option<OperationType>,
    /// Why it may not run (400), if it may not.
    pub(crate) refusal: Option<LimitExceeded>,
}

impl Verdict {
    pub(crate) fn admitted(operation: Option<OperationType>) -> Self {
        Verdict {
            operation,
            refusal: None,
        }
    }

    pub(crate) fn refused(operation: Option<OperationType>, exceeded: LimitExceeded) -> Self {
        Verdict {
            operation,
            refusal: Some(exceeded),
        }
    }
}

/// The guard's verdict: the raw text scanned, then the operation the
/// engine would run measured on the engine's own parsed and validated
/// document (which it keeps for the execution). A document that does not
/// validate is the engine's to refuse, with its errors.
pub(crate) fn judge(engine: &Engine, request: &engine::Request, limits: &crate::Limits) -> Verdict {
    if let Err(exceeded) = guard::scan(&request.query, limits) {
        return Verdict::refused(None, exceeded);
    }
    let name = request.operation_name.as_deref();
    let parsed = engine.document(request);
    let document = match parsed.as_ref() {
        Ok(document) => document,
        Err(invalid) => return Verdict::admitted(invalid.operation_type(name)),
    };
    let Ok(operation) = document.operations.get(name) else {
        return Verdict::admitted(None); // the engine reports which is missing
    };
    let ty = Some(operation.operation_type);
    match guard::inspect(document, operation, limits) {
        Ok(()) => Verdict::admitted(ty),
        Err(exceeded) => Verdict::refused(ty, exceeded),
    }
}

/// The remembered verdicts of one set of routes: shared, with each
/// thread's copies of its last few in front (`thread_copies`).
pub(crate) struct Verdicts {
    /// No other set of verdicts of the process has it.
    id: u64,
    cache: Cache<Key, Verdict>,
}

thread_local! {
    /// This thread's copies of the verdicts it recalled last.
    static THIS_THREAD: RefCell<ThreadCopies<Verdict>> = const { RefCell::new(ThreadCopies::new()) };
}

/// The verdicts remembered at most, as many as an engine's documents by
/// default.
const CAPACITY: usize = 1024;

impl Verdicts {
    pub(crate) fn new() -> Self {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        Verdicts {
            id: NEXT.fetch_add(1, Ordering::Relaxed),
            cache: Cache::new(CAPACITY),
        }
    }

    /// The verdict on `query` and `operation_name` under the engine
    /// numbered `engine`, from memory or else from `judge`; remembered only
    /// if the two together are at most `max_bytes` long.
    pub(crate) fn get_or_judge(
        &self,
        engine: u64,
        query: &str,
        operation_name: Option<&str>,
        max_bytes: usize,
        judge: impl FnOnce() -> Verdict,
    ) -> Verdict {
        let bytes = query.len() + operation_name.map_or(0, str::len);
        if bytes > max_bytes {
            return judge();
        }
        let owners = [self.id, engine];
        if let Some(verdict) =
            THIS_THREAD.with_borrow(|copies| copies.get(owners, query, operation_name))
        {
            return verdict;
        }
        let asked = Asked {
            engine,
            query,
            operation_name,
        };
        let verdict = self.cache.get(&asked).unwrap_or_else(|| {
            let verdict = judge();
            let key = Key {
                engine,
                query: query.to_owned(),
                operation_name: operation_name.map(str::to_owned),
            };
            self.cache.insert(key, verdict.clone());
            verdict
        });
        THIS_THREAD
            .with_borrow_mut(|copies| copies.put(owners, query, operation_name, verdict.clone()));
        verdict
    }
}

#[derive(PartialEq, Eq)]
struct Key {
    engine: u64,
    query: String,
    operation_name: Option<String>,
}

/// A key looked up without copying the request's text.
struct Asked<'a> {
    engine: u64,
    query: &'a str,
    operation_name: Option<&'a str>,
}

impl Hash for Key {
    fn hash<H: Hasher>(&self, state: &mut H) {
        Asked {
            engine: self.engine,
            query: &self.query,
            operation_name: self.operation_name.as_deref(),
        }
        .hash(state)
    }
}

impl Hash for Asked<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.engine.hash(state);
        self.query.hash(state);
        self.operation_name.hash(state);
    }
}

impl Equivalent<Key> for Asked<'_> {
    fn equivalent(&self, key: &Key) -> bool {
        self.engine == key.engine
            && self.query == key.query
            && self.operation_name == key.operation_name.as_deref()
    }
}

#[cfg(test)]
mod tests {
    use super::{Verdict, Verdicts};

    #[test]
    fn judges_once_per_engine_text_and_operation_name() {
        let verdicts = Verdicts::new();
        let judged = std::cell::Cell::new(0);
        let ask = |engine, query, name| {
            verdicts.get_or_judge(engine, query, name, 20, || {
                judged.set(judged.get() + 1);
                refused(&format!("{engine} {query} {name:?}"))
            })
        };
        let first = ask(1, "{ a }", None);
        assert_eq!(ask(1, "{ a }", None), first);
        assert_eq!(judged.get(), 1);
        ask(2, "{ a }", None);
        ask(1, "{ a }", Some("A"));
        ask(1, "{ b }", None);
        assert_eq!(judged.get(), 4);
        assert_eq!(ask(1, "{ a }", Some("A")), refused("1 { a } Some(\"A\")"));
        assert_eq!(judged.get(), 4);
    }

    #[test]
    fn forgets_what_is_longer_than_the_limit() {
        let verdicts = Verdicts::new();
        let judged = std::cell::Cell::new(0);
        let ask = |query, name| {
            verdicts.get_or_judge(1, query, name, 10, || {
                judged.set(judged.get() + 1);
                refused("long")
            })
        };
        for _ in 0..2 {
            ask("{ a b c d e f }", None);
            ask("{ a }", Some("LongName"));
        }
        assert_eq!(judged.get(), 4, "judged every time, never remembered");
        assert_eq!(verdicts.cache.len(), 0);
    }

    #[test]
    fn each_set_of_routes_keeps_its_own_and_threads_share_them() {
        let (strict, lenient) = (Verdicts::new(), Verdicts::new());
        let judge = |verdicts: &Verdicts, message: &str| {
            verdicts.get_or_judge(1, "{ a }", None, 20, || refused(message))
        };
        assert_eq!(judge(&strict, "strict"), refused("strict"));
        assert_eq!(judge(&lenient, "lenient"), refused("lenient"));
        // This thread's copy answers even once the shared one is gone.
        strict.cache.clear();
        assert_eq!(
            judge(&strict, "again"),
            refused("strict"),
            "this thread's copy"
        );
        assert_eq!(strict.cache.len(), 0, "not judged again");
        std::thread::scope(|scope| {
            scope.spawn(|| {
                let judged = judge(&strict, "on another thread");
                assert_eq!(judged, refused("on another thread"), "no copy there");
                assert_eq!(judge(&lenient, "elsewhere"), refused("lenient"), "shared");
            });
        });
    }

    fn refused(message: &str) -> Verdict {
        let exceeded = crate::guard::LimitExceeded {
            limit: "max_depth",
            message: message.into(),
        };
        Verdict::refused(None, exceeded)
    }
}
