//! The root mutation: accounts, links, votes and the three token mutations.

use crate::schema::Context;
use chrono::Utc;
use sea_orm::sqlx::types::chrono::DateTime;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, SqlErr,
    TransactionTrait,
};

use super::{Api, Seen, validate};
use crate::auth::jwt::{self, TokenError};
use crate::auth::{ClientAddress, Issued, password};
use crate::entities::{link, user, vote};
use crate::error::ApiError;
use crate::events::Topic;
use crate::schema::{
    CreateLink, CreateUser, CreateVote, MutationResolvers, ObtainJsonWebToken, Refresh,
    RelayCreateLinkInput, RelayCreateLinkPayload, ResolverResult, Verify,
};

impl Api {
    /// Stores a link posted by the viewer (or nobody).
    async fn post_link(
        &self,
        ctx: &Context<'_>,
        url: Option<&str>,
        description: Option<String>,
    ) -> ResolverResult<(link::Model, Option<user::Model>)> {
        let poster = self.viewer(ctx).await?;
        let url = validate::url(url)?;
        let txn = self.db.begin().await?;
        let link = link::ActiveModel {
            url: Set(url),
            description: Set(description.unwrap_or_default()),
            posted_by_id: Set(poster.as_ref().map(|u| u.id)),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        let announced = self.events.announce(&txn, Topic::Links, link.id).await?;
        self.events.commit(txn, announced).await?;
        Ok((link, poster))
    }
}

impl Api {
    /// Records the vote and announces it once committed; a vote cast at the
    /// same moment by the same user is the same vote, announced once.
    async fn cast_vote(&self, voter: i32, link: i32) -> Result<(), ApiError> {
        let txn = self.db.begin().await?;
        let inserted = vote::ActiveModel {
            user_id: Set(voter),
            link_id: Set(link),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&txn)
        .await;
        let vote = match inserted {
            Ok(vote) => vote,
            Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                return Ok(());
            }
            Err(e) => return Err(e.into()),
        };
        let announced = self.events.announce(&txn, Topic::Votes, vote.id).await?;
        self.events.commit(txn, announced).await?;
        Ok(())
    }
}

fn payload(issued: &Issued) -> serde_json::Value {
    serde_json::to_value(&issued.claims).unwrap_or_default()
}

fn token_error(error: TokenError) -> ApiError {
    ApiError::InvalidToken(error.message())
}

fn unix_seconds(seconds: i64) -> i32 {
    i32::try_from(seconds).unwrap_or(i32::MAX)
}

