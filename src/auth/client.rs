//! Who the client is: the TCP peer, or, when the peer is a trusted load
//! balancer, the address it forwarded in the one header it is configured
//! to set (`X-Forwarded-For` by default, or `Forwarded: for=…`), read from
//! the right past every trusted hop so a client cannot name itself by
//! sending the header. The other header is never read: a balancer passes a
//! header it does not set through untouched.

use std::net::{IpAddr, SocketAddr};

use ipnet::IpNet;
use poem::http::HeaderMap;

/// The header a trusted balancer names the client in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ForwardedHeader {
    /// `X-Forwarded-For: client, proxy1` (HAProxy's `option forwardfor`, nginx, most).
    #[default]
    XForwardedFor,
    /// RFC 7239's `Forwarded: for=client, for=proxy1`.
    Forwarded,
}

/// The peers whose forwarding header names the client, and that header.
/// A `trusted_proxies` entry that is neither an address nor a range.
#[derive(Debug, thiserror::Error)]
#[error("trusted_proxies: `{0}` is not an address or a CIDR range")]
pub struct NotAnAddress(pub String);

#[derive(Debug, Clone, Default)]
pub struct TrustedProxies {
    nets: Vec<IpNet>,
    header: ForwardedHeader,
}

impl TrustedProxies {
    /// Reads addresses (`10.0.0.7`) and ranges (`10.0.0.0/8`); blanks are skipped.
    pub fn parse(entries: &[String], header: ForwardedHeader) -> Result<Self, NotAnAddress> {
        let nets = entries
            .iter()
            .map(|entry| entry.trim())
            .filter(|entry| !entry.is_empty())
            .map(|entry| {
                entry
                    .parse::<IpNet>()
                    .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| NotAnAddress(entry.to_owned()))
            })
            .collect::<Result<_, _>>()?;
        Ok(TrustedProxies { nets, header })
    }

    pub fn trusts(&self, address: IpAddr) -> bool {
        let address = address.to_canonical();
        self.nets.iter().any(|net| net.contains(&address))
    }

    /// The client's address: `peer` itself unless it is trusted, else the
    /// right-most forwarded address that is not a trusted proxy (the
    /// left-most if every hop is trusted); none without a TCP peer.
    pub fn client(&self, peer: Option<SocketAddr>, headers: &HeaderMap) -> Option<IpAddr> {
        let peer = peer?.ip().to_canonical();
        if !self.trusts(peer) {
            return Some(peer);
        }
        let hops = forwarded_for(headers, self.header);
        let client = hops
            .iter()
            .rev()
            .find(|hop| !self.trusts(**hop))
            .or(hops.first())
            .map_or(peer, |hop| hop.to_canonical());
        Some(client)
    }
}

/// The forwarded chain in `header`, client first. An unreadable hop (an
/// obfuscated identifier, `unknown`) ends the chain there, so nothing left
/// of it is believed.
fn forwarded_for(headers: &HeaderMap, header: ForwardedHeader) -> Vec<IpAddr> {
    let values = |name| {
        headers
            .get_all(name)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .map(str::trim)
            .collect::<Vec<_>>()
    };
    let hops: Vec<&str> = match header {
        ForwardedHeader::XForwardedFor => values("x-forwarded-for"),
        ForwardedHeader::Forwarded => values("forwarded")
            .into_iter()
            .map(|element| {
                element
                    .split(';')
                    .find_map(|pair| {
                        let (name, value) = pair.trim().split_once('=')?;
                        name.eq_ignore_ascii_case("for").then_some(value.trim())
                    })
                    // An element without `for=` hides the hop: unreadable.
                    .unwrap_or("")
            })
            .collect(),
    };
    let parsed: Vec<Option<IpAddr>> = hops.into_iter().map(parse_hop).collect();
    let readable_from = parsed
        .iter()
        .rposition(Option::is_none)
        .map_or(0, |unreadable| unreadable + 1);
    parsed[readable_from..].iter().flatten().copied().collect()
}

