// `LinkType.postedBy: UserType` is nullable, so the method returns an `Option`.
use hackernews::entities::{link, user, vote};
use hackernews::schema::{LinkTypeResolvers, ResolverResult};

struct Api;

impl LinkTypeResolvers for Api {
    async fn posted_by(&self, _: &async_graphql::Context<'_>, _: &link::Model) -> ResolverResult<user::Model> {
        unimplemented!()
    }
    async fn votes(&self, _: &async_graphql::Context<'_>, _: &link::Model) -> ResolverResult<Vec<vote::Model>> {
        Ok(Vec::new())
    }
}

fn main() {}
