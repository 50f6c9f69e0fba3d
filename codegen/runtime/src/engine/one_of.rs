//! `__Type.isOneOf`, which apollo-compiler 1.33's introspection does not
//! know. The contract declares the field (so documents that ask it
//! validate); before introspection runs, every `__Type` selection that asks
//! it also asks the type's name under a helper alias, and afterwards each
//! answer is filled in from the contract: `true` or `false` for an input
//! object (by `@oneOf`), null for any other type, and the helpers removed.

use apollo_compiler::executable::{Selection, SelectionSet};
use apollo_compiler::response::{GraphQLError, JsonMap, JsonValue};
use apollo_compiler::schema::ExtendedType;
use apollo_compiler::validation::Valid;
use apollo_compiler::{ExecutableDocument, Name, Schema};

const HELPER: &str = "__weftqlOneOf__";

/// The document with the helpers added, if it asks `isOneOf` anywhere.
pub(crate) fn prepare(
    schema: &Schema,
    document: &Valid<ExecutableDocument>,
) -> Option<Valid<ExecutableDocument>> {
    let mut patched = (**document).clone();
    let mut asked = false;
    let operations = &mut patched.operations;
    for operation in operations
        .anonymous
        .iter_mut()
        .chain(operations.named.values_mut())
    {
        asked |= patch(schema, &mut operation.make_mut().selection_set);
    }
    for fragment in patched.fragments.values_mut() {
        asked |= patch(schema, &mut fragment.make_mut().selection_set);
    }
    asked.then(|| Valid::assume_valid(patched))
}

fn patch(schema: &Schema, set: &mut SelectionSet) -> bool {
    let mut asked = false;
    let mut helpers = Vec::new();
    for selection in &mut set.selections {
        match selection {
            Selection::Field(field) => {
                if set.ty == "__Type" && field.name == "isOneOf" {
                    helpers.push(field.response_key().clone());
                }
                asked |= patch(schema, &mut field.make_mut().selection_set);
            }
            Selection::InlineFragment(inline) => {
                asked |= patch(schema, &mut inline.make_mut().selection_set);
            }
            Selection::FragmentSpread(_) => {}
        }
    }
    for key in helpers {
        let Ok(alias) = Name::new(&format!("{HELPER}{key}")) else {
            continue;
        };
        if let Ok(name) = set.new_field(schema, Name::new_static_unchecked("name")) {
            set.push(name.with_alias(alias));
            asked = true;
        }
    }
    asked
}

/// Fills each `isOneOf` from the helpers and drops the errors apollo-compiler
/// reported for the field it does not know.
pub(crate) fn fill(schema: &Schema, data: &mut JsonMap, errors: &mut Vec<GraphQLError>) {
    errors.retain(|e| !e.message.contains("unexpected field name: isOneOf"));
    for value in data.values_mut() {
        fill_value(schema, value);
    }
}

fn fill_value(schema: &Schema, value: &mut JsonValue) {
    match value {
        JsonValue::Array(items) => items.iter_mut().for_each(|item| fill_value(schema, item)),
        JsonValue::Object(object) => {
            let helpers: Vec<_> = object
                .keys()
                .filter(|k| k.as_str().starts_with(HELPER))
                .cloned()
                .collect();
            for helper in helpers {
                let type_name = object.remove(helper.as_str());
                let key = &helper.as_str()[HELPER.len()..];
                let answer = match type_name.as_ref().and_then(JsonValue::as_str) {
                    Some(name) => match schema.types.get(name) {
                        Some(ExtendedType::InputObject(input)) => {
                            JsonValue::Bool(input.directives.get("oneOf").is_some())
                        }
                        _ => JsonValue::Null,
                    },
                    None => JsonValue::Null,
                };
                object.insert(key, answer);
            }
            object.values_mut().for_each(|v| fill_value(schema, v));
        }
        _ => {}
    }
}
