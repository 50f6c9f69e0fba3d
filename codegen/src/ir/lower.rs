//! AST to IR: every definition and extension merged into one `TypeDef` per
//! name, with positions turned into spans under the names. Reports what only
//! merging can see: duplicate definitions and members, and extensions of
//! types that do not exist or are of another kind.

use std::collections::HashMap;

use graphql_parser::schema as ast;

use super::*;
use crate::config::DuplicateFields;
use crate::source::LineIndex;

struct Lowering<'a> {
    index: LineIndex<'a>,
    config: &'a Config,
    diagnostics: &'a mut Vec<Diagnostic>,
}

pub fn lower(
    ast: Ast,
    prepared: &Prepared,
    config: &Config,
    diagnostics: &mut Vec<Diagnostic>,
) -> Schema {
    let mut lowering = Lowering {
        index: LineIndex::new(&prepared.text),
        config,
        diagnostics,
    };
    let mut types: Vec<TypeDef> = Vec::new();
    let mut by_name: HashMap<String, usize> = HashMap::new();
    let mut extensions = Vec::new();
    let mut directives: Vec<DirectiveDef> = Vec::new();
    let mut schema_definitions = Vec::new();
    for definition in ast.definitions {
        match definition {
            ast::Definition::TypeDefinition(def) => {
                let def = lowering.type_definition(def);
                if BUILTIN_SCALARS.contains(&def.name.as_str())
                    && matches!(def.kind, TypeKind::Scalar(_))
                {
                    continue;
                }
                if let Some(&first) = by_name.get(&def.name) {
                    let first = &types[first];
                    lowering.diagnostics.push(
                        Diagnostic::error(
                            format!("the type `{}` is defined twice", def.name),
                            def.span,
                        )
                        .label("defined again here")
                        .at(&def.name)
                        .help(format!(
                            "the first definition is at line {}",
                            first.span.line
                        )),
                    );
                    continue;
                }
                by_name.insert(def.name.clone(), types.len());
                types.push(def);
            }
            ast::Definition::TypeExtension(ext) => extensions.push(ext),
            ast::Definition::DirectiveDefinition(def) => {
                let def = lowering.directive_definition(def);
                if let Some(first) = directives.iter().find(|d| d.name == def.name) {
                    let line = first.span.line;
                    lowering.diagnostics.push(
                        Diagnostic::error(
                            format!("the directive `@{}` is defined twice", def.name),
                            def.span,
                        )
                        .at(format!("@{}", def.name))
                        .help(format!("the first definition is at line {line}")),
                    );
                    continue;
                }
                directives.push(def);
            }
            ast::Definition::SchemaDefinition(def) => schema_definitions.push(def),
        }
    }
    for ext in extensions {
        lowering.extend(ext, &mut types, &by_name);
    }
    let [query, mutation, subscription] = lowering.roots(&schema_definitions, prepared, &by_name);
    let root_spans = [&query, &mutation, &subscription].map(|o| o.as_ref().map(|(_, s)| *s));
    let schema_span = schema_definitions
        .first()
        .map(|def| lowering.name_span(def.position, "schema"))
        .or(prepared.schema_extensions.first().map(|e| e.span));
    let mut schema_directives: Vec<AppliedDirective> = prepared
        .schema_extensions
        .iter()
        .flat_map(|e| e.directives.iter())
        .map(|d| AppliedDirective {
            name: d.name.clone(),
            span: d.span,
            args: d.arguments.clone(),
        })
        .collect();
    for def in schema_definitions.into_iter().take(1) {
        schema_directives.extend(lowering.directives(def.directives));
    }
    Schema {
        description: prepared.schema_description.clone(),
        query: query.map_or_else(|| "Query".to_string(), |(name, _)| name),
        mutation: mutation.map(|(name, _)| name),
        subscription: subscription.map(|(name, _)| name),
        root_spans,
        schema_span,
        schema_directives,
        types,
        directives,
        error_type: config.error_type().to_string(),
        keep_first_duplicate_fields: config.duplicate_fields == DuplicateFields::Warn,
        index: HashMap::new(),
    }
}

