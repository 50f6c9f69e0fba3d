//! The spec's type-system validation over the merged IR: root types, type
//! references and their input/output kinds, unions, enums, input objects
//! (including `@oneOf` and non-null cycles) and default values; interface
//! contracts and directives have modules of their own. Also fills in each
//! interface's members.

mod directives;
mod interfaces;

use super::*;
use crate::source::LineIndex;
use interfaces::interface_members;

struct Checker<'a> {
    schema: &'a Schema,
    index: LineIndex<'a>,
    diagnostics: &'a mut Vec<Diagnostic>,
}

impl Checker<'_> {
    /// `name` not defined: a diagnostic at `span` that suggests the
    /// nearest type `fits` allows (within a third of the name's length in
    /// edits, ignoring case: `Autor` → `Author`, not `Link` → `Int`), if
    /// one is near.
    fn unknown(
        &self,
        what: &str,
        name: &str,
        span: Span,
        fits: impl Fn(&str) -> bool,
    ) -> Diagnostic {
        let diagnostic = Diagnostic::error(format!("unknown {what} `{name}`"), span)
            .label("not defined in this schema");
        let candidates = BUILTIN_SCALARS
            .iter()
            .copied()
            .chain(self.schema.types.iter().map(|t| t.name.as_str()));
        match nearest(name, candidates.filter(|c| fits(c))) {
            Some(near) => diagnostic.help(format!("did you mean `{near}`?")),
            None => diagnostic,
        }
    }
}

/// The candidate nearest to `name`, if near enough.
fn nearest<'c>(name: &str, candidates: impl Iterator<Item = &'c str>) -> Option<&'c str> {
    let lower = name.to_lowercase();
    let threshold = (name.chars().count() / 3).max(1);
    candidates
        .map(|c| (strsim::damerau_levenshtein(&lower, &c.to_lowercase()), c))
        .filter(|&(distance, _)| distance <= threshold)
        .min()
        .map(|(_, c)| c)
}

pub fn validate(schema: &mut Schema, text: &str, diagnostics: &mut Vec<Diagnostic>) {
    let mut checker = Checker {
        schema,
        index: LineIndex::new(text),
        diagnostics,
    };
    checker.roots();
    for def in &checker.schema.types {
        checker.type_def(def);
    }
    for directive in &checker.schema.directives {
        checker.directive_def(directive);
    }
    checker.applied(
        &checker.schema.schema_directives,
        DirectiveLocation::Schema,
        "schema",
    );
    let members = interface_members(schema);
    for def in &mut schema.types {
        if let TypeKind::Interface(i) = &mut def.kind {
            i.members = members.get(&def.name).cloned().unwrap_or_default();
        }
    }
}

