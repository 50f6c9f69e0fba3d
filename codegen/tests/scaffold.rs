//! `scaffold` writes one starter file per resolver trait into a directory,
//! with the exact signatures of the trait, and never overwrites a file.

use std::path::{Path, PathBuf};

use weftql_codegen::Config;
use weftql_codegen::scaffold::{Options, Outcome, ScaffoldError, StarterError, scaffold};

const SCHEMA: &str = r#"
type Query {
  hello(name: String = "world"): String!
  node(id: ID!): Node
}

interface Node {
  id: ID!
}

type Book implements Node {
  id: ID!
  title: String!
  similar(first: Int): [Book!]!
}

type Subscription {
  ticks(every: Int!): Int!
}
"#;

const BOOK: &str = r#"//! Resolvers of `Book`, started by `weftql-codegen scaffold`: replace each `todo!()`.

use crate::api::*;

#[allow(unused_variables)]
impl crate::api::BookResolvers for crate::Impl {
    /// `Book.similar(first: Int): [Book!]!`
    async fn similar(
        &self,
        ctx: &Context<'_>,
        parents: &[Book],
        first: Option<i32>,
    ) -> ResolverResult<Vec<Vec<Book>>> {
        todo!("Book.similar")
    }
}
"#;

/// A fresh directory of this test's own under cargo's scratch space.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).expect("a removable scratch directory");
    }
    dir
}

fn schema() -> weftql_codegen::ir::Schema {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    weftql_codegen::check(SCHEMA, &Config::default(), root)
        .expect("a valid schema")
        .0
}

fn options(dir: &Path) -> Options<'_> {
    Options {
        dir,
        module: "crate::api",
        implementor: "crate::Impl",
        main: None,
    }
}

#[test]
fn writes_one_starter_file_per_trait_then_keeps_them() {
    let dir = scratch("scaffold-writes-then-keeps");
    let schema = schema();
    let files = ["query.rs", "book.rs", "subscription.rs"].map(|f| dir.join(f));

    let first = scaffold(&schema, &options(&dir)).expect("a first scaffold");
    assert_eq!(first.files, files.clone().map(Outcome::Written));
    assert_eq!(
        first.declarations,
        "mod query;\nmod book;\nmod subscription;\n"
    );
    assert_eq!(first.module_file, Some(dir.join("mod.rs")));
    assert_eq!(
        std::fs::read_to_string(dir.join("mod.rs")).unwrap(),
        first.declarations
    );
    assert_eq!(std::fs::read_to_string(&files[1]).unwrap(), BOOK);
    let subscription = std::fs::read_to_string(&files[2]).unwrap();
    assert!(
        subscription.contains(
            "async fn ticks(\n        &self,\n        ctx: &Context<'_>,\n        every: i32,\n    ) -> ResolverResult<\n        ::weftql_runtime::futures_util::stream::BoxStream<'static, ResolverResult<i32>>,\n    > {\n        todo!(\"Subscription.ticks\")"
        ),
        "{subscription}"
    );

    std::fs::write(&files[0], "// hand-written\n").unwrap();
    std::fs::write(dir.join("mod.rs"), "mod query;\n").unwrap();
    let second = scaffold(&schema, &options(&dir)).expect("a second scaffold");
    assert_eq!(second.files, files.clone().map(Outcome::Kept));
    assert_eq!(second.module_file, None, "an existing module file is kept");
    assert_eq!(
        std::fs::read_to_string(dir.join("mod.rs")).unwrap(),
        "mod query;\n"
    );
    assert_eq!(
        std::fs::read_to_string(&files[0]).unwrap(),
        "// hand-written\n"
    );
    assert_eq!(std::fs::read_to_string(&files[1]).unwrap(), BOOK);
}

/// A type whose file's name is a keyword (`ref.rs`) is declared as a raw
/// identifier; types whose names meet in Rust get files of their own.
#[test]
fn declarations_use_raw_identifiers_and_distinct_files() {
    let dir = scratch("scaffold-keywords");
    let sdl = "type Query { r: Ref, u: User, v: user }\n\
               type Ref { a(x: Int): Int }\n\
               type User { b(x: Int): Int }\n\
               type user { c(x: Int): Int }";
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (schema, _) = weftql_codegen::check(sdl, &Config::default(), root).expect("a valid schema");
    let scaffolded = scaffold(&schema, &options(&dir)).expect("a scaffold");
    assert_eq!(
        scaffolded.declarations,
        "mod query;\nmod r#ref;\nmod user;\nmod user2;\n"
    );
    for file in ["query.rs", "ref.rs", "user.rs", "user2.rs"] {
        assert!(dir.join(file).exists(), "{file}");
    }
    // Beside `<dir>.rs`, the declarations are the caller's to place.
    let nested = dir.join("nested");
    std::fs::write(dir.join("nested.rs"), "").unwrap();
    let beside = scaffold(&schema, &options(&nested)).expect("a scaffold");
    assert_eq!(beside.module_file, None);
    assert!(!nested.join("mod.rs").exists());
}

#[test]
fn an_implementor_that_is_no_rust_path_is_an_error() {
    let dir = scratch("scaffold-bad-implementor");
    let bad = Options {
        implementor: "not a path",
        ..options(&dir)
    };
    let error = scaffold(&schema(), &bad).expect_err("`not a path` is no Rust path");
    assert!(
        matches!(error, ScaffoldError::Starter(StarterError::NotAPath { .. })),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .starts_with("`not a path` is not a Rust path"),
        "{error}"
    );
    assert!(
        !dir.exists(),
        "nothing is written when the options are wrong"
    );
}

