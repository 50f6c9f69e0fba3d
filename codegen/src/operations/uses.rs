//! What each operation uses of the contract, and which deprecated parts.
//! A use is a string `diff` matches against the `touches` of a change:
//!
//! - `Type` for any type it names or receives (field types, fragment type
//!   conditions, variable types, literal enum and input values);
//! - `Type.field` for a field selected on `Type`, `Type.field(arg:)` for an
//!   argument given, `Input.field` for an input field written in a literal,
//!   `Enum.VALUE` for an enum value written in a literal;
//! - `$Type` for an input object or enum a variable may carry (the
//!   variable's type and every input type inside it);
//! - `Parent>Type` for a fragment on `Type` where `Parent` is expected;
//! - `@name` and `@name(arg:)` for directives, `schema.query` (or
//!   `mutation`, `subscription`) for the operation's type.
//!
//! An operation's uses include those of the fragments it spreads, however
//! deep.

use std::collections::{BTreeSet, HashMap, HashSet};

use weftql_runtime::validation::apollo_compiler::ast::{OperationType, Type, Value};
use weftql_runtime::validation::apollo_compiler::executable::{
    Directive, DirectiveList, Selection, SelectionSet,
};
use weftql_runtime::validation::apollo_compiler::parser::SourceSpan;
use weftql_runtime::validation::apollo_compiler::schema::ExtendedType;
use weftql_runtime::validation::apollo_compiler::{ExecutableDocument, Node, Schema};

/// An operation and everything it uses.
pub(super) struct Used {
    pub name: Option<String>,
    pub kind: &'static str,
    pub location: Option<SourceSpan>,
    pub uses: BTreeSet<String>,
    /// The fragments it spreads, however deep, that the document defines.
    pub fragments: BTreeSet<String>,
}

/// A use of something deprecated.
pub(super) struct Deprecated {
    pub message: String,
    pub coordinate: String,
    pub reason: Option<String>,
    pub location: Option<SourceSpan>,
}

pub(super) struct Found {
    pub operations: Vec<Used>,
    pub deprecated: Vec<Deprecated>,
}

pub(super) fn walk(schema: &Schema, document: &ExecutableDocument) -> Found {
    let mut walker = Walker {
        schema,
        uses: BTreeSet::new(),
        spreads: BTreeSet::new(),
        deprecated: Vec::new(),
    };
    let mut fragments: HashMap<String, (BTreeSet<String>, BTreeSet<String>)> = HashMap::new();
    for (name, fragment) in &document.fragments {
        walker.directives(&fragment.directives);
        walker.uses.insert(fragment.type_condition().to_string());
        walker.selections(document, &fragment.selection_set);
        fragments.insert(name.to_string(), walker.take());
    }
    let mut operations = Vec::new();
    for operation in document.operations.iter() {
        let kind = match operation.operation_type {
            OperationType::Query => "query",
            OperationType::Mutation => "mutation",
            OperationType::Subscription => "subscription",
        };
        walker.uses.insert(format!("schema.{kind}"));
        for variable in &operation.variables {
            walker.variable_type(&variable.ty);
            walker.directives(&variable.directives);
        }
        walker.directives(&operation.directives);
        walker.selections(document, &operation.selection_set);
        let (mut uses, spreads) = walker.take();
        let mut pending: Vec<String> = spreads.into_iter().collect();
        let mut spread = BTreeSet::new();
        while let Some(name) = pending.pop() {
            if spread.contains(&name) {
                continue;
            }
            if let Some((fragment_uses, fragment_spreads)) = fragments.get(&name) {
                uses.extend(fragment_uses.iter().cloned());
                pending.extend(fragment_spreads.iter().cloned());
                spread.insert(name);
            }
        }
        operations.push(Used {
            name: operation.name.as_ref().map(ToString::to_string),
            kind,
            location: operation.location(),
            uses,
            fragments: spread,
        });
    }
    Found {
        operations,
        deprecated: walker.deprecated,
    }
}

struct Walker<'a> {
    schema: &'a Schema,
    uses: BTreeSet<String>,
    /// The fragments spread by what is being walked.
    spreads: BTreeSet<String>,
    deprecated: Vec<Deprecated>,
}

