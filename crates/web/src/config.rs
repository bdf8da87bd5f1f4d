//! Settings from flags and the environment (`DATABASE_URL` and `PLEDGEWATCH_*`, declared
//! in `args`), checked once here, with defaults that run the tracker on an SQLite file in
//! the working directory.

mod args;
mod links;
mod mail;

pub use args::SettingsArgs;
pub use links::LinkSettings;
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
    pub mail: ::mail::MailSettings,
    /// The longest any database call waits for a connection (`PLEDGEWATCH_DB_TIMEOUT_SECS`).
    pub db_timeout: std::time::Duration,
    /// Serve reads only and refuse every write (`PLEDGEWATCH_READ_ONLY`).
    pub read_only: bool,
    /// The bearer token `/metrics` asks for (`PLEDGEWATCH_METRICS_TOKEN`); none: 404.
    pub metrics_token: Option<String>,
    /// Retention and the first-run admin.
    pub ops: OpsSettings,
    /// Templates read from this folder rather than the binary (`PLEDGEWATCH_TEMPLATES_DIR`).
    pub templates_dir: Option<String>,
    /// Where the source of the running version is offered, linked from every page's
    /// footer as AGPL §13 asks (`PLEDGEWATCH_SOURCE_URL`).
    pub source_url: String,
    /// The evidence link checker: its schedule and limits (`PLEDGEWATCH_LINK_CHECK_*`).
    pub links: LinkSettings,
}

/// What operations need: how often and how long things are kept, and the admin made on a
/// first start.
#[derive(Debug, Clone)]
pub struct OpsSettings {
    /// How often `serve` prunes what is no longer kept (`PLEDGEWATCH_PRUNE_EVERY_SECS`, 0: never).
    pub prune_every: Option<std::time::Duration>,
    /// Days a sent message's bytes are kept (`PLEDGEWATCH_KEEP_SENT_MAIL_DAYS`).
    pub keep_sent_mail_days: u32,
    /// The admin `serve` creates while no admin exists (`PLEDGEWATCH_ADMIN_EMAIL`).
    pub admin_email: Option<String>,
    /// The file holding that admin's password (`PLEDGEWATCH_ADMIN_PASSWORD_FILE`).
    pub admin_password_file: Option<std::path::PathBuf>,
}

impl Default for OpsSettings {
    fn default() -> Self {
        Self {
            prune_every: Some(std::time::Duration::from_secs(DEFAULT_PRUNE_EVERY_SECS)),
            keep_sent_mail_days: DEFAULT_KEEP_SENT_MAIL_DAYS,
            admin_email: None,
            admin_password_file: None,
        }
    }
}

pub const DEFAULT_PRUNE_EVERY_SECS: u64 = 3600;
pub const DEFAULT_KEEP_SENT_MAIL_DAYS: u32 = 30;

impl OpsSettings {
    fn from_args(args: &SettingsArgs) -> anyhow::Result<Self> {
        let var = |name: &str| args.get(name);
        let whole = |name: &str, default: u64, max: u64| -> anyhow::Result<u64> {
            let Some(raw) = var(name) else {
                return Ok(default);
            };
            match raw.trim().parse::<u64>() {
                Ok(n) if n <= max => Ok(n),
                _ => anyhow::bail!("{name}: expected a whole number from 0 to {max}, got {raw:?}"),
            }
        };
        let prune = whole(
            "PLEDGEWATCH_PRUNE_EVERY_SECS",
            DEFAULT_PRUNE_EVERY_SECS,
            604_800,
        )?;
        let keep = whole(
            "PLEDGEWATCH_KEEP_SENT_MAIL_DAYS",
            DEFAULT_KEEP_SENT_MAIL_DAYS.into(),
            3650,
        )?;
        let admin_email = var("PLEDGEWATCH_ADMIN_EMAIL");
        let admin_password_file = var("PLEDGEWATCH_ADMIN_PASSWORD_FILE").map(Into::into);
        if admin_email.is_some() != admin_password_file.is_some() {
            anyhow::bail!(
                "PLEDGEWATCH_ADMIN_EMAIL and PLEDGEWATCH_ADMIN_PASSWORD_FILE go together: set both or neither"
            );
        }
        Ok(Self {
            prune_every: (prune > 0).then(|| std::time::Duration::from_secs(prune)),
            keep_sent_mail_days: u32::try_from(keep)?,
            admin_email,
            admin_password_file,
        })
    }
}

