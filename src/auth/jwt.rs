//! JSON Web Tokens with django-graphql-jwt's payload, lifetimes and error
//! messages: tokens live 5 minutes and can be refreshed for 7 days after
//! `origIat`. Expiry is always verified, with no leeway.

use std::path::Path;

use jsonwebtoken::errors::ErrorKind;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

pub const TOKEN_LIFETIME_SECS: i64 = 5 * 60;
pub const REFRESH_LIFETIME_SECS: i64 = 7 * 24 * 60 * 60;

/// The token payload, as django-graphql-jwt writes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Claims {
    pub username: String,
    pub exp: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub orig_iat: Option<i64>,
}

/// Why a token was refused, with django-graphql-jwt's messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenError {
    Required,
    Decoding,
    Expired,
    RefreshExpired,
    OrigIatRequired,
}

impl TokenError {
    pub fn message(self) -> &'static str {
        match self {
            TokenError::Required => "Token is required",
            TokenError::Decoding => "Error decoding signature",
            TokenError::Expired => "Signature has expired",
            TokenError::RefreshExpired => "Refresh has expired",
            TokenError::OrigIatRequired => "origIat field is required",
        }
    }
}

/// A newly issued token and what the mutations return beside it.
#[derive(Debug, Clone)]
pub struct Issued {
    pub token: String,
    pub claims: Claims,
    pub refresh_expires_in: i64,
}

/// The signing and verifying keys.
/// Why the signing key could not be had.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("JWT_SECRET must be set in production mode")]
    MissingInProduction,
    #[error("no random development secret could be drawn: {0}")]
    Random(getrandom::Error),
    #[error("{}: {source}", path.display())]
    Io {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
}

#[derive(Clone)]
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl JwtKeys {
    pub fn new(secret: &[u8]) -> Self {
        JwtKeys {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
        }
    }

    /// The key from configuration; in development without one, a random key
    /// kept in `<data_dir>/jwt-secret` so tokens survive restarts.
    pub fn load(
        configured: Option<&str>,
        production: bool,
        data_dir: &Path,
    ) -> Result<JwtKeys, KeyError> {
        if let Some(secret) = configured {
            return Ok(JwtKeys::new(secret.as_bytes()));
        }
        if production {
            return Err(KeyError::MissingInProduction);
        }
        let path = data_dir.join("jwt-secret");
        if let Ok(secret) = std::fs::read(&path)
            && secret.len() >= 32
        {
            return Ok(JwtKeys::new(&secret));
        }
        let mut secret = [0u8; 64];
        getrandom::fill(&mut secret).map_err(KeyError::Random)?;
        std::fs::create_dir_all(data_dir).map_err(|source| KeyError::Io {
            path: data_dir.to_path_buf(),
            source,
        })?;
        write_private(&path, &secret).map_err(|source| KeyError::Io {
            path: path.clone(),
            source,
        })?;
        tracing::info!(path = %path.display(), "generated a development JWT secret");
        Ok(JwtKeys::new(&secret))
    }

    /// A token for `username`, first issued at `orig_iat` (now, for a login).
    pub fn issue(&self, username: &str, orig_iat: i64, now: i64) -> Issued {
        let claims = Claims {
            username: username.to_string(),
            exp: now + TOKEN_LIFETIME_SECS,
            orig_iat: Some(orig_iat),
        };
        let token = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .expect("HS256 signing of a serializable payload cannot fail");
        Issued {
            token,
            claims,
            refresh_expires_in: orig_iat + REFRESH_LIFETIME_SECS,
        }
    }

    /// The claims of a valid, unexpired token.
    pub fn verify(&self, token: &str) -> Result<Claims, TokenError> {
        if token.is_empty() {
            return Err(TokenError::Required);
        }
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 0;
        validation.set_required_spec_claims(&["exp"]);
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &validation)
            .map(|data| data.claims)
            .map_err(|e| match e.kind() {
                ErrorKind::ExpiredSignature => TokenError::Expired,
                _ => TokenError::Decoding,
            })
    }

    /// A new token with the same `origIat`, while the refresh window lasts.
    pub fn refresh(&self, token: &str, now: i64) -> Result<Issued, TokenError> {
        let claims = self.verify(token)?;
        let orig_iat = claims.orig_iat.ok_or(TokenError::OrigIatRequired)?;
        if now > orig_iat + REFRESH_LIFETIME_SECS {
            return Err(TokenError::RefreshExpired);
        }
        Ok(self.issue(&claims.username, orig_iat, now))
    }
}

fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(bytes)
}

pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issued_tokens_verify_and_refresh_keeps_orig_iat() {
        let keys = JwtKeys::new(b"test secret");
        let t = now();
        let issued = keys.issue("alice", t, t);
        assert_eq!(keys.verify(&issued.token).unwrap().username, "alice");
        let refreshed = keys.refresh(&issued.token, t + 10).unwrap();
        assert_eq!(refreshed.claims.orig_iat, Some(t));
        assert_eq!(refreshed.refresh_expires_in, t + REFRESH_LIFETIME_SECS);
    }

    #[test]
    fn expired_and_foreign_tokens_are_refused() {
        let keys = JwtKeys::new(b"test secret");
        let t = now();
        let expired = keys.issue("alice", t - 600, t - 600);
        assert_eq!(keys.verify(&expired.token), Err(TokenError::Expired));
        let other = JwtKeys::new(b"another secret").issue("alice", t, t);
        assert_eq!(keys.verify(&other.token), Err(TokenError::Decoding));
        assert_eq!(keys.verify("garbage"), Err(TokenError::Decoding));
    }

    #[test]
    fn refresh_window_closes_after_seven_days() {
        let keys = JwtKeys::new(b"test secret");
        let t = now();
        let old = keys.issue("alice", t - REFRESH_LIFETIME_SECS - 1, t - 10);
        assert!(matches!(
            keys.refresh(&old.token, t),
            Err(TokenError::RefreshExpired)
        ));
    }
}
