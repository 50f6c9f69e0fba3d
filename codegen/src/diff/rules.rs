//! The classifications: which type changes keep every request valid and
//! every answer expected, when an argument or input field is required, and
//! which directives a request can use at all.

use graphql_parser::schema::DirectiveLocation;

use crate::ir::{InputValue, TypeRef};

/// Whether every value a field of type `old` returned is one a client of
/// `new` expects: the same named type, made non-null at any level
/// (graphql-js's `isChangeSafeForObjectOrInterfaceField`).
pub(super) fn output_change_is_safe(old: &TypeRef, new: &TypeRef) -> bool {
    match (old, new) {
        (TypeRef::List(old_item), TypeRef::List(new_item)) => {
            output_change_is_safe(old_item, new_item)
        }
        (TypeRef::NonNull(old_inner), TypeRef::NonNull(new_inner)) => {
            output_change_is_safe(old_inner, new_inner)
        }
        (TypeRef::NonNull(_), _) => false,
        (_, TypeRef::NonNull(new_inner)) => output_change_is_safe(old, new_inner),
        (TypeRef::Named(old_name), TypeRef::Named(new_name)) => old_name == new_name,
        _ => false,
    }
}

/// Whether every value and variable an argument or input field of type
/// `old` accepted is accepted by `new`: the same named type, made nullable
/// at any level (graphql-js's `isChangeSafeForInputObjectFieldOrFieldArg`).
pub(super) fn input_change_is_safe(old: &TypeRef, new: &TypeRef) -> bool {
    match (old, new) {
        (TypeRef::List(old_item), TypeRef::List(new_item)) => {
            input_change_is_safe(old_item, new_item)
        }
        (TypeRef::NonNull(old_inner), TypeRef::NonNull(new_inner)) => {
            input_change_is_safe(old_inner, new_inner)
        }
        (TypeRef::NonNull(old_inner), _) => input_change_is_safe(old_inner, new),
        (TypeRef::Named(old_name), TypeRef::Named(new_name)) => old_name == new_name,
        _ => false,
    }
}

/// Whether a request must give it: non-null without a default.
pub(super) fn is_required(value: &InputValue) -> bool {
    value.ty.is_non_null() && value.default.is_none()
}

/// Whether a request can use a directive at `location`.
pub(super) fn is_executable(location: &DirectiveLocation) -> bool {
    matches!(
        location,
        DirectiveLocation::Query
            | DirectiveLocation::Mutation
            | DirectiveLocation::Subscription
            | DirectiveLocation::Field
            | DirectiveLocation::FragmentDefinition
            | DirectiveLocation::FragmentSpread
            | DirectiveLocation::InlineFragment
            | DirectiveLocation::VariableDefinition
    )
}

/// Why a type change is at its level.
pub(super) fn output_reason(old: &TypeRef, new: &TypeRef, safe: bool) -> String {
    if safe {
        "every value it returned before is one its clients expect".into()
    } else if old.base() == new.base() && old.is_non_null() && !new.is_non_null() {
        "clients may now receive null where they never did".into()
    } else if old.base() == new.base() {
        format!("clients written for `{old}` may receive values of another shape")
    } else {
        format!(
            "selections written for `{}` may not fit `{}`, and clients may receive values they do not expect",
            old.base(),
            new.base()
        )
    }
}

/// Why an input type change is at its level.
pub(super) fn input_reason(new: &TypeRef, safe: bool) -> String {
    if safe {
        "every value and variable it accepted before is still accepted".into()
    } else {
        format!("a value or variable that was valid before may not be a valid `{new}`")
    }
}
