//! How long `weftql_codegen::generate` takes on real schemas of three sizes from
//! the corpus in `tests/corpus`: GitHub's (64k lines; with
//! `duplicate_fields = "warn"`, since it defines two fields twice), Shopify's
//! storefront (10k lines) and SWAPI (1k lines). `check` (parse and IR, no
//! Rust) is measured too, to show how the time splits. Run with
//! `cargo bench -p codegen`.

use std::path::Path;

use divan::{Bencher, black_box};
use weftql_codegen::Config;

fn main() {
    divan::main();
}

const SCHEMAS: [&str; 3] = [
    "github.graphql",
    "shopify_storefront.graphql",
    "swapi.graphql",
];

/// The schema's text and the configuration it generates with.
fn load(schema: &str) -> (String, Config) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .join(schema);
    let source =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let config = match schema {
        "github.graphql" => Config::parse("duplicate_fields = \"warn\"").expect("a valid config"),
        _ => Config::default(),
    };
    (source, config)
}

fn crate_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[divan::bench(args = SCHEMAS, sample_count = 20)]
fn generate(bencher: Bencher, schema: &str) {
    let (source, config) = load(schema);
    bencher.bench(|| {
        weftql_codegen::generate(black_box(&source), schema, &config, crate_root())
            .unwrap_or_else(|_| panic!("{schema} generates"))
    });
}

#[divan::bench(args = SCHEMAS, sample_count = 20)]
fn check(bencher: Bencher, schema: &str) {
    let (source, config) = load(schema);
    bencher.bench(|| {
        weftql_codegen::check(black_box(&source), &config, crate_root())
            .unwrap_or_else(|_| panic!("{schema} checks"))
    });
}