impl MutationResolvers for Api {
    async fn create_user(
        &self,
        _ctx: &Context<'_>,
        email: String,
        password: String,
        username: String,
    ) -> ResolverResult<Option<CreateUser>> {
        validate::username(&username)?;
        validate::email(&email)?;
        validate::password(&password)?;
        let taken = user::Entity::find()
            .filter(user::Column::Username.eq(username.as_str()))
            .one(&self.db)
            .await?;
        if taken.is_some() {
            return Err(ApiError::UsernameTaken);
        }
        let hash = password::hash(password)
            .await
            .map_err(|e| ApiError::Internal(e.to_string()))?;
        let inserted = user::ActiveModel {
            username: Set(username),
            email: Set(email),
            password: Set(hash),
            date_joined: Set(Utc::now()),
            last_login: Set(None),
            ..Default::default()
        }
        .insert(&self.db)
        .await;
        match inserted {
            Ok(user) => Ok(Some(CreateUser { user: Some(user) })),
            Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
                Err(ApiError::UsernameTaken)
            }
            Err(e) => Err(e.into()),
        }
    }

    async fn create_link(
        &self,
        ctx: &Context<'_>,
        description: Option<String>,
        url: Option<String>,
    ) -> ResolverResult<Option<CreateLink>> {
        let (link, poster) = self.post_link(ctx, url.as_deref(), description).await?;
        Ok(Some(CreateLink {
            id: Some(link.id),
            url: Some(link.url),
            description: Some(link.description),
            posted_by: poster,
        }))
    }

    async fn create_vote(
        &self,
        ctx: &Context<'_>,
        link_id: Option<i32>,
    ) -> ResolverResult<Option<CreateVote>> {
        let voter = self.signed_in(ctx, ApiError::VoteNeedsLogin).await?;
        let Some(link_id) = link_id else {
            return Err(ApiError::InvalidLink);
        };
        let link = link::Entity::find_by_id(link_id)
            .one(&self.db)
            .await?
            .ok_or(ApiError::InvalidLink)?;
        let existing = || {
            vote::Entity::find()
                .filter(vote::Column::UserId.eq(voter.id))
                .filter(vote::Column::LinkId.eq(link.id))
                .one(&self.db)
        };
        if existing().await?.is_none() {
            self.cast_vote(voter.id, link.id).await?;
        }
        Ok(Some(CreateVote {
            user: Some(voter),
            link: Some(link),
        }))
    }

    async fn token_auth(
        &self,
        ctx: &Context<'_>,
        username: String,
        password: String,
    ) -> ResolverResult<Option<ObtainJsonWebToken>> {
        let client = ctx
            .data_opt::<ClientAddress>()
            .and_then(|c| c.0)
            .map_or_else(|| "unknown".to_string(), |ip| ip.to_string());
        self.logins
            .attempt(&username, &client)
            .await?
            .map_err(ApiError::TooManyAttempts)?;
        if password.len() > password::MAX_PASSWORD_BYTES {
            return Err(ApiError::InvalidCredentials);
        }
        let found = user::Entity::find()
            .filter(user::Column::Username.eq(username.as_str()))
            .one(&self.db)
            .await?;
        let stored = found.as_ref().map(|u| u.password.clone());
        if !password::verify(password, stored).await {
            return Err(ApiError::InvalidCredentials);
        }
        let user = found.ok_or(ApiError::InvalidCredentials)?;
        let now = jwt::now();
        let mut login: user::ActiveModel = user.clone().into();
        login.last_login = Set(DateTime::from_timestamp(now, 0));
        login.update(&self.db).await?;
        // A later field of the same mutation reads the user afresh.
        if let Some(seen) = ctx.data_opt::<Seen>() {
            seen.forget(user.id);
        }
        let issued = self.keys.issue(&user.username, now, now);
        Ok(Some(ObtainJsonWebToken {
            payload: payload(&issued),
            refresh_expires_in: unix_seconds(issued.refresh_expires_in),
            token: issued.token,
        }))
    }

    async fn verify_token(
        &self,
        _ctx: &Context<'_>,
        token: Option<String>,
    ) -> ResolverResult<Option<Verify>> {
        let claims = self
            .keys
            .verify(token.as_deref().unwrap_or_default())
            .map_err(token_error)?;
        Ok(Some(Verify {
            payload: serde_json::to_value(&claims).unwrap_or_default(),
        }))
    }

    async fn refresh_token(
        &self,
        _ctx: &Context<'_>,
        token: Option<String>,
    ) -> ResolverResult<Option<Refresh>> {
        let issued = self
            .keys
            .refresh(token.as_deref().unwrap_or_default(), jwt::now())
            .map_err(token_error)?;
        Ok(Some(Refresh {
            payload: payload(&issued),
            refresh_expires_in: unix_seconds(issued.refresh_expires_in),
            token: issued.token,
        }))
    }

    async fn relay_create_link(
        &self,
        ctx: &Context<'_>,
        input: RelayCreateLinkInput,
    ) -> ResolverResult<Option<RelayCreateLinkPayload>> {
        let (link, _) = self
            .post_link(ctx, input.url.as_deref(), input.description)
            .await?;
        Ok(Some(RelayCreateLinkPayload {
            link: Some(link),
            client_mutation_id: input.client_mutation_id,
        }))
    }
}
