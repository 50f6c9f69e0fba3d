//! `weftql-codegen diff` run as a user runs it: exit statuses, the JSON
//! document, GitHub annotations, SARIF, `--against` a git revision, and
//! the operations each change touches.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

const OLD: &str = "type Query {\n  links: [Link]\n  me: User\n}\n\ntype Link {\n  id: ID!\n  url: String!\n  title: String\n  status: Status\n}\n\ntype User {\n  name: String\n}\n\nenum Status {\n  OPEN\n  CLOSED\n}\n";

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_weftql-codegen"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("the command runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// `diff old.graphql new.graphql --operations 'web/*' --format json` in
/// `dir`, as JSON.
fn diff_with_operations(dir: &Path) -> Value {
    let output = run(
        dir,
        &[
            "diff",
            "old.graphql",
            "new.graphql",
            "--operations",
            "web/*",
            "--format",
            "json",
        ],
    );
    serde_json::from_str(&stdout(&output)).expect("JSON")
}

/// The change of `document` whose `key` is `value`.
fn change(document: &Value, key: &str, value: &str) -> Value {
    document["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c[key] == value)
        .unwrap_or_else(|| panic!("no change with {key} {value} in {document}"))
        .clone()
}

/// A directory holding `old.graphql` and `new.graphql`.
fn contracts(new: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(dir.path().join("old.graphql"), OLD).unwrap();
    std::fs::write(dir.path().join("new.graphql"), new).unwrap();
    dir
}

#[test]
fn exit_statuses_say_what_the_diff_found() {
    let unchanged = contracts(OLD);
    let status = |dir: &tempfile::TempDir, extra: &[&str]| {
        let mut args = vec!["diff", "old.graphql", "new.graphql"];
        args.extend_from_slice(extra);
        run(dir.path(), &args).status.code()
    };
    assert_eq!(status(&unchanged, &[]), Some(0));

    let breaking = contracts(&OLD.replace("  title: String\n", ""));
    assert_eq!(status(&breaking, &[]), Some(1));

    let dangerous = contracts(&OLD.replace("  CLOSED\n", "  CLOSED\n  HIDDEN\n"));
    assert_eq!(status(&dangerous, &[]), Some(0));
    assert_eq!(status(&dangerous, &["--deny-dangerous"]), Some(2));

    let invalid = contracts(&OLD.replace("me: User", "me: Usr"));
    let output = run(invalid.path(), &["diff", "old.graphql", "new.graphql"]);
    assert_eq!(output.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("unknown type `Usr`") && stderr.contains("--> new.graphql:3:7"),
        "{stderr}"
    );

    let usage = run(unchanged.path(), &["diff", "old.graphql"]);
    assert_eq!(usage.status.code(), Some(64));
    let unknown_flag = run(unchanged.path(), &["diff", "--colour"]);
    assert_eq!(unknown_flag.status.code(), Some(64));
}

#[test]
fn the_text_report_points_at_each_change() {
    let dir = contracts(
        &OLD.replace("  title: String\n", "")
            .replace("  url: String!", "  url: String"),
    );
    let output = run(dir.path(), &["diff", "old.graphql", "new.graphql"]);
    let text = stdout(&output);
    assert!(
        text.contains("error[FIELD_REMOVED]: field `Link.title` was removed"),
        "{text}"
    );
    assert!(
        text.contains("--> old.graphql:9:3"),
        "a removal is shown where it was:\n{text}"
    );
    assert!(
        text.contains(
            "error[FIELD_TYPE_CHANGED]: field `Link.url` changed type from `String!` to `String`"
        ),
        "{text}"
    );
    assert!(text.contains("--> new.graphql:8:3"), "{text}");
    assert!(
        text.contains("= note: breaking: clients may now receive null"),
        "{text}"
    );
    assert!(
        text.ends_with("old.graphql → new.graphql: 2 breaking, 0 dangerous, 0 safe\n"),
        "{text}"
    );
}

#[test]
fn json_is_a_versioned_document() {
    let dir = contracts(
        &OLD.replace("  title: String\n", "")
            .replace("  CLOSED\n", "  CLOSED\n  HIDDEN\n"),
    );
    let output = run(
        dir.path(),
        &["diff", "old.graphql", "new.graphql", "--format", "json"],
    );
    assert_eq!(output.status.code(), Some(1));
    let document: Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    assert_eq!(document["version"], 1);
    assert_eq!(document["old"]["file"], "old.graphql");
    assert_eq!(document["new"]["file"], "new.graphql");
    assert_eq!(
        document["summary"],
        serde_json::json!({"breaking": 1, "dangerous": 1, "safe": 0})
    );
    let changes = document["changes"].as_array().expect("a list of changes");
    assert_eq!(changes.len(), 2);
    let removed = &changes[0];
    assert_eq!(removed["level"], "breaking");
    assert_eq!(removed["kind"], "FIELD_REMOVED");
    assert_eq!(removed["coordinate"], "Link.title");
    assert_eq!(removed["old_value"], "String");
    assert_eq!(removed["new_value"], Value::Null);
    assert_eq!(
        removed["old_position"],
        serde_json::json!({"file": "old.graphql", "line": 9, "column": 3, "length": 5})
    );
    assert_eq!(removed["new_position"], Value::Null);
    assert!(removed["message"].as_str().is_some_and(|m| !m.is_empty()));
    assert!(removed["reason"].as_str().is_some_and(|r| !r.is_empty()));
    assert!(
        removed.get("operations").is_none(),
        "no operations were checked"
    );
    let added = &changes[1];
    assert_eq!(added["level"], "dangerous");
    assert_eq!(added["kind"], "ENUM_VALUE_ADDED");
    assert_eq!(added["coordinate"], "Status.HIDDEN");
    assert_eq!(added["new_position"]["line"], 19);
}

#[test]
fn github_annotations_sit_on_the_changed_lines() {
    let dir = contracts(
        &OLD.replace("  title: String\n", "")
            .replace("  CLOSED\n", "  CLOSED\n  HIDDEN\n"),
    );
    let output = run(
        dir.path(),
        &["diff", "old.graphql", "new.graphql", "--format", "github"],
    );
    let lines: Vec<String> = stdout(&output).lines().map(str::to_owned).collect();
    assert_eq!(
        lines[0],
        "::error file=new.graphql,line=6,col=6,title=Breaking change (FIELD_REMOVED)::field `Link.title` was removed: a request that selects it becomes invalid"
    );
    assert!(
        lines[1].starts_with("::warning file=new.graphql,line=19,col=3,endColumn=9,title=Dangerous change (ENUM_VALUE_ADDED)::enum value `Status.HIDDEN` was added: "),
        "{}",
        lines[1]
    );
    assert_eq!(
        lines[2],
        "new.graphql: 1 breaking, 1 dangerous, 0 safe changes"
    );
}

#[test]
fn sarif_is_a_2_1_0_log() {
    let dir = contracts(&OLD.replace("  url: String!", "  url: String"));
    let output = run(
        dir.path(),
        &["diff", "old.graphql", "new.graphql", "--format", "sarif"],
    );
    let log: Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "weftql-codegen");
    assert_eq!(
        run["tool"]["driver"]["rules"][0]["id"],
        "FIELD_TYPE_CHANGED"
    );
    let result = &run["results"][0];
    assert_eq!(result["ruleId"], "FIELD_TYPE_CHANGED");
    assert_eq!(result["ruleIndex"], 0);
    assert_eq!(result["level"], "error");
    let location = &result["locations"][0];
    assert_eq!(
        location["physicalLocation"]["artifactLocation"]["uri"],
        "new.graphql"
    );
    assert_eq!(
        location["physicalLocation"]["region"],
        serde_json::json!({"startLine": 8, "startColumn": 3, "endColumn": 6})
    );
    assert_eq!(
        location["logicalLocations"][0]["fullyQualifiedName"],
        "Link.url"
    );
}

