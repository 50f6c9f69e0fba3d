//! Generates the resolver traits and the engine's implementations from
//! `schema.graphql` (and checks the client operations `codegen.toml` lists):
//! the generator's whole job, and this script's only one.

fn main() {
    weftql_codegen::build::run();
}
