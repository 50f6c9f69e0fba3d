// Serving the schema needs every resolver trait implemented.
struct Api;

fn main() {
    let _ = hackernews::schema::build_schema(Api);
}
