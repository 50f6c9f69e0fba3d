//! GraphQL over HTTP conformance: the graphql-http package's server audits
//! against the live server, with no failure and no warning. Needs `npm ci`
//! in tests/audit; skipped without it unless `REQUIRE_AUDIT=1` (as in CI).

use std::path::Path;
use std::process::Command;

use crate::helpers::{Backend, TestApp, run};

#[tokio::test]
async fn graphql_http_audits_pass_without_warnings() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/audit");
    if !dir.join("node_modules/graphql-http").exists() {
        assert_ne!(
            std::env::var("REQUIRE_AUDIT").as_deref(),
            Ok("1"),
            "REQUIRE_AUDIT=1 but tests/audit has no node_modules"
        );
        eprintln!("skipped: run `npm ci` in tests/audit to run the graphql-http audits");
        return;
    }
    run(
        async |app: &TestApp| {
            let url = app.url("/graphql");
            let dir = dir.clone();
            let output = tokio::task::spawn_blocking(move || {
                Command::new("node")
                    .arg("audit.mjs")
                    .arg(&url)
                    .current_dir(&dir)
                    .output()
            })
            .await
            .unwrap()
            .expect("node runs");
            let report = String::from_utf8_lossy(&output.stdout);
            assert!(
                output.status.success(),
                "audits failed:\n{report}\n{}",
                String::from_utf8_lossy(&output.stderr)
            );
            assert!(report.contains("0 warn, 0 error"), "{report}");
        },
        Backend::Sqlite,
    )
    .await;
}
