//! Demo data: users, links and votes in fixed, reproducible amounts. Every
//! seeded user's password is `password`.

use chrono::{Duration, Utc};
use sea_orm::{ActiveValue::Set, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait};

use crate::auth::password;
use crate::entities::{link, user, vote};

#[derive(Debug, Clone, Copy)]
pub struct Amounts {
    pub users: usize,
    pub links: usize,
    pub votes: usize,
}

impl Default for Amounts {
    fn default() -> Self {
        Amounts {
            users: 20,
            links: 100,
            votes: 300,
        }
    }
}

/// Fills an empty database; refuses one that already has users.
pub async fn seed(db: &DatabaseConnection, amounts: Amounts) -> Result<Amounts, DbErr> {
    if user::Entity::find().count(db).await? > 0 {
        return Err(DbErr::Custom(
            "the database already has users; seed an empty one".into(),
        ));
    }
    if amounts.users == 0 && (amounts.links > 0 || amounts.votes > 0) {
        return Err(DbErr::Custom(
            "links and votes need at least one user".into(),
        ));
    }
    let votes = amounts.votes.min(amounts.users * amounts.links);
    let hash = password::hash("password".into())
        .await
        .map_err(|e| DbErr::Custom(e.to_string()))?;
    let start = Utc::now() - Duration::days(30);
    let users = (1..=amounts.users).map(|i| user::ActiveModel {
        username: Set(format!("user{i}")),
        email: Set(format!("user{i}@example.com")),
        password: Set(hash.clone()),
        date_joined: Set(start + Duration::hours(i as i64)),
        last_login: Set(None),
        ..Default::default()
    });
    insert_in_chunks(db, users.collect()).await?;
    let links = (1..=amounts.links).map(|i| link::ActiveModel {
        url: Set(format!("https://example.com/articles/{i}")),
        description: Set(format!("Article number {i} about GraphQL")),
        posted_by_id: Set(Some(((i - 1) % amounts.users + 1) as i32)),
        created_at: Set(start + Duration::minutes(i as i64 * 17)),
        ..Default::default()
    });
    insert_in_chunks(db, links.collect()).await?;
    // Distinct (user, link) pairs, spread over both.
    let pairs = (0..amounts.users * amounts.links)
        .map(|n| {
            (
                n % amounts.users + 1,
                (n / amounts.users + n) % amounts.links + 1,
            )
        })
        .take(votes);
    let votes_models: Vec<vote::ActiveModel> = pairs
        .map(|(u, l)| vote::ActiveModel {
            user_id: Set(u as i32),
            link_id: Set(l as i32),
            created_at: Set(start + Duration::days(1)),
            ..Default::default()
        })
        .collect();
    insert_in_chunks(db, votes_models).await?;
    Ok(Amounts { votes, ..amounts })
}

async fn insert_in_chunks<A>(db: &DatabaseConnection, models: Vec<A>) -> Result<(), DbErr>
where
    A: sea_orm::ActiveModelTrait + Send,
{
    for chunk in models.chunks(100) {
        <A::Entity as EntityTrait>::insert_many(chunk.to_vec())
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}
