//! Validation messages in the wording of graphql-js, the reference
//! implementation, which the tutorial's clients see: async-graphql says
//! `Unknown field "x" on type "T".`, graphql-js `Cannot query field "x" on type "T".`

/// Rewords a request error (one without a path) as graphql-js says it.
pub fn reword(error: &mut async_graphql::ServerError) {
    if error.path.is_empty()
        && let Some(message) = reference_wording(&error.message)
    {
        error.message = message;
    }
}

/// The graphql-js wording of an async-graphql validation message, if it differs.
fn reference_wording(message: &str) -> Option<String> {
    if let Some(rest) = message.strip_prefix("Unknown field ") {
        return Some(format!("Cannot query field {rest}"));
    }
    if let Some(rest) = message.strip_prefix("Unknown argument ") {
        // `"a" on field "f" of type "T".…` → `"a" on field "T.f".…`
        let (argument, rest) = rest.split_once(" on field \"")?;
        let (field, rest) = rest.split_once("\" of type \"")?;
        let (owner, tail) = rest.split_once('"')?;
        return Some(format!(
            "Unknown argument {argument} on field \"{owner}.{field}\"{tail}"
        ));
    }
    if message.starts_with("Field \"") && message.ends_with("is required but not provided") {
        let head = message.trim_end_matches("is required but not provided");
        return Some(format!("{head}is required, but it was not provided."));
    }
    if message.starts_with("Field \"") && message.ends_with("must have a selection of subfields") {
        return Some(format!("{message}."));
    }
    if message.starts_with("Field \"") && message.ends_with("has no subfields") {
        return Some(format!("{message}."));
    }
    if message.starts_with("Unknown type \"") && !message.ends_with('.') {
        return Some(format!("{message}."));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::reference_wording;

    #[test]
    fn reads_as_graphql_js() {
        assert_eq!(
            reference_wording(r#"Unknown field "unknown" on type "LinkType"."#).unwrap(),
            r#"Cannot query field "unknown" on type "LinkType"."#
        );
        assert_eq!(
            reference_wording(r#"Unknown argument "x" on field "links" of type "Query"."#).unwrap(),
            r#"Unknown argument "x" on field "Query.links"."#
        );
        assert_eq!(
            reference_wording(r#"Field "tokenAuth" argument "password" of type "String!" is required but not provided"#).unwrap(),
            r#"Field "tokenAuth" argument "password" of type "String!" is required, but it was not provided."#
        );
        assert_eq!(reference_wording("Something else"), None);
    }
}
