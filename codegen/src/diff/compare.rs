//! The walk over two contracts: types by name, then what each kind holds
//! (fields with their arguments, input fields, enum values, union members,
//! implemented interfaces), then directive definitions and the schema's
//! roots. A type whose kind changed is one change; nothing inside a removed
//! or added definition is reported again.

use std::collections::HashSet;

use super::rules::{
    input_change_is_safe, input_reason, is_executable, is_required, output_change_is_safe,
    output_reason,
};
use super::usages;
use super::{Change, ChangeKind, Level};
use crate::ir::{
    AppliedDirective, Deprecated, DirectiveDef, EnumValue, Field, InputValue, Member, Named,
    Schema, TypeDef, TypeKind,
};
use crate::source::Span;

pub(super) fn compare(old: &Schema, new: &Schema) -> Vec<Change> {
    let mut differ = Differ {
        changes: Vec::new(),
        output_types: output_types(new),
    };
    differ.roots(old, new);
    differ.description("schema", None, &old.description, &new.description);
    usages::compare(
        &mut differ.changes,
        "schema",
        &old.schema_directives,
        &new.schema_directives,
    );
    for old_type in &old.types {
        match new.get(&old_type.name) {
            Some(new_type) => differ.type_def(old_type, new_type),
            None => differ.push(
                Change::new(
                    ChangeKind::TypeRemoved,
                    &old_type.name,
                    format!("{} `{}` was removed", old_type.kind_name(), old_type.name),
                )
                .level(
                    Level::Breaking,
                    "a request that names it, or selects a field of its type, becomes invalid",
                )
                .spans(Some(old_type.span), None)
                .touches([old_type.name.clone()]),
            ),
        }
    }
    for new_type in new.types.iter().filter(|t| old.get(&t.name).is_none()) {
        differ.push(
            Change::new(
                ChangeKind::TypeAdded,
                &new_type.name,
                format!("{} `{}` was added", new_type.kind_name(), new_type.name),
            )
            .level(Level::Safe, "no request could use it before")
            .spans(None, Some(new_type.span)),
        );
    }
    differ.directives(old, new);
    differ.changes
}

/// Named types that some object or interface field returns.
fn output_types(schema: &Schema) -> HashSet<String> {
    schema
        .types
        .iter()
        .flat_map(TypeDef::fields)
        .map(|f| f.ty.base().to_owned())
        .collect()
}

struct Differ {
    changes: Vec<Change>,
    output_types: HashSet<String>,
}

impl Change {
    fn new(kind: ChangeKind, coordinate: &str, message: String) -> Change {
        Change {
            level: Level::Safe,
            kind,
            coordinate: coordinate.to_owned(),
            message,
            reason: String::new(),
            old_value: None,
            new_value: None,
            old_span: None,
            new_span: None,
            anchor: None,
            touches: vec![coordinate.to_owned()],
        }
    }

    fn level(mut self, level: Level, reason: impl Into<String>) -> Change {
        self.level = level;
        self.reason = reason.into();
        self
    }

    fn spans(mut self, old: Option<Span>, new: Option<Span>) -> Change {
        self.old_span = old;
        self.new_span = new;
        self
    }

    fn values(mut self, old: Option<String>, new: Option<String>) -> Change {
        self.old_value = old;
        self.new_value = new;
        self
    }

    fn anchor(mut self, anchor: Span) -> Change {
        self.anchor = Some(anchor);
        self
    }

    fn touches(mut self, coordinates: impl IntoIterator<Item = String>) -> Change {
        self.touches = coordinates.into_iter().collect();
        self
    }
}

impl Differ {
    fn push(&mut self, change: Change) {
        self.changes.push(change);
    }

