//! Directives applied in the contract (`@auth(requires: ADMIN)` on a field,
//! `@key` on a type), compared where they are applied. Those the diff knows
//! by meaning (`@deprecated`, `@specifiedBy`, `@oneOf`) are compared as
//! what they mean. Every other use is dangerous when it changes: a client
//! request stays valid, but a directive there usually changes what the
//! server does (authorization, caching, cost).

use super::{Change, ChangeKind, Level};
use crate::ir::AppliedDirective;

/// Directives the diff reports as deprecations, specifications or `@oneOf`.
const BY_MEANING: [&str; 3] = ["deprecated", "specifiedBy", "oneOf"];

/// The changes of the directives applied at `coordinate`: the n-th use of
/// a directive in the old list is compared with its n-th use in the new.
pub(super) fn compare(
    changes: &mut Vec<Change>,
    coordinate: &str,
    old: &[AppliedDirective],
    new: &[AppliedDirective],
) {
    let uses = |list: &[AppliedDirective]| -> Vec<(String, usize)> {
        let mut seen: Vec<(String, usize)> = Vec::new();
        for directive in list {
            if BY_MEANING.contains(&directive.name.as_str()) {
                continue;
            }
            let nth = seen.iter().filter(|(n, _)| *n == directive.name).count();
            seen.push((directive.name.clone(), nth));
        }
        seen
    };
    let (old_uses, new_uses) = (uses(old), uses(new));
    let find = |list: &[AppliedDirective], name: &str, nth: usize| {
        list.iter().filter(|d| d.name == name).nth(nth).cloned()
    };
    for (name, nth) in &old_uses {
        let Some(before) = find(old, name, *nth) else {
            continue;
        };
        match find(new, name, *nth) {
            None => changes.push(usage(
                ChangeKind::DirectiveUsageRemoved,
                coordinate,
                format!("`@{name}` was removed from `{coordinate}`"),
                Some(&before),
                None,
            )),
            Some(after) if arguments(&before) != arguments(&after) => changes.push(usage(
                ChangeKind::DirectiveUsageArgumentsChanged,
                coordinate,
                format!("the arguments of `@{name}` on `{coordinate}` changed"),
                Some(&before),
                Some(&after),
            )),
            Some(_) => {}
        }
    }
    for (name, nth) in new_uses.iter().filter(|u| !old_uses.contains(u)) {
        if let Some(after) = find(new, name, *nth) {
            changes.push(usage(
                ChangeKind::DirectiveUsageAdded,
                coordinate,
                format!("`@{name}` was applied to `{coordinate}`"),
                None,
                Some(&after),
            ));
        }
    }
}

fn usage(
    kind: ChangeKind,
    coordinate: &str,
    message: String,
    old: Option<&AppliedDirective>,
    new: Option<&AppliedDirective>,
) -> Change {
    Change {
        level: Level::Dangerous,
        kind,
        coordinate: coordinate.to_owned(),
        message,
        reason: "requests stay valid, but the directive may change what the server does there"
            .to_owned(),
        old_value: old.map(written),
        new_value: new.map(written),
        old_span: old.map(|d| d.span),
        new_span: new.map(|d| d.span),
        anchor: None,
        touches: if coordinate == "schema" {
            // The schema's directives concern every operation.
            ["query", "mutation", "subscription"]
                .map(|operation| format!("schema.{operation}"))
                .into()
        } else {
            vec![coordinate.to_owned()]
        },
    }
}

/// The arguments, in name order (their order in the file means nothing).
fn arguments(directive: &AppliedDirective) -> Vec<(String, String)> {
    let mut args: Vec<(String, String)> = directive
        .args
        .iter()
        .map(|(name, value)| (name.clone(), value.to_string()))
        .collect();
    args.sort();
    args
}

/// `@name(arg: value)`, as written in SDL.
fn written(directive: &AppliedDirective) -> String {
    let args = arguments(directive);
    if args.is_empty() {
        return format!("@{}", directive.name);
    }
    let args: Vec<String> = args.iter().map(|(n, v)| format!("{n}: {v}")).collect();
    format!("@{}({})", directive.name, args.join(", "))
}
