//! The tools some tests need (Node.js and npm, Chromium, HAProxy,
//! Prometheus): each
//! such test finds them itself (`#[test_with::executable(…)]`) and is
//! ignored, with the reason, on a machine without them. Where the run asks
//! for them (`REQUIRE_BROWSER`, `REQUIRE_AUDIT`,
//! `REQUIRE_SUBSCRIPTION_CLIENTS`, `REQUIRE_HAPROXY`, `REQUIRE_PROMETHEUS` set to
//! `1`, as in CI), a missing tool fails here instead of being skipped.
//! The tests look when they are compiled: after installing a tool, `touch
//! tests/api/main.rs` (or change anything the tests build on) to run them.

/// Each requirement: the variable that asks for it and the programs it needs.
const REQUIRED: [(&str, &[&str]); 5] = [
    ("REQUIRE_BROWSER", &["node", "npm", "chromium"]),
    ("REQUIRE_AUDIT", &["node", "npm"]),
    ("REQUIRE_SUBSCRIPTION_CLIENTS", &["node", "npm"]),
    ("REQUIRE_HAPROXY", &["haproxy"]),
    ("REQUIRE_PROMETHEUS", &["prometheus"]),
];

#[test]
fn every_tool_the_run_requires_is_on_the_path() {
    let missing: Vec<String> = REQUIRED
        .iter()
        .filter(|(variable, _)| std::env::var(variable).is_ok_and(|v| v == "1"))
        .flat_map(|(variable, programs)| {
            programs
                .iter()
                .filter(|program| !on_path(program))
                .map(move |program| format!("{variable}=1 but `{program}` is not on PATH"))
        })
        .collect();
    assert!(missing.is_empty(), "{}", missing.join("; "));
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
}