    fn roots(&mut self, old: &Schema, new: &Schema) {
        let roots = [
            ("query", Some(&old.query), Some(&new.query), 0),
            ("mutation", old.mutation.as_ref(), new.mutation.as_ref(), 1),
            (
                "subscription",
                old.subscription.as_ref(),
                new.subscription.as_ref(),
                2,
            ),
        ];
        for (operation, before, after, slot) in roots {
            if before == after {
                continue;
            }
            let (level, message, reason) = match (before, after) {
                (Some(before), Some(after)) => (
                    Level::Breaking,
                    format!("the {operation} root changed from `{before}` to `{after}`"),
                    "fragments on the old root no longer apply, and `__typename` answers differ",
                ),
                (Some(before), None) => (
                    Level::Breaking,
                    format!("the schema no longer has a {operation} root (`{before}`)"),
                    "every request of that operation type becomes invalid",
                ),
                (None, Some(after)) => (
                    Level::Safe,
                    format!("the schema has a new {operation} root, `{after}`"),
                    "no request could use it before",
                ),
                (None, None) => continue,
            };
            let span = |schema: &Schema| schema.root_spans[slot].or(schema.schema_span);
            self.push(
                Change::new(ChangeKind::RootTypeChanged, "schema", message)
                    .level(level, reason)
                    .values(before.cloned(), after.cloned())
                    .spans(span(old), span(new))
                    .touches([format!("schema.{operation}")]),
            );
        }
    }

    fn type_def(&mut self, old: &TypeDef, new: &TypeDef) {
        if std::mem::discriminant(&old.kind) != std::mem::discriminant(&new.kind) {
            self.push(
                Change::new(
                    ChangeKind::TypeKindChanged,
                    &new.name,
                    format!(
                        "`{}` changed from {} {} to {} {}",
                        new.name,
                        article(old.kind_name()),
                        old.kind_name(),
                        article(new.kind_name()),
                        new.kind_name()
                    ),
                )
                .level(
                    Level::Breaking,
                    "requests written for the old kind may not be valid for the new",
                )
                .values(Some(old.kind_name().into()), Some(new.kind_name().into()))
                .spans(Some(old.span), Some(new.span)),
            );
            return;
        }
        self.description(
            &new.name,
            Some(new.span),
            &old.description,
            &new.description,
        );
        usages::compare(
            &mut self.changes,
            &new.name,
            &old.directives,
            &new.directives,
        );
        match (&old.kind, &new.kind) {
            (TypeKind::Object(o), TypeKind::Object(n)) => {
                self.fields(new, &o.fields, &n.fields);
                self.interfaces(new, &o.implements, &n.implements);
            }
            (TypeKind::Interface(o), TypeKind::Interface(n)) => {
                self.fields(new, &o.fields, &n.fields);
                self.interfaces(new, &o.implements, &n.implements);
            }
            (TypeKind::Union(o), TypeKind::Union(n)) => self.members(new, &o.members, &n.members),
            (TypeKind::Enum(o), TypeKind::Enum(n)) => self.enum_values(new, o, n),
            (TypeKind::InputObject(o), TypeKind::InputObject(n)) => {
                self.input_fields(new, &o.fields, &n.fields);
                self.one_of(new, o.one_of, n.one_of);
            }
            (TypeKind::Scalar(o), TypeKind::Scalar(n)) if o.specified_by != n.specified_by => {
                self.push(
                    Change::new(
                        ChangeKind::SpecifiedByChanged,
                        &new.name,
                        format!("the specification of scalar `{}` changed", new.name),
                    )
                    .level(Level::Dangerous, "its values may now follow another format")
                    .values(o.specified_by.clone(), n.specified_by.clone())
                    .spans(Some(old.span), Some(new.span)),
                );
            }
            _ => {}
        }
    }

