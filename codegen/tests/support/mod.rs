//! What the fixture-driven tests share: finding fixtures, loading a fixture's
//! codegen config, and comparing output with an expected file, or rewriting
//! that file when `UPDATE_GOLDEN=1` is set.

use std::path::{Path, PathBuf};

use weftql_codegen::Config;

/// The directory of a fixture set, under `tests/`.
pub fn fixture_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(name)
}

/// Every `*.graphql` in `dir`, sorted, so failures list in a stable order.
pub fn schemas(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("a readable directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "graphql"))
        .collect();
    found.sort();
    assert!(!found.is_empty(), "no fixtures in {}", dir.display());
    found
}

/// The fixture's `<name>.toml` beside it, or the default configuration.
pub fn config_for(schema: &Path) -> Config {
    Config::load(&schema.with_extension("toml")).unwrap_or_else(|e| panic!("{e}"))
}

/// The fixture's file name, as diagnostics and generated headers name it.
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .expect("a fixture path ends in a file name")
        .to_string_lossy()
        .into_owned()
}

/// Compares `actual` with the file at `expected`; with `UPDATE_GOLDEN=1`
/// writes it instead. The error names the file and the first differing line.
pub fn compare(expected: &Path, actual: &str) -> Result<(), String> {
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1") {
        std::fs::write(expected, actual).map_err(|e| format!("{}: {e}", expected.display()))?;
        return Ok(());
    }
    let wanted = std::fs::read_to_string(expected).map_err(|e| {
        format!(
            "{}: {e} (run with UPDATE_GOLDEN=1 to create it)",
            expected.display()
        )
    })?;
    if wanted == actual {
        return Ok(());
    }
    let line = wanted
        .lines()
        .zip(actual.lines())
        .position(|(w, a)| w != a)
        .unwrap_or_else(|| wanted.lines().count().min(actual.lines().count()));
    Err(format!(
        "{} differs from the output at line {}:\n  expected: {:?}\n  actual:   {:?}\n(run with UPDATE_GOLDEN=1 to accept the output)",
        expected.display(),
        line + 1,
        wanted.lines().nth(line).unwrap_or("<end of file>"),
        actual.lines().nth(line).unwrap_or("<end of output>"),
    ))
}

/// Panics listing every failure, if there are any.
pub fn report(failures: Vec<String>) {
    assert!(
        failures.is_empty(),
        "{} fixture(s) failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}
