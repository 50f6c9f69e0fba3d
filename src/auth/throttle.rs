//! Login throttling: `tokenAuth` attempts are rate-limited per username and
//! per client address (governor's GCRA), so password guessing is slow
//! whether it targets one account or sprays many.

use std::num::NonZeroU32;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota};
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

pub struct LoginThrottle {
    per_user: DefaultKeyedRateLimiter<String>,
    per_client: DefaultKeyedRateLimiter<String>,
}

impl LoginThrottle {
    /// Allows `per_user` attempts a minute for one username and `per_client`
    /// from one address (0 is taken as 1).
    pub fn new(per_user: u32, per_client: u32) -> Self {
        let quota =
            |n: u32| Quota::per_minute(NonZeroU32::new(n.max(1)).unwrap_or(NonZeroU32::MIN));
        LoginThrottle {
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

#[cfg(test)]
mod tests {
    use super::LoginThrottle;

    #[test]
    fn each_username_and_address_has_its_own_budget() {
        let throttle = LoginThrottle::new(2, 2);
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