    fn fields(&mut self, owner: &TypeDef, old: &[Field], new: &[Field]) {
        for old_field in old {
            let coordinate = format!("{}.{}", owner.name, old_field.name);
            let Some(new_field) = new.iter().find(|f| f.name == old_field.name) else {
                let mut reason = String::from("a request that selects it becomes invalid");
                if let Some(deprecated) = &old_field.deprecated {
                    reason.push_str(&format!(
                        ", although it was deprecated{}",
                        deprecation_reason(deprecated)
                    ));
                }
                self.push(
                    Change::new(
                        ChangeKind::FieldRemoved,
                        &coordinate,
                        format!("field `{coordinate}` was removed"),
                    )
                    .level(Level::Breaking, reason)
                    .values(Some(old_field.ty.to_string()), None)
                    .spans(Some(old_field.span), None)
                    .anchor(owner.span),
                );
                continue;
            };
            self.field(&coordinate, old_field, new_field);
        }
        for new_field in new.iter().filter(|n| !old.iter().any(|o| o.name == n.name)) {
            let coordinate = format!("{}.{}", owner.name, new_field.name);
            self.push(
                Change::new(
                    ChangeKind::FieldAdded,
                    &coordinate,
                    format!("field `{coordinate}` was added"),
                )
                .level(Level::Safe, "no request could select it before")
                .values(None, Some(new_field.ty.to_string()))
                .spans(None, Some(new_field.span)),
            );
        }
    }

    fn field(&mut self, coordinate: &str, old: &Field, new: &Field) {
        if old.ty != new.ty {
            let safe = output_change_is_safe(&old.ty, &new.ty);
            self.push(
                Change::new(
                    ChangeKind::FieldTypeChanged,
                    coordinate,
                    format!(
                        "field `{coordinate}` changed type from `{}` to `{}`",
                        old.ty, new.ty
                    ),
                )
                .level(
                    if safe { Level::Safe } else { Level::Breaking },
                    output_reason(&old.ty, &new.ty, safe),
                )
                .values(Some(old.ty.to_string()), Some(new.ty.to_string()))
                .spans(Some(old.span), Some(new.span)),
            );
        }
        self.annotations(coordinate, old, new);
        let arguments = Arguments {
            owner: coordinate,
            kind: ArgumentKinds::FIELD,
            executable: true,
            anchor: new.span,
        };
        self.arguments(&arguments, &old.args, &new.args);
    }

    fn arguments(&mut self, of: &Arguments, old: &[InputValue], new: &[InputValue]) {
        for old_arg in old {
            let coordinate = format!("{}({}:)", of.owner, old_arg.name);
            let Some(new_arg) = new.iter().find(|a| a.name == old_arg.name) else {
                let (level, reason) = if of.executable {
                    (Level::Breaking, "a request that gives it becomes invalid")
                } else {
                    (Level::Safe, NOT_EXECUTABLE)
                };
                self.push(
                    Change::new(
                        of.kind.removed,
                        &coordinate,
                        format!("argument `{coordinate}` was removed"),
                    )
                    .level(level, reason)
                    .values(Some(old_arg.ty.to_string()), None)
                    .spans(Some(old_arg.span), None)
                    .anchor(of.anchor),
                );
                continue;
            };
            self.input_value(&coordinate, of.kind, of.executable, old_arg, new_arg);
        }
        for new_arg in new.iter().filter(|n| !old.iter().any(|o| o.name == n.name)) {
            let coordinate = format!("{}({}:)", of.owner, new_arg.name);
            let (level, reason) = if !of.executable {
                (Level::Safe, NOT_EXECUTABLE)
            } else if is_required(new_arg) {
                (
                    Level::Breaking,
                    "it is required: a request that omits it becomes invalid",
                )
            } else {
                (
                    Level::Dangerous,
                    "requests that omit it stay valid, but what they get may depend on it",
                )
            };
            let required = if is_required(new_arg) {
                "required "
            } else {
                ""
            };
            self.push(
                Change::new(
                    of.kind.added,
                    &coordinate,
                    format!("{required}argument `{coordinate}` was added"),
                )
                .level(level, reason)
                .values(None, Some(new_arg.ty.to_string()))
                .spans(None, Some(new_arg.span))
                .touches([of.owner.to_owned()]),
            );
        }
    }

