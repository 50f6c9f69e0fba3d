//! Diagnostics about a schema, a schema change or a client operation, and
//! their rustc-style rendering: severity, code and message,
//! `file:line:col`, the source line with a caret, the schema coordinate,
//! notes, and an optional hint.

use std::fmt::Write;

use crate::source::{LineIndex, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
    Note,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Printed in brackets after the severity, as rustc prints `E0046`.
    pub code: Option<String>,
    pub message: String,
    pub span: Span,
    /// Text printed after the caret.
    pub label: Option<String>,
    /// The schema coordinate (`Type.field(arg:)`) the diagnostic is about.
    pub coordinate: Option<String>,
    /// Further `= note:` lines, after the coordinate.
    pub notes: Vec<String>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>, span: Span) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code: None,
            message: message.into(),
            span,
            label: None,
            coordinate: None,
            notes: Vec::new(),
            help: None,
        }
    }

    pub fn warning(message: impl Into<String>, span: Span) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message, span)
        }
    }

    pub fn note(message: impl Into<String>, span: Span) -> Self {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::error(message, span)
        }
    }

    pub fn code(mut self, code: impl Into<String>) -> Self {
        self.code = Some(code.into());
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn at(mut self, coordinate: impl Into<String>) -> Self {
        self.coordinate = Some(coordinate.into());
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Renders one diagnostic against an index of the source it is about;
    /// one without a position (line 0) has no snippet, only its notes.
    pub(crate) fn render(&self, file: &str, index: &LineIndex) -> String {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        let code = self
            .code
            .as_deref()
            .map_or_else(String::new, |code| format!("[{code}]"));
        let mut out = String::new();
        let _ = writeln!(out, "{severity}{code}: {}", self.message);
        let Span { line, column, len } = self.span;
        let gutter = if line == 0 {
            String::new()
        } else {
            " ".repeat(line.to_string().len())
        };
        if line > 0 {
            let line_text = index.line_text(line);
            let pad: String = line_text
                .chars()
                .take(column.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let _ = writeln!(out, "{gutter}--> {file}:{line}:{column}");
            let _ = writeln!(out, "{gutter} |");
            let _ = writeln!(out, "{line} | {line_text}");
            let label = self
                .label
                .as_deref()
                .map_or(String::new(), |l| format!(" {l}"));
            let _ = writeln!(out, "{gutter} | {pad}{}{label}", "^".repeat(len.max(1)));
            if self.coordinate.is_some() || !self.notes.is_empty() || self.help.is_some() {
                let _ = writeln!(out, "{gutter} |");
            }
        }
        if let Some(coordinate) = &self.coordinate {
            let _ = writeln!(out, "{gutter} = note: at `{coordinate}`");
        }
        for note in &self.notes {
            let _ = writeln!(out, "{gutter} = note: {note}");
        }
        if let Some(help) = &self.help {
            let _ = writeln!(out, "{gutter} = help: {help}");
        }
        out
    }
}

/// Renders every diagnostic, in source order, and a closing summary line.
pub fn render_all(diagnostics: &[Diagnostic], file: &str, source: &str) -> String {
    let mut sorted: Vec<&Diagnostic> = diagnostics.iter().collect();
    sorted.sort_by_key(|d| (d.span, d.severity));
    let index = LineIndex::new(source);
    let mut out = String::new();
    for diagnostic in &sorted {
        out.push_str(&diagnostic.render(file, &index));
        out.push('\n');
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    if errors > 0 {
        let _ = write!(
            out,
            "error: could not generate code for `{file}` due to {}",
            plural(errors, "previous error")
        );
        if warnings > 0 {
            let _ = write!(out, "; {} emitted", plural(warnings, "warning"));
        }
        out.push('\n');
    } else if warnings > 0 {
        let _ = writeln!(
            out,
            "warning: `{file}` generated {}",
            plural(warnings, "warning")
        );
    }
    out
}
