//! The evidence link checker: fetches cited addresses with bounded concurrency, one
//! request at a time per host with a pause between them, a timeout, a redirect limit and
//! an honest User-Agent, and classifies each answer as a [`LinkCheck`]. It refuses
//! non-http(s) and non-public addresses unless told otherwise (see [`guard`]). It keeps
//! nothing: the caller stores the results.

pub mod guard;

use chrono::Utc;
use domain::link_health::{LinkCheck, LinkOutcome};
use futures_util::StreamExt;
use guard::{AddressPolicy, GuardedResolver, NameFailed, Refused, TooManyRedirects};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::error::Error as StdError;
use std::sync::Arc;
use std::time::Duration;
use url::Url;

/// How the checker fetches.
#[derive(Debug, Clone)]
pub struct Policy {
    /// Sent with every request: who is asking and where to read about them.
    pub user_agent: String,
    /// The longest one fetch may take, body included.
    pub timeout: Duration,
    /// Redirects followed before giving up.
    pub max_redirects: usize,
    /// Hosts fetched at once.
    pub concurrency: usize,
    /// The pause between two requests to the same host.
    pub per_host_interval: Duration,
    /// The most of a body read and hashed; the rest is not fetched.
    pub max_body_bytes: usize,
    /// Fetch private, loopback and link-local addresses too (tests only).
    pub allow_private: bool,
}