    /// An argument or input field in both contracts: its type, default,
    /// description, deprecation and directives.
    fn input_value(
        &mut self,
        coordinate: &str,
        kind: ArgumentKinds,
        executable: bool,
        old: &InputValue,
        new: &InputValue,
    ) {
        let what = kind.what;
        let owner = owner_of(coordinate);
        if old.ty != new.ty {
            let safe = input_change_is_safe(&old.ty, &new.ty);
            let (level, reason) = match (executable, safe) {
                (false, _) => (Level::Safe, NOT_EXECUTABLE.to_owned()),
                (true, safe) => (
                    if safe { Level::Safe } else { Level::Breaking },
                    input_reason(&new.ty, safe),
                ),
            };
            self.push(
                Change::new(
                    kind.type_changed,
                    coordinate,
                    format!(
                        "{what} `{coordinate}` changed type from `{}` to `{}`",
                        old.ty, new.ty
                    ),
                )
                .level(level, reason)
                .values(Some(old.ty.to_string()), Some(new.ty.to_string()))
                .spans(Some(old.span), Some(new.span))
                .touches(kind.value_touches(coordinate)),
            );
        }
        if old.default != new.default {
            let show = |v: &Option<crate::ir::Value>| v.as_ref().map(ToString::to_string);
            let (old_default, new_default) = (show(&old.default), show(&new.default));
            let message = match (&old_default, &new_default) {
                (Some(o), Some(n)) => {
                    format!("the default of {what} `{coordinate}` changed from `{o}` to `{n}`")
                }
                (Some(o), None) => {
                    format!("the default `{o}` of {what} `{coordinate}` was removed")
                }
                (None, Some(n)) => format!("{what} `{coordinate}` has a new default, `{n}`"),
                (None, None) => unreachable!("the defaults differ"),
            };
            let (level, reason) = if !executable {
                (Level::Safe, NOT_EXECUTABLE)
            } else if is_required(new) && !is_required(old) && old.ty.is_non_null() {
                (
                    Level::Breaking,
                    "it is now required: a request that omits it becomes invalid",
                )
            } else if is_required(old) && !is_required(new) {
                (Level::Safe, "it was required: every request gave it")
            } else {
                (Level::Dangerous, "requests that omit it get another value")
            };
            self.push(
                Change::new(kind.default_changed, coordinate, message)
                    .level(level, reason)
                    .values(old_default, new_default)
                    .spans(Some(old.span), Some(new.span))
                    .touches(kind.owner_touches(owner)),
            );
        }
        self.annotations(coordinate, old, new);
    }

    fn input_fields(&mut self, owner: &TypeDef, old: &[InputValue], new: &[InputValue]) {
        for old_field in old {
            let coordinate = format!("{}.{}", owner.name, old_field.name);
            let Some(new_field) = new.iter().find(|f| f.name == old_field.name) else {
                self.push(
                    Change::new(
                        ChangeKind::InputFieldRemoved,
                        &coordinate,
                        format!("input field `{coordinate}` was removed"),
                    )
                    .level(
                        Level::Breaking,
                        "a request or variable that gives it becomes invalid",
                    )
                    .values(Some(old_field.ty.to_string()), None)
                    .spans(Some(old_field.span), None)
                    .anchor(owner.span)
                    .touches([coordinate.clone(), format!("${}", owner.name)]),
                );
                continue;
            };
            self.input_value(
                &coordinate,
                ArgumentKinds::INPUT_FIELD,
                true,
                old_field,
                new_field,
            );
        }
        for new_field in new.iter().filter(|n| !old.iter().any(|o| o.name == n.name)) {
            let coordinate = format!("{}.{}", owner.name, new_field.name);
            let required = is_required(new_field);
            self.push(
                Change::new(
                    ChangeKind::InputFieldAdded,
                    &coordinate,
                    format!(
                        "{}input field `{coordinate}` was added",
                        if required { "required " } else { "" }
                    ),
                )
                .level(
                    if required {
                        Level::Breaking
                    } else {
                        Level::Dangerous
                    },
                    if required {
                        "it is required: a value of the type that omits it becomes invalid"
                    } else {
                        "values that omit it stay valid, but what they do may depend on it"
                    },
                )
                .values(None, Some(new_field.ty.to_string()))
                .spans(None, Some(new_field.span))
                .touches([owner.name.clone(), format!("${}", owner.name)]),
            );
        }
    }

