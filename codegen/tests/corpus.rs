//! The real-world corpus in `tests/corpus` (see SOURCES.md there):
//! every valid schema generates Rust that parses; GitHub's, which defines two
//! fields twice, fails with both positioned by default and generates with
//! two positioned warnings under `duplicate_fields = "warn"`; the kitchen
//! sink, which names types it never defines, is rejected with every error
//! positioned.

use std::path::{Path, PathBuf};

use weftql_codegen::{Config, Diagnostic, Severity};

const GITHUB: &str = "github.graphql";
const KITCHEN_SINK: &str = "graphql_core_kitchen_sink.graphql";

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

fn read(name: &str) -> String {
    let path = corpus_dir().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn crate_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Asserts the code is a Rust file syn can parse, naming the schema if not.
fn assert_parses(name: &str, code: &str) {
    if let Err(e) = syn::parse_file(code) {
        panic!("the Rust generated for {name} does not parse: {e}");
    }
}

/// `(severity, line, column, message)` of each diagnostic, in source order.
fn summary(diagnostics: &[Diagnostic]) -> Vec<(Severity, usize, usize, String)> {
    let mut out: Vec<_> = diagnostics
        .iter()
        .map(|d| (d.severity, d.span.line, d.span.column, d.message.clone()))
        .collect();
    out.sort_by_key(|(_, line, column, _)| (*line, *column));
    out
}

fn github_duplicates(severity: Severity) -> Vec<(Severity, usize, usize, String)> {
    [
        "repositoryDeployKeySetting",
        "repositoryDeployKeySettingOrganizations",
    ]
    .into_iter()
    .zip([15153, 15158])
    .map(|(field, line)| {
        let message = format!("the field `EnterpriseOwnerInfo.{field}` is defined twice");
        (severity, line, 3, message)
    })
    .collect()
}

#[test]
fn every_valid_schema_generates_rust_that_parses() {
    let mut names: Vec<String> = std::fs::read_dir(corpus_dir())
        .expect("the corpus directory, tests/corpus")
        .map(|entry| {
            entry
                .expect("a directory entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.ends_with(".graphql"))
        .collect();
    names.sort();
    for special in [GITHUB, KITCHEN_SINK] {
        assert!(
            names.iter().any(|n| n == special),
            "the corpus lacks {special}"
        );
    }
    let valid: Vec<&String> = names
        .iter()
        .filter(|n| ![GITHUB, KITCHEN_SINK].contains(&n.as_str()))
        .collect();
    assert!(!valid.is_empty(), "the corpus has no other schema");
    for name in valid {
        let source = read(name);
        let generated = weftql_codegen::generate(&source, name, &Config::default(), crate_root())
            .unwrap_or_else(|failed| panic!("{name} failed:\n{}", failed.render(name, &source)));
        assert!(
            generated.warnings.is_empty(),
            "{name} warned:\n{}",
            weftql_codegen::render_all(&generated.warnings, name, &source)
        );
        assert_parses(name, &generated.code);
    }
}

#[test]
fn github_duplicate_fields_are_positioned_errors_by_default() {
    let source = read(GITHUB);
    let failed = weftql_codegen::generate(&source, GITHUB, &Config::default(), crate_root())
        .expect_err("GitHub's schema defines two fields twice");
    assert_eq!(
        summary(&failed.diagnostics),
        github_duplicates(Severity::Error)
    );
}

#[test]
fn github_generates_with_duplicate_fields_as_positioned_warnings() {
    let source = read(GITHUB);
    let config = Config::parse("duplicate_fields = \"warn\"").expect("a valid config");
    let generated = weftql_codegen::generate(&source, GITHUB, &config, crate_root())
        .unwrap_or_else(|failed| panic!("{GITHUB} failed:\n{}", failed.render(GITHUB, &source)));
    assert_eq!(
        summary(&generated.warnings),
        github_duplicates(Severity::Warning)
    );
    assert_parses(GITHUB, &generated.code);
}

#[test]
fn kitchen_sink_is_rejected_with_positioned_errors() {
    let source = read(KITCHEN_SINK);
    let failed = weftql_codegen::generate(&source, KITCHEN_SINK, &Config::default(), crate_root())
        .expect_err("the kitchen sink refers to types it never defines");
    let errors = summary(&failed.diagnostics);
    let unpositioned: Vec<_> = errors.iter().filter(|(_, line, _, _)| *line == 0).collect();
    assert!(unpositioned.is_empty(), "unpositioned: {unpositioned:?}");
    assert!(
        errors
            .iter()
            .all(|(severity, ..)| *severity == Severity::Error),
        "{errors:?}"
    );
    for expected in [
        (3, 10, "the query root type `QueryType` is not defined"),
        (
            4,
            13,
            "the mutation root type `MutationType` is not defined",
        ),
        (13, 8, "unknown type `Type`"),
        (33, 23, "unknown type `Type`"),
        (
            161,
            17,
            "the subscription root type `SubscriptionType` is not defined",
        ),
    ] {
        let (line, column, message) = expected;
        assert!(
            errors
                .iter()
                .any(|(_, l, c, m)| (*l, *c, m.as_str()) == (line, column, message)),
            "no `{message}` at {line}:{column} among:\n{errors:#?}"
        );
    }
    let rendered = failed.render(KITCHEN_SINK, &source);
    assert!(
        rendered.contains(&format!("--> {KITCHEN_SINK}:3:10")),
        "{rendered}"
    );
}