impl Lowering<'_> {
    fn name_span(&self, pos: graphql_parser::Pos, name: &str) -> Span {
        self.index.name_span(pos.line, pos.column, name)
    }

    fn type_definition(&mut self, def: ast::TypeDefinition<'static, String>) -> TypeDef {
        use ast::TypeDefinition as D;
        let (name, description, pos, directives, kind) = match def {
            D::Scalar(s) => {
                let specified_by = directive_arg(&s.directives, "specifiedBy", "url");
                let rust_type = self.config.scalar_type(&s.name);
                let kind = TypeKind::Scalar(Scalar {
                    specified_by,
                    rust_type,
                });
                (s.name, s.description, s.position, s.directives, kind)
            }
            D::Object(o) => {
                let coordinate = o.name.clone();
                let kind = TypeKind::Object(Object {
                    implements: self.named_list(o.position, "implements", &o.implements_interfaces),
                    fields: self.fields(&coordinate, o.fields, &mut HashMap::new()),
                    backing: Backing::Generated,
                    trait_name: String::new(),
                });
                (o.name, o.description, o.position, o.directives, kind)
            }
            D::Interface(i) => {
                let coordinate = i.name.clone();
                let kind = TypeKind::Interface(Interface {
                    implements: self.named_list(i.position, "implements", &i.implements_interfaces),
                    fields: self.fields(&coordinate, i.fields, &mut HashMap::new()),
                    members: Vec::new(),
                });
                (i.name, i.description, i.position, i.directives, kind)
            }
            D::Union(u) => {
                let members = self.members(&u.name, u.position, &u.types, &mut Vec::new());
                (
                    u.name,
                    u.description,
                    u.position,
                    u.directives,
                    TypeKind::Union(Union { members }),
                )
            }
            D::Enum(e) => {
                let values = self.enum_values(&e.name, e.values, &mut Vec::new());
                (
                    e.name,
                    e.description,
                    e.position,
                    e.directives,
                    TypeKind::Enum(Enum { values }),
                )
            }
            D::InputObject(i) => {
                let one_of = i.directives.iter().any(|d| d.name == "oneOf");
                let fields = self.input_values(&i.name, i.fields, &mut Vec::new());
                let kind = TypeKind::InputObject(InputObject { fields, one_of });
                (i.name, i.description, i.position, i.directives, kind)
            }
        };
        TypeDef {
            span: self.name_span(pos, &name),
            rust_name: String::new(),
            directives: self.directives(directives),
            name,
            description,
            kind,
        }
    }

    fn extend(
        &mut self,
        ext: ast::TypeExtension<'static, String>,
        types: &mut [TypeDef],
        by_name: &HashMap<String, usize>,
    ) {
        use ast::TypeExtension as E;
        let (name, pos, wanted) = match &ext {
            E::Scalar(e) => (e.name.clone(), e.position, "scalar"),
            E::Object(e) => (e.name.clone(), e.position, "object type"),
            E::Interface(e) => (e.name.clone(), e.position, "interface"),
            E::Union(e) => (e.name.clone(), e.position, "union"),
            E::Enum(e) => (e.name.clone(), e.position, "enum"),
            E::InputObject(e) => (e.name.clone(), e.position, "input object"),
        };
        let span = self.name_span(pos, &name);
        let Some(&at) = by_name.get(&name) else {
            self.diagnostics.push(
                Diagnostic::error(
                    format!("cannot extend `{name}`: no such type is defined"),
                    span,
                )
                .label("extended here")
                .at(&name),
            );
            return;
        };
        let target = &mut types[at];
        if target.kind_name() != wanted {
            let found = target.kind_name();
            self.diagnostics.push(
                Diagnostic::error(
                    format!(
                        "cannot extend `{name}` as {} {wanted}: it is {} {found}",
                        article(wanted),
                        article(found)
                    ),
                    span,
                )
                .at(&name),
            );
            return;
        }
        let mut seen_fields: HashMap<String, Span> = target
            .fields()
            .iter()
            .map(|f| (f.name.clone(), f.span))
            .collect();
        let directives = match (ext, &mut target.kind) {
            (E::Scalar(e), _) => e.directives,
            (E::Object(e), TypeKind::Object(o)) => {
                o.implements.extend(self.named_list(
                    e.position,
                    "implements",
                    &e.implements_interfaces,
                ));
                o.fields
                    .extend(self.fields(&name, e.fields, &mut seen_fields));
                e.directives
            }
            (E::Interface(e), TypeKind::Interface(i)) => {
                i.implements.extend(self.named_list(
                    e.position,
                    "implements",
                    &e.implements_interfaces,
                ));
                i.fields
                    .extend(self.fields(&name, e.fields, &mut seen_fields));
                e.directives
            }
            (E::Union(e), TypeKind::Union(u)) => {
                let mut seen = u.members.clone();
                u.members
                    .extend(self.members(&name, e.position, &e.types, &mut seen));
                e.directives
            }
            (E::Enum(e), TypeKind::Enum(en)) => {
                let mut seen = en.values.iter().map(|v| v.name.clone()).collect();
                en.values
                    .extend(self.enum_values(&name, e.values, &mut seen));
                e.directives
            }
            (E::InputObject(e), TypeKind::InputObject(i)) => {
                let mut seen = i.fields.iter().map(|f| f.name.clone()).collect();
                i.fields
                    .extend(self.input_values(&name, e.fields, &mut seen));
                i.one_of |= e.directives.iter().any(|d| d.name == "oneOf");
                e.directives
            }
            _ => unreachable!("kinds were compared above"),
        };
        if let TypeKind::Scalar(s) = &mut target.kind
            && let Some(url) = directive_arg(&directives, "specifiedBy", "url")
        {
            s.specified_by = Some(url);
        }
        let lowered = self.directives(directives);
        types[at].directives.extend(lowered);
    }

    fn roots(
        &mut self,
        definitions: &[ast::SchemaDefinition<'static, String>],
        prepared: &Prepared,
        by_name: &HashMap<String, usize>,
    ) -> [Option<(String, Span)>; 3] {
        let mut ops: [Option<(String, Span)>; 3] = Default::default();
        let mut any_schema = false;
        for (i, def) in definitions.iter().enumerate() {
            let span = self
                .index
                .name_span(def.position.line, def.position.column, "schema");
            if i > 0 {
                self.diagnostics.push(
                    Diagnostic::error("the schema is defined twice", span)
                        .help("use `extend schema` to add to it"),
                );
                continue;
            }
            any_schema = true;
            for (slot, value) in ops
                .iter_mut()
                .zip([&def.query, &def.mutation, &def.subscription])
            {
                *slot = value.clone().map(|v| {
                    let span = self.name_span(def.position, &v);
                    (v, span)
                });
            }
        }
        for ext in &prepared.schema_extensions {
            for (op, ty, span) in &ext.operations {
                let slot = match op.as_str() {
                    "query" => &mut ops[0],
                    "mutation" => &mut ops[1],
                    "subscription" => &mut ops[2],
                    other => {
                        self.diagnostics.push(Diagnostic::error(
                            format!("`{other}` is not an operation type (query, mutation or subscription)"),
                            *span,
                        ));
                        continue;
                    }
                };
                if slot.is_some() {
                    self.diagnostics.push(
                        Diagnostic::error(format!("the {op} root type is already defined"), *span)
                            .at(format!("schema.{op}")),
                    );
                } else {
                    *slot = Some((ty.clone(), *span));
                }
            }
        }
        if !any_schema && prepared.schema_extensions.is_empty() {
            for (slot, default) in ops.iter_mut().zip(["Query", "Mutation", "Subscription"]) {
                if by_name.contains_key(default) {
                    *slot = Some((default.to_string(), Span::default()));
                }
            }
        }
        ops
    }
}