    fn one_of(&mut self, owner: &TypeDef, old: bool, new: bool) {
        if old == new {
            return;
        }
        let (kind, level, message, reason) = if new {
            (
                ChangeKind::OneOfAdded,
                Level::Breaking,
                format!("input object `{}` became `@oneOf`", owner.name),
                "a value that gives none or several of its fields becomes invalid",
            )
        } else {
            (
                ChangeKind::OneOfRemoved,
                Level::Safe,
                format!("input object `{}` is no longer `@oneOf`", owner.name),
                "every value valid before is still valid",
            )
        };
        self.push(
            Change::new(kind, &owner.name, message)
                .level(level, reason)
                .spans(None, Some(owner.span)),
        );
    }

    fn enum_values(&mut self, owner: &TypeDef, old: &crate::ir::Enum, new: &crate::ir::Enum) {
        for old_value in &old.values {
            let coordinate = format!("{}.{}", owner.name, old_value.name);
            let Some(new_value) = new.values.iter().find(|v| v.name == old_value.name) else {
                let mut reason = String::from(
                    "a request or variable that gives it becomes invalid, and clients that still expect it never get it",
                );
                if let Some(deprecated) = &old_value.deprecated {
                    reason.push_str(&format!(
                        " (it was deprecated{})",
                        deprecation_reason(deprecated)
                    ));
                }
                self.push(
                    Change::new(
                        ChangeKind::EnumValueRemoved,
                        &coordinate,
                        format!("enum value `{coordinate}` was removed"),
                    )
                    .level(Level::Breaking, reason)
                    .spans(Some(old_value.span), None)
                    .anchor(owner.span)
                    .touches([coordinate.clone(), format!("${}", owner.name)]),
                );
                continue;
            };
            self.annotations(&coordinate, old_value, new_value);
        }
        let returned = self.output_types.contains(&owner.name);
        for new_value in new
            .values
            .iter()
            .filter(|n| !old.values.iter().any(|o| o.name == n.name))
        {
            let coordinate = format!("{}.{}", owner.name, new_value.name);
            let (level, reason) = if returned {
                (
                    Level::Dangerous,
                    "fields return the enum: clients that switch on its values may meet one they do not know",
                )
            } else {
                (
                    Level::Safe,
                    "the enum is only an input: no client receives it",
                )
            };
            self.push(
                Change::new(
                    ChangeKind::EnumValueAdded,
                    &coordinate,
                    format!("enum value `{coordinate}` was added"),
                )
                .level(level, reason)
                .spans(None, Some(new_value.span))
                .touches([owner.name.clone()]),
            );
        }
    }

    fn members(&mut self, owner: &TypeDef, old: &[Member], new: &[Member]) {
        let union = &owner.name;
        for old_member in old.iter().filter(|o| !new.iter().any(|n| n.name == o.name)) {
            self.push(
                Change::new(
                    ChangeKind::UnionMemberRemoved,
                    union,
                    format!("`{}` was removed from union `{union}`", old_member.name),
                )
                .level(
                    Level::Breaking,
                    "a fragment on it inside the union becomes invalid",
                )
                .values(Some(old_member.name.clone()), None)
                .spans(Some(old_member.span), None)
                .anchor(owner.span)
                .touches([format!("{union}>{}", old_member.name)]),
            );
        }
        for new_member in new.iter().filter(|n| !old.iter().any(|o| o.name == n.name)) {
            self.push(
                Change::new(
                    ChangeKind::UnionMemberAdded,
                    union,
                    format!("`{}` was added to union `{union}`", new_member.name),
                )
                .level(
                    Level::Dangerous,
                    "clients that switch on the union's members may meet one they do not know",
                )
                .values(None, Some(new_member.name.clone()))
                .spans(None, Some(new_member.span)),
            );
        }
    }

