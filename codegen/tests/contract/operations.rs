//! Client operations checked against the contract, by the command and by
//! the build script's entry point: `.graphql` files and `gql` templates in
//! TypeScript, fragments across files, every error positioned in its
//! client file with the server's wording, deprecated uses as warnings.

use std::path::Path;
use std::process::Command;

const SCHEMA: &str = "type Query {\n  links(first: Int, order: Order): [Link!]!\n  top: Link @deprecated(reason: \"use links\")\n}\n\ntype Link {\n  id: ID!\n  url: String!\n  title: String\n}\n\nenum Order {\n  NEWEST\n  OLDEST @deprecated\n}\n";

const FRAGMENT: &str = "fragment LinkParts on Link {\n  id\n  url\n}\n";

const FEED: &str = r#"import { gql } from "@apollo/client";

// Don't fetch more than a page: it's slow.
export const FEED = gql`
  query Feed($first: Int) {
    links(first: $first, order: NEWEST) {
      ...LinkParts
      titel
    }
  }
`;

export const TOP = gql`query Top { top { ...LinkParts } }`;
"#;

/// A project with a contract, its configuration and two client files.
fn project(config: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let write = |path: &str, text: &str| {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("schema.graphql", SCHEMA);
    write("codegen.toml", config);
    write("web/src/fragments.graphql", FRAGMENT);
    write("web/src/Feed.tsx", FEED);
    dir
}

const CONFIG: &str = "[operations]\npaths = [\"web/src/**/*.graphql\", \"web/src/**/*.tsx\"]\n";

fn check(dir: &Path, extra: &[&str]) -> (Option<i32>, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_weftql-codegen"))
        .current_dir(dir)
        .args(["operations", "check"])
        .args(extra)
        .output()
        .expect("the command runs");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned()
            + &String::from_utf8_lossy(&output.stderr),
    )
}

#[test]
fn errors_are_positioned_in_the_client_file_with_the_servers_words() {
    let dir = project(CONFIG);
    let (status, out) = check(dir.path(), &[]);
    assert_eq!(status, Some(1), "{out}");
    assert!(
        out.contains(
            "error: Cannot query field \"titel\" on type \"Link\". Did you mean \"title\"?\n --> web/src/Feed.tsx:8:7\n  |\n8 |       titel\n  |       ^^^^^"
        ),
        "{out}"
    );
    assert!(
        out.contains("warning: the field `Query.top` is deprecated\n  --> web/src/Feed.tsx:13:36"),
        "{out}"
    );
    assert!(out.contains("= note: deprecated: use links"), "{out}");
    assert!(
        out.contains("checked 2 operations and 1 fragment in 2 files: 1 error, 1 warning"),
        "{out}"
    );
}

#[test]
fn a_valid_project_passes_and_deprecated_use_can_be_denied() {
    let dir = project(CONFIG);
    std::fs::write(
        dir.path().join("web/src/Feed.tsx"),
        FEED.replace("      titel\n", ""),
    )
    .unwrap();
    let (status, out) = check(dir.path(), &[]);
    assert_eq!(status, Some(0), "{out}");
    assert!(out.contains("1 warning"), "{out}");

    let (status, out) = check(dir.path(), &["--deny-deprecated"]);
    assert_eq!(status, Some(1), "{out}");
    assert!(
        out.contains("error: the field `Query.top` is deprecated"),
        "{out}"
    );

    let denied = project(&format!("{CONFIG}deny_deprecated = true\n"));
    std::fs::write(
        denied.path().join("web/src/Feed.tsx"),
        FEED.replace("      titel\n", ""),
    )
    .unwrap();
    assert_eq!(check(denied.path(), &[]).0, Some(1));
}

#[test]
fn deprecated_enum_values_and_arguments_warn_too() {
    let dir = project(CONFIG);
    std::fs::write(
        dir.path().join("web/src/Feed.tsx"),
        FEED.replace("      titel\n", "")
            .replace("order: NEWEST", "order: OLDEST"),
    )
    .unwrap();
    let (_, out) = check(dir.path(), &[]);
    assert!(
        out.contains(
            "warning: the enum value `Order.OLDEST` is deprecated\n --> web/src/Feed.tsx:6:33"
        ),
        "{out}"
    );
}

#[test]
fn the_build_fails_at_the_client_files_position() {
    let dir = project(CONFIG);
    let out_dir = tempfile::tempdir().unwrap();
    let error = weftql_codegen::build::generate_into(dir.path(), &out_dir.path().join("schema.rs"))
        .expect_err("an invalid operation stops the build")
        .to_string();
    assert!(error.contains("--> web/src/Feed.tsx:8:7"), "{error}");
    assert!(
        out_dir.path().join("schema.rs").exists(),
        "the contract itself generated"
    );
}

#[test]
fn patterns_that_match_nothing_or_unknown_files_are_errors() {
    let dir = project("[operations]\npaths = [\"web/lib/**/*.graphql\"]\n");
    let (status, out) = check(dir.path(), &[]);
    assert_eq!(status, Some(1));
    assert!(
        out.contains("`web/lib/**/*.graphql` in [operations] paths matches no file"),
        "{out}"
    );

    let dir = project(CONFIG);
    std::fs::write(
        dir.path().join("web/src/notes.txt"),
        "query { links { id } }",
    )
    .unwrap();
    let (status, out) = check(dir.path(), &["web/src/*"]);
    assert_eq!(status, Some(1));
    assert!(out.contains("notes.txt: not a client document"), "{out}");
}

fn manifest(dir: &Path, extra: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_weftql-codegen"))
        .current_dir(dir)
        .args(["operations", "manifest"])
        .args(extra)
        .output()
        .expect("the command runs")
}

