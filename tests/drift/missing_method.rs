// The schema has `LinkType.votes`; an implementation that forgets it does not build.
use hackernews::entities::{link, user};
use hackernews::schema::{Context, LinkTypeResolvers, ResolverResult};

struct Api;

impl LinkTypeResolvers for Api {
    async fn posted_by(&self, _: &Context<'_>, links: &[link::Model]) -> ResolverResult<Vec<Option<user::Model>>> {
        Ok(vec![None; links.len()])
    }
}

fn main() {}
