//! Mail settings from the environment: where mail goes (an SMTP server, or `.eml` files
//! in a folder by default), which CA file SMTP over TLS trusts besides the built-in roots,
//! who mail is from, and how the worker paces itself.

use super::trust::{CA_FILE_VAR, CaFile};
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
    /// `smtps://[user:password@]host[:port]`.
    pub fn parse(raw: &str) -> anyhow::Result<Self> {
        let bad = |why: &str| anyhow::anyhow!("PLEDGEWATCH_SMTP_URL: {why}");
        let (scheme, rest) = raw
            .split_once("://")
            .ok_or_else(|| bad("expected smtp:// or smtps://"))?;
        let (rest, query) = rest.split_once('?').map_or((rest, ""), |(r, q)| (r, q));
        let rest = rest.trim_end_matches('/');
        let (userinfo, hostport) = match rest.rsplit_once('@') {
            Some((u, h)) => (Some(u), h),
            None => (None, rest),
        };
        let mut tls = match scheme {
            "smtp" => Tls::None,
            "smtps" => Tls::Implicit,
            _ => return Err(bad("expected smtp:// or smtps://")),
        };
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            match pair.split_once('=') {
                Some(("tls", "none")) if tls != Tls::Implicit => tls = Tls::None,
                Some(("tls", "opportunistic")) if tls != Tls::Implicit => tls = Tls::Opportunistic,
                Some(("tls", "required")) if tls != Tls::Implicit => tls = Tls::Required,
                _ => {
                    return Err(bad(
                        "the only option is tls=none|opportunistic|required (smtp:// only)",
                    ));
                }
            }
        }
        let default_port = if tls == Tls::Implicit { 465 } else { 25 };
        // An IPv6 literal is bracketed: [::1]:2525.
        let split = match hostport.strip_prefix('[') {
            Some(v6) => v6.split_once(']').map(|(h, p)| (h, p.strip_prefix(':'))),
            None => Some(match hostport.rsplit_once(':') {
                Some((h, p)) => (h, Some(p)),
                None => (hostport, None),
            }),
        };
        let (host, port) = split.ok_or_else(|| bad("an unclosed [ in the host"))?;
        let port = match port {
            Some(p) => p.parse().map_err(|_| bad("the port must be a number"))?,
            None => default_port,
        };
        if host.is_empty() {
            return Err(bad("a host is needed"));
        }
        let credentials = userinfo.map(|u| {
            let (user, pass) = u.split_once(':').unwrap_or((u, ""));
            (percent_decode(user), percent_decode(pass))
        });
        Ok(Self {
            host: host.to_owned(),
            port,
            tls,
            credentials,
        })
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        if bytes[i] == b'%'
            && let Some(Ok(b)) = hex.map(|h| u8::from_str_radix(h, 16))
        {
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
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
    /// The mail settings as given by flags, or else by environment variables.
    pub fn from_args(args: &crate::config::SettingsArgs) -> anyhow::Result<Self> {
        let var = |name: &str| args.get(name);
        let number = |name: &str, default: u64| -> anyhow::Result<u64> {
            var(name).map_or(Ok(default), |v| {
                v.trim()
                    .parse()
                    .map_err(|_| anyhow::anyhow!("{name}: expected a whole number, got {v:?}"))
            })
        };
        let destination = match crate::config::secret_var(args, "PLEDGEWATCH_SMTP_URL")? {
            Some(url) => Destination::Smtp(SmtpServer::parse(url.trim())?),
            None => Destination::Folder(
                var("PLEDGEWATCH_MAIL_DIR")
                    .unwrap_or_else(|| DEFAULT_MAIL_DIR.to_owned())
                    .into(),
            ),
        };
        let smtp_ca = var(CA_FILE_VAR)
            .map(|path| CaFile::load(path.trim()))
            .transpose()?;
        let from = var("PLEDGEWATCH_MAIL_FROM").unwrap_or_else(|| DEFAULT_FROM.to_owned());
        from.parse::<lettre::message::Mailbox>().map_err(|e| {
            anyhow::anyhow!("PLEDGEWATCH_MAIL_FROM: {from:?} is not an address ({e})")
        })?;
        let worker_in_serve = match var("PLEDGEWATCH_WORKER").as_deref() {
            None | Some("on") | Some("true") | Some("1") => true,
            Some("off") | Some("false") | Some("0") => false,
            Some(other) => anyhow::bail!("PLEDGEWATCH_WORKER: expected on or off, got {other:?}"),
        };
        Ok(Self {
            destination,
            smtp_ca,
            from,
            helo: var("PLEDGEWATCH_SMTP_HELO"),
            connections: number("PLEDGEWATCH_SMTP_CONNECTIONS", 4)?.clamp(1, 64) as usize,
            batch: number("PLEDGEWATCH_MAIL_BATCH", 256)?.clamp(1, 1000),
            lease: chrono::Duration::seconds(
                number("PLEDGEWATCH_MAIL_LEASE_SECS", 120)?.clamp(5, 3600) as i64,
            ),
            retry_base: chrono::Duration::milliseconds(
                number("PLEDGEWATCH_RETRY_BASE_MS", 30_000)?.clamp(1, 3_600_000) as i64,
            ),
            pause_after: number("PLEDGEWATCH_PAUSE_AFTER_FAILURES", 50)?.clamp(1, 1_000_000) as i32,
            same_answer_limit: number("PLEDGEWATCH_SAME_ANSWER_LIMIT", 5)?.clamp(2, 10_000)
                as usize,
            worker_in_serve,
            idle_wait: Duration::from_millis(
                number("PLEDGEWATCH_WORKER_IDLE_MS", 1000)?.clamp(10, 60_000),
            ),
            subscribe_per_client_per_hour: number(
                "PLEDGEWATCH_SUBSCRIBE_PER_CLIENT_PER_HOUR",
                DEFAULT_SUBSCRIBE_PER_CLIENT_PER_HOUR,
            )?
            .clamp(1, 1_000_000),
            subscribe_per_hour: number(
                "PLEDGEWATCH_SUBSCRIBE_PER_HOUR",
                DEFAULT_SUBSCRIBE_PER_HOUR,
            )?
            .clamp(1, 10_000_000),
        })
    }

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
    }
}
