//! The rustc-style report: breaking changes as errors, dangerous ones as
//! warnings, safe ones as notes, each with its code (the change kind), the
//! line of the contract it is on (a removal: of the old one), its coordinate, why it is at its level,
//! and the operations it touches.

use std::fmt::Write;

use super::Report;
use crate::diagnostic::Diagnostic;
use crate::diff::{Level, Side, Summary};
use crate::source::LineIndex;

pub(super) fn render(report: &Report<'_>) -> String {
    let old_index = LineIndex::new(report.old.text);
    let new_index = LineIndex::new(report.new.text);
    let mut out = String::new();
    for (index, change) in report.changes.iter().enumerate() {
        // A removal is shown where it was.
        let (side, span) = match (change.new_span, change.old_span) {
            (None, Some(old)) => (Side::Old, old),
            _ => change.primary(),
        };
        let make = match change.level {
            Level::Breaking => Diagnostic::error,
            Level::Dangerous => Diagnostic::warning,
            Level::Safe => Diagnostic::note,
        };
        let mut diagnostic = make(change.message.clone(), span)
            .code(change.kind.name())
            .at(&change.coordinate)
            .with_note(format!("{}: {}", change.level.as_str(), change.reason));
        if side == Side::Old {
            diagnostic = diagnostic.label("no longer in the new contract");
        }
        if let Some(touched) = report.touched(index)
            && change.level != Level::Safe
        {
            if touched.is_empty() {
                diagnostic = diagnostic.with_note("no known client operation uses it");
            }
            for operation in touched {
                diagnostic = diagnostic.with_note(format!(
                    "used by operation `{}` ({}:{}:{})",
                    operation.name, operation.file, operation.line, operation.column
                ));
            }
        }
        let (file, index) = match side {
            Side::Old => (report.old.file, &old_index),
            Side::New => (report.new.file, &new_index),
        };
        out.push_str(&diagnostic.render(file, index));
        out.push('\n');
    }
    let Summary {
        breaking,
        dangerous,
        safe,
    } = Summary::of(report.changes);
    let _ = writeln!(
        out,
        "{} → {}: {breaking} breaking, {dangerous} dangerous, {safe} safe",
        report.old.file, report.new.file
    );
    out
}
