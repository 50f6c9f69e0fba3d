//! Client operations: finding them in a project's files (`.graphql`
//! documents, and `gql`/`graphql` templates in JavaScript and TypeScript,
//! see [`extract`]), checking them against the contract with the
//! validation the server runs, and telling which parts of the contract each
//! uses ([`uses`]), so `diff` can say which operations a change touches.

pub mod extract;
mod files;
pub mod manifest;
mod uses;

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use weftql_runtime::validation::apollo_compiler::parser::SourceSpan;
use weftql_runtime::validation::apollo_compiler::validation::{DiagnosticList, Valid};
use weftql_runtime::validation::apollo_compiler::{ExecutableDocument, Schema};
use weftql_runtime::validation::{contract, document_errors};

pub use files::{ClientFile, FilesError, discover, watched_dirs};

use crate::diagnostic::Diagnostic;
use crate::source::{LineIndex, Span};

/// One operation of the project.
#[derive(Debug, Clone)]
pub struct Operation {
    /// Its name; `None` for an anonymous operation.
    pub name: Option<String>,
    /// `query`, `mutation` or `subscription`.
    pub kind: &'static str,
    /// The file it is in, as found (relative to where the patterns are).
    pub file: String,
    pub line: usize,
    pub column: usize,
    /// What it uses of the contract, fragments it spreads included (see
    /// [`uses`]).
    pub uses: BTreeSet<String>,
    /// Its document as a client sends it: the operation, then each
    /// fragment it spreads (however deep) in name order, as apollo-compiler
    /// prints them.
    pub body: String,
}

impl Operation {
    pub fn display_name(&self) -> &str {
        self.name.as_deref().unwrap_or("<anonymous>")
    }
}

/// What checking a project's operations found.
#[derive(Debug)]
pub struct Checked {
    pub operations: Vec<Operation>,
    pub fragments: usize,
    /// Per file, the problems met there, errors and warnings.
    pub diagnostics: Vec<(String, Vec<Diagnostic>)>,
    /// Errors that belong to no file (the contract itself is invalid).
    pub general: Vec<String>,
}

impl Checked {
    pub fn errors(&self) -> usize {
        self.general.len()
            + self
                .diagnostics
                .iter()
                .flat_map(|(_, d)| d)
                .filter(|d| d.is_error())
                .count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics
            .iter()
            .flat_map(|(_, d)| d)
            .filter(|d| !d.is_error())
            .count()
    }

