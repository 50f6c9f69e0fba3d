//! The breaking changes of `diff`, compared with graphql-js's
//! `findBreakingChanges` over edits of the corpus's real schemas that
//! `graphql-js/edits.mjs` generates (at least 200 of every kind, seeded).
//! Where the spec's rule and graphql-js disagree, the difference is one of
//! the exceptions listed below, each counted; anything else fails.
//!
//! Needs Node.js (the script installs graphql-js with `npm ci` on first
//! use); without it the test says it skipped, unless `REQUIRE_GRAPHQL_JS=1`
//! (as in CI) makes that a failure.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::process::Command;

use serde_json::Value;
use weftql_codegen::config::DuplicateFields;
use weftql_codegen::diff::{Change, ChangeKind, Level, diff};
use weftql_codegen::{Config, ir};

/// Where graphql-js 16 and the spec's rule disagree, and why the spec is
/// followed.
const EXCEPTIONS: &[(&str, &str)] = &[
    (
        "standard scalar unreferenced",
        "graphql-js reports a standard scalar (`Float`) as removed when no field uses it any more; it is built in, so every request stays valid",
    ),
    (
        "type-system directive",
        "graphql-js reports removing a directive, its location, argument or repeatability as breaking even when no request can use it (type-system locations only)",
    ),
    (
        "default removed from a required value",
        "a non-null argument or input field that loses its default becomes required: graphql-js calls it dangerous (arguments) or does not report it (input fields)",
    ),
    (
        "directive argument type",
        "graphql-js does not compare the types of a directive's arguments",
    ),
    (
        "root type",
        "graphql-js does not compare the schema's root operation types",
    ),
    (
        "oneOf",
        "graphql-js 16 does not report an input object becoming @oneOf",
    ),
];

fn require() -> bool {
    std::env::var_os("REQUIRE_GRAPHQL_JS").is_some_and(|v| v == "1")
}

