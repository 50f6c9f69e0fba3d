// The schema has `LinkType.votes`; an implementation that forgets it does not build.
use hackernews::entities::{link, user};
use hackernews::schema::{LinkTypeResolvers, ResolverResult};

struct Api;

impl LinkTypeResolvers for Api {
    async fn posted_by(&self, _: &async_graphql::Context<'_>, _: &link::Model) -> ResolverResult<Option<user::Model>> {
        Ok(None)
    }
}

fn main() {}