/// `weftql-codegen new` in `dir` with `args`: its status and output.
fn new_crate(dir: &Path, args: &[&str]) -> (bool, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_weftql-codegen"))
        .current_dir(dir)
        .arg("new")
        .args(args)
        .output()
        .expect("the command runs");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned()
            + &String::from_utf8_lossy(&output.stderr),
    )
}

#[test]
fn new_writes_a_whole_crate_on_this_checkout_and_never_over_one() {
    let dir = tempfile::tempdir().unwrap();
    let (ok, out) = new_crate(dir.path(), &["My Library"]);
    assert!(ok, "{out}");
    assert!(out.contains("created `my-library` in My Library"), "{out}");
    let root = dir.path().join("My Library");
    for file in [
        "Cargo.toml",
        ".gitignore",
        "schema.graphql",
        "codegen.toml",
        "build.rs",
        "src/app.rs",
        "src/lib.rs",
        "src/main.rs",
        "src/resolvers.rs",
        "src/store.rs",
        "tests/api.rs",
    ] {
        assert!(root.join(file).is_file(), "{file}");
    }
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let checkout = env!("CARGO_MANIFEST_DIR");
    assert!(manifest.contains("name = \"my-library\""), "{manifest}");
    assert!(
        manifest.contains(&format!(
            "weftql-runtime = {{ path = \"{checkout}/runtime\" }}"
        )),
        "{manifest}"
    );
    let main = std::fs::read_to_string(root.join("src/main.rs")).unwrap();
    assert!(main.contains("my_library::routes()"), "{main}");
    // The contract it writes is one the generator accepts as it is.
    let schema = std::fs::read_to_string(root.join("schema.graphql")).unwrap();
    let config = Config::load(&root.join("codegen.toml")).unwrap();
    weftql_codegen::check(&schema, &config, &root)
        .unwrap_or_else(|failed| panic!("{}", failed.render("schema.graphql", &schema)));

    // Run from elsewhere with --config, it reads that crate's structs.
    let checked = std::process::Command::new(env!("CARGO_BIN_EXE_weftql-codegen"))
        .current_dir(dir.path())
        .args([
            "--config",
            "My Library/codegen.toml",
            "check",
            "My Library/schema.graphql",
        ])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&checked.stdout);
    assert!(
        checked.status.success()
            && said.contains(
                "My Library/schema.graphql (with My Library/codegen.toml): 4 types, no errors"
            ),
        "{said}{}",
        String::from_utf8_lossy(&checked.stderr)
    );

    let (ok, out) = new_crate(dir.path(), &["My Library"]);
    assert!(!ok && out.contains("exists and is not empty"), "{out}");
    let (ok, out) = new_crate(dir.path(), &["shelf", "--database", "sqlite"]);
    assert!(ok, "{out}");
    let manifest = std::fs::read_to_string(dir.path().join("shelf/Cargo.toml")).unwrap();
    assert!(manifest.contains("sea-orm"), "{manifest}");
    let store = std::fs::read_to_string(dir.path().join("shelf/src/store.rs")).unwrap();
    assert!(
        store.contains("CREATE TABLE IF NOT EXISTS books"),
        "{store}"
    );

    let (ok, out) = new_crate(dir.path(), &["9lives"]);
    assert!(
        !ok && out.contains("`9lives` cannot be a package name: give one with --name"),
        "{out}"
    );
}

#[test]
fn the_module_file_declares_an_implementor_of_its_own_module() {
    let base = scratch("scaffold-implementor");
    let dir = base.join("resolvers");
    let options = Options {
        dir: &dir,
        module: "crate::schema",
        implementor: "crate::resolvers::Api",
        main: None,
    };
    let scaffolded = scaffold(&schema(), &options).expect("a scaffold");
    let module = std::fs::read_to_string(dir.join("mod.rs")).unwrap();
    assert!(
        module.starts_with(&scaffolded.declarations)
            && module.contains("#[derive(Debug, Default)]\npub struct Api;\n"),
        "{module}"
    );
    let query = std::fs::read_to_string(dir.join("query.rs")).unwrap();
    assert!(query.contains("for crate::resolvers::Api"), "{query}");
}

#[test]
fn a_crate_without_main_or_lib_gets_a_main_that_serves_once() {
    let base = scratch("scaffold-main");
    let src = base.join("src");
    let dir = src.join("resolvers");
    let main = src.join("main.rs");
    let options = Options {
        dir: &dir,
        module: "crate::schema",
        implementor: "crate::resolvers::Api",
        main: Some(&main),
    };
    let first = scaffold(&schema(), &options).expect("a scaffold");
    assert_eq!(first.main_file, Some(main.clone()));
    let text = std::fs::read_to_string(&main).unwrap();
    for line in [
        "mod resolvers;",
        "mod schema {",
        "impl Executor for App {",
        "schema::build_schema(resolvers::Api::default())",
    ] {
        assert!(text.contains(line), "{line} in:\n{text}");
    }
    std::fs::write(&main, "// mine\n").unwrap();
    let again = scaffold(&schema(), &options).expect("a second scaffold");
    assert_eq!(again.main_file, None);
    assert_eq!(std::fs::read_to_string(&main).unwrap(), "// mine\n");

    // A library crate gets no main.rs.
    std::fs::remove_file(&main).unwrap();
    std::fs::write(src.join("lib.rs"), "").unwrap();
    let library = scaffold(&schema(), &options).expect("a scaffold");
    assert_eq!(library.main_file, None);
    assert!(!main.exists());
}
