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
use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper::header::{ACCEPT, HeaderValue, LOCATION, USER_AGENT};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
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

type Connector = HttpsConnector<HttpConnector<GuardedResolver>>;

/// A configured checker; cheap to clone.
#[derive(Clone)]
pub struct Checker {
    client: Client<Connector, Empty<Bytes>>,
    policy: Arc<Policy>,
    addresses: AddressPolicy,
    user_agent: HeaderValue,
}

impl Checker {
    pub fn new(policy: Policy) -> Result<Self, BuildError> {
        let addresses = AddressPolicy {
            allow_private: policy.allow_private,
        };
        let user_agent =
            HeaderValue::from_str(&policy.user_agent).map_err(|e| BuildError(e.to_string()))?;
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
        // Names resolve through the guard; addresses written as IPs are checked before
        // each request (see `follow`). No proxy is ever used.
        let mut http = HttpConnector::new_with_resolver(GuardedResolver { policy: addresses });
        http.enforce_http(false);
        http.set_connect_timeout(Some(policy.timeout));
        let connector = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls)
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        let client = Client::builder(TokioExecutor::new())
            .pool_idle_timeout(Duration::from_secs(10))
            .build(connector);
        Ok(Self {
            client,
            policy: Arc::new(policy),
            addresses,
            user_agent,
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
        let fetched = tokio::time::timeout(self.policy.timeout, self.follow(url.clone()))
            .await
            .unwrap_or(Err(Failure::Timeout));
        match fetched {
            Ok(Fetched {
                status,
                final_url,
                hash,
            }) => {
                result.http_status = Some(status);
                result.final_url = (final_url != url).then(|| final_url.to_string());
                result.outcome = match status {
                    200..=299 => LinkOutcome::Ok,
                    404 | 410 => LinkOutcome::Gone,
                    _ => LinkOutcome::HttpError,
                };
                result.content_hash = hash;
            }
            Err(failure) => {
                let (outcome, detail) = failure.classify();
                result.outcome = outcome;
                result.detail = Some(detail);
            }
        }
        tracing::debug!(url = raw, outcome = result.outcome.code(), status = ?result.http_status, "link checked");
        result
    }

    /// Fetches, following redirects up to the limit and checking every address before
    /// it is requested (the first, and each a redirect names: a public page may redirect
    /// to http://169.254.169.254/ or to file:). Returns the status, where the redirects
    /// ended and, for a success, the hash of (at most `max_body_bytes` of) the body.
    async fn follow(&self, mut url: Url) -> Result<Fetched, Failure> {
        for _ in 0..=self.policy.max_redirects {
            self.addresses.check_url(&url).map_err(Failure::Refused)?;
            let uri: hyper::Uri = url
                .as_str()
                .parse()
                .map_err(|e| Failure::BadAddress(format!("{e}")))?;
            let request = hyper::Request::get(uri)
                .header(USER_AGENT, self.user_agent.clone())
                .header(ACCEPT, "*/*")
                .body(Empty::new())
                .map_err(|e| Failure::BadAddress(e.to_string()))?;
            let response = self
                .client
                .request(request)
                .await
                .map_err(Failure::Client)?;
            let status = response.status();
            if status.is_redirection()
                && let Some(location) = response.headers().get(LOCATION)
            {
                url = location
                    .to_str()
                    .ok()
                    .and_then(|l| url.join(l).ok())
                    .ok_or_else(|| Failure::BadAddress("a redirect to no address".into()))?;
                continue;
            }
            if !status.is_success() {
                return Ok(Fetched {
                    status: status.as_u16(),
                    final_url: url,
                    hash: None,
                });
            }
            let mut body = response.into_body();
            let mut hasher = Sha256::new();
            let mut read = 0usize;
            while read < self.policy.max_body_bytes
                && let Some(frame) = body.frame().await
            {
                let frame = frame.map_err(Failure::Body)?;
                if let Some(data) = frame.data_ref() {
                    let take = data.len().min(self.policy.max_body_bytes - read);
                    hasher.update(&data[..take]);
                    read += take;
                }
            }
            return Ok(Fetched {
                status: status.as_u16(),
                final_url: url,
                hash: Some(hex::encode(hasher.finalize())),
            });
        }
        Err(Failure::TooManyRedirects(self.policy.max_redirects))
    }
}

/// What one fetch got.
struct Fetched {
    status: u16,
    final_url: Url,
    hash: Option<String>,
}

/// Why a fetch got no answer.
enum Failure {
    Timeout,
    Refused(Refused),
    TooManyRedirects(usize),
    BadAddress(String),
    Client(hyper_util::client::legacy::Error),
    Body(hyper::Error),
}

impl Failure {
    fn classify(self) -> (LinkOutcome, String) {
        match self {
            Failure::Timeout => (LinkOutcome::Timeout, "no complete answer in time".into()),
            Failure::Refused(r) => (LinkOutcome::Refused, r.0),
            Failure::TooManyRedirects(n) => (
                LinkOutcome::TooManyRedirects,
                TooManyRedirects(n).to_string(),
            ),
            Failure::BadAddress(why) => (LinkOutcome::Refused, format!("not an address: {why}")),
            Failure::Client(e) => {
                let outcome = if find::<Refused>(&e).is_some() {
                    LinkOutcome::Refused
                } else if find::<NameFailed>(&e).is_some() {
                    LinkOutcome::DnsFailure
                } else {
                    LinkOutcome::Unreachable
                };
                (outcome, describe(&e))
            }
            Failure::Body(e) => (LinkOutcome::Unreachable, describe(&e)),
        }
    }
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

/// The error and its causes on one line.
fn describe(e: &(dyn StdError + 'static)) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
