//! The document an operation span shows (`graphql.document`), its literal
//! values removed as Apollo's operation signatures remove them: a string
//! becomes `""`, a number `0`, a list `[]` and an input object `{}`, in
//! arguments, directives and variables' defaults alike, so a password or a
//! search term sent inline never reaches the trace. Variables, enum values,
//! booleans and `null` say nothing of the user and stay.

use apollo_compiler::ExecutableDocument;
use apollo_compiler::ast::{Argument, DirectiveList, Value};
use apollo_compiler::executable::{Selection, SelectionSet};
use apollo_compiler::{Node, validation::Valid};

/// `document`, printed with its literals removed.
pub(super) fn without_literals(document: &Valid<ExecutableDocument>) -> String {
    let mut document = document.clone().into_inner();
    if let Some(operation) = &mut document.operations.anonymous {
        let operation = operation.make_mut();
        variables(&mut operation.variables);
        directives(&mut operation.directives);
        selections(&mut operation.selection_set);
    }
    for operation in document.operations.named.values_mut() {
        let operation = operation.make_mut();
        variables(&mut operation.variables);
        directives(&mut operation.directives);
        selections(&mut operation.selection_set);
    }
    for fragment in document.fragments.values_mut() {
        let fragment = fragment.make_mut();
        directives(&mut fragment.directives);
        selections(&mut fragment.selection_set);
    }
    document.to_string()
}

fn variables(definitions: &mut [Node<apollo_compiler::ast::VariableDefinition>]) {
    for definition in definitions {
        let definition = definition.make_mut();
        if let Some(default) = &mut definition.default_value {
            blank(default);
        }
        directives(&mut definition.directives);
    }
}

fn selections(set: &mut SelectionSet) {
    for selection in &mut set.selections {
        match selection {
            Selection::Field(field) => {
                let field = field.make_mut();
                arguments(&mut field.arguments);
                directives(&mut field.directives);
                selections(&mut field.selection_set);
            }
            Selection::FragmentSpread(spread) => directives(&mut spread.make_mut().directives),
            Selection::InlineFragment(inline) => {
                let inline = inline.make_mut();
                directives(&mut inline.directives);
                selections(&mut inline.selection_set);
            }
        }
    }
}

fn directives(list: &mut DirectiveList) {
    for directive in &mut list.0 {
        arguments(&mut directive.make_mut().arguments);
    }
}

fn arguments(arguments: &mut [Node<Argument>]) {
    for argument in arguments {
        blank(&mut argument.make_mut().value);
    }
}

fn blank(value: &mut Node<Value>) {
    let blank = match value.as_ref() {
        Value::String(_) => Value::String(String::new()),
        Value::Int(_) | Value::Float(_) => Value::from(0),
        Value::List(_) => Value::List(Vec::new()),
        Value::Object(_) => Value::Object(Vec::new()),
        Value::Null | Value::Enum(_) | Value::Variable(_) | Value::Boolean(_) => return,
    };
    *value.make_mut() = blank;
}

#[cfg(test)]
mod tests {
    use apollo_compiler::{ExecutableDocument, Schema};

    use super::without_literals;

    #[test]
    fn literals_are_removed_everywhere_and_the_rest_stays() {
        let schema = Schema::parse_and_validate(
            "type Query { f(s: String, n: Int, x: Float, l: [Int], o: In, e: E, b: Boolean): Int }
             input In { a: String }
             enum E { ON }",
            "schema.graphql",
        )
        .unwrap();
        let document = ExecutableDocument::parse_and_validate(
            &schema,
            r#"query Q($s: String = "secret", $b: Boolean!) {
                 a: f(s: "password", n: 42, x: 1.5, l: [1, 2], o: { a: "x" }, e: ON, b: true)
                 ...F @include(if: $b)
                 ... @skip(if: false) { c: f(s: $s) }
               }
               fragment F on Query { b: f(n: 7) }"#,
            "q.graphql",
        )
        .unwrap();
        let printed = without_literals(&document);
        for gone in ["secret", "password", "42", "1.5", "[1, 2]", "\"x\"", "7"] {
            assert!(!printed.contains(gone), "{gone} in {printed}");
        }
        for kept in [
            r#"$s: String = """#,
            r#"a: f(s: "", n: 0, x: 0, l: [], o: {}, e: ON, b: true)"#,
            "@include(if: $b)",
            "@skip(if: false)",
            "c: f(s: $s)",
            "b: f(n: 0)",
        ] {
            assert!(printed.contains(kept), "{kept} not in {printed}");
        }
    }
}