    fn interfaces(&mut self, owner: &TypeDef, old: &[Named], new: &[Named]) {
        let name = &owner.name;
        for old_interface in old.iter().filter(|o| !new.iter().any(|n| n.name == o.name)) {
            let interface = &old_interface.name;
            self.push(
                Change::new(
                    ChangeKind::ImplementedInterfaceRemoved,
                    name,
                    format!("`{name}` no longer implements `{interface}`"),
                )
                .level(
                    Level::Breaking,
                    "a fragment on one inside the other becomes invalid, and fields of the interface may lose it",
                )
                .values(Some(interface.clone()), None)
                .spans(Some(old_interface.span), None)
                .anchor(owner.span)
                .touches([format!("{interface}>{name}"), format!("{name}>{interface}")]),
            );
        }
        for new_interface in new.iter().filter(|n| !old.iter().any(|o| o.name == n.name)) {
            let interface = &new_interface.name;
            self.push(
                Change::new(
                    ChangeKind::ImplementedInterfaceAdded,
                    name,
                    format!("`{name}` now implements `{interface}`"),
                )
                .level(
                    Level::Dangerous,
                    "clients that switch on the interface's implementations may meet one they do not know",
                )
                .values(None, Some(interface.clone()))
                .spans(None, Some(new_interface.span))
                .touches([interface.clone()]),
            );
        }
    }

    fn directives(&mut self, old: &Schema, new: &Schema) {
        for old_directive in &old.directives {
            let coordinate = format!("@{}", old_directive.name);
            let executable = old_directive.locations.iter().any(is_executable);
            match new.directives.iter().find(|d| d.name == old_directive.name) {
                Some(new_directive) => {
                    self.directive(&coordinate, executable, old_directive, new_directive)
                }
                None => {
                    let (level, reason) = if executable {
                        (Level::Breaking, "a request that uses it becomes invalid")
                    } else {
                        (Level::Safe, NOT_EXECUTABLE)
                    };
                    self.push(
                        Change::new(
                            ChangeKind::DirectiveRemoved,
                            &coordinate,
                            format!("directive `{coordinate}` was removed"),
                        )
                        .level(level, reason)
                        .spans(Some(old_directive.span), None),
                    );
                }
            }
        }
        for new_directive in new
            .directives
            .iter()
            .filter(|n| !old.directives.iter().any(|o| o.name == n.name))
        {
            let coordinate = format!("@{}", new_directive.name);
            self.push(
                Change::new(
                    ChangeKind::DirectiveAdded,
                    &coordinate,
                    format!("directive `{coordinate}` was added"),
                )
                .level(Level::Safe, "no request could use it before")
                .spans(None, Some(new_directive.span)),
            );
        }
    }

