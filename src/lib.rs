//! The Hackernews server: the tutorial's API on the traits generated from
//! `schema.graphql`, over sea-orm and JWT, served by weftql's runtime.

pub mod access_log;
pub mod app;
pub mod auth;
pub mod bench;
pub mod config;
pub mod db;
pub mod entities;
pub mod error;
pub mod events;
pub mod mock;
pub mod ops;
pub mod resolvers;
pub mod routes;
pub mod schema;
pub mod seed;
pub mod state;
