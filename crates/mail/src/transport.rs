//! Where messages go, behind the one narrow [`Transport`] trait: send stored bytes to an
//! address, or say why not with a typed temporary or permanent [`SendFailure`]. SMTP (see
//! `smtp`) keeps a few connections open and uses them at once. The default writes one
//! `.eml` file per message, named by its key, so a retry overwrites rather than duplicates.
//! [`Mailer`] is whichever of the two the settings name.

pub use super::failure::SendFailure;
use super::settings::{Destination, MailSettings};
use super::smtp::SmtpPool;
use std::future::Future;
use std::path::PathBuf;

/// Something that carries a message's bytes to its recipient.
pub trait Transport: Send + Sync + 'static {
    /// How many sends may run at once.
    fn parallelism(&self) -> usize;

    /// Sends `raw`, the whole message, to `to`; `key` is the message's idempotency key.
    fn send(
        &self,
        key: &str,
        to: &str,
        raw: &str,
    ) -> impl Future<Output = Result<(), SendFailure>> + Send;
}

/// Where messages go, from the one sender the settings name (parsed once, not per send).
pub struct Mailer {
    sender: Result<lettre::Address, String>,
    route: Route,
    connections: usize,
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
        Self {
            sender,
            route,
            connections: settings.connections,
        }
    }
}

impl Transport for Mailer {
    fn parallelism(&self) -> usize {
        match self.route {
            Route::Smtp(_) => self.connections,
            Route::Folder(_) => 4,
        }
    }

    async fn send(&self, key: &str, to: &str, raw: &str) -> Result<(), SendFailure> {
        let from = self.sender.as_ref().map_err(SendFailure::permanent)?;
        let to = to
            .parse::<lettre::Address>()
            .map_err(|e| SendFailure::Permanent {
                message: format!("recipient {to:?}: {e}"),
                recipient_refused: true,
            })?;
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
