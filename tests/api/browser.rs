//! GraphiQL in a real browser: headless Chromium loads `/graphql`, renders
//! the IDE from the server's own assets (no network beyond the server) and
//! runs a query. Needs `npm ci` in tests/browser and Debian's chromium;
//! skipped without them unless `REQUIRE_BROWSER=1` (as in CI).

use std::path::Path;
use std::process::Command;

use crate::helpers::{Backend, TestApp, run};

#[tokio::test]
async fn graphiql_renders_offline_and_runs_a_query() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    let ready = dir.join("node_modules/playwright-core").exists()
        && Path::new("/usr/bin/chromium").exists();
    if !ready {
        assert_ne!(
            std::env::var("REQUIRE_BROWSER").as_deref(),
            Ok("1"),
            "REQUIRE_BROWSER=1 but tests/browser has no node_modules or /usr/bin/chromium is missing"
        );
        eprintln!(
            "skipped: run `npm ci` in tests/browser and install chromium to run the browser test"
        );
        return;
    }
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
