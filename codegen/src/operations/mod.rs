//! Client operations: finding them in a project's files (`.graphql`
//! documents, and `gql`/`graphql` templates in JavaScript and TypeScript,
//! see [`extract`]), checking them against the contract with the
//! validation the server runs, and telling which parts of the contract each
//! uses (`uses`), so `diff` can say which operations a change touches.

mod documents;
pub mod extract;
mod files;
pub mod manifest;
mod uses;

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use weftql_runtime::validation::apollo_compiler::parser::SourceSpan;
use weftql_runtime::validation::apollo_compiler::validation::Valid;
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
    /// `uses`).
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
/// written in `sdl` with the server's validation and wording: each
/// document (a `.graphql` file, a script's template) alone, as a request,
/// with the fragments it spreads from other documents.
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
    let examined = examine(&schema, files);
    let mut problems = Problems::default();
    for (file, error) in examined.errors {
        problems.add(file, error);
    }
    for (file, span, deprecated) in examined.deprecated {
        let make = if options.deny_deprecated {
            Diagnostic::error
        } else {
            Diagnostic::warning
        };
        let mut diagnostic = make(deprecated.message.clone(), span).at(&deprecated.coordinate);
        if let Some(reason) = &deprecated.reason {
            diagnostic = diagnostic.with_note(format!("deprecated: {reason}"));
        }
        problems.add(file, diagnostic);
    }
    let mut diagnostics: Vec<(String, Vec<Diagnostic>)> = problems.0.into_iter().collect();
    diagnostics.sort_by(|a, b| a.0.cmp(&b.0));
    Checked {
        operations: examined.operations,
        fragments: examined.fragments,
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
    Ok(examine(&schema, files).operations)
}

/// Problems by file, each once.
#[derive(Default)]
struct Problems(HashMap<String, Vec<Diagnostic>>);

impl Problems {
    fn add(&mut self, file: String, diagnostic: Diagnostic) {
        let found = self.0.entry(file).or_default();
        if !found.contains(&diagnostic) {
            found.push(diagnostic);
        }
    }
}

/// What examining the documents found, positioned in their files.
struct Examined {
    operations: Vec<Operation>,
    fragments: usize,
    errors: Vec<(String, Diagnostic)>,
    deprecated: Vec<(String, Span, uses::Deprecated)>,
}

fn examine(schema: &Valid<Schema>, files: &[ClientFile]) -> Examined {
    let units = documents::units(files);
    let fragments = documents::Fragments::of(&units);
    let mut examined = Examined {
        operations: Vec::new(),
        fragments: fragments.by_name.len(),
        errors: Vec::new(),
        deprecated: Vec::new(),
    };
    // Fragments are found by name across documents: one name, one fragment.
    for (name, definitions) in &fragments.by_name {
        for again in definitions.iter().skip(1) {
            let index = LineIndex::new(&again.file.graphql);
            let span = index.span(again.range.start, again.range.start);
            examined.errors.push((
                again.file.display.clone(),
                Diagnostic::error(
                    format!("There can be only one fragment named \"{name}\"."),
                    span,
                ),
            ));
        }
    }
    for unit in &units {
        let (document, errors) = fragments.document(schema, unit);
        for error in document_errors(schema, &errors, true) {
            // A fragment may be used by client code rather than by an
            // operation (a cache read).
            if matches!(error.rule, Some("UnusedFragment")) {
                continue;
            }
            let (file, span) = position(&document, error.location);
            examined
                .errors
                .push((file, Diagnostic::error(error.message, span)));
        }
        let found = uses::walk(schema, &document);
        for deprecated in found.deprecated {
            let (file, span) = position(&document, deprecated.location);
            examined.deprecated.push((file, span, deprecated));
        }
        examined
            .operations
            .extend(located(&document, found.operations));
    }
    // Clients (and manifests) know an operation by its name.
    let mut first_named: HashMap<&str, &Operation> = HashMap::new();
    for operation in &examined.operations {
        let Some(name) = operation.name.as_deref() else {
            continue;
        };
        match first_named.get(name) {
            None => {
                first_named.insert(name, operation);
            }
            Some(first) => examined.errors.push((
                operation.file.clone(),
                Diagnostic::error(
                    format!("There can be only one operation named \"{name}\"."),
                    Span {
                        line: operation.line,
                        column: operation.column,
                        len: 1,
                    },
                )
                .with_note(format!(
                    "the other is at {}:{}:{}",
                    first.file, first.line, first.column
                )),
            )),
        }
    }
    examined
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

/// The file and span (lines and columns in chars, as the report renders
/// them) of a location in the document's sources.
fn position(document: &ExecutableDocument, location: Option<SourceSpan>) -> (String, Span) {
    let Some(location) = location else {
        return (String::new(), Span::default());
    };
    let Some(source) = document.sources.get(&location.file_id()) else {
        return (String::new(), Span::default());
    };
    let index = LineIndex::new(source.source_text());
    (
        source.path().display().to_string(),
        index.span(location.offset(), location.end_offset()),
    )
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
