//! Generates the resolver traits and schema glue from `schema.graphql`.
fn main() {
    weftql_codegen::build::run();
}
