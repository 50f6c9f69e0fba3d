// `LinkType.postedBy: UserType` is nullable, so each parent's value is an `Option`.
use hackernews::entities::{link, user, vote};
use hackernews::schema::{Context, LinkTypeResolvers, ResolverResult};

struct Api;

impl LinkTypeResolvers for Api {
    async fn posted_by(&self, _: &Context<'_>, _: &[link::Model]) -> ResolverResult<Vec<user::Model>> {
        unimplemented!()
    }
    async fn votes(&self, _: &Context<'_>, links: &[link::Model]) -> ResolverResult<Vec<Vec<vote::Model>>> {
        Ok(vec![Vec::new(); links.len()])
    }
}

fn main() {}
