//! A few values per thread, in front of a cache all threads share: what a
//! repeated request looks up (its parsed document, the guard's verdict)
//! without touching a lock or a reference count another core also
//! writes. Each thread keeps its own copies, so a value's reference count
//! stays on the core that uses it; the shared cache stays the bound and
//! the source of every copy.

/// Values keyed by their owners' numbers (an engine's, a set of routes'),
/// a document's text and an operation's name: the most recent
/// [`ThreadCopies::CAPACITY`], each text no longer than [`ThreadCopies::MAX_TEXT`].
pub(crate) struct ThreadCopies<V> {
    entries: Vec<Entry<V>>,
    /// The entry the next new one replaces once all are taken.
    next: usize,
}

struct Entry<V> {
    owners: [u64; 2],
    text: Box<str>,
    name: Option<Box<str>>,
    value: V,
}

impl<V: Clone> ThreadCopies<V> {
    pub(crate) const CAPACITY: usize = 16;
    pub(crate) const MAX_TEXT: usize = 4096;

    pub(crate) const fn new() -> Self {
        ThreadCopies {
            entries: Vec::new(),
            next: 0,
        }
    }

    pub(crate) fn get(&self, owners: [u64; 2], text: &str, name: Option<&str>) -> Option<V> {
        self.entries
            .iter()
            .find(|e| e.owners == owners && *e.text == *text && e.name.as_deref() == name)
            .map(|e| e.value.clone())
    }

    /// Keeps `value`, unless the text is too long to keep per thread.
    pub(crate) fn put(&mut self, owners: [u64; 2], text: &str, name: Option<&str>, value: V) {
        if text.len() > Self::MAX_TEXT {
            return;
        }
        let entry = Entry {
            owners,
            text: text.into(),
            name: name.map(Into::into),
            value,
        };
        if self.entries.len() < Self::CAPACITY {
            self.entries.push(entry);
        } else {
            self.entries[self.next] = entry;
            self.next = (self.next + 1) % Self::CAPACITY;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ThreadCopies;

    #[test]
    fn keeps_the_most_recent_by_engine_text_and_name() {
        let mut copies = ThreadCopies::new();
        copies.put([1, 0], "{ a }", None, 'a');
        copies.put([1, 0], "{ a }", Some("Named"), 'n');
        assert_eq!(copies.get([1, 0], "{ a }", None), Some('a'));
        assert_eq!(copies.get([1, 0], "{ a }", Some("Named")), Some('n'));
        assert_eq!(copies.get([1, 2], "{ a }", None), None);
        for i in 0..ThreadCopies::<char>::CAPACITY {
            copies.put([1, 0], &format!("{{ f{i} }}"), None, 'f');
        }
        assert_eq!(
            copies.get([1, 0], "{ a }", None),
            None,
            "the oldest made room"
        );
        assert_eq!(copies.get([1, 0], "{ f0 }", None), Some('f'));
        copies.put(
            [1, 0],
            &"x".repeat(ThreadCopies::<char>::MAX_TEXT + 1),
            None,
            'x',
        );
        assert_eq!(
            copies.get(
                [1, 0],
                &"x".repeat(ThreadCopies::<char>::MAX_TEXT + 1),
                None
            ),
            None
        );
    }
}