impl Checker<'_> {
    fn error(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    fn roots(&mut self) {
        let ops = [
            ("query", Some(self.schema.query.clone())),
            ("mutation", self.schema.mutation.clone()),
            ("subscription", self.schema.subscription.clone()),
        ];
        for ((op, name), named_at) in ops.into_iter().zip(self.schema.root_spans) {
            let Some(name) = name else { continue };
            // A root found by its default name was named nowhere: point at its definition.
            let span = named_at
                .filter(|s| s.line > 0)
                .or(self.schema.get(&name).map(|def| def.span))
                .or(self.schema.schema_span)
                .unwrap_or_default();
            match self.schema.get(&name) {
                Some(def) if matches!(def.kind, TypeKind::Object(_)) => {}
                Some(def) => {
                    let kind = def.kind_name();
                    self.error(
                        Diagnostic::error(
                            format!(
                                "the {op} root type `{name}` must be an object type, not {kind}"
                            ),
                            span,
                        )
                        .at(format!("schema.{op}")),
                    );
                }
                None if op == "query" && self.schema.root_spans[0].is_none() => self.error(
                    Diagnostic::error("the schema has no query root type", span)
                        .help("define `type Query { … }`, or name one in `schema { query: … }`"),
                ),
                None => self.error(
                    Diagnostic::error(format!("the {op} root type `{name}` is not defined"), span)
                        .label("not defined in this schema")
                        .at(format!("schema.{op}")),
                ),
            }
        }
    }

    fn type_def(&mut self, def: &TypeDef) {
        self.reserved_name(&def.name, def.span, &def.name);
        let location = match &def.kind {
            TypeKind::Scalar(_) => DirectiveLocation::Scalar,
            TypeKind::Object(o) => {
                self.fields(def, &o.fields);
                self.implements(def, &o.implements, &o.fields);
                DirectiveLocation::Object
            }
            TypeKind::Interface(i) => {
                self.fields(def, &i.fields);
                self.implements(def, &i.implements, &i.fields);
                DirectiveLocation::Interface
            }
            TypeKind::Union(u) => {
                self.union(def, u);
                DirectiveLocation::Union
            }
            TypeKind::Enum(e) => {
                self.enum_values(def, e);
                DirectiveLocation::Enum
            }
            TypeKind::InputObject(input) => {
                self.input_object(def, input);
                DirectiveLocation::InputObject
            }
        };
        self.applied(&def.directives, location, &def.name);
    }

    fn reserved_name(&mut self, name: &str, span: Span, coordinate: &str) {
        if name.starts_with("__") {
            self.error(
                Diagnostic::error(format!("the name `{name}` is reserved: names starting with `__` belong to introspection"), span)
                    .at(coordinate),
            );
        }
    }

    fn fields(&mut self, def: &TypeDef, fields: &[Field]) {
        if fields.is_empty() {
            self.error(
                Diagnostic::error(
                    format!(
                        "the {} `{}` must define one or more fields",
                        def.kind_name(),
                        def.name
                    ),
                    def.span,
                )
                .at(&def.name),
            );
        }
        for field in fields {
            let coordinate = format!("{}.{}", def.name, field.name);
            self.reserved_name(&field.name, field.span, &coordinate);
            self.type_use(&field.ty, field.span, &coordinate, false);
            self.arguments(&coordinate, &field.args);
            self.applied(
                &field.directives,
                DirectiveLocation::FieldDefinition,
                &coordinate,
            );
        }
    }

    fn arguments(&mut self, owner: &str, args: &[InputValue]) {
        for arg in args {
            let coordinate = format!("{owner}({}:)", arg.name);
            self.input_value(
                arg,
                &coordinate,
                DirectiveLocation::ArgumentDefinition,
                "argument",
            );
        }
    }

    fn input_value(
        &mut self,
        value: &InputValue,
        coordinate: &str,
        location: DirectiveLocation,
        what: &str,
    ) {
        self.reserved_name(&value.name, value.span, coordinate);
        // A default can only be checked against a type that exists.
        if self.type_use(&value.ty, value.span, coordinate, true)
            && let Some(default) = &value.default
            && let Err(reason) = values::check(self.schema, default, &value.ty)
        {
            let span = self
                .index
                .default_value_span(value.span.line, value.span.column);
            self.error(
                Diagnostic::error(
                    format!(
                        "the default value of `{coordinate}` is not a valid `{}`: {reason}",
                        value.ty
                    ),
                    span,
                )
                .at(coordinate),
            );
        }
        if value.deprecated.is_some() && value.ty.is_non_null() && value.default.is_none() {
            let span = value
                .directives
                .iter()
                .find(|d| d.name == "deprecated")
                .map_or(value.span, |d| d.span);
            self.error(
                Diagnostic::error(
                    format!("the required {what} `{coordinate}` cannot be deprecated"),
                    span,
                )
                .label("deprecated here")
                .at(coordinate)
                .help("give it a default value or make it nullable first"),
            );
        }
        self.applied(&value.directives, location, coordinate);
    }

    /// Checks that a referenced type exists and suits the position; true if it does.
    fn type_use(&mut self, ty: &TypeRef, at: Span, coordinate: &str, input: bool) -> bool {
        let base = ty.base();
        let span = self.schema_type_span(at, base);
        let (ok, kind) = if input {
            (self.schema.is_input_type(base), "an input")
        } else {
            (self.schema.is_output_type(base), "an output")
        };
        if ok {
            return true;
        }
        match self.schema.get(base) {
            None => {
                let fits = |name: &str| {
                    if input {
                        self.schema.is_input_type(name)
                    } else {
                        self.schema.is_output_type(name)
                    }
                };
                self.error(self.unknown("type", base, span, fits).at(coordinate));
            }
            Some(def) => {
                let found = def.kind_name();
                self.error(
                    Diagnostic::error(
                        format!(
                            "`{base}` is {} {found}, which cannot be used as {kind} type",
                            article(found)
                        ),
                        span,
                    )
                    .at(coordinate),
                )
            }
        }
        false
    }

    /// The span of a type name inside the declaration at `at`.
    fn schema_type_span(&self, at: Span, base: &str) -> Span {
        self.index.type_span(at.line, at.column, base)
    }

    fn union(&mut self, def: &TypeDef, union: &Union) {
        if union.members.is_empty() {
            self.error(
                Diagnostic::error(
                    format!("the union `{}` must have one or more members", def.name),
                    def.span,
                )
                .at(&def.name),
            );
        }
        for member in &union.members {
            match self.schema.get(&member.name) {
                Some(TypeDef {
                    kind: TypeKind::Object(_),
                    ..
                }) => {}
                Some(other) => {
                    let found = other.kind_name();
                    self.error(
                        Diagnostic::error(
                            format!(
                                "union members must be object types, and `{}` is {} {found}",
                                member.name,
                                article(found)
                            ),
                            member.span,
                        )
                        .at(&def.name),
                    );
                }
                None => {
                    let is_object = |name: &str| {
                        self.schema
                            .get(name)
                            .is_some_and(|t| matches!(t.kind, TypeKind::Object(_)))
                    };
                    self.error(
                        self.unknown("type", &member.name, member.span, is_object)
                            .at(&def.name),
                    );
                }
            }
        }
    }

    fn enum_values(&mut self, def: &TypeDef, e: &Enum) {
        if e.values.is_empty() {
            self.error(
                Diagnostic::error(
                    format!("the enum `{}` must have one or more values", def.name),
                    def.span,
                )
                .at(&def.name),
            );
        }
        for value in &e.values {
            let coordinate = format!("{}.{}", def.name, value.name);
            if matches!(value.name.as_str(), "true" | "false" | "null") {
                self.error(
                    Diagnostic::error(
                        format!("`{}` cannot be an enum value", value.name),
                        value.span,
                    )
                    .at(&coordinate),
                );
            }
            self.reserved_name(&value.name, value.span, &coordinate);
            self.applied(&value.directives, DirectiveLocation::EnumValue, &coordinate);
        }
    }

    fn input_object(&mut self, def: &TypeDef, input: &InputObject) {
        if input.fields.is_empty() {
            self.error(
                Diagnostic::error(
                    format!(
                        "the input object `{}` must define one or more fields",
                        def.name
                    ),
                    def.span,
                )
                .at(&def.name),
            );
        }
        for field in &input.fields {
            let coordinate = format!("{}.{}", def.name, field.name);
            self.input_value(
                field,
                &coordinate,
                DirectiveLocation::InputFieldDefinition,
                "input field",
            );
            if input.one_of && (field.ty.is_non_null() || field.default.is_some()) {
                self.error(
                    Diagnostic::error(format!("the @oneOf input field `{coordinate}` must be nullable and have no default value"), field.span)
                        .at(&coordinate),
                );
            }
        }
        let first_defined = |path: &[String]| {
            let position = |name: &String| self.schema.index.get(name).copied().unwrap_or_default();
            path.iter().map(position).min() == Some(position(&def.name))
        };
        // Reported once, at the first-defined type of the cycle.
        if let Some(path) = non_null_cycle(self.schema, &def.name, &mut vec![def.name.clone()])
            && first_defined(&path)
        {
            let span = input
                .fields
                .iter()
                .find(|f| f.ty == TypeRef::NonNull(Box::new(TypeRef::Named(path[1].clone()))))
                .map_or(def.span, |f| {
                    self.index.type_ref_span(f.span.line, f.span.column)
                });
            self.error(
                Diagnostic::error(
                    format!(
                        "the input object `{}` cannot contain itself through non-null fields: {}",
                        def.name,
                        path.join(" → ")
                    ),
                    span,
                )
                .label("non-null, and leads back here")
                .at(&def.name)
                .help("make one field of the cycle nullable or a list"),
            );
        }
    }
}

/// A path of non-null, non-list input fields from `name` back to `path[0]`.
fn non_null_cycle(schema: &Schema, name: &str, path: &mut Vec<String>) -> Option<Vec<String>> {
    let Some(TypeDef {
        kind: TypeKind::InputObject(input),
        ..
    }) = schema.get(name)
    else {
        return None;
    };
    for field in &input.fields {
        let TypeRef::NonNull(inner) = &field.ty else {
            continue;
        };
        let TypeRef::Named(next) = inner.as_ref() else {
            continue;
        };
        if *next == path[0] {
            let mut cycle = path.clone();
            cycle.push(next.clone());
            return Some(cycle);
        }
        if path.contains(next) {
            continue;
        }
        path.push(next.clone());
        if let Some(cycle) = non_null_cycle(schema, next, path) {
            return Some(cycle);
        }
        path.pop();
    }
    None
}
