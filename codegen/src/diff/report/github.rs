//! `--format github`: GitHub Actions workflow commands, one per breaking or
//! dangerous change (`::error` and `::warning`; safe changes are `::notice`
//! only for what a reviewer should see, so they are left out), each on the
//! line of the new contract it concerns: for a removal, the definition it
//! was removed from. A summary line closes the output.

use std::fmt::Write;

use super::Report;
use crate::diff::{Level, Side, Summary};

pub(super) fn render(report: &Report<'_>) -> String {
    let mut out = String::new();
    for (index, change) in report.changes.iter().enumerate() {
        let command = match change.level {
            Level::Breaking => "error",
            Level::Dangerous => "warning",
            Level::Safe => continue,
        };
        let mut properties = vec![format!("file={}", property(report.new.file))];
        let (side, span) = change.primary();
        if side == Side::New && span.line > 0 {
            properties.push(format!("line={}", span.line));
            properties.push(format!("col={}", span.column));
            if change.new_span.is_some() {
                properties.push(format!("endColumn={}", span.column + span.len));
            }
        }
        properties.push(format!(
            "title={}",
            property(&format!(
                "{} change ({})",
                capitalized(change.level.as_str()),
                change.kind.name()
            ))
        ));
        let mut message = format!("{}: {}", change.message, change.reason);
        if let Some(touched) = report.touched(index) {
            if touched.is_empty() {
                message.push_str("\nNo known client operation uses it.");
            }
            for operation in touched {
                let _ = write!(
                    message,
                    "\nUsed by `{}` ({}:{}:{}).",
                    operation.name, operation.file, operation.line, operation.column
                );
            }
        }
        let _ = writeln!(
            out,
            "::{command} {}::{}",
            properties.join(","),
            data(&message)
        );
    }
    let Summary {
        breaking,
        dangerous,
        safe,
    } = Summary::of(report.changes);
    let _ = writeln!(
        out,
        "{}: {breaking} breaking, {dangerous} dangerous, {safe} safe changes",
        report.new.file
    );
    out
}

/// A workflow command's message, escaped as the runner expects.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value, escaped as the runner expects.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
