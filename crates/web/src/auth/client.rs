//! The address a request came from, which sign-in throttling counts guesses by.

use crate::AppState;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use std::net::SocketAddr;

/// The client's IP address: the peer of the connection, or, behind a reverse proxy the operator
/// trusts (`Settings::trust_forwarded_for`), the last address that proxy added to
/// `X-Forwarded-For` (earlier ones are whatever the client claimed, so never trusted).
#[derive(Debug, Clone)]
pub struct ClientAddr(pub String);

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let forwarded = || {
            let last = parts.headers.get_all("x-forwarded-for").iter().next_back()?;
            let ip = last.to_str().ok()?.rsplit(',').next()?.trim();
            ip.parse::<std::net::IpAddr>().ok().map(|ip| ip.to_string())
        };
        let peer =
            || parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip().to_string());
        let addr = if state.settings.trust_forwarded_for { forwarded() } else { None };
        // With neither (only in-process callers), every such request shares one counter.
        Ok(ClientAddr(addr.or_else(peer).unwrap_or_else(|| "unknown".into())))
    }
}
