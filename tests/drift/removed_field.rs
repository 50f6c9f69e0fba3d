// `VoteType` has no field `votedAt`: a method for it is not part of the trait.
use hackernews::entities::{link, user, vote};
use hackernews::schema::{Context, ResolverResult, VoteTypeResolvers};

struct Api;

impl VoteTypeResolvers for Api {
    async fn user(&self, _: &Context<'_>, _: &[vote::Model]) -> ResolverResult<Vec<user::Model>> {
        unimplemented!()
    }
    async fn link(&self, _: &Context<'_>, _: &[vote::Model]) -> ResolverResult<Vec<link::Model>> {
        unimplemented!()
    }
    async fn voted_at(&self, _: &Context<'_>, _: &vote::Model) -> ResolverResult<String> {
        unimplemented!()
    }
}

fn main() {}
