//! Documents parsed and validated once: a bounded cache keyed by the text,
//! so a repeated query skips both. Validation errors are worded as
//! graphql-js words them (which the tutorial's clients and the
//! graphql-http audit expect), with suggestions where the server allows.

use std::sync::Arc;

use apollo_compiler::response::GraphQLError;
use apollo_compiler::validation::Valid;
use apollo_compiler::{ExecutableDocument, Schema};
use quick_cache::sync::Cache;

use super::suggestions::did_you_mean;

/// A document ready to execute, or why it never will.
pub(crate) type Parsed = Result<Valid<ExecutableDocument>, Vec<GraphQLError>>;

pub(crate) struct Documents {
    cache: Cache<String, Arc<Parsed>>,
    suggestions: bool,
}

impl Documents {
    pub(crate) fn new(capacity: usize, suggestions: bool) -> Self {
        Documents {
            cache: Cache::new(capacity.max(1)),
            suggestions,
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.cache.len()
    }

    pub(crate) fn get(&self, schema: &Valid<Schema>, text: &str) -> Arc<Parsed> {
        if let Some(parsed) = self.cache.get(text) {
            return parsed;
        }
        let parsed = Arc::new(self.parse(schema, text));
        self.cache.insert(text.to_owned(), parsed.clone());
        parsed
    }

    fn parse(&self, schema: &Valid<Schema>, text: &str) -> Parsed {
        ExecutableDocument::parse_and_validate(schema, text, "request.graphql").map_err(|invalid| {
            // apollo-compiler leaves an unknown field out of its selection,
            // which may then look empty: graphql-js reports only the field.
            let unknown_field = invalid
                .errors
                .iter()
                .any(|d| d.error.unstable_error_name() == Some("UndefinedField"));
            invalid
                .errors
                .iter()
                .filter(|d| {
                    !(unknown_field && d.error.unstable_error_name() == Some("MissingSubselection"))
                })
                .map(|diagnostic| {
                    let mut error = diagnostic.unstable_to_json_compat();
                    if self.suggestions {
                        error.message.push_str(&suggest(schema, &error.message));
                    }
                    error
                })
                .collect()
        })
    }
}

/// Suggestions for `Cannot query field "x" on type "T".`
fn suggest(schema: &Schema, message: &str) -> String {
    let unknown_field = message
        .strip_prefix("Cannot query field \"")
        .and_then(|rest| rest.split_once("\" on type \""))
        .and_then(|(field, rest)| Some((field, rest.strip_suffix("\".")?)));
    let Some((field, type_name)) = unknown_field else {
        return String::new();
    };
    let names: Vec<&str> = match schema.types.get(type_name) {
        Some(apollo_compiler::schema::ExtendedType::Object(object)) => {
            object.fields.keys().map(|n| n.as_str()).collect()
        }
        Some(apollo_compiler::schema::ExtendedType::Interface(interface)) => {
            interface.fields.keys().map(|n| n.as_str()).collect()
        }
        _ => Vec::new(),
    };
    did_you_mean(field, names).unwrap_or_default()
}