/// `192.0.2.1`, `192.0.2.1:4711`, `"[2001:db8::1]:4711"` or `2001:db8::1`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim_matches('"');
    if let Ok(address) = hop.parse::<IpAddr>() {
        return Some(address);
    }
    if let Ok(socket) = hop.parse::<SocketAddr>() {
        return Some(socket.ip());
    }
    hop.strip_prefix('[')
        .and_then(|rest| rest.split_once(']'))
        .and_then(|(address, _)| address.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, value.parse().unwrap());
        }
        map
    }

    fn proxies_by(header: ForwardedHeader, entries: &[&str]) -> TrustedProxies {
        let entries: Vec<String> = entries.iter().map(|e| e.to_string()).collect();
        TrustedProxies::parse(&entries, header).unwrap()
    }

    fn proxies(entries: &[&str]) -> TrustedProxies {
        proxies_by(ForwardedHeader::XForwardedFor, entries)
    }

    fn ip(address: &str) -> Option<IpAddr> {
        Some(address.parse().unwrap())
    }

    fn peer(address: &str) -> Option<SocketAddr> {
        Some(SocketAddr::new(address.parse().unwrap(), 4711))
    }

    #[test]
    fn addresses_and_ranges() {
        let trusted = proxies(&["10.0.0.0/8", " ::1 ", ""]);
        assert!(trusted.trusts("10.1.2.3".parse().unwrap()));
        assert!(trusted.trusts("::1".parse().unwrap()));
        assert!(trusted.trusts("::ffff:10.0.0.1".parse().unwrap()));
        assert!(!trusted.trusts("192.168.0.1".parse().unwrap()));
        let error =
            TrustedProxies::parse(&["10.0.0.300".into()], ForwardedHeader::default()).unwrap_err();
        assert_eq!(error.0, "10.0.0.300");
        assert!(error.to_string().contains("is not an address"), "{error}");
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_sends() {
        let sent = headers(&[("x-forwarded-for", "1.2.3.4")]);
        assert_eq!(
            proxies(&[]).client(peer("192.0.2.9"), &sent),
            ip("192.0.2.9")
        );
        assert_eq!(
            proxies(&["10.0.0.1"]).client(peer("192.0.2.9"), &sent),
            ip("192.0.2.9")
        );
    }

    #[test]
    fn behind_a_trusted_proxy_the_right_most_untrusted_hop_is_the_client() {
        let trusted = proxies(&["127.0.0.1", "10.0.0.0/8"]);
        // The client claimed 6.6.6.6; the balancer appended what it saw.
        let sent = headers(&[("x-forwarded-for", "6.6.6.6, 203.0.113.7, 10.0.0.2")]);
        assert_eq!(trusted.client(peer("127.0.0.1"), &sent), ip("203.0.113.7"));
        let by_forwarded = proxies_by(ForwardedHeader::Forwarded, &["127.0.0.1", "10.0.0.0/8"]);
        let sent = headers(&[
            ("forwarded", "for=6.6.6.6"),
            ("forwarded", "for=\"[2001:db8::7]:4711\";proto=https"),
        ]);
        assert_eq!(
            by_forwarded.client(peer("10.0.0.2"), &sent),
            ip("2001:db8::7")
        );
    }

    /// A balancer passes a header it does not set through as the client
    /// sent it: only the configured one is read.
    #[test]
    fn only_the_configured_header_is_read() {
        let sent = headers(&[
            ("forwarded", "for=6.6.6.6"),
            ("x-forwarded-for", "198.51.100.1"),
        ]);
        let trusted = ["127.0.0.1"];
        assert_eq!(
            proxies(&trusted).client(peer("127.0.0.1"), &sent),
            ip("198.51.100.1")
        );
        let sent = headers(&[
            ("forwarded", "for=198.51.100.1"),
            ("x-forwarded-for", "6.6.6.6"),
        ]);
        assert_eq!(
            proxies_by(ForwardedHeader::Forwarded, &trusted).client(peer("127.0.0.1"), &sent),
            ip("198.51.100.1")
        );
        let spoofed = headers(&[("forwarded", "for=6.6.6.6")]);
        assert_eq!(
            proxies(&trusted).client(peer("127.0.0.1"), &spoofed),
            ip("127.0.0.1")
        );
    }

    #[test]
    fn a_trusted_peer_without_headers_or_with_only_proxies() {
        let trusted = proxies(&["127.0.0.1", "10.0.0.0/8"]);
        assert_eq!(
            trusted.client(peer("127.0.0.1"), &HeaderMap::new()),
            ip("127.0.0.1")
        );
        let sent = headers(&[("x-forwarded-for", "10.0.0.3, 10.0.0.2")]);
        assert_eq!(trusted.client(peer("127.0.0.1"), &sent), ip("10.0.0.3"));
        let sent = headers(&[("x-forwarded-for", "6.6.6.6, unknown, 10.0.0.2")]);
        assert_eq!(trusted.client(peer("127.0.0.1"), &sent), ip("10.0.0.2"));
    }
}
