//! Diagnostic tests: each bad schema `tests/diagnostics/<name>.graphql`
//! (with `<name>.toml` as its codegen config, if present) renders exactly
//! `tests/diagnostics/<name>.txt`: every error and warning of the file at
//! once, rustc-style, with carets under the offending tokens. Bound structs
//! are read relative to `tests/diagnostics`. `UPDATE_GOLDEN=1` rewrites the
//! expected files; check every caret before committing them.

mod support;

use support::{compare, config_for, file_name, fixture_dir, report, schemas};

#[test]
fn diagnostics_match_the_expected_renderings() {
    let dir = fixture_dir("diagnostics");
    let mut failures = Vec::new();
    for schema in schemas(&dir) {
        let name = file_name(&schema);
        let source = std::fs::read_to_string(&schema).expect("a readable fixture");
        let rendered = match weftql_codegen::generate(&source, &name, &config_for(&schema), &dir) {
            Err(failed) => failed.render(&name, &source),
            Ok(generated) if !generated.warnings.is_empty() => {
                weftql_codegen::render_all(&generated.warnings, &name, &source)
            }
            Ok(_) => {
                failures.push(format!(
                    "{name} is meant to be diagnosed, but generated cleanly"
                ));
                continue;
            }
        };
        if let Err(failure) = compare(&schema.with_extension("txt"), &rendered) {
            failures.push(failure);
        }
    }
    report(failures);
}
