//! The one integration-test binary: the server spoken to over HTTP, on
//! SQLite and on PostgreSQL, every operation of the tutorial with its errors.

#[path = "../../codegen/runtime/tests/clients/mod.rs"]
mod clients;
mod helpers;

mod audit;
mod auth;
mod bounds;
mod browser;
mod drift;
mod hostile;
mod http;
mod links;
mod mock;
mod n_plus_one;
mod outage;
mod relay;
mod served_schema;
mod shutdown;
mod throttle;
mod users;
mod votes;
