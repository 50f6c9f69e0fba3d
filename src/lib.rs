//! The Hackernews server: the tutorial's API on the traits generated from
//! `schema.graphql`, over sea-orm and JWT.

pub mod entities;
pub mod error;
pub mod schema;
