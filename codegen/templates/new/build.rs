//! Generates the resolver traits from `schema.graphql` and `codegen.toml`.
fn main() {
    weftql_codegen::build::run();
}