fn node_available() -> bool {
    Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn breaking_changes_match_graphql_js_except_where_the_spec_says_otherwise() {
    if !node_available() {
        assert!(
            !require(),
            "REQUIRE_GRAPHQL_JS=1, but Node.js is not available"
        );
        eprintln!("skipped: the differential test needs Node.js");
        return;
    }
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let script_dir = tests.join("contract/graphql-js");
    if !script_dir.join("node_modules").exists() {
        let installed = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&script_dir)
            .status()
            .expect("npm runs");
        assert!(
            installed.success(),
            "npm ci failed in {}",
            script_dir.display()
        );
    }
    let out = tempfile::tempdir().unwrap();
    let cases_file = out.path().join("cases.jsonl");
    let generated = Command::new("node")
        .arg(script_dir.join("edits.mjs"))
        .arg(tests.join("corpus"))
        .arg(&cases_file)
        .output()
        .expect("node runs");
    assert!(
        generated.status.success(),
        "edits.mjs failed:\n{}",
        String::from_utf8_lossy(&generated.stderr)
    );
    let text = std::fs::read_to_string(&cases_file).unwrap();
    let config = Config {
        duplicate_fields: DuplicateFields::Warn,
        ..Config::default()
    };
    let parse = |sdl: &str, what: &str| -> ir::Schema {
        match weftql_codegen::contract(sdl, &config) {
            Ok((schema, _)) => schema,
            Err(failed) => panic!(
                "{what}: graphql-js accepts it, diff refuses it:\n{}",
                failed.render(what, sdl)
            ),
        }
    };
    let mut bases: HashMap<String, ir::Schema> = HashMap::new();
    let mut per_kind: BTreeMap<String, usize> = BTreeMap::new();
    let mut exceptions: BTreeMap<&str, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    for line in text.lines() {
        let case: Value = serde_json::from_str(line).expect("a JSON line");
        if let Some(base) = case["base"].as_str() {
            let sdl = case["sdl"].as_str().expect("its SDL");
            bases.insert(base.to_owned(), parse(sdl, base));
            continue;
        }
        let id = case["id"].as_str().unwrap_or_default().to_owned();
        *per_kind
            .entry(case["kind"].as_str().unwrap_or_default().to_owned())
            .or_default() += 1;
        let own_old;
        let old = match case["old"].as_str() {
            Some(sdl) => {
                own_old = parse(sdl, &format!("{id} (old)"));
                &own_old
            }
            None => &bases[case["schema"].as_str().expect("the case's schema")],
        };
        let new = parse(
            case["new"].as_str().expect("the new SDL"),
            &format!("{id} (new)"),
        );
        let changes = diff(old, &new);
        let theirs: BTreeSet<(String, String)> = case["breaking"]
            .as_array()
            .expect("graphql-js's breaking changes")
            .iter()
            .map(|c| {
                (
                    c["type"].as_str().unwrap_or_default().to_owned(),
                    c["description"].as_str().unwrap_or_default().to_owned(),
                )
            })
            .collect();
        let mut ours = BTreeSet::new();
        let mut excused_theirs = BTreeSet::new();
        for change in &changes {
            match (change.level, graphql_js(change)) {
                (Level::Breaking, Some(entry)) => {
                    ours.insert(entry);
                }
                (Level::Breaking, None) => {
                    *exceptions.entry(ours_only_exception(change)).or_default() += 1;
                }
                (_, Some(entry)) if theirs.contains(&entry) => {
                    // graphql-js calls breaking what the spec does not.
                    assert!(
                        change.reason.contains("no request can use it"),
                        "{id}: {entry:?} is {:?} here: {}",
                        change.level,
                        change.reason
                    );
                    *exceptions.entry("type-system directive").or_default() += 1;
                    excused_theirs.insert(entry);
                }
                _ => {}
            }
        }
        let mut theirs_left = BTreeSet::new();
        for entry in theirs.difference(&excused_theirs) {
            if entry.1.starts_with("Standard scalar ") {
                *exceptions
                    .entry("standard scalar unreferenced")
                    .or_default() += 1;
            } else {
                theirs_left.insert(entry.clone());
            }
        }
        if theirs_left != ours {
            failures.push(format!(
                "{id} ({}):\n  graphql-js only: {:?}\n  diff only:       {:?}",
                case["variant"],
                theirs_left.difference(&ours).collect::<Vec<_>>(),
                ours.difference(&theirs_left).collect::<Vec<_>>()
            ));
        }
    }
    eprintln!("cases per kind: {per_kind:?}");
    eprintln!("exceptions (the spec's rule over graphql-js's): {exceptions:?}");
    for (name, why) in EXCEPTIONS {
        eprintln!("  {name}: {why}");
    }
    assert!(
        per_kind.len() >= 30 && per_kind.values().all(|&n| n >= 200),
        "too few edits: {per_kind:?}"
    );
    assert!(
        failures.is_empty(),
        "{} of the cases differ:\n{}",
        failures.len(),
        failures
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// Which exception a breaking change graphql-js has no word for is.
fn ours_only_exception(change: &Change) -> &'static str {
    match change.kind {
        ChangeKind::ArgumentDefaultChanged | ChangeKind::InputFieldDefaultChanged => {
            "default removed from a required value"
        }
        ChangeKind::DirectiveArgumentTypeChanged | ChangeKind::DirectiveArgumentDefaultChanged => {
            "directive argument type"
        }
        ChangeKind::RootTypeChanged => "root type",
        ChangeKind::OneOfAdded => "oneOf",
        other => panic!("{other:?} is breaking, but no exception explains it: {change:?}"),
    }
}

/// The change as graphql-js 16's `findBreakingChanges` words it, for the
/// kinds it knows.
fn graphql_js(change: &Change) -> Option<(String, String)> {
    let coordinate = change.coordinate.as_str();
    let old = change.old_value.as_deref().unwrap_or_default();
    let new = change.new_value.as_deref().unwrap_or_default();
    let (owner, member) = coordinate.split_once('.').unwrap_or((coordinate, ""));
    let field = || coordinate.split('(').next().unwrap_or_default();
    let argument = || {
        coordinate
            .split_once('(')
            .map(|(_, a)| a.trim_end_matches(":)"))
            .unwrap_or_default()
    };
    let directive = || {
        coordinate
            .trim_start_matches('@')
            .split('(')
            .next()
            .unwrap_or_default()
    };
    let (kind, description) = match change.kind {
        ChangeKind::TypeRemoved => ("TYPE_REMOVED", format!("{coordinate} was removed.")),
        ChangeKind::TypeKindChanged => (
            "TYPE_CHANGED_KIND",
            format!(
                "{coordinate} changed from {} to {}.",
                kind_name(old),
                kind_name(new)
            ),
        ),
        ChangeKind::FieldRemoved | ChangeKind::InputFieldRemoved => {
            ("FIELD_REMOVED", format!("{coordinate} was removed."))
        }
        ChangeKind::FieldTypeChanged | ChangeKind::InputFieldTypeChanged => (
            "FIELD_CHANGED_KIND",
            format!("{coordinate} changed type from {old} to {new}."),
        ),
        ChangeKind::InputFieldAdded => (
            "REQUIRED_INPUT_FIELD_ADDED",
            format!("A required field {member} on input type {owner} was added."),
        ),
        ChangeKind::UnionMemberRemoved => (
            "TYPE_REMOVED_FROM_UNION",
            format!("{old} was removed from union type {coordinate}."),
        ),
        ChangeKind::EnumValueRemoved => (
            "VALUE_REMOVED_FROM_ENUM",
            format!("{member} was removed from enum type {owner}."),
        ),
        ChangeKind::ImplementedInterfaceRemoved => (
            "IMPLEMENTED_INTERFACE_REMOVED",
            format!("{coordinate} no longer implements interface {old}."),
        ),
        ChangeKind::ArgumentRemoved => (
            "ARG_REMOVED",
            format!("{} arg {} was removed.", field(), argument()),
        ),
        ChangeKind::ArgumentTypeChanged => (
            "ARG_CHANGED_KIND",
            format!(
                "{} arg {} has changed type from {old} to {new}.",
                field(),
                argument()
            ),
        ),
        ChangeKind::ArgumentAdded => (
            "REQUIRED_ARG_ADDED",
            format!("A required arg {} on {} was added.", argument(), field()),
        ),
        ChangeKind::DirectiveRemoved => {
            ("DIRECTIVE_REMOVED", format!("{} was removed.", directive()))
        }
        ChangeKind::DirectiveArgumentRemoved => (
            "DIRECTIVE_ARG_REMOVED",
            format!("{} was removed from {}.", argument(), directive()),
        ),
        ChangeKind::DirectiveArgumentAdded => (
            "REQUIRED_DIRECTIVE_ARG_ADDED",
            format!(
                "A required arg {} on directive {} was added.",
                argument(),
                directive()
            ),
        ),
        ChangeKind::DirectiveRepeatableRemoved => (
            "DIRECTIVE_REPEATABLE_REMOVED",
            format!("Repeatable flag was removed from {}.", directive()),
        ),
        ChangeKind::DirectiveLocationRemoved => (
            "DIRECTIVE_LOCATION_REMOVED",
            format!("{old} was removed from {}.", directive()),
        ),
        _ => return None,
    };
    Some((kind.to_owned(), description))
}

/// graphql-js's `typeKindName`.
fn kind_name(ours: &str) -> &'static str {
    match ours {
        "scalar" => "a Scalar type",
        "object type" => "an Object type",
        "interface" => "an Interface type",
        "union" => "a Union type",
        "enum" => "an Enum type",
        _ => "an Input type",
    }
}
