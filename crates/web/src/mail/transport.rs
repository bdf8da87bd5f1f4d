//! Where messages go, behind one narrow call: `send(key, to, bytes)`. SMTP keeps a few
//! connections open and uses them at once; it opens each TCP connection itself with
//! TCP_NODELAY, because lettre 0.11.23 otherwise stalls ~40 ms per message (Nagle plus
//! delayed ACK). The default writes one `.eml` file per message, named by its key, so a
//! retry overwrites rather than duplicates.

use super::settings::{Destination, MailSettings, SmtpServer, Tls};
use lettre::address::Envelope;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;
use tokio::sync::Semaphore;

const CONNECT_TIMEOUT: Duration = Duration::from_secs(15);
const SEND_TIMEOUT: Duration = Duration::from_secs(60);

/// Why a message did not go: permanent failures (5xx) are not retried.
#[derive(Debug, Clone)]
pub struct SendFailure {
    pub permanent: bool,
    pub message: String,
}

impl SendFailure {
    fn temporary(message: impl std::fmt::Display) -> Self {
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
    Smtp(SmtpPool),
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
            Destination::Smtp(server) => Route::Smtp(SmtpPool {
                server: server.clone(),
                client_id: settings
                    .helo
                    .clone()
                    .map_or_else(ClientId::default, ClientId::Domain),
                permits: Semaphore::new(settings.connections),
                idle: Mutex::new(Vec::new()),
            }),
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

    pub async fn send(&self, key: &str, to: &str, raw: &[u8]) -> Result<(), SendFailure> {
        let permanent = |message: String| SendFailure {
            permanent: true,
            message,
        };
        let from = self.sender.clone().map_err(permanent)?;
        let to = to
            .parse::<lettre::Address>()
            .map_err(|e| permanent(format!("recipient {to:?}: {e}")))?;
        let envelope = Envelope::new(Some(from), vec![to]).map_err(|e| permanent(e.to_string()))?;
        match &self.route {
            Route::Smtp(pool) => pool.send(&envelope, raw).await,
            Route::Folder(dir) => write_file(dir, key, raw)
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

pub struct SmtpPool {
    server: SmtpServer,
    client_id: ClientId,
    permits: Semaphore,
    idle: Mutex<Vec<AsyncSmtpConnection>>,
}

impl SmtpPool {
    async fn connect(&self) -> Result<AsyncSmtpConnection, SendFailure> {
        let s = &self.server;
        let tls = || TlsParameters::new(s.host.clone()).map_err(SendFailure::from);
        let mut conn = if s.tls == Tls::Implicit {
            // lettre opens this socket itself, so implicit TLS keeps its per-message stall;
            // several connections at once hide it.
            AsyncSmtpConnection::connect_tokio1(
                (s.host.as_str(), s.port),
                Some(CONNECT_TIMEOUT),
                &self.client_id,
                Some(tls()?),
                None,
            )
            .await?
        } else {
            let stream = tokio::time::timeout(
                CONNECT_TIMEOUT,
                tokio::net::TcpStream::connect((s.host.as_str(), s.port)),
            )
            .await
            .map_err(|_| SendFailure::temporary("connecting to the SMTP server timed out"))?
            .map_err(|e| SendFailure::temporary(format!("connecting to the SMTP server: {e}")))?;
            stream.set_nodelay(true).map_err(SendFailure::temporary)?;
            let mut conn =
                AsyncSmtpConnection::connect_with_transport(Box::new(stream), &self.client_id)
                    .await?;
            match s.tls {
                Tls::Required => conn.starttls(tls()?, &self.client_id).await?,
                Tls::Opportunistic if conn.can_starttls() => {
                    conn.starttls(tls()?, &self.client_id).await?
                }
                _ => {}
            }
            conn
        };
        if let Some((user, password)) = &s.credentials {
            conn.auth(
                &[Mechanism::Plain, Mechanism::Login],
                &Credentials::new(user.clone(), password.clone()),
            )
            .await?;
        }
        Ok(conn)
    }

    async fn send(&self, envelope: &Envelope, raw: &[u8]) -> Result<(), SendFailure> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(SendFailure::temporary)?;
        let reused = self.idle.lock().expect("pool lock").pop();
        if let Some(conn) = reused {
            match self.send_on(conn, envelope, raw).await {
                // The server may have closed an idle connection: try once on a new one.
                Err(e) if !e.permanent => {}
                done => return done,
            }
        }
        let conn = self.connect().await?;
        self.send_on(conn, envelope, raw).await
    }

    async fn send_on(
        &self,
        mut conn: AsyncSmtpConnection,
        envelope: &Envelope,
        raw: &[u8],
    ) -> Result<(), SendFailure> {
        let sent = tokio::time::timeout(SEND_TIMEOUT, conn.send(envelope, raw))
            .await
            .map_err(|_| SendFailure::temporary("the SMTP server did not answer in time"))?;
        if !conn.has_broken() {
            self.idle.lock().expect("pool lock").push(conn);
        }
        sent.map(|_| ()).map_err(SendFailure::from)
    }
}