    /// Every problem rendered rustc-style against its client file, and a
    /// closing summary.
    pub fn render(&self, files: &[ClientFile]) -> String {
        let mut out = String::new();
        for message in &self.general {
            out.push_str(&format!("error: {message}\n"));
        }
        for (file, diagnostics) in &self.diagnostics {
            let source = files
                .iter()
                .find(|f| f.display == *file)
                .map_or("", |f| f.source.as_str());
            let index = LineIndex::new(source);
            let mut sorted: Vec<&Diagnostic> = diagnostics.iter().collect();
            sorted.sort_by_key(|d| (d.span, d.severity));
            for diagnostic in sorted {
                out.push_str(&diagnostic.render(file, &index));
                out.push('\n');
            }
        }
        out.push_str(&format!(
            "checked {} operation{} and {} fragment{} in {} file{}: {} error{}, {} warning{}\n",
            self.operations.len(),
            plural(self.operations.len()),
            self.fragments,
            plural(self.fragments),
            files.len(),
            plural(files.len()),
            self.errors(),
            plural(self.errors()),
            self.warnings(),
            plural(self.warnings()),
        ));
        out
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Options of a check.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Use of something deprecated is an error, not a warning.
    pub deny_deprecated: bool,
    /// A field defined twice keeps its first definition (the generator's
    /// `duplicate_fields = "warn"`).
    pub keep_first_duplicate_fields: bool,
}

/// Checks every operation and fragment of `files` against the contract
/// written in `sdl`, as one document, with the server's validation and
/// wording; a fragment defined in one file may be spread in another.
pub fn check(sdl: &str, schema_file: &str, files: &[ClientFile], options: Options) -> Checked {
    let schema = match contract(sdl, schema_file, options.keep_first_duplicate_fields) {
        Ok(schema) => schema,
        Err(invalid) => {
            return Checked {
                operations: Vec::new(),
                fragments: 0,
                diagnostics: Vec::new(),
                general: vec![format!(
                    "{schema_file} is not a valid schema:\n{}",
                    invalid.errors
                )],
            };
        }
    };
    let (document, build_errors) = parse(&schema, files);
    let mut problems: HashMap<String, Vec<Diagnostic>> = HashMap::new();
    let mut report = |errors: &DiagnosticList| {
        for error in document_errors(&schema, errors, true) {
            // A fragment may be used by client code rather than by an
            // operation (a cache read), and each request is validated alone.
            if matches!(error.rule, Some("UnusedFragment")) {
                continue;
            }
            let (file, span) = position(&document, error.location);
            let diagnostic = Diagnostic::error(error.message, span);
            let found = problems.entry(file).or_default();
            if !found.contains(&diagnostic) {
                found.push(diagnostic);
            }
        }
    };
    report(&build_errors);
    if let Err(invalid) = document.clone().validate(&schema) {
        report(&invalid.errors);
    }
    let found = uses::walk(&schema, &document);
    for deprecated in &found.deprecated {
        let (file, span) = position(&document, deprecated.location);
        let make = if options.deny_deprecated {
            Diagnostic::error
        } else {
            Diagnostic::warning
        };
        let mut diagnostic = make(deprecated.message.clone(), span).at(&deprecated.coordinate);
        if let Some(reason) = &deprecated.reason {
            diagnostic = diagnostic.with_note(format!("deprecated: {reason}"));
        }
        problems.entry(file).or_default().push(diagnostic);
    }
    let mut diagnostics: Vec<(String, Vec<Diagnostic>)> = problems.into_iter().collect();
    diagnostics.sort_by(|a, b| a.0.cmp(&b.0));
    Checked {
        operations: located(&document, found.operations),
        fragments: document.fragments.len(),
        diagnostics,
        general: Vec::new(),
    }
}

/// The operations of `files` as the contract in `sdl` sees them, with what
/// each uses, valid or not (what `diff` needs of the old contract).
pub fn operations_against(
    sdl: &str,
    schema_file: &str,
    files: &[ClientFile],
    keep_first_duplicate_fields: bool,
) -> Result<Vec<Operation>, String> {
    let schema = contract(sdl, schema_file, keep_first_duplicate_fields)
        .map_err(|invalid| invalid.errors.to_string())?;
    let (document, _) = parse(&schema, files);
    Ok(located(
        &document,
        uses::walk(&schema, &document).operations,
    ))
}

/// The operations found, each at its place in its client file.
fn located(document: &ExecutableDocument, found: Vec<uses::Used>) -> Vec<Operation> {
    found
        .into_iter()
        // `walk` finds one operation per definition, in the document's order.
        .zip(document.operations.iter())
        .map(|(operation, definition)| {
            let (file, span) = position(document, operation.location);
            let mut body = definition.serialize().to_string().trim_end().to_owned();
            for name in &operation.fragments {
                if let Some(fragment) = document.fragments.get(name.as_str()) {
                    body.push_str("\n\n");
                    body.push_str(fragment.serialize().to_string().trim_end());
                }
            }
            Operation {
                name: operation.name,
                kind: operation.kind,
                file,
                line: span.line,
                column: span.column,
                uses: operation.uses,
                body,
            }
        })
        .collect()
}

/// Every file's definitions in one document, and what building it found.
fn parse(schema: &Valid<Schema>, files: &[ClientFile]) -> (ExecutableDocument, DiagnosticList) {
    let mut errors = DiagnosticList::new(Default::default());
    let mut builder = ExecutableDocument::builder(Some(schema), &mut errors);
    for file in files {
        builder = builder.parse(file.graphql.clone(), &file.display);
    }
    let document = builder.build();
    (document, errors)
}

/// The file and span of a location in the document's sources.
fn position(document: &ExecutableDocument, location: Option<SourceSpan>) -> (String, Span) {
    let Some(location) = location else {
        return (String::new(), Span::default());
    };
    let file = document
        .sources
        .get(&location.file_id())
        .map(|source| source.path().display().to_string())
        .unwrap_or_default();
    let span = location
        .line_column_range(&document.sources)
        .map_or(Span::default(), |range| Span {
            line: range.start.line,
            column: range.start.column,
            len: if range.end.line == range.start.line {
                range.end.column.saturating_sub(range.start.column).max(1)
            } else {
                1
            },
        });
    (file, span)
}

/// Checks the configured operations of the crate at `root` against its
/// contract: what `build.rs` runs. The rendered problems, or `Ok` with
/// the warnings to show.
pub fn check_project(
    root: &Path,
    sdl: &str,
    schema_file: &str,
    config: &crate::config::Operations,
    keep_first_duplicate_fields: bool,
) -> Result<(Vec<ClientFile>, Checked), FilesError> {
    let files = discover(root, &config.paths)?;
    let options = Options {
        deny_deprecated: config.deny_deprecated,
        keep_first_duplicate_fields,
    };
    let checked = check(sdl, schema_file, &files, options);
    Ok((files, checked))
}
