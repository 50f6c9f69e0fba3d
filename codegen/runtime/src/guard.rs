//! The guard in front of async-graphql, for every transport. `scan` reads
//! the raw text before any parser does: characters, tokens, and nesting of
//! selections and values.
//! `inspect` walks the parsed operation once, each fragment measured once and
//! reused (so spreading a fragment twice per level costs nothing to measure),
//! and refuses depth, aliases, root fields, directives, expanded size and
//! cost beyond the limits. Every refusal is a clear message, in microseconds.

use std::collections::HashMap;

use async_graphql::Name;
use async_graphql::parser::types::{
    DocumentOperations, ExecutableDocument, Field, OperationType, Selection, SelectionSet,
};

use crate::Limits;
use crate::lexer::{Lexer, TokenKind};

/// Why a request was refused, in a sentence for the client.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Refusal(pub String);

fn refuse(message: String) -> Result<(), Refusal> {
    Err(Refusal(message))
}

/// Lexical limits on the document text, read with the GraphQL [`Lexer`].
pub fn scan(query: &str, limits: &Limits) -> Result<(), Refusal> {
    if query.len() > limits.max_query_chars {
        return refuse(format!(
            "The document is longer than {} characters.",
            limits.max_query_chars
        ));
    }
    let mut depth = 0usize;
    for (count, token) in Lexer::new(query, 0).enumerate() {
        if count == limits.max_tokens {
            return refuse(format!(
                "The document has more than {} tokens.",
                limits.max_tokens
            ));
        }
        match token.kind {
            TokenKind::Punct(b'{' | b'[' | b'(') => {
                depth += 1;
                if depth > limits.max_nesting {
                    return refuse(format!(
                        "The document nests deeper than {} levels.",
                        limits.max_nesting
                    ));
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

struct Walk<'a> {
    document: &'a ExecutableDocument,
    schema: &'a apollo_compiler::Schema,
    limits: &'a Limits,
    /// Fragments measured so far; `None` while one is being measured (a cycle).
    fragments: HashMap<&'a Name, Option<Measure>>,
    /// The same, for counting root fields.
    root_counts: HashMap<&'a Name, Option<u64>>,
}

/// A field's type as the SDL writes it (`[Link!]`), to price lists.
fn field_type(schema: &apollo_compiler::Schema, parent: &str, field: &str) -> Option<String> {
    let definition = schema.type_field(parent, field).ok()?;
    Some(definition.ty.to_string())
}

fn root(schema: &apollo_compiler::Schema, operation: OperationType) -> Option<&str> {
    let operation = match operation {
        OperationType::Query => apollo_compiler::executable::OperationType::Query,
        OperationType::Mutation => apollo_compiler::executable::OperationType::Mutation,
        OperationType::Subscription => apollo_compiler::executable::OperationType::Subscription,
    };
    schema.root_operation(operation).map(|name| name.as_str())
}

/// Limits on the operation that will run, fragments expanded.
pub fn inspect(
    document: &ExecutableDocument,
    operation_name: Option<&str>,
    schema: &apollo_compiler::Schema,
    limits: &Limits,
) -> Result<(), Refusal> {
    let operation = match (&document.operations, operation_name) {
        (DocumentOperations::Single(op), _) => &op.node,
        (DocumentOperations::Multiple(ops), Some(name)) => match ops.get(name) {
            Some(op) => &op.node,
            None => return Ok(()), // the executor reports the unknown operation
        },
        (DocumentOperations::Multiple(ops), None) => match ops.values().next() {
            Some(op) if ops.len() == 1 => &op.node,
            _ => return Ok(()),
        },
    };
    let root = root(schema, operation.ty);
    let mut walk = Walk {
        document,
        schema,
        limits,
        fragments: HashMap::new(),
        root_counts: HashMap::new(),
    };
    let roots = walk.root_fields(&operation.selection_set.node)?;
    if roots > limits.max_root_fields as u64 {
        return refuse(format!(
            "The operation selects more than {} root fields.",
            limits.max_root_fields
        ));
    }
    let mut measure = walk.selection_set(
        &operation.selection_set.node,
        root.unwrap_or_default(),
        false,
    )?;
    measure.directives += operation.directives.len() as u64;
    let checks = [
        (
            measure.fields,
            limits.max_expanded_fields,
            "fields once its fragments are expanded",
        ),
        (measure.depth, limits.max_depth as u64, "levels of depth"),
        (measure.aliases, limits.max_aliases as u64, "aliases"),
        (
            measure.directives,
            limits.max_directives as u64,
            "directives",
        ),
        (
            measure.cost,
            limits.max_cost,
            "points of cost (lists count by their size)",
        ),
    ];
    for (value, limit, what) in checks {
        if value > limit {
            return refuse(format!("The operation has more than {limit} {what}."));
        }
    }
    Ok(())
}

impl<'a> Walk<'a> {
    /// Root fields, inline fragments and spreads expanded (each fragment counted once).
    fn root_fields(&mut self, set: &'a SelectionSet) -> Result<u64, Refusal> {
        let mut count = 0u64;
        for selection in &set.items {
            let fields = match &selection.node {
                Selection::Field(_) => 1,
                Selection::InlineFragment(inline) => {
                    self.root_fields(&inline.node.selection_set.node)?
                }
                Selection::FragmentSpread(spread) => {
                    let name = &spread.node.fragment_name.node;
                    match self.root_counts.get(name) {
                        Some(Some(known)) => *known,
                        Some(None) => {
                            return Err(Refusal(format!(
                                "The fragment \"{name}\" spreads itself."
                            )));
                        }
                        None => match self.document.fragments.get(name) {
                            Some(fragment) => {
                                self.root_counts.insert(name, None);
                                let known = self.root_fields(&fragment.node.selection_set.node)?;
                                self.root_counts.insert(name, Some(known));
                                known
                            }
                            None => 0,
                        },
                    }
                }
            };
            count = count.saturating_add(fields);
        }
        Ok(count)
    }

    /// Measures a selection set on `parent`. `paged` says the parent field
    /// took `first`/`last`, so its list children are priced already.
    fn selection_set(
        &mut self,
        set: &'a SelectionSet,
        parent: &str,
        paged: bool,
    ) -> Result<Measure, Refusal> {
        let mut total = Measure::default();
        for selection in &set.items {
            match &selection.node {
                Selection::Field(field) => {
                    let field = &field.node;
                    let name = field.name.node.as_str();
                    if name == "__schema" || name == "__type" {
                        continue; // introspection is on or off as a whole
                    }
                    let mut measure = Measure {
                        fields: 1,
                        aliases: u64::from(field.alias.is_some()),
                        directives: field.directives.len() as u64,
                        ..Measure::default()
                    };
                    let ty = field_type(self.schema, parent, name).unwrap_or_default();
                    let page = self.page_size(field);
                    let multiplier = match page {
                        Some(size) => size,
                        None if ty.starts_with('[') && !paged => self.limits.default_list_size,
                        None => 1,
                    };
                    let named = ty.trim_matches(|c| c == '[' || c == ']' || c == '!');
                    let child =
                        self.selection_set(&field.selection_set.node, named, page.is_some())?;
                    measure.fields = measure.fields.saturating_add(child.fields);
                    measure.aliases += child.aliases;
                    measure.directives += child.directives;
                    measure.depth = 1 + child.depth;
                    measure.cost = 1u64.saturating_add(multiplier.saturating_mul(child.cost));
                    total.add(measure);
                }
                Selection::InlineFragment(inline) => {
                    let inline = &inline.node;
                    let on = inline
                        .type_condition
                        .as_ref()
                        .map_or(parent, |c| c.node.on.node.as_str());
                    let mut measure = self.selection_set(&inline.selection_set.node, on, paged)?;
                    measure.directives += inline.directives.len() as u64;
                    total.add(measure);
                }
                Selection::FragmentSpread(spread) => {
                    let mut measure = self.fragment(&spread.node.fragment_name.node, paged)?;
                    measure.directives += spread.node.directives.len() as u64;
                    total.add(measure);
                }
            }
            if total.fields > self.limits.max_expanded_fields {
                break; // already refused; stop measuring
            }
        }
        Ok(total)
    }

    fn fragment(&mut self, name: &'a Name, paged: bool) -> Result<Measure, Refusal> {
        match self.fragments.get(name) {
            Some(Some(measure)) => return Ok(*measure),
            Some(None) => return Err(Refusal(format!("The fragment \"{name}\" spreads itself."))),
            None => {}
        }
        let Some(fragment) = self.document.fragments.get(name) else {
            return Ok(Measure::default()); // the validator reports unknown fragments
        };
        self.fragments.insert(name, None);
        let on = fragment.node.type_condition.node.on.node.as_str();
        let mut measure = self.selection_set(&fragment.node.selection_set.node, on, paged)?;
        measure.directives += fragment.node.directives.len() as u64;
        self.fragments.insert(name, Some(measure));
        Ok(measure)
    }

    /// The `first` or `last` argument's value, at most the cap.
    fn page_size(&self, field: &Field) -> Option<u64> {
        let mut size = None;
        for (name, value) in &field.arguments {
            if !matches!(name.node.as_str(), "first" | "last") {
                continue;
            }
            // A variable, or a value beyond the cap (which the resolver refuses
            // with its own message), is priced at the cap.
            let requested = match value.node.clone().into_const() {
                Some(async_graphql::Value::Number(n)) => {
                    n.as_u64().unwrap_or(0).min(self.limits.max_page_size)
                }
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
            Err(Refusal("The document nests deeper than 64 levels.".into()))
        );
    }
}
