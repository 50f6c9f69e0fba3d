//! Golden tests: each `tests/golden/<name>.graphql` (with `<name>.toml` as
//! its codegen config, if present) generates exactly `tests/golden/<name>.rs`,
//! with no warnings, or exactly those of `tests/golden/<name>.warnings.txt`.
//! Bound structs are read relative to `tests/golden`. `UPDATE_GOLDEN=1`
//! rewrites the expected files; review the diff before committing it.

mod support;

use support::{compare, config_for, file_name, fixture_dir, report, schemas};

#[test]
fn generated_code_matches_the_golden_files() {
    let dir = fixture_dir("golden");
    let mut failures = Vec::new();
    for schema in schemas(&dir) {
        let name = file_name(&schema);
        let source = std::fs::read_to_string(&schema).expect("a readable fixture");
        match weftql_codegen::generate(&source, &name, &config_for(&schema), &dir) {
            Ok(generated) => {
                if let Err(failure) = compare(&schema.with_extension("rs"), &generated.code) {
                    failures.push(failure);
                }
                let expected = schema.with_extension("warnings.txt");
                if generated.warnings.is_empty() && !expected.exists() {
                    continue;
                }
                let rendered = weftql_codegen::render_all(&generated.warnings, &name, &source);
                if let Err(failure) = compare(&expected, &rendered) {
                    failures.push(failure);
                }
            }
            Err(failed) => {
                failures.push(format!("{name} failed:\n{}", failed.render(&name, &source)))
            }
        }
    }
    report(failures);
}