#[test]
fn against_compares_with_the_file_at_a_git_revision() {
    let dir = tempfile::tempdir().unwrap();
    let git = |args: &[&str]| {
        let status = Command::new("git")
            .current_dir(dir.path())
            .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
            .args(args)
            .status()
            .expect("git runs");
        assert!(status.success(), "git {args:?}");
    };
    git(&["init", "-q"]);
    std::fs::write(dir.path().join("schema.graphql"), OLD).unwrap();
    git(&["add", "schema.graphql"]);
    git(&["commit", "-q", "-m", "contract"]);
    std::fs::write(
        dir.path().join("schema.graphql"),
        OLD.replace("  me: User\n", ""),
    )
    .unwrap();
    let output = run(
        dir.path(),
        &["diff", "--against", "HEAD", "--format", "json"],
    );
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let document: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(document["old"]["file"], "schema.graphql@HEAD");
    assert_eq!(document["changes"][0]["coordinate"], "Query.me");

    let missing = run(dir.path(), &["diff", "--against", "no-such-ref"]);
    assert_eq!(missing.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("at `no-such-ref`"));
}

#[test]
fn diff_names_the_operations_each_change_touches() {
    let dir = contracts(
        &OLD.replace("  title: String\n", "")
            .replace("  me: User\n", "")
            .replace("  CLOSED\n", "  CLOSED\n  HIDDEN\n"),
    );
    std::fs::create_dir(dir.path().join("web")).unwrap();
    std::fs::write(
        dir.path().join("web/feed.graphql"),
        "query Feed {\n  links {\n    ...LinkParts\n  }\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("web/Parts.tsx"),
        "import { gql } from \"@apollo/client\";\nexport const PARTS = gql`\n  fragment LinkParts on Link {\n    id\n    title\n    status\n  }\n`;\n",
    )
    .unwrap();
    let document = diff_with_operations(dir.path());
    let by_coordinate = |coordinate: &str| change(&document, "coordinate", coordinate);
    let feed =
        serde_json::json!([{"name": "Feed", "file": "web/feed.graphql", "line": 1, "column": 1}]);
    assert_eq!(
        by_coordinate("Link.title")["operations"],
        feed,
        "through a fragment in another file"
    );
    assert_eq!(
        by_coordinate("Status.HIDDEN")["operations"],
        feed,
        "the enum is returned to it"
    );
    assert_eq!(
        by_coordinate("Query.me")["operations"],
        serde_json::json!([])
    );

    let text = stdout(&run(
        dir.path(),
        &[
            "diff",
            "old.graphql",
            "new.graphql",
            "--operations",
            "web/*",
        ],
    ));
    assert!(
        text.contains("= note: used by operation `Feed` (web/feed.graphql:1:1)"),
        "{text}"
    );
    assert!(
        text.contains("= note: no known client operation uses it"),
        "{text}"
    );
}

