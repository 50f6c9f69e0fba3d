//! `__schema` and `__type` answered from the contract itself, by
//! apollo-compiler's introspection: covariant interface fields with their
//! own types, directive definitions, the schema's description, `@oneOf`,
//! `specifiedBy` and deprecations, exactly as the SDL says; `isOneOf`
//! through `one_of`.

use apollo_compiler::ExecutableDocument;
use apollo_compiler::executable::Operation;
use apollo_compiler::introspection;
use apollo_compiler::response::{GraphQLError, JsonMap};
use apollo_compiler::validation::Valid;

use super::one_of;
use super::schema::Inner;

/// The introspection fields of the operation's root, by response key, and
/// their errors; `Ok(None)` when it asks none.
pub(crate) fn answer(
    engine: &Inner,
    document: &Valid<ExecutableDocument>,
    operation: &Operation,
    variables: &Valid<JsonMap>,
) -> Result<Option<(JsonMap, Vec<GraphQLError>)>, Vec<GraphQLError>> {
    let asked: Vec<_> = operation
        .root_fields(document)
        .filter(|field| matches!(field.name.as_str(), "__schema" | "__type"))
        .collect();
    if asked.is_empty() {
        return Ok(None);
    }
    if !engine.introspection {
        return Err(asked
            .iter()
            .map(|field| {
                GraphQLError::new(
                    format!(
                        "Cannot query field \"{}\" on type \"{}\".",
                        field.name, operation.selection_set.ty
                    ),
                    field.location(),
                    &document.sources,
                )
            })
            .collect());
    }
    let refused = |error: apollo_compiler::request::RequestError| {
        vec![error.to_graphql_error(&document.sources)]
    };
    introspection::check_max_depth(document, operation).map_err(refused)?;
    let patched = one_of::prepare(&engine.schema, document);
    let (document, operation) = match &patched {
        Some(patched) => match patched
            .operations
            .get(operation.name.as_ref().map(|n| n.as_str()))
        {
            Ok(operation) => (patched, operation.as_ref()),
            Err(_) => (document, operation),
        },
        None => (document, operation),
    };
    let response = introspection::partial_execute(
        &engine.schema,
        &engine.implementers,
        document,
        operation,
        variables,
    )
    .map_err(refused)?;
    let mut data = response.data.unwrap_or_default();
    let mut errors = response.errors;
    if patched.is_some() {
        one_of::fill(&engine.schema, &mut data, &mut errors);
    }
    Ok(Some((data, errors)))
}
