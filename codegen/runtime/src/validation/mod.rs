//! The contract and the documents checked against it, as the server checks
//! them: the SDL built into apollo-compiler's schema the way the engine
//! serves it (with `__Type.isOneOf` and `@oneOf` declared), and a
//! document's validation errors worded as graphql-js words them, with "Did
//! you mean" suggestions. The engine answers requests with these; the
//! generator checks a project's client operations with the same words.

mod suggestions;

pub use apollo_compiler;
use apollo_compiler::Schema;
use apollo_compiler::diagnostic::ToCliReport;
use apollo_compiler::parser::SourceSpan;
use apollo_compiler::schema::ExtendedType;
use apollo_compiler::validation::{DiagnosticList, Valid, WithErrors};

/// The extension of the introspection schema the contract is built with.
const IS_ONE_OF: &str = "extend type __Type {\n  \
    \"Whether exactly one field of this input object must be given.\"\n  \
    isOneOf: Boolean\n}\n";

/// `@oneOf`, a built-in directive since the September 2025 spec, which
/// graphql-js lists (in these words) whether or not a schema uses it and
/// apollo-compiler 1.33 does not know.
const ONE_OF: &str = "\"Indicates exactly one field must be supplied and this field must not be `null`.\"\n\
                      directive @oneOf on INPUT_OBJECT\n";

/// The contract written in `sdl`, as the engine serves it; `source_name`
/// names it in diagnostics. With `keep_first_duplicate_fields`, a type that
/// defines a field twice keeps the first definition instead of being
/// refused (the generator's `duplicate_fields = "warn"`).
#[allow(clippy::result_large_err)] // Built once per engine or check.
pub fn contract(
    sdl: &str,
    source_name: impl AsRef<std::path::Path>,
    keep_first_duplicate_fields: bool,
) -> Result<Valid<Schema>, WithErrors<Schema>> {
    // Built-in, it comes before the schema's own directives, as in graphql-js.
    let mut builder = Schema::builder();
    if !sdl.contains("directive @oneOf") {
        builder = builder.parse(ONE_OF, "built-in directives");
    }
    let builder = builder
        .parse(sdl, source_name)
        .parse(IS_ONE_OF, "built-in introspection");
    match builder.build().and_then(Schema::validate) {
        Ok(schema) => Ok(schema),
        // Everything else was checked: the first definitions stand.
        Err(checked) if keep_first_duplicate_fields && only_duplicate_fields(&checked) => {
            Ok(Valid::assume_valid(checked.partial))
        }
        Err(checked) => Err(checked),
    }
}

/// Whether every error of a schema is a field defined twice in a type.
fn only_duplicate_fields(built: &WithErrors<Schema>) -> bool {
    built.errors.iter().all(|diagnostic| {
        let message = diagnostic.error.to_string();
        message.starts_with("duplicate definitions for the")
            && (message.contains("field of object type")
                || message.contains("field of interface type"))
    })
}

/// One validation error of a document, as the server answers it.
#[derive(Debug, Clone)]
pub struct DocumentError {
    /// apollo-compiler's name of the rule (`UndefinedField`), unstable.
    pub rule: Option<&'static str>,
    /// graphql-js's wording, with suggestions when asked for.
    pub message: String,
    /// Where, in the sources the document was parsed from.
    pub location: Option<SourceSpan>,
    /// The error as a GraphQL response carries it.
    pub graphql: apollo_compiler::response::GraphQLError,
}

/// The errors of a document that failed validation against `schema`, worded
/// as graphql-js words them; with `suggestions`, an unknown field is
/// followed by the names it may have meant.
pub fn document_errors(
    schema: &Schema,
    errors: &DiagnosticList,
    suggestions: bool,
) -> Vec<DocumentError> {
    // apollo-compiler leaves an unknown field out of its selection, which
    // may then look empty: graphql-js reports only the field.
    let unknown_field = errors
        .iter()
        .any(|d| d.error.unstable_error_name() == Some("UndefinedField"));
    errors
        .iter()
        .filter(|d| {
            !(unknown_field && d.error.unstable_error_name() == Some("MissingSubselection"))
        })
        .map(|diagnostic| {
            let mut graphql = diagnostic.unstable_to_json_compat();
            if suggestions {
                graphql.message.push_str(&suggest(schema, &graphql.message));
            }
            DocumentError {
                rule: diagnostic.error.unstable_error_name(),
                message: graphql.message.clone(),
                location: diagnostic.error.location(),
                graphql,
            }
        })
        .collect()
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
        Some(ExtendedType::Object(object)) => object.fields.keys().map(|n| n.as_str()).collect(),
        Some(ExtendedType::Interface(interface)) => {
            interface.fields.keys().map(|n| n.as_str()).collect()
        }
        _ => Vec::new(),
    };
    suggestions::did_you_mean(field, names).unwrap_or_default()
}
