//! Client documents as clients send them: each `.graphql` file, and each
//! GraphQL template of a script, is one document, validated alone as the
//! server validates a request; the fragments it spreads but does not define
//! are taken from the other documents (however deep), as GraphQL Codegen
//! and Relay resolve them. Every text handed to apollo-compiler keeps its
//! file's lines and columns: what is not part of it is blanked.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use weftql_runtime::validation::apollo_compiler::ast::{self, Definition, Selection};
use weftql_runtime::validation::apollo_compiler::validation::{DiagnosticList, Valid};
use weftql_runtime::validation::apollo_compiler::{ExecutableDocument, Schema};

use super::ClientFile;

/// One document of a client file.
pub(super) struct Unit<'a> {
    pub file: &'a ClientFile,
    /// The document, parsed once from the file's GraphQL with everything
    /// else blanked.
    ast: ast::Document,
    /// The syntax errors of that parse.
    syntax: DiagnosticList,
}

/// A fragment definition, where it is.
pub(super) struct FragmentAt<'a> {
    pub file: &'a ClientFile,
    /// Its byte range in `file.graphql`.
    pub range: Range<usize>,
    /// The fragments its selection spreads.
    spreads: BTreeSet<String>,
}

/// Every document of the files, skipping those with nothing in them (a
/// component with no query, an empty file).
pub(super) fn units(files: &[ClientFile]) -> Vec<Unit<'_>> {
    let mut units = Vec::new();
    for file in files {
        for range in &file.documents {
            let text = if *range == (0..file.graphql.len()) {
                file.graphql.clone()
            } else {
                blank_outside(&file.graphql, range.clone())
            };
            if has_tokens(&text) {
                let (ast, syntax) = match ast::Document::parse(text, &file.display) {
                    Ok(ast) => (ast, DiagnosticList::new(Default::default())),
                    Err(invalid) => (invalid.partial, invalid.errors),
                };
                units.push(Unit { file, ast, syntax });
            }
        }
    }
    units
}

/// Whether `text` holds anything but whitespace, commas and comments.
fn has_tokens(text: &str) -> bool {
    text.lines().any(|line| {
        let code = line.split('#').next().unwrap_or_default();
        code.chars()
            .any(|c| !c.is_whitespace() && c != ',' && c != '\u{feff}')
    })
}

/// `text` with every char outside `keep` blanked (line breaks kept), so
/// lines and columns stay where they were.
fn blank_outside(text: &str, keep: Range<usize>) -> String {
    text.char_indices()
        .map(|(at, c)| {
            if keep.contains(&at) || c == '\n' || c == '\r' {
                c
            } else {
                ' '
            }
        })
        .collect()
}

/// The fragments the documents define, by name, each definition in the
/// order met.
pub(super) struct Fragments<'a> {
    pub by_name: BTreeMap<String, Vec<FragmentAt<'a>>>,
}

impl<'a> Fragments<'a> {
    pub fn of(units: &[Unit<'a>]) -> Self {
        let mut by_name: BTreeMap<String, Vec<FragmentAt<'a>>> = BTreeMap::new();
        for unit in units {
            for definition in &unit.ast.definitions {
                let Definition::FragmentDefinition(fragment) = definition else {
                    continue;
                };
                let Some(location) = fragment.location() else {
                    continue;
                };
                let mut spreads = BTreeSet::new();
                spreads_in(&fragment.selection_set, &mut spreads);
                by_name
                    .entry(fragment.name.to_string())
                    .or_default()
                    .push(FragmentAt {
                        file: unit.file,
                        range: location.offset()..location.end_offset(),
                        spreads,
                    });
            }
        }
        Fragments { by_name }
    }

    /// The fragments `unit` needs from other documents: those it spreads
    /// (however deep) and does not define itself, each by its first
    /// definition.
    fn needed_by(&self, unit: &ast::Document) -> Vec<&FragmentAt<'a>> {
        let mut own = BTreeSet::new();
        let mut pending = BTreeSet::new();
        for definition in &unit.definitions {
            match definition {
                Definition::OperationDefinition(operation) => {
                    spreads_in(&operation.selection_set, &mut pending);
                }
                Definition::FragmentDefinition(fragment) => {
                    own.insert(fragment.name.to_string());
                    spreads_in(&fragment.selection_set, &mut pending);
                }
                _ => {}
            }
        }
        let mut needed = Vec::new();
        let mut seen = own.clone();
        while let Some(name) = pending.pop_first() {
            if !seen.insert(name.clone()) {
                continue;
            }
            if let Some(first) = self.by_name.get(&name).and_then(|defs| defs.first()) {
                pending.extend(first.spreads.iter().cloned());
                needed.push(first);
            }
        }
        needed
    }

    /// The executable document `unit` is, with the fragments it needs from
    /// elsewhere, and every error building and validating it found.
    pub fn document(
        &self,
        schema: &Valid<Schema>,
        unit: &Unit<'_>,
    ) -> (ExecutableDocument, DiagnosticList) {
        let needed = self.needed_by(&unit.ast);
        let mut errors = unit.syntax.clone();
        let mut builder = ExecutableDocument::builder(Some(schema), &mut errors);
        // Type-system definitions in a client document are errors.
        builder.add_ast_document(&unit.ast, true);
        for fragment in needed {
            builder = builder.parse(
                blank_outside(&fragment.file.graphql, fragment.range.clone()),
                &fragment.file.display,
            );
        }
        let document = builder.build();
        if let Err(invalid) = document.clone().validate(schema) {
            errors.merge(invalid.errors);
        }
        (document, errors)
    }
}

/// The names of the fragments `selections` spread, at any depth.
fn spreads_in(selections: &[Selection], into: &mut BTreeSet<String>) {
    for selection in selections {
        match selection {
            Selection::Field(field) => spreads_in(&field.selection_set, into),
            Selection::FragmentSpread(spread) => {
                into.insert(spread.fragment_name.to_string());
            }
            Selection::InlineFragment(inline) => spreads_in(&inline.selection_set, into),
        }
    }
}
