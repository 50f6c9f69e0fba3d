//! Interface contracts: what an object or interface must declare to
//! implement an interface (fields with subtypes, the same arguments, every
//! transitively implemented interface), and which objects implement each.

use std::collections::{HashMap, HashSet};

use super::Checker;
use crate::ir::*;

impl Checker<'_> {
    pub(super) fn implements(&mut self, def: &TypeDef, implements: &[Named], fields: &[Field]) {
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
                    let is_interface = |name: &str| {
                        self.schema
                            .get(name)
                            .is_some_and(|t| matches!(t.kind, TypeKind::Interface(_)))
                    };
                    self.error(
                        self.unknown("interface", &named.name, named.span, is_interface)
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
                    self.index.type_ref_span(field.span.line, field.span.column),
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
                    Diagnostic::error(format!("the argument `{coordinate}({}:)` is `{}`, but `{interface}.{}` declares it `{}`", arg.name, own.ty, wanted.name, arg.ty), self.index.type_ref_span(own.span.line, own.span.column))
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

/// Every interface's implementing object types, in definition order.
pub(super) fn interface_members(schema: &Schema) -> HashMap<String, Vec<Member>> {
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
