//! Generates the resolver traits and schema glue from `schema.graphql`.
fn main() {
    codegen::build::run();
}