/// A secret given as `NAME`, or in the file `NAME_FILE` names (its content with the final
/// line break taken off), as container secrets are handed over. Both set is refused;
/// errors name the variable and the path, never the content.
pub fn secret_var(args: &SettingsArgs, name: &str) -> anyhow::Result<Option<String>> {
    let var = |name: &str| args.get(name);
    let file_var = format!("{name}_FILE");
    match (var(name), var(&file_var)) {
        (Some(_), Some(_)) => anyhow::bail!("{name} and {file_var} are both set: set one"),
        (Some(value), None) => Ok(Some(value)),
        (None, Some(path)) => {
            let text = std::fs::read_to_string(path.trim())
                .map_err(|e| anyhow::anyhow!("{file_var}: cannot read {path:?} ({e})"))?;
            let value = text.trim_end_matches(['\r', '\n']).to_owned();
            if value.trim().is_empty() {
                anyhow::bail!("{file_var}: {path:?} is empty");
            }
            Ok(Some(value))
        }
        (None, None) => Ok(None),
    }
}

/// How log lines are written (`PLEDGEWATCH_LOG_FORMAT`): `text` for people, `json` (one
/// object a line) for log collectors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

impl LogFormat {
    pub fn from_args(args: &SettingsArgs) -> anyhow::Result<Self> {
        match args.get("PLEDGEWATCH_LOG_FORMAT").as_deref().map(str::trim) {
            None | Some("text") => Ok(Self::Text),
            Some("json") => Ok(Self::Json),
            Some(other) => {
                anyhow::bail!("PLEDGEWATCH_LOG_FORMAT: expected text or json, got {other:?}")
            }
        }
    }
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

/// `PLEDGEWATCH_BIND`, or the default.
pub fn bind_from(args: &SettingsArgs) -> anyhow::Result<SocketAddr> {
    let bind = args
        .get("PLEDGEWATCH_BIND")
        .unwrap_or_else(|| DEFAULT_BIND.to_owned());
    bind.trim().parse().map_err(|e| {
        anyhow::anyhow!("PLEDGEWATCH_BIND: {bind:?} is not an address such as 127.0.0.1:3000 ({e})")
    })
}

impl Settings {
    /// The settings from the environment alone.
    pub fn from_env() -> anyhow::Result<Self> {
        Self::from_args(&SettingsArgs::from_env()?)
    }

    /// The settings as given by flags, or else by environment variables.
    pub fn from_args(args: &SettingsArgs) -> anyhow::Result<Self> {
        let var = |name: &str| args.get(name);
        let seed_on_start = flag(
            "PLEDGEWATCH_SEED_ON_START",
            var("PLEDGEWATCH_SEED_ON_START").as_deref(),
            true,
        )?;
        Ok(Self {
            database_url: secret_var(args, "DATABASE_URL")?
                .unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned()),
            bind: bind_from(args)?,
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
            mail: mail::from_args(args)?,
            db_timeout: db_timeout(var("PLEDGEWATCH_DB_TIMEOUT_SECS").as_deref())?,
            read_only: flag(
                "PLEDGEWATCH_READ_ONLY",
                var("PLEDGEWATCH_READ_ONLY").as_deref(),
                false,
            )?,
            metrics_token: var("PLEDGEWATCH_METRICS_TOKEN").map(|t| t.trim().to_owned()),
            ops: OpsSettings::from_args(args)?,
            templates_dir: var("PLEDGEWATCH_TEMPLATES_DIR"),
            source_url: source_url(var("PLEDGEWATCH_SOURCE_URL").as_deref())?,
            links: LinkSettings::from_args(args)?,
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
