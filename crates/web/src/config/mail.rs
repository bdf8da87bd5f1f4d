//! The mail settings as flags and environment variables give them (the mail crate owns
//! what they mean; this reads and checks them, naming the variable at fault).

use super::SettingsArgs;
use mail::settings::{
    DEFAULT_FROM, DEFAULT_MAIL_DIR, DEFAULT_SUBSCRIBE_PER_CLIENT_PER_HOUR,
    DEFAULT_SUBSCRIBE_PER_HOUR, Destination, MailSettings, SmtpServer,
};
use mail::trust::{CA_FILE_VAR, CaFile};
use std::time::Duration;

/// The mail settings as given by flags, or else by environment variables.
pub(super) fn from_args(args: &SettingsArgs) -> anyhow::Result<MailSettings> {
    let var = |name: &str| args.get(name);
    let number = |name: &str, default: u64| -> anyhow::Result<u64> {
        var(name).map_or(Ok(default), |v| {
            v.trim()
                .parse()
                .map_err(|_| anyhow::anyhow!("{name}: expected a whole number, got {v:?}"))
        })
    };
    let destination = match super::secret_var(args, "PLEDGEWATCH_SMTP_URL")? {
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
    from.parse::<lettre::message::Mailbox>()
        .map_err(|e| anyhow::anyhow!("PLEDGEWATCH_MAIL_FROM: {from:?} is not an address ({e})"))?;
    let worker_in_serve = match var("PLEDGEWATCH_WORKER").as_deref() {
        None | Some("on") | Some("true") | Some("1") => true,
        Some("off") | Some("false") | Some("0") => false,
        Some(other) => anyhow::bail!("PLEDGEWATCH_WORKER: expected on or off, got {other:?}"),
    };
    Ok(MailSettings {
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
        same_answer_limit: number("PLEDGEWATCH_SAME_ANSWER_LIMIT", 5)?.clamp(2, 10_000) as usize,
        worker_in_serve,
        idle_wait: Duration::from_millis(
            number("PLEDGEWATCH_WORKER_IDLE_MS", 1000)?.clamp(10, 60_000),
        ),
        subscribe_per_client_per_hour: number(
            "PLEDGEWATCH_SUBSCRIBE_PER_CLIENT_PER_HOUR",
            DEFAULT_SUBSCRIBE_PER_CLIENT_PER_HOUR,
        )?
        .clamp(1, 1_000_000),
        subscribe_per_hour: number("PLEDGEWATCH_SUBSCRIBE_PER_HOUR", DEFAULT_SUBSCRIBE_PER_HOUR)?
            .clamp(1, 10_000_000),
    })
}
