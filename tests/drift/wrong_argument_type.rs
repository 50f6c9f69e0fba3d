// `UserType.linkSet(first: Int)` takes an optional argument: `Option<i32>`, not `i32`.
use hackernews::entities::user;
use hackernews::schema::{Context, LinkNodeConnection, ResolverResult, UserTypeResolvers, VoteNodeConnection};

struct Api;

impl UserTypeResolvers for Api {
    async fn link_set(
        &self,
        _: &Context,
        _: &[user::Model],
        _offset: Option<i32>,
        _before: Option<String>,
        _after: Option<String>,
        _first: i32,
        _last: Option<i32>,
    ) -> ResolverResult<Vec<LinkNodeConnection>> {
        unimplemented!()
    }
    async fn vote_set(
        &self,
        _: &Context,
        _: &[user::Model],
        _offset: Option<i32>,
        _before: Option<String>,
        _after: Option<String>,
        _first: Option<i32>,
        _last: Option<i32>,
    ) -> ResolverResult<Vec<VoteNodeConnection>> {
        unimplemented!()
    }
}

fn main() {}
