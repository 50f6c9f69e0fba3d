//! What `diff` prints: rustc-style text, a versioned JSON document, GitHub
//! workflow annotations, or SARIF. Each format is its own module; all read
//! the same [`Report`].

mod github;
mod json;
mod sarif;
mod text;

use super::{Change, Side};
use crate::source::Span;

/// A contract as read: the name to show for it and its text.
#[derive(Debug, Clone, Copy)]
pub struct Contract<'a> {
    pub file: &'a str,
    pub text: &'a str,
}

/// A client operation a change touches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationRef {
    /// The operation's name (`<anonymous>` for an unnamed one).
    pub name: String,
    pub file: String,
    pub line: usize,
    pub column: usize,
}

/// Everything a report shows.
#[derive(Debug, Clone, Copy)]
pub struct Report<'a> {
    pub old: Contract<'a>,
    pub new: Contract<'a>,
    pub changes: &'a [Change],
    /// When client operations were checked: for each change, the
    /// operations it touches.
    pub operations: Option<&'a [Vec<OperationRef>]>,
}

impl Report<'_> {
    fn contract(&self, side: Side) -> Contract<'_> {
        match side {
            Side::Old => self.old,
            Side::New => self.new,
        }
    }

    /// The operations change `index` touches, if operations were checked.
    fn touched(&self, index: usize) -> Option<&[OperationRef]> {
        self.operations.map(|all| all[index].as_slice())
    }
}

/// The output formats of `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Github,
    Sarif,
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "text" => Ok(Format::Text),
            "json" => Ok(Format::Json),
            "github" => Ok(Format::Github),
            "sarif" => Ok(Format::Sarif),
            other => Err(format!(
                "unknown format `{other}` (expected text, json, github or sarif)"
            )),
        }
    }
}

/// The report in `format`.
pub fn render(format: Format, report: &Report<'_>) -> String {
    match format {
        Format::Text => text::render(report),
        Format::Json => json::render(report),
        Format::Github => github::render(report),
        Format::Sarif => sarif::render(report),
    }
}

/// A position as the JSON formats write it.
#[derive(Debug, Clone, serde::Serialize)]
struct Position<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    length: usize,
}

impl<'a> Position<'a> {
    fn of(contract: Contract<'a>, span: Option<Span>) -> Option<Position<'a>> {
        let span = span.filter(|s| s.line > 0)?;
        Some(Position {
            file: contract.file,
            line: span.line,
            column: span.column,
            length: span.len,
        })
    }
}
