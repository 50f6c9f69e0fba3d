//! `diff`: every change between two contracts, each classified as the spec's
//! rule has it. A change is **breaking** when a request that was valid may
//! become invalid or a client may receive a value it could not receive
//! before; **dangerous** when requests stay valid but what they get may
//! differ (a new enum value, union member or optional argument, a changed
//! default); **safe** otherwise. Both contracts come from the IR, so every
//! change knows where it is in either file. `compare` walks the two
//! schemas, `rules` holds the classifications, `usages` compares applied
//! directives, and `report` prints the result.

mod compare;
pub mod report;
mod rules;
mod usages;

use serde::Serialize;

use crate::ir::Schema;
use crate::source::Span;

/// How far a change reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Breaking,
    Dangerous,
    Safe,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Breaking => "breaking",
            Level::Dangerous => "dangerous",
            Level::Safe => "safe",
        }
    }
}

/// What changed. The names are those `--format json` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ChangeKind {
    TypeAdded,
    TypeRemoved,
    TypeKindChanged,
    FieldAdded,
    FieldRemoved,
    FieldTypeChanged,
    ArgumentAdded,
    ArgumentRemoved,
    ArgumentTypeChanged,
    ArgumentDefaultChanged,
    InputFieldAdded,
    InputFieldRemoved,
    InputFieldTypeChanged,
    InputFieldDefaultChanged,
    EnumValueAdded,
    EnumValueRemoved,
    UnionMemberAdded,
    UnionMemberRemoved,
    ImplementedInterfaceAdded,
    ImplementedInterfaceRemoved,
    OneOfAdded,
    OneOfRemoved,
    SpecifiedByChanged,
    DirectiveAdded,
    DirectiveRemoved,
    DirectiveLocationAdded,
    DirectiveLocationRemoved,
    DirectiveArgumentAdded,
    DirectiveArgumentRemoved,
    DirectiveArgumentTypeChanged,
    DirectiveArgumentDefaultChanged,
    DirectiveRepeatableAdded,
    DirectiveRepeatableRemoved,
    DirectiveUsageAdded,
    DirectiveUsageRemoved,
    DirectiveUsageArgumentsChanged,
    DeprecationAdded,
    DeprecationRemoved,
    DeprecationReasonChanged,
    DescriptionChanged,
    RootTypeChanged,
}

impl ChangeKind {
    /// Every kind, in declaration order.
    pub const ALL: [ChangeKind; 41] = [
        ChangeKind::TypeAdded,
        ChangeKind::TypeRemoved,
        ChangeKind::TypeKindChanged,
        ChangeKind::FieldAdded,
        ChangeKind::FieldRemoved,
        ChangeKind::FieldTypeChanged,
        ChangeKind::ArgumentAdded,
        ChangeKind::ArgumentRemoved,
        ChangeKind::ArgumentTypeChanged,
        ChangeKind::ArgumentDefaultChanged,
        ChangeKind::InputFieldAdded,
        ChangeKind::InputFieldRemoved,
        ChangeKind::InputFieldTypeChanged,
        ChangeKind::InputFieldDefaultChanged,
        ChangeKind::EnumValueAdded,
        ChangeKind::EnumValueRemoved,
        ChangeKind::UnionMemberAdded,
        ChangeKind::UnionMemberRemoved,
        ChangeKind::ImplementedInterfaceAdded,
        ChangeKind::ImplementedInterfaceRemoved,
        ChangeKind::OneOfAdded,
        ChangeKind::OneOfRemoved,
        ChangeKind::SpecifiedByChanged,
        ChangeKind::DirectiveAdded,
        ChangeKind::DirectiveRemoved,
        ChangeKind::DirectiveLocationAdded,
        ChangeKind::DirectiveLocationRemoved,
        ChangeKind::DirectiveArgumentAdded,
        ChangeKind::DirectiveArgumentRemoved,
        ChangeKind::DirectiveArgumentTypeChanged,
        ChangeKind::DirectiveArgumentDefaultChanged,
        ChangeKind::DirectiveRepeatableAdded,
        ChangeKind::DirectiveRepeatableRemoved,
        ChangeKind::DirectiveUsageAdded,
        ChangeKind::DirectiveUsageRemoved,
        ChangeKind::DirectiveUsageArgumentsChanged,
        ChangeKind::DeprecationAdded,
        ChangeKind::DeprecationRemoved,
        ChangeKind::DeprecationReasonChanged,
        ChangeKind::DescriptionChanged,
        ChangeKind::RootTypeChanged,
    ];

    /// The name `--format json` prints, `FIELD_REMOVED`.
    pub fn name(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }
}

/// One change between the old contract and the new.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub level: Level,
    pub kind: ChangeKind,
    /// The schema coordinate of what changed: `Type`, `Type.field`,
    /// `Type.field(arg:)`, `@directive`, `@directive(arg:)`, or `schema`.
    pub coordinate: String,
    /// What changed, in one line.
    pub message: String,
    /// Why it is at its level, in one line.
    pub reason: String,
    /// The value before and after, where the change has one (a type, a
    /// default, a location, a directive application).
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    /// Where it was in the old contract, and where it is in the new.
    pub old_span: Option<Span>,
    pub new_span: Option<Span>,
    /// Where in the new contract a removal is seen: the closest definition
    /// that is still there (the type a field was removed from).
    pub anchor: Option<Span>,
    /// What an operation must use to be touched by the change (see
    /// `crate::operations::uses`).
    pub touches: Vec<String>,
}

impl Change {
    /// Where to point a reader: in the new file, else in the old.
    pub fn primary(&self) -> (Side, Span) {
        match (self.new_span.or(self.anchor), self.old_span) {
            (Some(span), _) => (Side::New, span),
            (None, Some(span)) => (Side::Old, span),
            (None, None) => (Side::New, Span::default()),
        }
    }
}

/// Which contract a position is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Old,
    New,
}

/// Every change from `old` to `new`, breaking first, then by where it is
/// shown (`Change::primary`: in the new file, else in the old).
pub fn diff(old: &Schema, new: &Schema) -> Vec<Change> {
    let mut changes = compare::compare(old, new);
    changes.sort_by_key(|c| (c.level, c.primary().1, c.coordinate.clone()));
    changes
}

/// How many changes of each level.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub breaking: usize,
    pub dangerous: usize,
    pub safe: usize,
}

impl Summary {
    pub fn of(changes: &[Change]) -> Self {
        let mut summary = Summary::default();
        for change in changes {
            *match change.level {
                Level::Breaking => &mut summary.breaking,
                Level::Dangerous => &mut summary.dangerous,
                Level::Safe => &mut summary.safe,
            } += 1;
        }
        summary
    }
}
