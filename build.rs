//! Generates the resolver traits and the engine's implementations from
//! `schema.graphql`, and tells the test suite which tools this machine
//! lacks: a test that needs Node.js, Chromium or HAProxy is then ignored,
//! with the reason, in the run's summary (unless `REQUIRE_BROWSER`,
//! `REQUIRE_AUDIT` or `REQUIRE_HAPROXY` asks for it, as CI does, so that it
//! fails instead).
use std::path::Path;

fn main() {
    weftql_codegen::build::run();
    println!("cargo::rustc-check-cfg=cfg(missing_node)");
    println!("cargo::rustc-check-cfg=cfg(missing_chromium)");
    println!("cargo::rustc-check-cfg=cfg(missing_haproxy)");
    for variable in [
        "PATH",
        "REQUIRE_BROWSER",
        "REQUIRE_AUDIT",
        "REQUIRE_HAPROXY",
    ] {
        println!("cargo::rerun-if-env-changed={variable}");
    }
    // Installing chromium (or Node.js) from Debian's packages changes
    // /usr/bin; installing haproxy, /usr/sbin.
    for dir in ["/usr/bin", "/usr/sbin"] {
        if Path::new(dir).is_dir() {
            println!("cargo::rerun-if-changed={dir}");
        }
    }
    let required = |variable: &str| std::env::var(variable).is_ok_and(|v| v == "1");
    let node = on_path("node") && on_path("npm");
    if !node && !required("REQUIRE_BROWSER") && !required("REQUIRE_AUDIT") {
        println!("cargo::rustc-cfg=missing_node");
    }
    // The browser test drives Debian's chromium at this path.
    let chromium = Path::new("/usr/bin/chromium").exists();
    if !chromium && !required("REQUIRE_BROWSER") {
        println!("cargo::rustc-cfg=missing_chromium");
    }
    // The scale-out tests run HAProxy from the path, else Debian's.
    let haproxy = on_path("haproxy") || Path::new("/usr/sbin/haproxy").is_file();
    if !haproxy && !required("REQUIRE_HAPROXY") {
        println!("cargo::rustc-cfg=missing_haproxy");
    }
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
}
