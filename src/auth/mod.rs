//! Authentication as django-graphql-jwt does it, done right: argon2id
//! password hashes, HS256 tokens with the `{username, exp, origIat}`
//! payload, no leeway on expiry; the viewer and the client address of each
//! request; login throttling and its limits.

mod client;
pub mod jwt;
pub mod password;
pub mod throttle;

pub use client::{ForwardedHeader, NotAnAddress, TrustedProxies};
pub use jwt::{Claims, Issued, JwtKeys, KeyError};

/// Who is making the request, as read from its `Authorization` header.
#[derive(Debug, Clone)]
pub enum Viewer {
    Anonymous,
    Token(Claims),
    /// A token was sent but cannot be used; the message says why.
    Invalid(&'static str),
}

impl Viewer {
    /// Reads `Authorization: JWT <token>` or `Bearer <token>`.
    pub fn from_header(header: Option<&str>, keys: &JwtKeys) -> Viewer {
        let Some(header) = header.map(str::trim).filter(|h| !h.is_empty()) else {
            return Viewer::Anonymous;
        };
        let token = header
            .strip_prefix("JWT ")
            .or_else(|| header.strip_prefix("Bearer "))
            .or_else(|| header.strip_prefix("bearer "))
            .map(str::trim);
        match token {
            Some(token) => match keys.verify(token) {
                Ok(claims) => Viewer::Token(claims),
                Err(error) => Viewer::Invalid(error.message()),
            },
            None => {
                Viewer::Invalid("Authorization header must be `JWT <token>` or `Bearer <token>`")
            }
        }
    }
}

/// The client address of a request (see [`TrustedProxies::client`]), for
/// per-client login throttling; none without a TCP peer.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddress(pub Option<std::net::IpAddr>);