impl Policy {
    /// Conservative defaults, given who is asking.
    pub fn new(user_agent: String) -> Self {
        Self {
            user_agent,
            timeout: Duration::from_secs(20),
            max_redirects: 5,
            concurrency: 4,
            per_host_interval: Duration::from_secs(2),
            max_body_bytes: 5 * 1024 * 1024,
            allow_private: false,
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[error("the link checker's HTTP client cannot be built: {0}")]
pub struct BuildError(String);

/// A configured checker; cheap to clone.
#[derive(Clone)]
pub struct Checker {
    client: reqwest::Client,
    policy: Arc<Policy>,
}

impl Checker {
    pub fn new(policy: Policy) -> Result<Self, BuildError> {
        let addresses = AddressPolicy {
            allow_private: policy.allow_private,
        };
        let max = policy.max_redirects;
        // Every hop is checked before it is followed: a public page may redirect to
        // http://169.254.169.254/ or to file:.
        let redirects = reqwest::redirect::Policy::custom(move |attempt| {
            if attempt.previous().len() > max {
                return attempt.error(TooManyRedirects(max));
            }
            match addresses.check_url(attempt.url()) {
                Ok(()) => attempt.follow(),
                Err(refused) => attempt.error(refused),
            }
        });
        let roots = rustls::RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        };
        let tls = rustls::ClientConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .map_err(|e| BuildError(e.to_string()))?
        .with_root_certificates(roots)
        .with_no_client_auth();
        let client = reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .user_agent(policy.user_agent.clone())
            .timeout(policy.timeout)
            .connect_timeout(policy.timeout)
            .redirect(redirects)
            .dns_resolver(Arc::new(GuardedResolver { policy: addresses }))
            // A proxy would resolve names where the guard cannot see the addresses.
            .no_proxy()
            .build()
            .map_err(|e| BuildError(e.to_string()))?;
        Ok(Self {
            client,
            policy: Arc::new(policy),
        })
    }

    /// Checks every address, each once, returning the results in no particular order.
    /// Hosts are checked `concurrency` at a time; each host's addresses one after the
    /// other, `per_host_interval` apart, so that no site sees a burst from the tracker.
    pub async fn check_all(&self, urls: impl IntoIterator<Item = String>) -> Vec<LinkCheck> {
        let mut by_host: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for url in urls {
            let host = Url::parse(&url)
                .ok()
                .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
                .unwrap_or_default();
            let list = by_host.entry(host).or_default();
            if !list.contains(&url) {
                list.push(url);
            }
        }
        futures_util::stream::iter(by_host.into_values())
            .map(|urls| async move {
                let mut done = Vec::with_capacity(urls.len());
                for (i, url) in urls.into_iter().enumerate() {
                    if i > 0 {
                        tokio::time::sleep(self.policy.per_host_interval).await;
                    }
                    done.push(self.check(&url).await);
                }
                done
            })
            .buffer_unordered(self.policy.concurrency.max(1))
            .flat_map(futures_util::stream::iter)
            .collect()
            .await
    }

    /// Checks one address.
    pub async fn check(&self, raw: &str) -> LinkCheck {
        let mut result = LinkCheck {
            url: raw.to_owned(),
            outcome: LinkOutcome::Refused,
            http_status: None,
            final_url: None,
            content_hash: None,
            checked_at: Utc::now(),
            detail: None,
        };
        let url = match Url::parse(raw) {
            Ok(url) => url,
            Err(e) => {
                result.detail = Some(format!("not an address: {e}"));
                return result;
            }
        };
        let addresses = AddressPolicy {
            allow_private: self.policy.allow_private,
        };
        if let Err(refused) = addresses.check_url(&url) {
            result.detail = Some(refused.0);
            return result;
        }
        match self.fetch(url.clone()).await {
            Ok(Fetched {
                status,
                final_url,
                hash,
                refused_redirect,
            }) => {
                result.http_status = Some(status);
                result.final_url = (final_url != url).then(|| final_url.to_string());
                result.outcome = match status {
                    200..=299 => LinkOutcome::Ok,
                    404 | 410 => LinkOutcome::Gone,
                    _ if refused_redirect.is_some() => LinkOutcome::Refused,
                    _ => LinkOutcome::HttpError,
                };
                result.detail = refused_redirect;
                result.content_hash = hash;
            }
            Err(e) => {
                result.outcome = classify(&e);
                result.detail = Some(describe(&e));
            }
        }
        tracing::debug!(url = raw, outcome = result.outcome.code(), status = ?result.http_status, "link checked");
        result
    }

    /// Fetches, returning the status, the address the redirects ended at and, for a
    /// success, the hash of (at most `max_body_bytes` of) the body.
    async fn fetch(&self, url: Url) -> Result<Fetched, reqwest::Error> {
        let mut response = self.client.get(url).send().await?;
        let status = response.status().as_u16();
        let final_url = response.url().clone();
        if !response.status().is_success() {
            // reqwest hands back, unfollowed, a redirect to a scheme it does not fetch
            // (file:, ftp:); say so rather than report a bare 3xx.
            let refused_redirect = response
                .status()
                .is_redirection()
                .then(|| response.headers().get(reqwest::header::LOCATION))
                .flatten()
                .and_then(|l| l.to_str().ok())
                .and_then(|l| final_url.join(l).ok())
                .and_then(|target| {
                    let policy = AddressPolicy {
                        allow_private: self.policy.allow_private,
                    };
                    policy.check_url(&target).err()
                })
                .map(|refused| format!("redirect not followed: {}", refused.0));
            return Ok(Fetched {
                status,
                final_url,
                hash: None,
                refused_redirect,
            });
        }
        let mut hasher = Sha256::new();
        let mut read = 0usize;
        while let Some(chunk) = response.chunk().await? {
            let take = chunk.len().min(self.policy.max_body_bytes - read);
            hasher.update(&chunk[..take]);
            read += take;
            if read >= self.policy.max_body_bytes {
                break;
            }
        }
        Ok(Fetched {
            status,
            final_url,
            hash: Some(hex::encode(hasher.finalize())),
            refused_redirect: None,
        })
    }
}

/// What one fetch got.
struct Fetched {
    status: u16,
    final_url: Url,
    hash: Option<String>,
    /// Why a redirect in the answer was not followed, when the checker refused it.
    refused_redirect: Option<String>,
}

/// The error, or one it wraps, of type `T`.
fn find<'a, T: StdError + 'static>(e: &'a (dyn StdError + 'static)) -> Option<&'a T> {
    let mut current = Some(e);
    while let Some(err) = current {
        if let Some(found) = err.downcast_ref::<T>() {
            return Some(found);
        }
        current = err.source();
    }
    None
}

fn classify(e: &reqwest::Error) -> LinkOutcome {
    if find::<Refused>(e).is_some() {
        LinkOutcome::Refused
    } else if find::<TooManyRedirects>(e).is_some() {
        LinkOutcome::TooManyRedirects
    } else if find::<NameFailed>(e).is_some() {
        LinkOutcome::DnsFailure
    } else if e.is_timeout() {
        LinkOutcome::Timeout
    } else {
        LinkOutcome::Unreachable
    }
}

/// The error and its causes on one line.
fn describe(e: &reqwest::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
