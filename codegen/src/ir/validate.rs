//! The spec's type-system validation over the merged IR: root types, type
//! references and their input/output kinds, interface contracts, unions,
//! enums, input objects (including `@oneOf` and non-null cycles), default
//! values and applied directives. Also fills in each interface's members.

use std::collections::{HashMap, HashSet};

use super::*;
use crate::source::LineIndex;

struct Checker<'a> {
    schema: &'a Schema,
    index: LineIndex<'a>,
    diagnostics: &'a mut Vec<Diagnostic>,
}

const BUILTIN_DIRECTIVES: [&str; 5] = ["skip", "include", "deprecated", "specifiedBy", "oneOf"];

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
        for ((op, name), span) in ops.into_iter().zip(self.schema.root_spans) {
            let Some(name) = name else { continue };
            let span = span.unwrap_or(Span::at(1, 1));
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
            None => self.error(
                Diagnostic::error(format!("unknown type `{base}`"), span)
                    .label("not defined in this schema")
                    .at(coordinate),
            ),
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

    fn implements(&mut self, def: &TypeDef, implements: &[Named], fields: &[Field]) {
        let mut seen = HashSet::new();
        for named in implements {
            if !seen.insert(named.name.as_str()) {
                self.error(
                    Diagnostic::error(
                        format!("`{}` implements `{}` twice", def.name, named.name),
                        named.span,
                    )
                    .at(&def.name),
                );
                continue;
            }
            if named.name == def.name {
                self.error(
                    Diagnostic::error(
                        format!("`{}` cannot implement itself", def.name),
                        named.span,
                    )
                    .at(&def.name),
                );
                continue;
            }
            let interface = match self.schema.get(&named.name) {
                Some(TypeDef {
                    kind: TypeKind::Interface(i),
                    ..
                }) => i,
                Some(other) => {
                    let found = other.kind_name();
                    self.error(
                        Diagnostic::error(
                            format!(
                                "`{}` can only implement interfaces, and `{}` is {} {found}",
                                def.name,
                                named.name,
                                article(found)
                            ),
                            named.span,
                        )
                        .at(&def.name),
                    );
                    continue;
                }
                None => {
                    self.error(
                        Diagnostic::error(
                            format!("unknown interface `{}`", named.name),
                            named.span,
                        )
                        .label("not defined in this schema")
                        .at(&def.name),
                    );
                    continue;
                }
            };
            for transitive in &interface.implements {
                if transitive.name != def.name
                    && !implements.iter().any(|n| n.name == transitive.name)
                {
                    self.error(
                        Diagnostic::error(
                            format!(
                                "`{}` must also implement `{}`, which `{}` implements",
                                def.name, transitive.name, named.name
                            ),
                            named.span,
                        )
                        .at(&def.name)
                        .help(format!(
                            "add `& {}` to its `implements` list",
                            transitive.name
                        )),
                    );
                }
            }
            for wanted in &interface.fields {
                self.field_contract(def, &named.name, wanted, fields);
            }
        }
    }

    fn field_contract(&mut self, def: &TypeDef, interface: &str, wanted: &Field, fields: &[Field]) {
        let coordinate = format!("{}.{}", def.name, wanted.name);
        let Some(field) = fields.iter().find(|f| f.name == wanted.name) else {
            self.error(
                Diagnostic::error(format!("`{}` does not satisfy the interface `{interface}`: the field `{}` is missing", def.name, wanted.name), def.span)
                    .at(&def.name)
                    .help(format!("add `{}: {}`", wanted.name, wanted.ty)),
            );
            return;
        };
        if !is_subtype(self.schema, &field.ty, &wanted.ty) {
            self.error(
                Diagnostic::error(
                    format!(
                        "`{coordinate}` is `{}`, but the interface `{interface}` declares it `{}`",
                        field.ty, wanted.ty
                    ),
                    field.span,
                )
                .at(&coordinate)
                .help(format!("use `{}` or a subtype of it", wanted.ty)),
            );
        }
        for arg in &wanted.args {
            match field.args.iter().find(|a| a.name == arg.name) {
                None => self.error(
                    Diagnostic::error(format!("`{coordinate}` lacks the argument `{}: {}` that `{interface}.{}` declares", arg.name, arg.ty, wanted.name), field.span)
                        .at(&coordinate),
                ),
                Some(own) if own.ty != arg.ty => self.error(
                    Diagnostic::error(format!("the argument `{coordinate}({}:)` is `{}`, but `{interface}.{}` declares it `{}`", arg.name, own.ty, wanted.name, arg.ty), own.span)
                        .at(format!("{coordinate}({}:)", arg.name)),
                ),
                Some(_) => {}
            }
        }
        for own in &field.args {
            if own.ty.is_non_null()
                && own.default.is_none()
                && !wanted.args.iter().any(|a| a.name == own.name)
            {
                self.error(
                    Diagnostic::error(format!("the argument `{coordinate}({}:)` must be optional: `{interface}.{}` does not declare it", own.name, wanted.name), own.span)
                        .at(format!("{coordinate}({}:)", own.name)),
                );
            }
        }
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
                None => self.error(
                    Diagnostic::error(format!("unknown type `{}`", member.name), member.span)
                        .label("not defined in this schema")
                        .at(&def.name),
                ),
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
        if let Some(path) = non_null_cycle(self.schema, &def.name, &mut vec![def.name.clone()]) {
            self.error(
                Diagnostic::error(
                    format!(
                        "the input object `{}` cannot contain itself through non-null fields: {}",
                        def.name,
                        path.join(" → ")
                    ),
                    def.span,
                )
                .at(&def.name)
                .help("make one field of the cycle nullable or a list"),
            );
        }
    }

    fn directive_def(&mut self, directive: &DirectiveDef) {
        let coordinate = format!("@{}", directive.name);
        self.reserved_name(&directive.name, directive.span, &coordinate);
        self.arguments(&coordinate, &directive.args);
    }

    fn applied(
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
            let (repeatable, locations, args): (bool, Vec<DirectiveLocation>, &[InputValue]) =
                match def {
                    Some(def) => (def.repeatable, def.locations.clone(), &def.args),
                    None => match builtin_locations(&applied.name) {
                        Some(locations) => (false, locations, &[]),
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
            if def.is_some() {
                self.directive_args(applied, args, coordinate);
            }
        }
    }

    fn directive_args(
        &mut self,
        applied: &AppliedDirective,
        args: &[InputValue],
        coordinate: &str,
    ) {
        for (name, value) in &applied.args {
            match args.iter().find(|a| &a.name == name) {
                None => self.error(
                    Diagnostic::error(
                        format!("the directive `@{}` has no argument `{name}`", applied.name),
                        applied.span,
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
                                applied.span,
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
    .filter(|_| BUILTIN_DIRECTIVES.contains(&name))
}

/// Whether a field of type `sub` satisfies an interface field of type `sup`.
pub fn is_subtype(schema: &Schema, sub: &TypeRef, sup: &TypeRef) -> bool {
    match (sub, sup) {
        (TypeRef::NonNull(a), TypeRef::NonNull(b)) => is_subtype(schema, a, b),
        (_, TypeRef::NonNull(_)) => false,
        (TypeRef::NonNull(a), b) => is_subtype(schema, a, b),
        (TypeRef::List(a), TypeRef::List(b)) => is_subtype(schema, a, b),
        (TypeRef::List(_), _) | (_, TypeRef::List(_)) => false,
        (TypeRef::Named(a), TypeRef::Named(b)) => {
            a == b
                || match schema.get(b).map(|d| &d.kind) {
                    Some(TypeKind::Union(u)) => u.members.iter().any(|m| &m.name == a),
                    Some(TypeKind::Interface(_)) => match schema.get(a).map(|d| &d.kind) {
                        Some(TypeKind::Object(o)) => o.implements.iter().any(|n| &n.name == b),
                        Some(TypeKind::Interface(i)) => i.implements.iter().any(|n| &n.name == b),
                        _ => false,
                    },
                    _ => false,
                }
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

/// Every interface's implementing object types, in definition order.
fn interface_members(schema: &Schema) -> HashMap<String, Vec<Member>> {
    let mut members: HashMap<String, Vec<Member>> = HashMap::new();
    for (def, object) in schema.objects() {
        for named in &object.implements {
            members.entry(named.name.clone()).or_default().push(Member {
                name: def.name.clone(),
                span: def.span,
                boxed: false,
            });
        }
    }
    members
}
