//! The one integration-test binary: the server spoken to over HTTP, on
//! SQLite and on PostgreSQL, every operation of the tutorial with its errors.

#[path = "../../codegen/runtime/tests/clients/mod.rs"]
mod clients;
mod helpers;
mod load;
mod processes;

mod access_log;
mod audit;
mod auth;
mod bounds;
mod browser;
mod client_operations;
mod crash;
mod drift;
mod hostile;
mod http;
mod links;
mod look_ahead;
mod metrics;
mod mock;
mod n_plus_one;
mod outage;
mod relay;
mod rows;
mod scale_out;
mod served_schema;
mod shutdown;
mod subscription_clients;
mod subscriptions;
mod throttle;
mod tools;
mod traces;
mod trusted_documents;
mod users;
mod votes;
mod websocket;
