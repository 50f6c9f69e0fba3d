// `UserType.linkSet(first: Int)` takes an optional argument: `Option<i32>`, not `i32`.
use hackernews::entities::user;
use hackernews::schema::{LinkNodeConnection, ResolverResult, UserTypeResolvers, VoteNodeConnection};

struct Api;

impl UserTypeResolvers for Api {
    async fn link_set(
        &self,
        _: &async_graphql::Context<'_>,
        _: &user::Model,
        _offset: Option<i32>,
        _before: Option<String>,
        _after: Option<String>,
        _first: i32,
        _last: Option<i32>,
    ) -> ResolverResult<LinkNodeConnection> {
        unimplemented!()
    }
    async fn vote_set(
        &self,
        _: &async_graphql::Context<'_>,
        _: &user::Model,
        _offset: Option<i32>,
        _before: Option<String>,
        _after: Option<String>,
        _first: Option<i32>,
        _last: Option<i32>,
    ) -> ResolverResult<VoteNodeConnection> {
        unimplemented!()
    }
}

fn main() {}
