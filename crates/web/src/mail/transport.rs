//! Where messages go, behind one narrow call: `send(key, to, message)`. SMTP (see
//! `smtp`) keeps a few connections open and uses them at once. The default writes one
//! `.eml` file per message, named by its key, so a retry overwrites rather than duplicates.

use super::settings::{Destination, MailSettings};
use super::smtp::SmtpPool;
use std::path::PathBuf;

/// Why a message did not go: permanent failures (5xx) are not retried.
#[derive(Debug, Clone)]
pub struct SendFailure {
    pub permanent: bool,
    pub message: String,
}

impl SendFailure {
    pub(super) fn temporary(message: impl std::fmt::Display) -> Self {
        Self {
            permanent: false,
            message: message.to_string(),
        }
    }
}

impl From<lettre::transport::smtp::Error> for SendFailure {
    fn from(e: lettre::transport::smtp::Error) -> Self {
        Self {
            permanent: e.is_permanent(),
            message: e.to_string(),
        }
    }
}

/// Where messages go, from the one sender the settings name (parsed once, not per send).
pub struct Mailer {
    sender: Result<lettre::Address, String>,
    route: Route,
}

enum Route {
    Smtp(Box<SmtpPool>),
    Folder(PathBuf),
}

impl Mailer {
    pub fn new(settings: &MailSettings) -> Self {
        let from = &settings.from;
        let sender = match from.parse::<lettre::message::Mailbox>() {
            Ok(m) => Ok(m.email),
            Err(_) => from
                .parse::<lettre::Address>()
                .map_err(|e| format!("sender {from:?}: {e}")),
        };
        let route = match &settings.destination {
            Destination::Smtp(server) => Route::Smtp(Box::new(SmtpPool::new(
                server.clone(),
                settings.helo.clone(),
                settings.connections,
                settings.smtp_ca.as_ref(),
            ))),
            Destination::Folder(dir) => Route::Folder(dir.clone()),
        };
        Self { sender, route }
    }

    /// How many sends may run at once.
    pub fn parallelism(&self, settings: &MailSettings) -> usize {
        match self.route {
            Route::Smtp(_) => settings.connections,
            Route::Folder(_) => 4,
        }
    }

    pub async fn send(&self, key: &str, to: &str, raw: &str) -> Result<(), SendFailure> {
        let permanent = |message: String| SendFailure {
            permanent: true,
            message,
        };
        let from = self.sender.as_ref().map_err(|e| permanent(e.clone()))?;
        let to = to
            .parse::<lettre::Address>()
            .map_err(|e| permanent(format!("recipient {to:?}: {e}")))?;
        match &self.route {
            Route::Smtp(pool) => pool.send(from, &to, raw).await,
            Route::Folder(dir) => write_file(dir, key, raw.as_bytes())
                .await
                .map_err(SendFailure::temporary),
        }
    }
}

async fn write_file(dir: &std::path::Path, key: &str, raw: &[u8]) -> std::io::Result<()> {
    tokio::fs::create_dir_all(dir).await?;
    let name: String = key
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let tmp = dir.join(format!(".{name}.tmp"));
    tokio::fs::write(&tmp, raw).await?;
    tokio::fs::rename(&tmp, dir.join(format!("{name}.eml"))).await
}
