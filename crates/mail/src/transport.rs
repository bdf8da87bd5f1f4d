//! Where messages go, behind the one narrow [`Transport`] trait: send stored bytes to an
//! address, or say why not with a typed temporary or permanent [`SendFailure`]. SMTP (see
//! `smtp`) keeps a few connections open and uses them at once. The default writes one
//! `.eml` file per message, named by its key, so a retry overwrites rather than duplicates.
//! [`Mailer`] is whichever of the two the settings name.

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

/// Why a message did not go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendFailure {
    /// Worth trying again later: a timeout, a dropped connection, a 4xx answer.
    Temporary { message: String },
    /// Not worth retrying (a 5xx answer). `recipient_refused`: the server refused this
    /// recipient's mailbox itself (an enhanced status of X.1.1 no such user, X.1.2 bad
    /// domain, X.1.3 bad address, X.1.6 moved, X.1.10 null MX, or X.2.1 disabled), which is
    /// that recipient's fault, whatever happens to others.
    Permanent {
        message: String,
        recipient_refused: bool,
    },
}

impl SendFailure {
    pub fn temporary(message: impl std::fmt::Display) -> Self {
        Self::Temporary {
            message: message.to_string(),
        }
    }

    /// A permanent failure, told a refused mailbox by its enhanced status code.
    pub fn permanent(message: impl std::fmt::Display) -> Self {
        let message = message.to_string();
        Self::Permanent {
            recipient_refused: refuses_mailbox(&message),
            message,
        }
    }

    pub fn is_permanent(&self) -> bool {
        matches!(self, Self::Permanent { .. })
    }

    pub fn recipient_refused(&self) -> bool {
        matches!(
            self,
            Self::Permanent {
                recipient_refused: true,
                ..
            }
        )
    }

    pub fn message(&self) -> &str {
        match self {
            Self::Temporary { message } | Self::Permanent { message, .. } => message,
        }
    }

    /// The same failure with `context` before its message.
    pub fn during(self, context: &str) -> Self {
        match self {
            Self::Temporary { message } => Self::Temporary {
                message: format!("{context}: {message}"),
            },
            Self::Permanent {
                message,
                recipient_refused,
            } => Self::Permanent {
                message: format!("{context}: {message}"),
                recipient_refused,
            },
        }
    }

    /// The server's answer without the words that name an address, so that the same
    /// answer given to different recipients compares equal.
    pub fn answer(&self) -> String {
        self.message()
            .split_whitespace()
            .filter(|w| !w.contains('@'))
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    }
}

/// Whether an answer's enhanced status code (RFC 3463), the first word after the reply
/// code as lettre renders it ("permanent error (550): 5.1.1 ..."), says the mailbox
/// itself is refused.
fn refuses_mailbox(message: &str) -> bool {
    let text = message.split_once("): ").map_or(message, |(_, t)| t);
    let Some(code) = text.split_whitespace().next() else {
        return false;
    };
    let parts: Vec<&str> = code.split('.').collect();
    matches!(
        parts.as_slice(),
        [c, "1", "1" | "2" | "3" | "6" | "10"] | [c, "2", "1"] if *c == "5" || *c == "4"
    )
}

impl From<lettre::transport::smtp::Error> for SendFailure {
    fn from(e: lettre::transport::smtp::Error) -> Self {
        if e.is_permanent() {
            Self::permanent(e)
        } else {
            Self::temporary(e)
        }
    }
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

#[cfg(test)]
mod tests {
    use super::SendFailure;

    #[test]
    fn a_refused_mailbox_is_told_from_a_refusal_of_everyone() {
        let failure = |text: &str| SendFailure::permanent(format!("permanent error (550): {text}"));
        for mailbox in [
            "5.1.1 <ann@example.org>: no such user",
            "5.1.2 bad destination system",
            "5.2.1 mailbox disabled",
            "5.1.10 null MX",
        ] {
            assert!(failure(mailbox).recipient_refused(), "{mailbox}");
        }
        for server in [
            "5.7.1 relaying denied",
            "5.7.0 authentication required",
            "5.1.0 other address status",
            "no enhanced code at all",
            "",
        ] {
            assert!(!failure(server).recipient_refused(), "{server}");
        }
        assert!(!SendFailure::temporary("4.1.1 later").recipient_refused());
    }

    #[test]
    fn answers_to_different_recipients_compare_equal() {
        let a = SendFailure::permanent("permanent error (550): 5.7.1 <a@x.org> relay DENIED");
        let b = SendFailure::permanent("permanent error (550): 5.7.1 <b@y.org> relay denied");
        let c = SendFailure::permanent("permanent error (554): 5.7.1 policy");
        assert_eq!(a.answer(), b.answer());
        assert_ne!(a.answer(), c.answer());
    }
}
