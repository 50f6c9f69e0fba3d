// `Query.links(first: Int)` takes an optional argument: `Option<i32>`, not `i32`.
use hackernews::entities::{link, user, vote};
use hackernews::schema::{
    Context, ID, LinkNodeConnection, Node, QueryRelayLinksArgs, QueryResolvers, ResolverResult,
};

struct Api;

impl QueryResolvers for Api {
    async fn links(
        &self,
        _: &Context<'_>,
        _search: Option<String>,
        _first: i32,
        _skip: Option<i32>,
    ) -> ResolverResult<Option<Vec<Option<link::Model>>>> {
        unimplemented!()
    }
    async fn votes(&self, _: &Context<'_>) -> ResolverResult<Option<Vec<Option<vote::Model>>>> {
        unimplemented!()
    }
    async fn users(&self, _: &Context<'_>) -> ResolverResult<Option<Vec<Option<user::Model>>>> {
        unimplemented!()
    }
    async fn me(&self, _: &Context<'_>) -> ResolverResult<Option<user::Model>> {
        unimplemented!()
    }
    async fn relay_link(&self, _: &Context<'_>, _id: ID) -> ResolverResult<Option<link::Model>> {
        unimplemented!()
    }
    async fn relay_links(
        &self,
        _: &Context<'_>,
        _args: QueryRelayLinksArgs,
    ) -> ResolverResult<Option<LinkNodeConnection>> {
        unimplemented!()
    }
    async fn node(&self, _: &Context<'_>, _id: ID) -> ResolverResult<Option<Node>> {
        unimplemented!()
    }
}

fn main() {}
