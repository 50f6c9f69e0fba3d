//! Serves the to-do list at http://127.0.0.1:8001/graphql (GraphiQL in a
//! browser), on `todo.db` or `DATABASE_URL`.

use poem::Server;
use poem::listener::TcpListener;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| "sqlite://todo.db?mode=rwc".into());
    let routes = weftql_example_todo::routes(&url).await?;
    println!("serving the to-do list at http://127.0.0.1:8001/graphql");
    Server::new(TcpListener::bind("127.0.0.1:8001"))
        .run(routes)
        .await?;
    Ok(())
}
