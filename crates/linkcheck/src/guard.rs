//! Which addresses the checker may fetch: http and https only, and (unless configured
//! otherwise) only public IP addresses, checked on the first request, on every redirect
//! hop and on every address a name resolves to.

use hyper_util::client::legacy::connect::dns::Name;
use std::future::Future;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::pin::Pin;
use std::task::{Context, Poll};
use url::{Host, Url};

/// The checker refused to fetch an address; carried through the HTTP client's error
/// chain so that a refusal is told apart from a failure.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Refused(pub String);

/// A name did not resolve.
#[derive(Debug, thiserror::Error)]
#[error("{name} does not resolve: {reason}")]
pub struct NameFailed {
    pub name: String,
    pub reason: String,
}

/// More redirects than the limit.
#[derive(Debug, thiserror::Error)]
#[error("more than {0} redirects")]
pub struct TooManyRedirects(pub usize);

/// Whether private, loopback and link-local addresses may be fetched (tests reach their
/// own server on loopback this way; a deployment never should).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AddressPolicy {
    pub allow_private: bool,
}

impl AddressPolicy {
    /// Refuses a scheme other than http(s), a URL without a host, and an IP-literal host
    /// that is not public. Names are checked when they resolve (see [`GuardedResolver`]).
    pub fn check_url(self, url: &Url) -> Result<(), Refused> {
        if !matches!(url.scheme(), "http" | "https") {
            return Err(Refused(format!(
                "{}: only http and https addresses are fetched",
                url.scheme()
            )));
        }
        let ip = match url.host() {
            None => return Err(Refused("the address has no host".into())),
            Some(Host::Domain(_)) => return Ok(()),
            Some(Host::Ipv4(ip)) => IpAddr::V4(ip),
            Some(Host::Ipv6(ip)) => IpAddr::V6(ip),
        };
        self.check_ip(ip)
    }

    pub fn check_ip(self, ip: IpAddr) -> Result<(), Refused> {
        if self.allow_private || is_public(ip) {
            Ok(())
        } else {
            Err(Refused(format!("{ip} is not a public address")))
        }
    }
}

/// True for addresses on the public internet: not loopback, private, link-local,
/// carrier-grade NAT, unspecified, broadcast, multicast, documentation, benchmarking or
/// reserved ranges (IPv4-mapped IPv6 addresses are judged as the IPv4 they carry).
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => is_public_v4(v4),
            None => is_public_v6(v6),
        },
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || a == 0
        || (a == 100 && (64..128).contains(&b))
        || (a == 192 && b == 0 && c == 0)
        || (a == 198 && (b == 18 || b == 19))
        || a >= 240)
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_multicast()
        || (first & 0xfe00) == 0xfc00 // unique local
        || (first & 0xffc0) == 0xfe80 // link-local
        || (first & 0xffc0) == 0xfec0 // site-local (deprecated)
        || first == 0x2001 && ip.segments()[1] == 0x0db8 // documentation
        || first == 0x0064 && ip.segments()[1] == 0xff9b) // NAT64, which reaches IPv4 ranges
}

/// Resolves with the system resolver, then refuses the name if any address it gave is
/// not allowed: a name pointing at both a public and a private address is refused
/// rather than trimmed, since either may be the one connected to.
#[derive(Debug, Clone, Copy)]
pub struct GuardedResolver {
    pub policy: AddressPolicy,
}

type Resolving =
    Pin<Box<dyn Future<Output = Result<std::vec::IntoIter<SocketAddr>, BoxError>> + Send>>;
type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// hyper's connector resolves through this: a tower service from a name to addresses.
impl tower::Service<Name> for GuardedResolver {
    type Response = std::vec::IntoIter<SocketAddr>;
    type Error = BoxError;
    type Future = Resolving;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, name: Name) -> Self::Future {
        let policy = self.policy;
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await
                .map_err(|e| NameFailed {
                    name: host.clone(),
                    reason: e.to_string(),
                })?
                .collect();
            if found.is_empty() {
                return Err(NameFailed {
                    name: host,
                    reason: "no addresses".into(),
                }
                .into());
            }
            for addr in &found {
                policy
                    .check_ip(addr.ip())
                    .map_err(|r| Refused(format!("{host} resolves to {}", r.0)))?;
            }
            Ok(found.into_iter())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn private_and_special_addresses_are_not_public() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "255.255.255.255",
            "224.0.0.1",
            "::1",
            "::",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "64:ff9b::a00:1",
        ] {
            assert!(!is_public(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["93.184.215.14", "1.1.1.1", "2606:4700:4700::1111"] {
            assert!(is_public(ip.parse().unwrap()), "{ip}");
        }
    }

    #[test]
    fn only_http_urls_with_public_literal_hosts_pass() {
        let strict = AddressPolicy {
            allow_private: false,
        };
        let open = AddressPolicy {
            allow_private: true,
        };
        for bad in [
            "file:///etc/passwd",
            "ftp://example.org/x",
            "gopher://example.org/",
            "http://127.0.0.1/",
            "http://[::1]:8080/",
            "http://169.254.169.254/latest/meta-data/",
        ] {
            assert!(
                strict.check_url(&Url::parse(bad).unwrap()).is_err(),
                "{bad}"
            );
        }
        assert!(
            open.check_url(&Url::parse("http://127.0.0.1/").unwrap())
                .is_ok()
        );
        // Allowing private addresses never allows another scheme.
        assert!(
            open.check_url(&Url::parse("file:///etc/passwd").unwrap())
                .is_err()
        );
        assert!(
            strict
                .check_url(&Url::parse("https://example.org/a").unwrap())
                .is_ok()
        );
    }
}
