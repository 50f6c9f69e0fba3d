//! Relay: global IDs (base64 of `Type:<pk>`), cursors (base64 of
//! `arrayconnection:<offset>`), and the slicing rules of graphql-relay's
//! `connection_from_array_slice`, with graphene-django's `offset` argument
//! and its limit of 100 records.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use weftql_runtime::ID;

use crate::error::ApiError;

pub const MAX_RECORDS: i32 = 100;
const CURSOR_PREFIX: &str = "arrayconnection:";

pub fn global_id(type_name: &str, pk: i32) -> ID {
    ID(STANDARD.encode(format!("{type_name}:{pk}")))
}

/// The type name and primary key of a global ID.
pub fn parse_global_id(id: &ID) -> Result<(String, i32), ApiError> {
    let invalid = || ApiError::InvalidInput(format!("Unable to parse global ID \"{}\".", id.0));
    let decoded = STANDARD.decode(id.0.as_bytes()).map_err(|_| invalid())?;
    let text = String::from_utf8(decoded).map_err(|_| invalid())?;
    let (type_name, pk) = text.split_once(':').ok_or_else(invalid)?;
    Ok((type_name.to_string(), pk.parse().map_err(|_| invalid())?))
}

pub fn cursor(offset: usize) -> String {
    STANDARD.encode(format!("{CURSOR_PREFIX}{offset}"))
}

fn parse_cursor(cursor: &str) -> Result<usize, ApiError> {
    STANDARD
        .decode(cursor.as_bytes())
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| {
            text.strip_prefix(CURSOR_PREFIX)
                .and_then(|n| n.parse().ok())
        })
        .ok_or_else(|| ApiError::InvalidInput(format!("Invalid cursor \"{cursor}\".")))
}

/// The pagination arguments of a connection field.
#[derive(Debug, Clone, Default)]
pub struct ConnectionArgs {
    pub offset: Option<i32>,
    pub before: Option<String>,
    pub after: Option<String>,
    pub first: Option<i32>,
    pub last: Option<i32>,
}

/// Which rows of a list of `total` the connection shows, and its page info.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    pub start: usize,
    pub end: usize,
    pub has_previous_page: bool,
    pub has_next_page: bool,
}

impl ConnectionArgs {
    /// The window of a page read forwards (no `last`, no `before`): its
    /// start and size, which need no count of the rows. The page is read
    /// one row longer to learn whether a next page exists.
    pub fn forwards(&self, connection: &str) -> Result<Option<(usize, usize)>, ApiError> {
        self.check(connection)?;
        if self.last.is_some() || self.before.is_some() {
            return Ok(None);
        }
        let after = self.after_index()?;
        let first = self.first.map_or(MAX_RECORDS, |f| f) as usize;
        Ok(Some((after.map_or(0, |a| a.saturating_add(1)), first)))
    }

    /// The window of a page read forwards, from the rows read (at most one
    /// more than `size`).
    pub fn forward_window(&self, start: usize, size: usize, read: usize) -> Window {
        let end = start.saturating_add(read.min(size));
        Window {
            start,
            end,
            has_previous_page: false,
            has_next_page: self.first.is_some() && read > size,
        }
    }

    fn after_index(&self) -> Result<Option<usize>, ApiError> {
        let mut after = self.after.as_deref().map(parse_cursor).transpose()?;
        if let Some(offset) = self.offset.filter(|&o| o > 0) {
            after = Some(after.map_or(offset as usize - 1, |a| a.saturating_add(offset as usize)));
        }
        Ok(after)
    }

    /// Applies graphql-relay's rules to a list of `total` rows.
    pub fn window(&self, total: usize, connection: &str) -> Result<Window, ApiError> {
        self.check(connection)?;
        let after = self.after_index()?;
        let before = self.before.as_deref().map(parse_cursor).transpose()?;
        let first = match (self.first, self.last) {
            (None, None) => Some(MAX_RECORDS),
            (first, _) => first,
        };
        let lower = after.map_or(0, |a| a.saturating_add(1));
        let upper = before.map_or(total, |b| b.min(total));
        let mut start = lower.min(total);
        let mut end = upper.max(start);
        if let Some(first) = first {
            end = end.min(start.saturating_add(first as usize));
        }
        if let Some(last) = self.last {
            start = start.max(end.saturating_sub(last as usize));
        }
        Ok(Window {
            start,
            end,
            has_previous_page: self.last.is_some() && start > lower,
            has_next_page: self.first.is_some() && end < upper,
        })
    }

