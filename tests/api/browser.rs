//! GraphiQL in a real browser: headless Chromium loads `/graphql`, renders
//! the IDE from the server's own assets (no network beyond the server) and
//! runs a query. Needs Node.js (its packages are installed on first use)
//! and Debian's chromium; without them the test is ignored, with the
//! reason, unless `REQUIRE_BROWSER=1` (as in CI).

use std::path::Path;
use std::process::Command;

use crate::helpers::{Backend, TestApp, npm_packages, run};

#[test_with::executable(node, npm, chromium)]
#[tokio::test]
async fn graphiql_renders_offline_and_runs_a_query() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    assert!(
        Path::new("/usr/bin/chromium").exists(),
        "the browser test drives /usr/bin/chromium (Debian's chromium package)"
    );
    npm_packages(&dir);
    run(
        async |app: &TestApp| {
            app.post_link(None, "https://graphql.org", "The GraphQL site")
                .await;
            let address = app.address.clone();
            let dir = dir.clone();
            let output = tokio::task::spawn_blocking(move || {
                Command::new("node")
                    .arg("graphiql.mjs")
                    .arg(&address)
                    .current_dir(&dir)
                    .output()
            })
            .await
            .unwrap()
            .expect("node runs");
            assert!(
                output.status.success(),
                "browser test failed:\n{}\n{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
        },
        Backend::Sqlite,
    )
    .await;
}