    fn directive(
        &mut self,
        coordinate: &str,
        executable: bool,
        old: &DirectiveDef,
        new: &DirectiveDef,
    ) {
        let spans = (Some(old.span), Some(new.span));
        for location in old.locations.iter().filter(|l| !new.locations.contains(l)) {
            let (level, reason) = if is_executable(location) {
                (
                    Level::Breaking,
                    "a request that uses it there becomes invalid",
                )
            } else {
                (Level::Safe, "no request can use it there")
            };
            self.push(
                Change::new(
                    ChangeKind::DirectiveLocationRemoved,
                    coordinate,
                    format!(
                        "`{coordinate}` may no longer be used on {}",
                        location.as_str()
                    ),
                )
                .level(level, reason)
                .values(Some(location.as_str().to_owned()), None)
                .spans(spans.0, spans.1),
            );
        }
        for location in new.locations.iter().filter(|l| !old.locations.contains(l)) {
            self.push(
                Change::new(
                    ChangeKind::DirectiveLocationAdded,
                    coordinate,
                    format!("`{coordinate}` may now be used on {}", location.as_str()),
                )
                .level(Level::Safe, "no request could use it there before")
                .values(None, Some(location.as_str().to_owned()))
                .spans(spans.0, spans.1),
            );
        }
        if old.repeatable != new.repeatable {
            let (kind, level, message, reason) = if new.repeatable {
                (
                    ChangeKind::DirectiveRepeatableAdded,
                    Level::Safe,
                    format!("`{coordinate}` became repeatable"),
                    "every use valid before is still valid",
                )
            } else if executable {
                (
                    ChangeKind::DirectiveRepeatableRemoved,
                    Level::Breaking,
                    format!("`{coordinate}` is no longer repeatable"),
                    "a request that uses it twice in one place becomes invalid",
                )
            } else {
                (
                    ChangeKind::DirectiveRepeatableRemoved,
                    Level::Safe,
                    format!("`{coordinate}` is no longer repeatable"),
                    NOT_EXECUTABLE,
                )
            };
            self.push(
                Change::new(kind, coordinate, message)
                    .level(level, reason)
                    .spans(spans.0, spans.1),
            );
        }
        self.description(
            coordinate,
            Some(new.span),
            &old.description,
            &new.description,
        );
        let arguments = Arguments {
            owner: coordinate,
            kind: ArgumentKinds::DIRECTIVE,
            executable,
            anchor: new.span,
        };
        self.arguments(&arguments, &old.args, &new.args);
    }

    /// What annotates a member kept in both contracts: its description,
    /// its deprecation and the directives applied to it.
    fn annotations(&mut self, coordinate: &str, old: &impl Annotated, new: &impl Annotated) {
        self.description(
            coordinate,
            Some(new.span()),
            old.description(),
            new.description(),
        );
        self.deprecation(coordinate, new.span(), old.deprecated(), new.deprecated());
        usages::compare(
            &mut self.changes,
            coordinate,
            old.directives(),
            new.directives(),
        );
    }

    fn description(
        &mut self,
        coordinate: &str,
        span: Option<Span>,
        old: &Option<String>,
        new: &Option<String>,
    ) {
        if old == new {
            return;
        }
        let message = match (old, new) {
            (None, Some(_)) => format!("`{coordinate}` has a new description"),
            (Some(_), None) => format!("the description of `{coordinate}` was removed"),
            _ => format!("the description of `{coordinate}` changed"),
        };
        self.push(
            Change::new(ChangeKind::DescriptionChanged, coordinate, message)
                .level(Level::Safe, "descriptions are documentation")
                .values(old.clone(), new.clone())
                .spans(None, span),
        );
    }

    fn deprecation(
        &mut self,
        coordinate: &str,
        span: Span,
        old: &Option<Deprecated>,
        new: &Option<Deprecated>,
    ) {
        // `@deprecated` alone means the spec's default reason.
        let reason_of = |d: &Deprecated| {
            Some(
                d.reason
                    .clone()
                    .unwrap_or_else(|| "No longer supported".to_owned()),
            )
        };
        let (kind, message) = match (old, new) {
            (None, Some(_)) => (
                ChangeKind::DeprecationAdded,
                format!("`{coordinate}` was deprecated"),
            ),
            (Some(_), None) => (
                ChangeKind::DeprecationRemoved,
                format!("`{coordinate}` is no longer deprecated"),
            ),
            (Some(o), Some(n)) if reason_of(o) != reason_of(n) => (
                ChangeKind::DeprecationReasonChanged,
                format!("the deprecation reason of `{coordinate}` changed"),
            ),
            _ => return,
        };
        self.push(
            Change::new(kind, coordinate, message)
                .level(
                    Level::Safe,
                    "requests that use it stay valid (`operations check` warns about them)",
                )
                .values(
                    old.as_ref().and_then(reason_of),
                    new.as_ref().and_then(reason_of),
                )
                .spans(None, Some(span)),
        );
    }
}

