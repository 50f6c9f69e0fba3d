//! How long the contract's checks of its clients take on real sizes:
//! `diff` of GitHub's schema (64k lines) against a copy with 50 edits
//! (fields removed, deprecated and added), from the two texts as the
//! command reads them and from IRs already built; and `operations check` of
//! 500 operations in 50 client files (`.graphql` and `.tsx`) against
//! GitHub's schema, from finding the files to the last diagnostic. Run with
//! `cargo bench -p weftql-codegen --bench contract`.

use std::path::Path;

use divan::{Bencher, black_box};
use weftql_codegen::diff::diff;
use weftql_codegen::operations::{self, Options};
use weftql_codegen::{Config, ir};

fn main() {
    divan::main();
}

/// GitHub's schema, and the configuration it is read with (it defines two
/// fields twice).
fn github() -> (String, Config) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/github.graphql");
    let source = std::fs::read_to_string(&path).expect("the corpus's GitHub schema");
    let config = Config::parse("duplicate_fields = \"warn\"").expect("a valid config");
    (source, config)
}

/// The schema with 50 edits spread through it: of the plain field lines
/// (`  name: Type`) of object types that implement no interface, every 79th
/// is removed, every 89th deprecated, and a field is added after every
/// 61st, 50 in all.
fn edited(source: &str) -> String {
    let (mut removed, mut deprecated, mut added) = (0, 0, 0);
    let mut in_object = false;
    let mut plain = 0usize;
    let mut out = String::with_capacity(source.len());
    for line in source.lines() {
        if line.starts_with("type ") {
            // Not one that implements an interface, whose fields it needs.
            in_object = !line.contains(" implements ");
        } else if line == "}" {
            in_object = false;
        }
        let is_plain_field = in_object
            && line.starts_with("  ")
            && line[2..].starts_with(|c: char| c.is_ascii_alphabetic())
            && line
                .trim_end()
                .ends_with(|c: char| c == '!' || c.is_alphanumeric())
            && line.contains(": ")
            && !line.contains('(');
        if is_plain_field {
            plain += 1;
            if plain.is_multiple_of(79) && removed < 20 {
                removed += 1;
                drop_description(&mut out);
                continue;
            }
            if plain.is_multiple_of(89) && deprecated < 15 {
                deprecated += 1;
                out.push_str(line);
                out.push_str(" @deprecated(reason: \"benchmark\")\n");
                continue;
            }
            if plain.is_multiple_of(61) && added < 15 {
                added += 1;
                out.push_str(line);
                out.push_str(&format!("\n  benchmarkAdded{added}: String\n"));
                continue;
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    assert_eq!((removed, deprecated, added), (20, 15, 15), "50 edits");
    out
}

/// Removes the description that ends `out` (the removed field's), if any.
fn drop_description(out: &mut String) {
    let mut lines: Vec<&str> = out.lines().collect();
    match lines.last().map(|l| l.trim()) {
        Some("\"\"\"") => {
            lines.pop();
            while let Some(line) = lines.pop() {
                if line.trim() == "\"\"\"" {
                    break;
                }
            }
        }
        Some(l) if l.len() > 6 && l.starts_with("\"\"\"") && l.ends_with("\"\"\"") => {
            lines.pop();
        }
        _ => return,
    }
    *out = lines.join("\n") + "\n";
}

fn contract(source: &str, config: &Config) -> ir::Schema {
    weftql_codegen::contract(source, config)
        .unwrap_or_else(|failed| panic!("{}", failed.render("github.graphql", source)))
        .0
}

#[divan::bench(sample_count = 10)]
fn diff_github_50_edits_from_text(bencher: Bencher) {
    let (old, config) = github();
    let new = edited(&old);
    let changes = diff(&contract(&old, &config), &contract(&new, &config));
    assert!(changes.len() >= 50, "{} changes", changes.len());
    bencher.bench(|| {
        let old = contract(black_box(&old), &config);
        let new = contract(black_box(&new), &config);
        diff(&old, &new)
    });
}

#[divan::bench(sample_count = 20)]
fn diff_github_50_edits_from_ir(bencher: Bencher) {
    let (old, config) = github();
    let new = contract(&edited(&old), &config);
    let old = contract(&old, &config);
    bencher.bench(|| diff(black_box(&old), black_box(&new)));
}

/// Ten operations of one client file, as the file's kind writes them.
fn operations_file(file: usize, tsx: bool) -> String {
    let mut out = String::new();
    if tsx {
        out.push_str("import { gql } from \"@apollo/client\";\n\n");
    }
    for n in 0..10 {
        let id = file * 10 + n;
        let operation = match n % 5 {
            0 => format!(
                "query Repository{id}($owner: String!, $name: String!) {{\n  repository(owner: $owner, name: $name) {{\n    ...RepositorySummary\n    issues(first: 10, states: [OPEN]) {{\n      totalCount\n      nodes {{ number title author {{ login }} labels(first: 5) {{ nodes {{ name color }} }} }}\n    }}\n  }}\n}}\n"
            ),
            1 => format!(
                "query Viewer{id} {{\n  viewer {{\n    login\n    name\n    repositories(first: 20, orderBy: {{field: STARGAZERS, direction: DESC}}) {{\n      nodes {{ ...RepositorySummary }}\n      pageInfo {{ hasNextPage endCursor }}\n    }}\n  }}\n}}\n"
            ),
            2 => format!(
                "query User{id}($login: String!) {{\n  user(login: $login) {{\n    login\n    bio\n    followers {{ totalCount }}\n    pinnedItems(first: 6) {{ nodes {{ ... on Repository {{ ...RepositorySummary }} ... on Gist {{ name description }} }} }}\n  }}\n}}\n"
            ),
            3 => format!(
                "query Search{id}($query: String!) {{\n  search(query: $query, type: REPOSITORY, first: 10) {{\n    repositoryCount\n    nodes {{ __typename ... on Repository {{ ...RepositorySummary }} }}\n  }}\n}}\n"
            ),
            _ => format!(
                "mutation Star{id}($id: ID!) {{\n  addStar(input: {{starrableId: $id}}) {{\n    starrable {{ id stargazerCount viewerHasStarred }}\n  }}\n}}\n"
            ),
        };
        if tsx {
            out.push_str(&format!(
                "export const OPERATION_{id} = gql`\n{operation}`;\n\n"
            ));
        } else {
            out.push_str(&operation);
            out.push('\n');
        }
    }
    out
}

/// A project of 50 client files, 500 operations, and the fragment they
/// share.
fn client_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let src = dir.path().join("src");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::write(
        src.join("fragments.graphql"),
        "fragment RepositorySummary on Repository {\n  id\n  name\n  description\n  stargazerCount\n  owner { login }\n}\n",
    )
    .unwrap();
    for file in 0..50 {
        let tsx = file % 2 == 1;
        let name = format!("page{file}.{}", if tsx { "tsx" } else { "graphql" });
        std::fs::write(src.join(name), operations_file(file, tsx)).unwrap();
    }
    dir
}

#[divan::bench(sample_count = 10)]
fn operations_check_500_against_github(bencher: Bencher) {
    let (sdl, _) = github();
    let project = client_project();
    let patterns = vec!["src/**/*.graphql".to_owned(), "src/**/*.tsx".to_owned()];
    let options = Options {
        deny_deprecated: false,
        keep_first_duplicate_fields: true,
    };
    let files = operations::discover(project.path(), &patterns).expect("the client files");
    let checked = operations::check(&sdl, "github.graphql", &files, options);
    assert_eq!(checked.operations.len(), 500);
    assert_eq!(checked.errors(), 0, "{}", checked.render(&files));
    bencher.bench(|| {
        let files = operations::discover(project.path(), &patterns).expect("the client files");
        operations::check(black_box(&sdl), "github.graphql", &files, options)
    });
}