#[test]
fn the_manifest_lists_each_operation_under_the_sha256_of_its_body() {
    let dir = project(CONFIG);
    std::fs::write(
        dir.path().join("web/src/Feed.tsx"),
        FEED.replace("titel", "title"),
    )
    .unwrap();
    let output = manifest(dir.path(), &["--output", "manifest.json"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = std::fs::read_to_string(dir.path().join("manifest.json")).unwrap();
    let manifest: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(manifest["format"], "apollo-persisted-query-manifest");
    assert_eq!(manifest["version"], 1);
    let operations = manifest["operations"].as_array().unwrap();
    let names: Vec<&str> = operations
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Feed", "Top"]);
    for operation in operations {
        assert_eq!(operation["type"], "query");
        let body = operation["body"].as_str().unwrap();
        let digest = <sha2::Sha256 as sha2::Digest>::digest(body.as_bytes());
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(operation["id"], hex.as_str(), "{body}");
    }
    // Each body holds the fragments it spreads: alone, it is a valid
    // document of one operation.
    let feed = operations[0]["body"].as_str().unwrap();
    assert!(
        feed.starts_with("query Feed($first: Int) {")
            && feed.contains("fragment LinkParts on Link"),
        "{feed}"
    );
    std::fs::write(dir.path().join("feed.graphql"), feed).unwrap();
    let (status, out) = check(dir.path(), &["feed.graphql"]);
    assert_eq!(status, Some(0), "{out}");
    assert!(out.contains("checked 1 operation and 1 fragment"), "{out}");
}

#[test]
fn no_manifest_is_written_for_invalid_or_anonymous_operations() {
    let dir = project(CONFIG);
    let output = manifest(dir.path(), &["--output", "manifest.json"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--> web/src/Feed.tsx:8:7"), "{stderr}");
    assert!(!dir.path().join("manifest.json").exists());

    std::fs::write(
        dir.path().join("web/src/Feed.tsx"),
        "const Q = gql`{ links { ...LinkParts } }`;\n",
    )
    .unwrap();
    let output = manifest(dir.path(), &[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(
            "error: web/src/Feed.tsx:1:15: an anonymous operation cannot be listed: name it"
        ),
        "{stderr}"
    );
}

/// A project whose client files are `files`, checked with `operations
/// check 'web/**/*'`.
fn check_files(files: &[(&str, &str)]) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("schema.graphql"), SCHEMA).unwrap();
    std::fs::write(dir.path().join("codegen.toml"), "").unwrap();
    for (path, text) in files {
        let path = dir.path().join("web").join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    check(dir.path(), &["web/**/*"])
}

#[test]
fn each_document_is_validated_alone_as_a_request() {
    // A component without a query, an empty file, a file of comments.
    let (status, out) = check_files(&[
        ("App.tsx", "export const App = () => <p>hi</p>;\n"),
        ("empty.graphql", ""),
        ("notes.graphql", "# nothing yet\n\n"),
        ("a.graphql", "{ links { id } }\n"),
        ("b.graphql", "{ links { url } }\n"),
        (
            "Feed.tsx",
            "const A = gql`{ links { id } }`;\nconst B = gql`query B { links { ...Parts } }`;\n",
        ),
        ("parts.graphql", "fragment Parts on Link { url }\n"),
    ]);
    assert_eq!(status, Some(0), "{out}");
    assert!(
        out.contains("checked 4 operations and 1 fragment in 7 files: 0 errors"),
        "{out}"
    );
}

#[test]
fn names_are_unique_across_documents() {
    let (status, out) = check_files(&[
        (
            "a.graphql",
            "query Feed { links { id } }\nfragment Parts on Link { url }\n",
        ),
        ("b.graphql", "query Feed { links { url } }\n"),
        ("c.graphql", "fragment Parts on Link { id }\n"),
    ]);
    assert_eq!(status, Some(1), "{out}");
    assert!(
        out.contains(
            "error: There can be only one operation named \"Feed\".\n --> web/b.graphql:1:1"
        ) && out.contains("= note: the other is at web/a.graphql:1:1"),
        "{out}"
    );
    assert!(
        out.contains(
            "error: There can be only one fragment named \"Parts\".\n --> web/c.graphql:1:1"
        ),
        "{out}"
    );
}

#[test]
fn one_error_per_mistake_at_its_column_in_characters() {
    let (status, out) = check_files(&[(
        "a.graphql",
        "query A { links(order: NEWEST) { titel } top { id } }\nquery B { top(x: \"ééé\") { nope } }\n",
    )]);
    assert_eq!(status, Some(1), "{out}");
    assert!(
        out.contains("error: Cannot query field \"titel\" on type \"Link\". Did you mean \"title\"?\n --> web/a.graphql:1:34\n"),
        "{out}"
    );
    assert!(
        out.contains(
            "error: Unknown argument \"x\" on field \"Query.top\".\n --> web/a.graphql:2:15\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("error: Cannot query field \"nope\" on type \"Link\".\n --> web/a.graphql:2:27\n  |\n2 | query B { top(x: \"ééé\") { nope } }\n  |                           ^^^^"),
        "{out}"
    );
    assert!(!out.contains("must have a selection of subfields"), "{out}");
}

#[test]
fn syntax_errors_and_type_definitions_in_client_files_are_errors() {
    let (status, out) = check_files(&[
        ("a.graphql", "query A { links { id }\n"),
        ("b.graphql", "type X { b: Int }\nquery B { links { id } }\n"),
    ]);
    assert_eq!(status, Some(1), "{out}");
    assert!(
        out.contains("error: syntax error: expected R_CURLY, got EOF\n --> web/a.graphql:2:1"),
        "{out}"
    );
    assert!(
        out.contains("error: The \"X\" definition is not executable.\n --> web/b.graphql:1:1"),
        "{out}"
    );
}
