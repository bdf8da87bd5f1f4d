//! Mail settings: where mail goes (an SMTP server, or `.eml` files in a folder by default),
//! which CA file SMTP over TLS trusts besides the built-in roots, who mail is from, and how
//! the worker paces itself. The web crate reads them from flags and the environment.

use super::trust::CaFile;
use percent_encoding::percent_decode_str;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tls {
    /// Plain SMTP (a local relay or a test sink).
    None,
    /// STARTTLS if the server offers it.
    Opportunistic,
    /// STARTTLS or fail.
    Required,
    /// TLS from the first byte (`smtps://`, usually port 465).
    Implicit,
}

#[derive(Clone, PartialEq, Eq)]
pub struct SmtpServer {
    pub host: String,
    pub port: u16,
    pub tls: Tls,
    pub credentials: Option<(String, String)>,
}

impl std::fmt::Debug for SmtpServer {
    // The password never reaches a log line.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmtpServer")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("tls", &self.tls)
            .field("user", &self.credentials.as_ref().map(|(u, _)| u))
            .finish()
    }
}

impl SmtpServer {
    /// `smtp://[user:password@]host[:port][?tls=none|opportunistic|required]` or
    /// `smtps://[user:password@]host[:port]`; the user and password percent-encoded.
    pub fn parse(raw: &str) -> anyhow::Result<Self> {
        let bad = |why: &str| anyhow::anyhow!("PLEDGEWATCH_SMTP_URL: {why}");
        let url = url::Url::parse(raw).map_err(|e| bad(&format!("not a URL ({e})")))?;
        let mut tls = match url.scheme() {
            "smtp" => Tls::None,
            "smtps" => Tls::Implicit,
            _ => return Err(bad("expected smtp:// or smtps://")),
        };
        if !matches!(url.path(), "" | "/") || url.fragment().is_some() {
            return Err(bad("nothing may follow the host and port but ?tls=..."));
        }
        for (key, value) in url.query_pairs() {
            tls = match (&*key, &*value) {
                ("tls", "none") if tls != Tls::Implicit => Tls::None,
                ("tls", "opportunistic") if tls != Tls::Implicit => Tls::Opportunistic,
                ("tls", "required") if tls != Tls::Implicit => Tls::Required,
                _ => {
                    return Err(bad(
                        "the only option is tls=none|opportunistic|required (smtp:// only)",
                    ));
                }
            };
        }
        let host = match url.host() {
            Some(url::Host::Domain(d)) if !d.is_empty() => d.to_owned(),
            // Unbracketed, as a socket address wants it: [::1] is `::1`.
            Some(url::Host::Ipv6(ip)) => ip.to_string(),
            Some(url::Host::Ipv4(ip)) => ip.to_string(),
            _ => return Err(bad("a host is needed")),
        };
        let decode = |s: &str| percent_decode_str(s).decode_utf8_lossy().into_owned();
        let credentials = (!url.username().is_empty() || url.password().is_some())
            .then(|| (decode(url.username()), decode(url.password().unwrap_or(""))));
        Ok(Self {
            host,
            port: url
                .port()
                .unwrap_or(if tls == Tls::Implicit { 465 } else { 25 }),
            tls,
            credentials,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    Smtp(SmtpServer),
    /// One `.eml` file per message, named after its idempotency key.
    Folder(PathBuf),
}

#[derive(Debug, Clone)]
pub struct MailSettings {
    pub destination: Destination,
    /// CA certificates trusted for SMTP over TLS besides the built-in roots, read once here.
    pub smtp_ca: Option<CaFile>,
    /// The From address, e.g. `pledgewatch <digests@example.org>`.
    pub from: String,
    /// The EHLO name; the machine's host name when unset.
    pub helo: Option<String>,
    /// SMTP connections used at once.
    pub connections: usize,
    /// Messages claimed per worker step.
    pub batch: u64,
    /// How long a claimed message stays with its worker before another may take it.
    pub lease: chrono::Duration,
    /// The first wait after a failure; it doubles per attempt.
    pub retry_base: chrono::Duration,
    /// Failures in one digest run before it pauses for an admin.
    pub pause_after: i32,
    /// Different recipients in a row given the same permanent answer before it is taken
    /// for the server's fault: their runs pause, and none of them is marked dead.
    pub same_answer_limit: usize,
    /// Whether `serve` runs the delivery worker too.
    pub worker_in_serve: bool,
    /// How long an idle worker waits before looking again.
    pub idle_wait: Duration,
    /// Subscription mails one client address may cause per hour (`/subscribe`).
    pub subscribe_per_client_per_hour: u64,
    /// Subscription mails per hour in all, whoever asks.
    pub subscribe_per_hour: u64,
}

/// The defaults of the two `/subscribe` limits.
pub const DEFAULT_SUBSCRIBE_PER_CLIENT_PER_HOUR: u64 = 10;
pub const DEFAULT_SUBSCRIBE_PER_HOUR: u64 = 500;

pub const DEFAULT_MAIL_DIR: &str = "mail";
pub const DEFAULT_FROM: &str = "pledgewatch <pledgewatch@localhost>";

impl MailSettings {
    /// Files in a folder, for tests and first runs.
    pub fn to_folder(dir: impl Into<PathBuf>) -> Self {
        Self {
            destination: Destination::Folder(dir.into()),
            smtp_ca: None,
            from: DEFAULT_FROM.to_owned(),
            helo: None,
            connections: 4,
            batch: 256,
            lease: chrono::Duration::seconds(120),
            retry_base: chrono::Duration::seconds(30),
            pause_after: 50,
            same_answer_limit: 5,
            worker_in_serve: true,
            idle_wait: Duration::from_millis(1000),
            subscribe_per_client_per_hour: DEFAULT_SUBSCRIBE_PER_CLIENT_PER_HOUR,
            subscribe_per_hour: DEFAULT_SUBSCRIBE_PER_HOUR,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smtp_urls_parse_with_their_tls_mode() {
        let s = SmtpServer::parse("smtp://127.0.0.1:2525").unwrap();
        assert_eq!(
            (s.host.as_str(), s.port, s.tls),
            ("127.0.0.1", 2525, Tls::None)
        );
        let s = SmtpServer::parse("smtp://me%40x.org:p%3Ass@mail.x.org:587?tls=required").unwrap();
        assert_eq!(s.tls, Tls::Required);
        assert_eq!(s.credentials, Some(("me@x.org".into(), "p:ss".into())));
        let s = SmtpServer::parse("smtps://mail.x.org").unwrap();
        assert_eq!((s.port, s.tls), (465, Tls::Implicit));
        assert!(!format!("{s:?}").contains("p:ss"));
        assert!(SmtpServer::parse("http://x").is_err());
        assert!(SmtpServer::parse("smtp://x:port").is_err());
        assert!(SmtpServer::parse("smtps://x?tls=none").is_err());
        let s = SmtpServer::parse("smtp://[::1]:2525/?tls=opportunistic").unwrap();
        assert_eq!((s.host.as_str(), s.port), ("::1", 2525));
        assert_eq!(s.tls, Tls::Opportunistic);
        assert!(SmtpServer::parse("smtp://x/path").is_err());
        assert!(SmtpServer::parse("smtp://").is_err());
        assert!(SmtpServer::parse("smtp://[::1").is_err());
    }
}
