//! GraphQL over HTTP conformance: the graphql-http package's server audits
//! against the live server, with no failure and no warning. Needs Node.js:
//! its packages are installed on first use; without Node.js the test is
//! ignored, with the reason, unless `REQUIRE_AUDIT=1` (as in CI).

use std::path::Path;
use std::process::Command;

use crate::helpers::{Backend, TestApp, npm_packages, run};

#[test_with::executable(node, npm)]
#[tokio::test]
async fn graphql_http_audits_pass_without_warnings() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/audit");
    npm_packages(&dir);
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
