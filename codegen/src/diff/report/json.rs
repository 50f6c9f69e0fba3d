//! `--format json`: one document, versioned. Version 1:
//!
//! ```json
//! { "version": 1,
//!   "old": { "file": "…" }, "new": { "file": "…" },
//!   "summary": { "breaking": 1, "dangerous": 0, "safe": 2 },
//!   "changes": [ { "level": "breaking", "kind": "FIELD_REMOVED",
//!     "coordinate": "LinkType.description", "message": "…", "reason": "…",
//!     "old_value": "String!", "new_value": null,
//!     "old_position": { "file": "…", "line": 3, "column": 3, "length": 11 },
//!     "new_position": null,
//!     "operations": [ { "name": "Feed", "file": "…", "line": 2, "column": 1 } ] } ] }
//! ```
//!
//! `operations` is there only when client operations were checked.
//! Fields may be added in a later version 1; none is removed or renamed
//! without a new version.

use serde::Serialize;

use super::{OperationRef, Position, Report};
use crate::diff::{Level, Summary};

pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    old: File<'a>,
    new: File<'a>,
    summary: Summary,
    changes: Vec<Entry<'a>>,
}

#[derive(Serialize)]
struct File<'a> {
    file: &'a str,
}

#[derive(Serialize)]
struct Entry<'a> {
    level: Level,
    kind: crate::diff::ChangeKind,
    coordinate: &'a str,
    message: &'a str,
    reason: &'a str,
    old_value: Option<&'a str>,
    new_value: Option<&'a str>,
    old_position: Option<Position<'a>>,
    new_position: Option<Position<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    operations: Option<Vec<Operation<'a>>>,
}

#[derive(Serialize)]
struct Operation<'a> {
    name: &'a str,
    file: &'a str,
    line: usize,
    column: usize,
}

impl<'a> From<&'a OperationRef> for Operation<'a> {
    fn from(operation: &'a OperationRef) -> Self {
        Operation {
            name: &operation.name,
            file: &operation.file,
            line: operation.line,
            column: operation.column,
        }
    }
}

pub(super) fn render(report: &Report<'_>) -> String {
    let changes = report
        .changes
        .iter()
        .enumerate()
        .map(|(index, change)| Entry {
            level: change.level,
            kind: change.kind,
            coordinate: &change.coordinate,
            message: &change.message,
            reason: &change.reason,
            old_value: change.old_value.as_deref(),
            new_value: change.new_value.as_deref(),
            old_position: Position::of(report.old, change.old_span),
            new_position: Position::of(report.new, change.new_span),
            operations: report
                .touched(index)
                .map(|touched| touched.iter().map(Operation::from).collect()),
        })
        .collect();
    let document = Document {
        version: VERSION,
        old: File {
            file: report.old.file,
        },
        new: File {
            file: report.new.file,
        },
        summary: Summary::of(report.changes),
        changes,
    };
    let mut out = serde_json::to_string_pretty(&document).unwrap_or_default();
    out.push('\n');
    out
}
