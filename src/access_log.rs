//! The access log: a span per request and an event per answer, at `info`,
//! naming the client as `TRUSTED_PROXIES` does (poem's `Tracing` middleware
//! believes any `X-Forwarded-For` or `X-Real-IP` a client sends, and formats
//! the address on every request), and costing nothing when `info` is off.

use std::time::Instant;

use poem::{Endpoint, IntoResponse, Middleware, Request, Response, Result};
use tracing::{Instrument, Level};

use crate::auth::TrustedProxies;

pub struct AccessLog {
    pub proxies: TrustedProxies,
}

impl<E: Endpoint> Middleware<E> for AccessLog {
    type Output = AccessLogEndpoint<E>;

    fn transform(&self, inner: E) -> Self::Output {
        AccessLogEndpoint {
            inner,
            proxies: self.proxies.clone(),
        }
    }
}

pub struct AccessLogEndpoint<E> {
    inner: E,
    proxies: TrustedProxies,
}

impl<E: Endpoint> Endpoint for AccessLogEndpoint<E> {
    type Output = Response;

    async fn call(&self, req: Request) -> Result<Response> {
        if !tracing::enabled!(Level::INFO) {
            return self.inner.call(req).await.map(IntoResponse::into_response);
        }
        let peer = req.remote_addr().as_socket_addr().copied();
        let client = match self.proxies.client(peer, req.headers()) {
            Some(ip) => ip.to_string(),
            None => "-".to_string(),
        };
        let span = tracing::info_span!(
            "request",
            %client,
            version = ?req.version(),
            method = %req.method(),
            uri = %req.original_uri(),
        );
        async move {
            let started = Instant::now();
            let answer = self.inner.call(req).await;
            let duration = started.elapsed();
            match answer {
                Ok(response) => {
                    let response = response.into_response();
                    tracing::info!(status = %response.status(), ?duration, "response");
                    Ok(response)
                }
                Err(error) => {
                    tracing::info!(status = %error.status(), %error, ?duration, "error");
                    Err(error)
                }
            }
        }
        .instrument(span)
        .await
    }
}