    /// Non-negative counts, and pages within the cap.
    fn check(&self, connection: &str) -> Result<(), ApiError> {
        for (name, value) in [
            ("first", self.first),
            ("last", self.last),
            ("offset", self.offset),
        ] {
            if value.is_some_and(|v| v < 0) {
                return Err(ApiError::InvalidInput(format!(
                    "Argument '{name}' must be a non-negative integer."
                )));
            }
        }
        for (name, value) in [("first", self.first), ("last", self.last)] {
            if let Some(n) = value.filter(|&n| n > MAX_RECORDS) {
                return Err(ApiError::InvalidInput(format!(
                    "Requesting {n} records on the `{connection}` connection exceeds the `{name}` limit of {MAX_RECORDS} records."
                )));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(first: Option<i32>, last: Option<i32>) -> ConnectionArgs {
        ConnectionArgs {
            first,
            last,
            ..ConnectionArgs::default()
        }
    }

    #[test]
    fn ids_and_cursors_match_graphene() {
        assert_eq!(global_id("LinkNode", 1).0, "TGlua05vZGU6MQ==");
        assert_eq!(cursor(0), "YXJyYXljb25uZWN0aW9uOjA=");
        assert_eq!(
            parse_global_id(&global_id("VoteNode", 42)).unwrap(),
            ("VoteNode".into(), 42)
        );
    }

    #[test]
    fn windows_follow_graphql_relay() {
        let w = args(Some(2), None).window(5, "C").unwrap();
        assert_eq!(
            (w.start, w.end, w.has_next_page, w.has_previous_page),
            (0, 2, true, false)
        );
        let w = args(None, Some(2)).window(5, "C").unwrap();
        assert_eq!(
            (w.start, w.end, w.has_next_page, w.has_previous_page),
            (3, 5, false, true)
        );
        let after = ConnectionArgs {
            after: Some(cursor(1)),
            first: Some(10),
            ..ConnectionArgs::default()
        };
        let w = after.window(5, "C").unwrap();
        assert_eq!((w.start, w.end, w.has_next_page), (2, 5, false));
        let offset = ConnectionArgs {
            offset: Some(3),
            ..ConnectionArgs::default()
        };
        assert_eq!(offset.window(5, "C").unwrap().start, 3);
        assert!(args(Some(101), None).window(5, "C").is_err());
        let far = ConnectionArgs {
            after: Some(STANDARD.encode(format!("{CURSOR_PREFIX}{}", usize::MAX))),
            offset: Some(3),
            first: Some(2),
            ..ConnectionArgs::default()
        };
        let (start, size) = far.forwards("C").unwrap().unwrap();
        assert_eq!(
            (start, size),
            (usize::MAX, 2),
            "no overflow past the last cursor"
        );
        assert_eq!(far.window(5, "C").unwrap().end, 5);
    }

    /// A page read forwards, one row longer and with no count, shows what
    /// the counted window would.
    #[test]
    fn forward_windows_match_counted_ones() {
        for total in 0..7_usize {
            for first in [None, Some(0), Some(2), Some(5)] {
                for after in [None, Some(cursor(1))] {
                    let args = ConnectionArgs {
                        first,
                        after,
                        ..ConnectionArgs::default()
                    };
                    let (start, size) = args.forwards("C").unwrap().unwrap();
                    let read = total.saturating_sub(start).min(size + 1);
                    let seen = |w: Window| {
                        let rows = w.end - w.start;
                        // Where an empty page starts shows nowhere.
                        let start = (rows > 0).then_some(w.start);
                        (start, rows, w.has_previous_page, w.has_next_page)
                    };
                    assert_eq!(
                        seen(args.forward_window(start, size, read)),
                        seen(args.window(total, "C").unwrap()),
                        "{total} rows, {args:?}"
                    );
                }
            }
        }
        assert_eq!(args(None, Some(2)).forwards("C").unwrap(), None);
    }
}
