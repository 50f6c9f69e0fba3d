// `VoteType` has no field `votedAt`: a method for it is not part of the trait.
use hackernews::entities::{link, user, vote};
use hackernews::schema::{ResolverResult, VoteTypeResolvers};

struct Api;

impl VoteTypeResolvers for Api {
    async fn user(&self, _: &async_graphql::Context<'_>, _: &vote::Model) -> ResolverResult<user::Model> {
        unimplemented!()
    }
    async fn link(&self, _: &async_graphql::Context<'_>, _: &vote::Model) -> ResolverResult<link::Model> {
        unimplemented!()
    }
    async fn voted_at(&self, _: &async_graphql::Context<'_>, _: &vote::Model) -> ResolverResult<String> {
        unimplemented!()
    }
}

fn main() {}
