//! Golden tests: each `tests/golden/<name>.graphql` (with `<name>.toml` as
//! its codegen config, if present) generates exactly `tests/golden/<name>.rs`.
//! Bound structs are read relative to `tests/golden`. `UPDATE_GOLDEN=1`
//! rewrites the expected files; review the diff before committing it. The
//! `support` module, emitted verbatim from `runtime/support.rs` at the end of
//! every file, is checked to be there and left out of the golden files.

mod support;

use support::{compare, config_for, file_name, fixture_dir, report, schemas};

#[test]
fn generated_code_matches_the_golden_files() {
    let dir = fixture_dir("golden");
    let mut failures = Vec::new();
    for schema in schemas(&dir) {
        let name = file_name(&schema);
        let source = std::fs::read_to_string(&schema).expect("a readable fixture");
        match codegen::generate(&source, &name, &config_for(&schema), &dir) {
            Ok(generated) if generated.warnings.is_empty() => {
                match without_support(&generated.code) {
                    Some(code) => {
                        if let Err(failure) = compare(&schema.with_extension("rs"), code) {
                            failures.push(failure);
                        }
                    }
                    None => failures.push(format!("{name}: no `pub mod support` at the end")),
                }
            }
            Ok(generated) => failures.push(format!(
                "{name} is meant to generate without warnings:\n{}",
                codegen::render_all(&generated.warnings, &name, &source)
            )),
            Err(failed) => {
                failures.push(format!("{name} failed:\n{}", failed.render(&name, &source)))
            }
        }
    }
    report(failures);
}

/// The generated code up to its trailing `support` module, if it has one.
fn without_support(code: &str) -> Option<&str> {
    const SUPPORT: &str = "#[doc(hidden)]\npub mod support {";
    let at = code.rfind(SUPPORT)?;
    (code.matches(SUPPORT).count() == 1 && code.trim_end().ends_with('}')).then_some(&code[..at])
}
