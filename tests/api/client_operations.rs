//! The frontend's operations (`examples/hackernews-web`, listed in
//! `codegen.toml`) are checked at every build: an edit of `schema.graphql`
//! that breaks one fails the build script cargo runs, positioned in the
//! client file, and the same edit's diff names the operation it breaks.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The build script cargo compiled for this package, the newest if several.
fn build_script() -> PathBuf {
    let deps = std::env::current_exe().expect("the test binary's path");
    let build = deps
        .parent()
        .and_then(Path::parent)
        .expect("target/<profile>/deps")
        .join("build");
    std::fs::read_dir(&build)
        .expect("target/<profile>/build")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with("hackernews-"))
        .map(|e| e.path().join("build-script-build"))
        .filter(|p| p.exists())
        .max_by_key(|p| p.metadata().and_then(|m| m.modified()).ok())
        .expect("cargo built hackernews's build script")
}

/// A copy of what the build reads (the contract, `codegen.toml`, the bound
/// entities, the client operations), with `schema.graphql` edited.
fn crate_with(edit: impl Fn(&str) -> String) -> tempfile::TempDir {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let copy = tempfile::tempdir().unwrap();
    for dir in ["src/entities", "examples/hackernews-web/src"] {
        std::fs::create_dir_all(copy.path().join(dir)).unwrap();
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), copy.path().join(dir).join(entry.file_name())).unwrap();
        }
    }
    std::fs::copy(root.join("codegen.toml"), copy.path().join("codegen.toml")).unwrap();
    let schema = std::fs::read_to_string(root.join("schema.graphql")).unwrap();
    let edited = edit(&schema);
    assert_ne!(edited, schema, "the edit changes the contract");
    std::fs::write(copy.path().join("schema.graphql"), edited).unwrap();
    copy
}

/// Runs the build script on `dir` as cargo does.
fn build(dir: &Path) -> Output {
    let out = tempfile::tempdir().unwrap();
    Command::new(build_script())
        .env("CARGO_MANIFEST_DIR", dir)
        .env("OUT_DIR", out.path())
        .output()
        .expect("the build script runs")
}

#[test]
fn the_repositorys_operations_hold_against_the_contract() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = weftql_codegen::Config::load(&root.join("codegen.toml")).unwrap();
    let operations = config
        .operations
        .expect("codegen.toml lists the frontend's operations");
    let sdl = std::fs::read_to_string(root.join("schema.graphql")).unwrap();
    let (files, checked) =
        weftql_codegen::operations::check_project(root, &sdl, "schema.graphql", &operations, false)
            .unwrap();
    assert_eq!(
        checked.errors() + checked.warnings(),
        0,
        "{}",
        checked.render(&files)
    );
    let names: Vec<&str> = checked
        .operations
        .iter()
        .map(|o| o.display_name())
        .collect();
    for name in [
        "Feed",
        "RelayFeed",
        "SignUp",
        "Login",
        "Me",
        "FeedPage",
        "PostLink",
        "Upvote",
    ] {
        assert!(names.contains(&name), "{name} in {names:?}");
    }
    assert!(files.iter().any(|f| f.display.ends_with("Feed.tsx")));
}

#[test]
fn a_breaking_edit_fails_the_build_in_the_client_file() {
    let unchanged = crate_with(|s| format!("{s}\n"));
    let output = build(unchanged.path());
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    let removed = crate_with(|s| {
        s.replacen(
            "type LinkType {\n  id: ID!\n  url: String!\n  description: String!\n",
            "type LinkType {\n  id: ID!\n  url: String!\n",
            1,
        )
    });
    let output = build(removed.path());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.contains("error: Cannot query field \"description\" on type \"LinkType\".")
            && stderr.contains("--> examples/hackernews-web/src/links.graphql:5:3"),
        "{stderr}"
    );

    let renamed = crate_with(|s| s.replace("createVote(linkId: Int)", "createVote(link: Int)"));
    let output = build(renamed.path());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.contains("--> examples/hackernews-web/src/Feed.tsx:30:16"),
        "{stderr}"
    );
}

#[test]
fn a_deprecation_warns_at_build_time() {
    let deprecated = crate_with(|s| {
        s.replacen(
            "  me: UserType\n",
            "  me: UserType @deprecated(reason: \"use viewer\")\n",
            1,
        )
    });
    let output = build(deprecated.path());
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("cargo:warning=examples/hackernews-web/src/account.graphql:3:3: the field `Query.me` is deprecated"),
        "{stdout}"
    );
}