impl Lowering<'_> {
    /// The names listed after `marker` (`implements`, or a union's `=`) in
    /// the definition at `pos`, each with the span of its own occurrence.
    fn named_list(&self, pos: graphql_parser::Pos, marker: &str, names: &[String]) -> Vec<Named> {
        let spans = self.index.list_spans(pos.line, pos.column, marker, names);
        names
            .iter()
            .zip(spans)
            .map(|(name, span)| Named {
                name: name.clone(),
                span,
            })
            .collect()
    }

    fn members(
        &mut self,
        union: &str,
        pos: graphql_parser::Pos,
        names: &[String],
        seen: &mut Vec<Member>,
    ) -> Vec<Member> {
        let mut out = Vec::new();
        for named in self.named_list(pos, "=", names) {
            if seen.iter().any(|m| m.name == named.name) {
                self.diagnostics.push(
                    Diagnostic::error(
                        format!("`{}` is a member of the union `{union}` twice", named.name),
                        named.span,
                    )
                    .at(union),
                );
                continue;
            }
            let member = Member {
                name: named.name,
                span: named.span,
                boxed: false,
            };
            seen.push(member.clone());
            out.push(member);
        }
        out
    }

    fn fields(
        &mut self,
        owner: &str,
        fields: Vec<ast::Field<'static, String>>,
        seen: &mut HashMap<String, Span>,
    ) -> Vec<Field> {
        let mut out = Vec::new();
        for field in fields {
            let span = self.name_span(field.position, &field.name);
            let coordinate = format!("{owner}.{}", field.name);
            if let Some(first) = seen.get(&field.name) {
                let message = format!("the field `{coordinate}` is defined twice");
                let first = first.line;
                let diagnostic = match self.config.duplicate_fields {
                    DuplicateFields::Error => Diagnostic::error(message, span).help(format!(
                        "the first definition is at line {first}; remove one, or set \
                         `duplicate_fields = \"warn\"` in codegen.toml to keep it"
                    )),
                    DuplicateFields::Warn => Diagnostic::warning(message, span).help(format!(
                        "the first definition, at line {first}, is kept (`duplicate_fields = \"warn\"`)"
                    )),
                };
                self.diagnostics
                    .push(diagnostic.label("defined again here").at(coordinate));
                continue;
            }
            seen.insert(field.name.clone(), span);
            let args = self.arguments(&coordinate, field.arguments);
            out.push(Field {
                rust_name: String::new(),
                description: field.description,
                span,
                args,
                ty: type_ref(&field.field_type),
                deprecated: deprecation(&field.directives),
                directives: self.directives(field.directives),
                resolution: Resolution::Method {
                    why: None,
                    batch: false,
                },
                boxed: false,
                args_struct: None,
                name: field.name,
            });
        }
        out
    }

    fn arguments(
        &mut self,
        field: &str,
        args: Vec<ast::InputValue<'static, String>>,
    ) -> Vec<InputValue> {
        let mut seen = Vec::new();
        let mut out = Vec::new();
        for arg in args {
            let coordinate = format!("{field}({}:)", arg.name);
            if seen.contains(&arg.name) {
                let span = self.name_span(arg.position, &arg.name);
                self.diagnostics.push(
                    Diagnostic::error(
                        format!("the argument `{coordinate}` is defined twice"),
                        span,
                    )
                    .at(coordinate),
                );
                continue;
            }
            seen.push(arg.name.clone());
            out.push(self.input_value(arg));
        }
        out
    }

    fn input_values(
        &mut self,
        owner: &str,
        fields: Vec<ast::InputValue<'static, String>>,
        seen: &mut Vec<String>,
    ) -> Vec<InputValue> {
        let mut out = Vec::new();
        for field in fields {
            let coordinate = format!("{owner}.{}", field.name);
            if seen.contains(&field.name) {
                let span = self.name_span(field.position, &field.name);
                self.diagnostics.push(
                    Diagnostic::error(
                        format!("the input field `{coordinate}` is defined twice"),
                        span,
                    )
                    .at(coordinate),
                );
                continue;
            }
            seen.push(field.name.clone());
            out.push(self.input_value(field));
        }
        out
    }

    fn input_value(&mut self, value: ast::InputValue<'static, String>) -> InputValue {
        InputValue {
            span: self.name_span(value.position, &value.name),
            rust_name: String::new(),
            description: value.description,
            ty: type_ref(&value.value_type),
            default: value.default_value,
            deprecated: deprecation(&value.directives),
            directives: self.directives(value.directives),
            boxed: false,
            name: value.name,
        }
    }

    fn enum_values(
        &mut self,
        owner: &str,
        values: Vec<ast::EnumValue<'static, String>>,
        seen: &mut Vec<String>,
    ) -> Vec<EnumValue> {
        let mut out = Vec::new();
        for value in values {
            let span = self.name_span(value.position, &value.name);
            let coordinate = format!("{owner}.{}", value.name);
            if seen.contains(&value.name) {
                self.diagnostics.push(
                    Diagnostic::error(
                        format!("the enum value `{coordinate}` is defined twice"),
                        span,
                    )
                    .at(coordinate),
                );
                continue;
            }
            seen.push(value.name.clone());
            out.push(EnumValue {
                rust_name: String::new(),
                description: value.description,
                span,
                deprecated: deprecation(&value.directives),
                directives: self.directives(value.directives),
                name: value.name,
            });
        }
        out
    }

    fn directives(
        &self,
        directives: Vec<ast::Directive<'static, String>>,
    ) -> Vec<AppliedDirective> {
        directives
            .into_iter()
            .map(|d| AppliedDirective {
                span: self.name_span(d.position, &d.name),
                name: d.name,
                args: d.arguments,
            })
            .collect()
    }

    fn directive_definition(
        &mut self,
        def: ast::DirectiveDefinition<'static, String>,
    ) -> DirectiveDef {
        let coordinate = format!("@{}", def.name);
        DirectiveDef {
            span: self.name_span(def.position, &def.name),
            description: def.description,
            args: self.arguments(&coordinate, def.arguments),
            repeatable: def.repeatable,
            locations: def.locations,
            name: def.name,
        }
    }
}

fn type_ref(ty: &ast::Type<'static, String>) -> TypeRef {
    match ty {
        ast::Type::NamedType(name) => TypeRef::Named(name.clone()),
        ast::Type::ListType(inner) => TypeRef::List(Box::new(type_ref(inner))),
        ast::Type::NonNullType(inner) => TypeRef::NonNull(Box::new(type_ref(inner))),
    }
}

fn deprecation(directives: &[ast::Directive<'static, String>]) -> Option<Deprecated> {
    let directive = directives.iter().find(|d| d.name == "deprecated")?;
    let reason = directive
        .arguments
        .iter()
        .find_map(|(name, value)| match value {
            Value::String(reason) if name == "reason" => Some(reason.clone()),
            _ => None,
        });
    Some(Deprecated { reason })
}

fn directive_arg(
    directives: &[ast::Directive<'static, String>],
    name: &str,
    arg: &str,
) -> Option<String> {
    directives
        .iter()
        .filter(|d| d.name == name)
        .flat_map(|d| &d.arguments)
        .find_map(|(n, v)| match v {
            Value::String(s) if n == arg => Some(s.clone()),
            _ => None,
        })
}