impl Walker<'_> {
    fn take(&mut self) -> (BTreeSet<String>, BTreeSet<String>) {
        (
            std::mem::take(&mut self.uses),
            std::mem::take(&mut self.spreads),
        )
    }

    fn selections(&mut self, document: &ExecutableDocument, set: &SelectionSet) {
        let parent = set.ty.as_str();
        for selection in &set.selections {
            match selection {
                Selection::Field(field) => {
                    self.directives(&field.directives);
                    if field.name.starts_with("__") {
                        continue;
                    }
                    let coordinate = format!("{parent}.{}", field.name);
                    let definition = &field.definition;
                    self.uses.insert(coordinate.clone());
                    self.uses
                        .insert(definition.ty.inner_named_type().to_string());
                    if let Some(reason) = deprecation(&definition.directives) {
                        self.deprecated.push(Deprecated {
                            message: format!("the field `{coordinate}` is deprecated"),
                            coordinate: coordinate.clone(),
                            reason,
                            location: field.location(),
                        });
                    }
                    for argument in &field.arguments {
                        let argument_coordinate = format!("{coordinate}({}:)", argument.name);
                        self.uses.insert(argument_coordinate.clone());
                        let Some(declared) = definition
                            .arguments
                            .iter()
                            .find(|a| a.name == argument.name)
                        else {
                            continue;
                        };
                        if let Some(reason) = deprecation(&declared.directives) {
                            self.deprecated.push(Deprecated {
                                message: format!(
                                    "the argument `{argument_coordinate}` is deprecated"
                                ),
                                coordinate: argument_coordinate,
                                reason,
                                location: argument.location(),
                            });
                        }
                        self.value(&argument.value, &declared.ty);
                    }
                    self.selections(document, &field.selection_set);
                }
                Selection::InlineFragment(inline) => {
                    self.directives(&inline.directives);
                    if let Some(condition) = &inline.type_condition {
                        self.uses.insert(condition.to_string());
                        self.uses.insert(format!("{parent}>{condition}"));
                    }
                    self.selections(document, &inline.selection_set);
                }
                Selection::FragmentSpread(spread) => {
                    self.directives(&spread.directives);
                    self.spreads.insert(spread.fragment_name.to_string());
                    if let Some(fragment) = document.fragments.get(&spread.fragment_name) {
                        self.uses
                            .insert(format!("{parent}>{}", fragment.type_condition()));
                    }
                }
            }
        }
    }

    /// A literal value given where `ty` is expected.
    fn value(&mut self, value: &Node<Value>, ty: &Type) {
        let named = ty.inner_named_type();
        match (value.as_ref(), self.schema.types.get(named)) {
            (Value::List(items), _) => {
                for item in items {
                    self.value(item, ty.item_type());
                }
            }
            (Value::Enum(name), Some(ExtendedType::Enum(declared))) => {
                self.uses.insert(named.to_string());
                let coordinate = format!("{named}.{name}");
                self.uses.insert(coordinate.clone());
                if let Some(reason) = declared
                    .values
                    .get(name)
                    .and_then(|v| deprecation(&v.directives))
                {
                    self.deprecated.push(Deprecated {
                        message: format!("the enum value `{coordinate}` is deprecated"),
                        coordinate,
                        reason,
                        location: value.location(),
                    });
                }
            }
            (Value::Object(fields), Some(ExtendedType::InputObject(declared))) => {
                self.uses.insert(named.to_string());
                for (name, field_value) in fields {
                    let coordinate = format!("{named}.{name}");
                    self.uses.insert(coordinate.clone());
                    let Some(field) = declared.fields.get(name) else {
                        continue;
                    };
                    if let Some(reason) = deprecation(&field.directives) {
                        self.deprecated.push(Deprecated {
                            message: format!("the input field `{coordinate}` is deprecated"),
                            coordinate,
                            reason,
                            location: field_value.location(),
                        });
                    }
                    self.value(field_value, &field.ty);
                }
            }
            _ => {}
        }
    }

    /// A variable's type: the types it names and every input type inside.
    fn variable_type(&mut self, ty: &Type) {
        let mut pending = vec![ty.inner_named_type().clone()];
        let mut seen = HashSet::new();
        self.uses.insert(ty.inner_named_type().to_string());
        while let Some(named) = pending.pop() {
            if !seen.insert(named.clone()) {
                continue;
            }
            match self.schema.types.get(&named) {
                Some(ExtendedType::InputObject(input)) => {
                    self.uses.insert(format!("${named}"));
                    pending.extend(
                        input
                            .fields
                            .values()
                            .map(|f| f.ty.inner_named_type().clone()),
                    );
                }
                Some(ExtendedType::Enum(_)) => {
                    self.uses.insert(format!("${named}"));
                }
                _ => {}
            }
        }
    }

    fn directives(&mut self, directives: &DirectiveList) {
        for directive in directives.iter() {
            self.directive(directive);
        }
    }

    fn directive(&mut self, directive: &Node<Directive>) {
        self.uses.insert(format!("@{}", directive.name));
        for argument in &directive.arguments {
            self.uses
                .insert(format!("@{}({}:)", directive.name, argument.name));
            if let Some(declared) = self
                .schema
                .directive_definitions
                .get(&directive.name)
                .and_then(|d| d.arguments.iter().find(|a| a.name == argument.name))
            {
                self.value(&argument.value, &declared.ty);
            }
        }
    }
}

/// The reason of a `@deprecated` among `directives`: `Some(None)` when it
/// gives none.
fn deprecation<'a>(
    directives: impl IntoIterator<Item = &'a Node<Directive>>,
) -> Option<Option<String>> {
    let directive = directives.into_iter().find(|d| d.name == "deprecated")?;
    Some(
        directive
            .specified_argument_by_name("reason")
            .and_then(|v| v.as_str().map(str::to_owned)),
    )
}