const NOT_EXECUTABLE: &str = "the directive has only type-system locations: no request can use it";

/// Where a list of arguments is, and which change kinds its changes are.
struct Arguments<'a> {
    owner: &'a str,
    kind: ArgumentKinds,
    /// Whether requests can give these arguments (a directive with
    /// executable locations, or any field).
    executable: bool,
    anchor: Span,
}

/// The change kinds of an argument, a directive's argument or an input field.
#[derive(Clone, Copy)]
struct ArgumentKinds {
    what: &'static str,
    added: ChangeKind,
    removed: ChangeKind,
    type_changed: ChangeKind,
    default_changed: ChangeKind,
}

impl ArgumentKinds {
    const FIELD: ArgumentKinds = ArgumentKinds {
        what: "argument",
        added: ChangeKind::ArgumentAdded,
        removed: ChangeKind::ArgumentRemoved,
        type_changed: ChangeKind::ArgumentTypeChanged,
        default_changed: ChangeKind::ArgumentDefaultChanged,
    };
    const DIRECTIVE: ArgumentKinds = ArgumentKinds {
        what: "argument",
        added: ChangeKind::DirectiveArgumentAdded,
        removed: ChangeKind::DirectiveArgumentRemoved,
        type_changed: ChangeKind::DirectiveArgumentTypeChanged,
        default_changed: ChangeKind::DirectiveArgumentDefaultChanged,
    };
    const INPUT_FIELD: ArgumentKinds = ArgumentKinds {
        what: "input field",
        added: ChangeKind::InputFieldAdded,
        removed: ChangeKind::InputFieldRemoved,
        type_changed: ChangeKind::InputFieldTypeChanged,
        default_changed: ChangeKind::InputFieldDefaultChanged,
    };

    /// What a change of a value's default touches, `owner` being what
    /// holds it: requests that use the field (or the input object), and
    /// for an input field, variables of its type.
    fn owner_touches(self, owner: &str) -> Vec<String> {
        if self.added == ChangeKind::InputFieldAdded {
            vec![owner.to_owned(), format!("${owner}")]
        } else {
            vec![owner.to_owned()]
        }
    }

    /// What a type change of the value at `coordinate` touches: requests
    /// that give it, and for an input field, variables of its type.
    fn value_touches(self, coordinate: &str) -> [String; 2] {
        let owner = owner_of(coordinate);
        let variables = if self.added == ChangeKind::InputFieldAdded {
            format!("${owner}")
        } else {
            coordinate.to_owned()
        };
        [coordinate.to_owned(), variables]
    }
}

/// `Type.field` of `Type.field(arg:)`, `Type` of `Type.field`, `@d` of `@d(arg:)`.
fn owner_of(coordinate: &str) -> &str {
    match coordinate.find('(') {
        Some(paren) => &coordinate[..paren],
        None => coordinate
            .rsplit_once('.')
            .map_or(coordinate, |(owner, _)| owner),
    }
}

fn deprecation_reason(deprecated: &Deprecated) -> String {
    deprecated
        .reason
        .as_ref()
        .map_or_else(String::new, |reason| format!(" (\"{reason}\")"))
}

fn article(kind: &str) -> &'static str {
    if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// A field, argument, input field or enum value, as far as its annotations
/// go.
trait Annotated {
    fn span(&self) -> Span;
    fn description(&self) -> &Option<String>;
    fn deprecated(&self) -> &Option<Deprecated>;
    fn directives(&self) -> &[AppliedDirective];
}

macro_rules! annotated {
    ($($member:ty),*) => {$(
        impl Annotated for $member {
            fn span(&self) -> Span {
                self.span
            }
            fn description(&self) -> &Option<String> {
                &self.description
            }
            fn deprecated(&self) -> &Option<Deprecated> {
                &self.deprecated
            }
            fn directives(&self) -> &[AppliedDirective] {
                &self.directives
            }
        }
    )*};
}

annotated!(Field, InputValue, EnumValue);