#[test]
fn changes_inside_a_variables_input_type_touch_the_operations_that_send_it() {
    let old = "type Query {\n  search(filter: Outer): [String]\n}\n\ninput Outer {\n  inner: Inner\n}\n\ninput Inner {\n  a: Int = 1\n}\n";
    let new = old
        .replace("  a: Int = 1\n", "  a: Int = 2\n  b: Int!\n")
        .replace("type Query {", "schema @cost(weight: 2) {\n  query: Query\n}\n\ndirective @cost(weight: Int) on SCHEMA\n\ntype Query {");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("old.graphql"), old).unwrap();
    std::fs::write(dir.path().join("new.graphql"), new).unwrap();
    std::fs::create_dir(dir.path().join("web")).unwrap();
    std::fs::write(
        dir.path().join("web/search.graphql"),
        "query Search($filter: Outer) {\n  search(filter: $filter)\n}\n",
    )
    .unwrap();
    let document = diff_with_operations(dir.path());
    let search = serde_json::json!([{"name": "Search", "file": "web/search.graphql", "line": 1, "column": 1}]);
    for kind in [
        "INPUT_FIELD_ADDED",
        "INPUT_FIELD_DEFAULT_CHANGED",
        "DIRECTIVE_USAGE_ADDED",
    ] {
        assert_eq!(
            change(&document, "kind", kind)["operations"],
            search,
            "{kind}"
        );
    }
}
