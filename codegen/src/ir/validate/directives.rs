//! Directives: their definitions, and every application checked against
//! its definition (or the spec's built-in one): known, allowed at that
//! location, not repeated unless repeatable, and with valid arguments.

use std::borrow::Cow;
use std::collections::HashSet;

use super::Checker;
use crate::ir::*;

impl Checker<'_> {
    pub(super) fn directive_def(&mut self, directive: &DirectiveDef) {
        let coordinate = format!("@{}", directive.name);
        self.reserved_name(&directive.name, directive.span, &coordinate);
        self.arguments(&coordinate, &directive.args);
    }

    pub(super) fn applied(
        &mut self,
        directives: &[AppliedDirective],
        location: DirectiveLocation,
        coordinate: &str,
    ) {
        let mut seen = HashSet::new();
        for applied in directives {
            let def = self
                .schema
                .directives
                .iter()
                .find(|d| d.name == applied.name);
            let (repeatable, locations, args): (bool, Vec<DirectiveLocation>, Cow<[InputValue]>) =
                match def {
                    Some(def) => (
                        def.repeatable,
                        def.locations.clone(),
                        Cow::Borrowed(&def.args),
                    ),
                    None => match builtin_locations(&applied.name) {
                        Some(locations) => (
                            false,
                            locations,
                            Cow::Owned(builtin_arguments(&applied.name)),
                        ),
                        None => {
                            self.error(
                                Diagnostic::error(
                                    format!("unknown directive `@{}`", applied.name),
                                    applied.span,
                                )
                                .label("not defined in this schema")
                                .at(coordinate)
                                .help(format!(
                                    "define it: `directive @{} on {}`",
                                    applied.name,
                                    location.as_str()
                                )),
                            );
                            continue;
                        }
                    },
                };
            if !locations.contains(&location) {
                self.error(
                    Diagnostic::error(
                        format!(
                            "the directive `@{}` cannot be used on {}",
                            applied.name,
                            location.as_str()
                        ),
                        applied.span,
                    )
                    .at(coordinate),
                );
            }
            if !seen.insert(applied.name.as_str()) && !repeatable {
                self.error(
                    Diagnostic::error(
                        format!(
                            "the directive `@{}` is not repeatable, but is used twice here",
                            applied.name
                        ),
                        applied.span,
                    )
                    .at(coordinate),
                );
            }
            self.directive_args(applied, &args, coordinate);
        }
    }

    fn directive_args(
        &mut self,
        applied: &AppliedDirective,
        args: &[InputValue],
        coordinate: &str,
    ) {
        for (name, value) in &applied.args {
            let (name_span, value_span) = self
                .index
                .directive_argument_spans(applied.span.line, applied.span.column, name)
                .unwrap_or((applied.span, applied.span));
            match args.iter().find(|a| &a.name == name) {
                None => self.error(
                    Diagnostic::error(
                        format!("the directive `@{}` has no argument `{name}`", applied.name),
                        name_span,
                    )
                    .at(coordinate),
                ),
                Some(arg) => {
                    if let Err(reason) = values::check(self.schema, value, &arg.ty) {
                        self.error(
                            Diagnostic::error(
                                format!(
                                    "the argument `{name}` of `@{}` is not a valid `{}`: {reason}",
                                    applied.name, arg.ty
                                ),
                                value_span,
                            )
                            .at(coordinate),
                        );
                    }
                }
            }
        }
        for arg in args {
            if arg.ty.is_non_null()
                && arg.default.is_none()
                && !applied.args.iter().any(|(n, _)| n == &arg.name)
            {
                self.error(
                    Diagnostic::error(
                        format!(
                            "the directive `@{}` needs its argument `{}: {}`",
                            applied.name, arg.name, arg.ty
                        ),
                        applied.span,
                    )
                    .at(coordinate),
                );
            }
        }
    }
}

fn builtin_locations(name: &str) -> Option<Vec<DirectiveLocation>> {
    use DirectiveLocation as L;
    Some(match name {
        "deprecated" => vec![
            L::FieldDefinition,
            L::ArgumentDefinition,
            L::InputFieldDefinition,
            L::EnumValue,
        ],
        "specifiedBy" => vec![L::Scalar],
        "oneOf" => vec![L::InputObject],
        "skip" | "include" => vec![L::Field, L::FragmentSpread, L::InlineFragment],
        _ => return None,
    })
}

/// The arguments of a built-in directive, as the spec defines them.
fn builtin_arguments(name: &str) -> Vec<InputValue> {
    let argument = |name: &str, ty: TypeRef, default: Option<Value>| InputValue {
        name: name.to_string(),
        rust_name: String::new(),
        description: None,
        span: Span::default(),
        ty,
        default,
        deprecated: None,
        directives: Vec::new(),
        boxed: false,
    };
    let string = TypeRef::Named("String".to_string());
    let required = |name: &str| TypeRef::NonNull(Box::new(TypeRef::Named(name.to_string())));
    match name {
        "deprecated" => {
            let reason = Value::String("No longer supported".to_string());
            vec![argument("reason", string, Some(reason))]
        }
        "specifiedBy" => vec![argument("url", required("String"), None)],
        "skip" | "include" => vec![argument("if", required("Boolean"), None)],
        _ => Vec::new(),
    }
}
