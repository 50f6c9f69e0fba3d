//! Login throttling: `tokenAuth` attempts are rate-limited per username and
//! per client address, so password guessing is slow whether it targets one
//! account or sprays many. On SQLite the process counts (governor's GCRA);
//! on PostgreSQL the database does, in one-minute windows of its own clock,
//! so every instance behind a load balancer shares one budget.

use std::num::NonZeroU32;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, DbErr, Statement};
use serde::Deserialize;

/// Keys kept before recovered ones are forgotten, bounding the memory an
/// attacker cycling usernames can take.
const KEYS_BEFORE_CLEANUP: usize = 10_000;

/// `tokenAuth` attempts allowed a minute; the configuration file's `[login]` table.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LoginLimits {
    /// Attempts a minute for one username.
    pub per_minute_per_user: u32,
    /// Attempts a minute from one client address.
    pub per_minute_per_client: u32,
}

impl Default for LoginLimits {
    fn default() -> Self {
        LoginLimits {
            per_minute_per_user: 5,
            per_minute_per_client: 30,
        }
    }
}

/// Where attempts are counted.
pub enum LoginThrottle {
    InProcess(InProcess),
    Shared(Shared),
}

impl LoginThrottle {
    /// Shared through the database on PostgreSQL, in the process otherwise.
    pub fn new(db: &DatabaseConnection, limits: &LoginLimits) -> Self {
        match db.get_database_backend() {
            DatabaseBackend::Postgres => LoginThrottle::Shared(Shared {
                db: db.clone(),
                per_user: limits.per_minute_per_user.max(1),
                per_client: limits.per_minute_per_client.max(1),
            }),
            _ => LoginThrottle::InProcess(InProcess::new(
                limits.per_minute_per_user,
                limits.per_minute_per_client,
            )),
        }
    }

    /// Counts an attempt; `Ok(Err(seconds))` refuses it until then.
    pub async fn attempt(&self, username: &str, client: &str) -> Result<Result<(), u64>, DbErr> {
        match self {
            LoginThrottle::InProcess(counter) => Ok(counter.attempt(username, client)),
            LoginThrottle::Shared(counter) => counter.attempt(username, client).await,
        }
    }
}

/// Attempts counted by this process alone.
pub struct InProcess {
    per_user: DefaultKeyedRateLimiter<String>,
    per_client: DefaultKeyedRateLimiter<String>,
}

impl InProcess {
    /// Allows `per_user` attempts a minute for one username and `per_client`
    /// from one address (0 is taken as 1).
    pub fn new(per_user: u32, per_client: u32) -> Self {
        let quota =
            |n: u32| Quota::per_minute(NonZeroU32::new(n.max(1)).unwrap_or(NonZeroU32::MIN));
        InProcess {
            per_user: DefaultKeyedRateLimiter::keyed(quota(per_user)),
            per_client: DefaultKeyedRateLimiter::keyed(quota(per_client)),
        }
    }

    /// Counts an attempt; on refusal, the seconds until the next one is allowed.
    pub fn attempt(&self, username: &str, client: &str) -> Result<(), u64> {
        if self.per_user.len() + self.per_client.len() > KEYS_BEFORE_CLEANUP {
            self.forget_recovered();
        }
        let now = DefaultClock::default().now();
        for (limiter, key) in [(&self.per_client, client), (&self.per_user, username)] {
            if let Err(not_until) = limiter.check_key(&key.to_string()) {
                return Err(not_until.wait_time_from(now).as_secs().max(1));
            }
        }
        Ok(())
    }

    /// Forgets keys whose limits have fully recovered.
    fn forget_recovered(&self) {
        self.per_user.retain_recent();
        self.per_client.retain_recent();
    }
}

/// Attempts counted in PostgreSQL's `login_attempts`, per key (a
/// username's digest, or a client address) and minute of the database's
/// clock: one statement counts both keys atomically, and the first attempt
/// of a window for a username clears finished windows.
pub struct Shared {
    db: DatabaseConnection,
    per_user: u32,
    per_client: u32,
}

const COUNT_ATTEMPT: &str = "\
    WITH now AS (SELECT extract(epoch FROM clock_timestamp())::bigint AS s) \
    INSERT INTO login_attempts (key, window_start, attempts) \
    SELECT key, (SELECT s / 60 FROM now), 1 FROM unnest(ARRAY[$1, $2]::text[]) AS key \
    ON CONFLICT (key, window_start) DO UPDATE SET attempts = login_attempts.attempts + 1 \
    RETURNING key, attempts, window_start, 60 - (SELECT s % 60 FROM now) AS retry_after";

const FORGET_FINISHED: &str = "DELETE FROM login_attempts WHERE window_start < $1";

impl Shared {
    async fn attempt(&self, username: &str, client: &str) -> Result<Result<(), u64>, DbErr> {
        let (user_key, client_key) = (
            format!("user:{}", digest(username)),
            format!("client:{client}"),
        );
        let counted = self
            .db
            .query_all_raw(Statement::from_sql_and_values(
                DatabaseBackend::Postgres,
                COUNT_ATTEMPT,
                [user_key.clone().into(), client_key.into()],
            ))
            .await?;
        let mut refused_for = None;
        for row in counted {
            let key: String = row.try_get("", "key")?;
            let attempts: i32 = row.try_get("", "attempts")?;
            let retry_after: i64 = row.try_get("", "retry_after")?;
            let (limit, is_user) = if key == user_key {
                (self.per_user, true)
            } else {
                (self.per_client, false)
            };
            if is_user && attempts == 1 {
                let window: i64 = row.try_get("", "window_start")?;
                self.forget_before(window).await;
            }
            if attempts as u32 > limit {
                refused_for = Some(retry_after.max(1) as u64);
            }
        }
        Ok(refused_for.map_or(Ok(()), Err))
    }

    /// Housekeeping, best effort: a failure (a deadlock with an attempt
    /// counted at the turn of a minute, say) is logged and costs the login
    /// nothing.
    async fn forget_before(&self, window: i64) {
        let forget = Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            FORGET_FINISHED,
            [window.into()],
        );
        if let Err(error) = self.db.execute_raw(forget).await {
            tracing::warn!(%error, "forgetting finished login windows failed");
        }
    }
}

/// A username as a key of bounded length and plain characters, whatever
/// was typed: the hex SHA-256 of it.
fn digest(username: &str) -> String {
    use sha2::{Digest, Sha256};
    format!("{:x}", Sha256::digest(username.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::InProcess;

    #[test]
    fn each_username_and_address_has_its_own_budget() {
        let throttle = InProcess::new(2, 2);
        assert!(throttle.attempt("alice", "10.0.0.1").is_ok());
        assert!(throttle.attempt("alice", "10.0.0.2").is_ok());
        assert!(
            throttle.attempt("alice", "10.0.0.3").is_err(),
            "a third try at alice's password"
        );
        assert!(throttle.attempt("bob", "10.0.0.1").is_ok());
        assert!(
            throttle.attempt("carol", "10.0.0.1").is_err(),
            "a fourth try from 10.0.0.1"
        );
    }
}
