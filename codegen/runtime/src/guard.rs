//! The guard in front of the engine, for every transport. `scan` reads
//! the raw text before any parser does: bytes, tokens, and nesting of
//! selections and values.
//! `inspect` walks the operation the engine parsed and validated (the one
//! it will run, from its cache), each fragment measured once and reused
//! (so spreading a fragment twice per level costs nothing to measure), and
//! refuses depth, aliases, root fields, directives, expanded size and cost
//! beyond the limits. Every refusal is a clear message, in microseconds.

use std::collections::HashMap;

use apollo_compiler::Name;
use apollo_compiler::ast::Value;
use apollo_compiler::executable::{ExecutableDocument, Field, Operation, Selection, SelectionSet};

use crate::Limits;
use crate::lexer::{Lexer, TokenKind};

/// Which limit a request goes beyond: its name in [`Limits`] (a metric's
/// label) and a sentence for the client.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct LimitExceeded {
    pub limit: &'static str,
    pub message: String,
}

fn exceeded<T>(limit: &'static str, message: String) -> Result<T, LimitExceeded> {
    Err(LimitExceeded { limit, message })
}

/// Lexical limits on the document text, read with the GraphQL [`Lexer`].
pub fn scan(query: &str, limits: &Limits) -> Result<(), LimitExceeded> {
    if query.len() > limits.max_query_bytes {
        let message = format!(
            "The document is longer than {} bytes.",
            limits.max_query_bytes
        );
        return exceeded("max_query_bytes", message);
    }
    let mut depth = 0usize;
    for (count, token) in Lexer::new(query, 0).enumerate() {
        if count == limits.max_tokens {
            let message = format!("The document has more than {} tokens.", limits.max_tokens);
            return exceeded("max_tokens", message);
        }
        match token.kind {
            TokenKind::Punct(b'{' | b'[' | b'(') => {
                depth += 1;
                if depth > limits.max_nesting {
                    let message = format!(
                        "The document nests deeper than {} levels.",
                        limits.max_nesting
                    );
                    return exceeded("max_nesting", message);
                }
            }
            TokenKind::Punct(b'}' | b']' | b')') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

/// What a selection set adds up to.
#[derive(Debug, Clone, Copy, Default)]
struct Measure {
    fields: u64,
    aliases: u64,
    directives: u64,
    depth: u64,
    cost: u64,
}

impl Measure {
    fn add(&mut self, other: Measure) {
        self.fields = self.fields.saturating_add(other.fields);
        self.aliases = self.aliases.saturating_add(other.aliases);
        self.directives = self.directives.saturating_add(other.directives);
        self.depth = self.depth.max(other.depth);
        self.cost = self.cost.saturating_add(other.cost);
    }
}

/// One operation's measurement: each fragment measured once, by whether
/// its parent field was paged.
struct Walk<'a> {
    document: &'a ExecutableDocument,
    limits: &'a Limits,
    fragments: HashMap<(&'a Name, bool), Measure>,
    root_counts: HashMap<&'a Name, u64>,
}

/// Limits on `operation` of `document`, fragments expanded.
pub fn inspect(
    document: &ExecutableDocument,
    operation: &Operation,
    limits: &Limits,
) -> Result<(), LimitExceeded> {
    let mut walk = Walk {
        document,
        limits,
        fragments: HashMap::new(),
        root_counts: HashMap::new(),
    };
    let roots = walk.root_fields(&operation.selection_set);
    if roots > limits.max_root_fields as u64 {
        let message = format!(
            "The operation selects more than {} root fields.",
            limits.max_root_fields
        );
        return exceeded("max_root_fields", message);
    }
    let mut measure = walk.selection_set(&operation.selection_set, false);
    measure.directives += operation.directives.len() as u64;
    let checks = [
        (
            measure.fields,
            limits.max_expanded_fields,
            "max_expanded_fields",
            "fields once its fragments are expanded",
        ),
        (
            measure.depth,
            limits.max_depth as u64,
            "max_depth",
            "levels of depth",
        ),
        (
            measure.aliases,
            limits.max_aliases as u64,
            "max_aliases",
            "aliases",
        ),
        (
            measure.directives,
            limits.max_directives as u64,
            "max_directives",
            "directives",
        ),
        (
            measure.cost,
            limits.max_cost,
            "max_cost",
            "points of cost (lists count by their size)",
        ),
    ];
    for (value, limit, name, what) in checks {
        if value > limit {
            return exceeded(name, format!("The operation has more than {limit} {what}."));
        }
    }
    Ok(())
}

impl<'a> Walk<'a> {
    /// Root fields, inline fragments and spreads expanded (each fragment
    /// counted once; a validated document has no cycle, and a fragment
    /// being counted counts nothing where it recurs).
    fn root_fields(&mut self, set: &'a SelectionSet) -> u64 {
        let mut count = 0u64;
        for selection in &set.selections {
            let fields = match selection {
                Selection::Field(_) => 1,
                Selection::InlineFragment(inline) => self.root_fields(&inline.selection_set),
                Selection::FragmentSpread(spread) => {
                    let name = &spread.fragment_name;
                    match self.root_counts.get(name) {
                        Some(known) => *known,
                        None => match self.document.fragments.get(name) {
                            Some(fragment) => {
                                self.root_counts.insert(name, 0);
                                let known = self.root_fields(&fragment.selection_set);
                                self.root_counts.insert(name, known);
                                known
                            }
                            None => 0,
                        },
                    }
                }
            };
            count = count.saturating_add(fields);
        }
        count
    }

    /// Measures a selection set. `paged` says the parent field took
    /// `first`/`last`, so its list children are priced already.
    fn selection_set(&mut self, set: &'a SelectionSet, paged: bool) -> Measure {
        let mut total = Measure::default();
        for selection in &set.selections {
            match selection {
                Selection::Field(field) => {
                    if field.name == "__schema" || field.name == "__type" {
                        continue; // introspection is on or off as a whole
                    }
                    let mut measure = Measure {
                        fields: 1,
                        aliases: u64::from(field.alias.is_some()),
                        directives: field.directives.len() as u64,
                        ..Measure::default()
                    };
                    let page = self.page_size(field);
                    let multiplier = match page {
                        Some(size) => size,
                        None if field.ty().is_list() && !paged => self.limits.default_list_size,
                        None => 1,
                    };
                    let child = self.selection_set(&field.selection_set, page.is_some());
                    measure.fields = measure.fields.saturating_add(child.fields);
                    measure.aliases = measure.aliases.saturating_add(child.aliases);
                    measure.directives = measure.directives.saturating_add(child.directives);
                    measure.depth = 1 + child.depth;
                    measure.cost = 1u64.saturating_add(multiplier.saturating_mul(child.cost));
                    total.add(measure);
                }
                Selection::InlineFragment(inline) => {
                    let mut measure = self.selection_set(&inline.selection_set, paged);
                    measure.directives += inline.directives.len() as u64;
                    total.add(measure);
                }
                Selection::FragmentSpread(spread) => {
                    let mut measure = self.fragment(&spread.fragment_name, paged);
                    measure.directives += spread.directives.len() as u64;
                    total.add(measure);
                }
            }
            if total.fields > self.limits.max_expanded_fields {
                break; // refused already; stop measuring
            }
        }
        total
    }

    fn fragment(&mut self, name: &'a Name, paged: bool) -> Measure {
        if let Some(measure) = self.fragments.get(&(name, paged)) {
            return *measure;
        }
        let Some(fragment) = self.document.fragments.get(name) else {
            return Measure::default();
        };
        self.fragments.insert((name, paged), Measure::default());
        let mut measure = self.selection_set(&fragment.selection_set, paged);
        measure.directives += fragment.directives.len() as u64;
        self.fragments.insert((name, paged), measure);
        measure
    }

    /// The `first` or `last` argument's value, at most the cap.
    fn page_size(&self, field: &Field) -> Option<u64> {
        let mut size = None;
        for argument in &field.arguments {
            if !matches!(argument.name.as_str(), "first" | "last") {
                continue;
            }
            // A variable, or a value beyond the cap (which the resolver refuses
            // with its own message), is priced at the cap.
            let requested = match argument.value.as_ref() {
                Value::Int(n) => match n.as_str().parse::<u64>() {
                    Ok(n) => n.min(self.limits.max_page_size),
                    Err(_) if n.as_str().starts_with('-') => 0,
                    Err(_) => self.limits.max_page_size,
                },
                _ => self.limits.max_page_size,
            };
            size = Some(size.map_or(requested, |s: u64| s.max(requested)));
        }
        size
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> Limits {
        Limits::default()
    }

    #[test]
    fn scan_counts_tokens_of_every_kind() {
        assert!(
            scan(
                "{ links(first: -1, search: \"a \\\" b\") { id } } # comment",
                &limits()
            )
            .is_ok()
        );
        let few = Limits {
            max_tokens: 5,
            ..limits()
        };
        assert!(scan("{ a b c }", &few).is_ok());
        assert!(scan("{ a b c d e }", &few).is_err());
    }

    #[test]
    fn scan_refuses_deep_nesting_before_parsing() {
        let deep = format!("{{ f(a: {}1{}) }}", "[".repeat(100), "]".repeat(100));
        assert_eq!(
            scan(&deep, &limits()),
            Err(LimitExceeded {
                limit: "max_nesting",
                message: "The document nests deeper than 64 levels.".into()
            })
        );
    }
}
