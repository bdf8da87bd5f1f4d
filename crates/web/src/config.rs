//! Settings from the environment (`DATABASE_URL` and `PLEDGEWATCH_*`), with defaults that
//! run the tracker on an SQLite file in the working directory.

use std::net::SocketAddr;

#[derive(Debug, Clone)]
pub struct Settings {
    /// `sqlite://path?mode=rwc` or `postgres://user@host/db`.
    pub database_url: String,
    pub bind: SocketAddr,
    /// Seed the summit data into an empty database when serving.
    pub seed_on_start: bool,
    /// The address people reach the tracker at, for absolute links in feeds and mail.
    pub public_url: Option<String>,
    /// Reverse proxies whose `X-Forwarded-For` is believed (for per-address limits).
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Where mail goes and how the delivery worker runs.
    pub mail: crate::mail::MailSettings,
    /// The longest any database call waits for a connection (`PLEDGEWATCH_DB_TIMEOUT_SECS`).
    pub db_timeout: std::time::Duration,
    /// Serve reads only and refuse every write (`PLEDGEWATCH_READ_ONLY`).
    pub read_only: bool,
    /// Where the source of the running version is offered, linked from every page's
    /// footer as AGPL §13 asks (`PLEDGEWATCH_SOURCE_URL`).
    pub source_url: String,
}

/// The upstream repository: the source of an unmodified tracker. Whoever runs a changed
/// copy sets `PLEDGEWATCH_SOURCE_URL` to where their changes are published.
pub const DEFAULT_SOURCE_URL: &str = "https://github.com/pledgewatch/pledgewatch";

/// `PLEDGEWATCH_SOURCE_URL`: an http(s) address, since it is a link people follow.
fn source_url(value: Option<&str>) -> anyhow::Result<String> {
    let Some(raw) = value else {
        return Ok(DEFAULT_SOURCE_URL.to_owned());
    };
    let raw = raw.trim();
    match url::Url::parse(raw) {
        // The parsed form, in which quotes and spaces are percent-encoded.
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => Ok(u.to_string()),
        _ => anyhow::bail!(
            "PLEDGEWATCH_SOURCE_URL: expected an http:// or https:// address of the source code, got {raw:?}"
        ),
    }
}

pub const DEFAULT_DATABASE_URL: &str = "sqlite://pledgewatch.db?mode=rwc";
pub const DEFAULT_BIND: &str = "127.0.0.1:3000";
/// How long a database call waits for a connection unless `PLEDGEWATCH_DB_TIMEOUT_SECS`
/// says otherwise: long enough for a busy pool, short enough that a database that is down
/// is answered as such within seconds.
pub const DEFAULT_DB_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

fn flag(name: &str, value: Option<&str>, default: bool) -> anyhow::Result<bool> {
    match value {
        None => Ok(default),
        Some("1" | "true" | "yes") => Ok(true),
        Some("0" | "false" | "no") => Ok(false),
        Some(other) => anyhow::bail!("{name}: expected true or false, got {other:?}"),
    }
}

fn db_timeout(value: Option<&str>) -> anyhow::Result<std::time::Duration> {
    let Some(raw) = value else {
        return Ok(DEFAULT_DB_TIMEOUT);
    };
    match raw.trim().parse::<u64>() {
        Ok(secs @ 1..=300) => Ok(std::time::Duration::from_secs(secs)),
        _ => anyhow::bail!(
            "PLEDGEWATCH_DB_TIMEOUT_SECS: expected whole seconds from 1 to 300, got {raw:?}"
        ),
    }
}

impl Settings {
    pub fn from_env() -> anyhow::Result<Self> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let bind = var("PLEDGEWATCH_BIND").unwrap_or_else(|| DEFAULT_BIND.to_owned());
        let seed_on_start = flag(
            "PLEDGEWATCH_SEED_ON_START",
            var("PLEDGEWATCH_SEED_ON_START").as_deref(),
            true,
        )?;
        Ok(Self {
            database_url: var("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned()),
            bind: bind.parse().map_err(|e| {
                anyhow::anyhow!(
                    "PLEDGEWATCH_BIND: {bind:?} is not an address such as 127.0.0.1:3000 ({e})"
                )
            })?,
            seed_on_start,
            public_url: var("PLEDGEWATCH_PUBLIC_URL"),
            trusted_proxies: var("PLEDGEWATCH_TRUSTED_PROXIES")
                .unwrap_or_default()
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| {
                    s.parse().map_err(|_| {
                        anyhow::anyhow!("PLEDGEWATCH_TRUSTED_PROXIES: {s:?} is not an IP address")
                    })
                })
                .collect::<anyhow::Result<_>>()?,
            mail: crate::mail::MailSettings::from_env()?,
            db_timeout: db_timeout(var("PLEDGEWATCH_DB_TIMEOUT_SECS").as_deref())?,
            read_only: flag(
                "PLEDGEWATCH_READ_ONLY",
                var("PLEDGEWATCH_READ_ONLY").as_deref(),
                false,
            )?,
            source_url: source_url(var("PLEDGEWATCH_SOURCE_URL").as_deref())?,
        })
    }

    /// The database URL with any password masked, for logs.
    pub fn database_url_for_logs(&self) -> String {
        redact_password(&self.database_url)
    }
}

pub fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (authority, tail) = rest.split_once('/').map_or((rest, ""), |(a, t)| (a, t));
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split(':').next().unwrap_or("");
            let masked = if userinfo.contains(':') {
                format!("{user}:***")
            } else {
                user.to_owned()
            };
            let sep = if rest.contains('/') { "/" } else { "" };
            format!("{scheme}://{masked}@{host}{sep}{tail}")
        }
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::{DEFAULT_SOURCE_URL, db_timeout, flag, redact_password, source_url};

    #[test]
    fn the_source_url_is_an_http_address() {
        assert_eq!(source_url(None).unwrap(), DEFAULT_SOURCE_URL);
        assert_eq!(
            source_url(Some("https://git.example.org/team/pledgewatch")).unwrap(),
            "https://git.example.org/team/pledgewatch"
        );
        for bad in [
            "git@example.org:team/pw.git",
            "javascript:alert(1)",
            "/source",
            "https://",
        ] {
            let e = source_url(Some(bad)).unwrap_err().to_string();
            assert!(e.contains("PLEDGEWATCH_SOURCE_URL"), "{bad}: {e}");
        }
    }

    #[test]
    fn database_settings_are_checked_and_named() {
        assert_eq!(db_timeout(None).unwrap().as_secs(), 5);
        assert_eq!(db_timeout(Some("2")).unwrap().as_secs(), 2);
        for bad in ["0", "-1", "1.5", "soon", "301"] {
            let e = db_timeout(Some(bad)).unwrap_err().to_string();
            assert!(e.contains("PLEDGEWATCH_DB_TIMEOUT_SECS"), "{e}");
        }
        assert!(flag("PLEDGEWATCH_READ_ONLY", Some("true"), false).unwrap());
        assert!(!flag("PLEDGEWATCH_READ_ONLY", None, false).unwrap());
        let e = flag("PLEDGEWATCH_READ_ONLY", Some("maybe"), false).unwrap_err();
        assert!(e.to_string().contains("PLEDGEWATCH_READ_ONLY"));
    }

    #[test]
    fn passwords_never_reach_the_logs() {
        assert_eq!(
            redact_password("postgres://u:secret@h:5432/db"),
            "postgres://u:***@h:5432/db"
        );
        assert_eq!(redact_password("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(
            redact_password("sqlite://pledgewatch.db?mode=rwc"),
            "sqlite://pledgewatch.db?mode=rwc"
        );
    }
}
