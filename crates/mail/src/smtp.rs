//! The SMTP route: a few lettre connections kept open and used at once, and one mail
//! transaction per message. The TCP connections are opened here with TCP_NODELAY, because
//! lettre 0.11.23 otherwise stalls ~40 ms per message (Nagle plus delayed ACK). The data
//! section goes through lettre's `command` already dot-stuffed, with its terminator, in one
//! write: lettre's own `message` stuffs byte by byte and writes twice (its stuffing alone was
//! 7% of all CPU while the digest benchmark delivered).

use super::failure::SendFailure;
use super::settings::{SmtpServer, Tls};
use super::trust::{self, CaFile};
use lettre::Address;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, TlsParameters};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt};
use lettre::transport::smtp::extension::{ClientId, Extension, MailBodyParameter, MailParameter};
use std::fmt;
use std::sync::Mutex;
use std::time::Duration;
use tokio::sync::Semaphore;

const CONNECT_TIMEOUT: Duration = Duration::from_secs(15);
const SEND_TIMEOUT: Duration = Duration::from_secs(60);
const QUIT_TIMEOUT: Duration = Duration::from_secs(5);

pub struct SmtpPool {
    server: SmtpServer,
    client_id: ClientId,
    /// Built once (the roots parsed once), cloned per connection; None for plain SMTP.
    tls: Option<Result<TlsParameters, SendFailure>>,
    ca: Option<CaFile>,
    permits: Semaphore,
    idle: Mutex<Vec<AsyncSmtpConnection>>,
}

impl SmtpPool {
    pub fn new(
        server: SmtpServer,
        helo: Option<String>,
        connections: usize,
        ca: Option<&CaFile>,
    ) -> Self {
        let tls = (server.tls != Tls::None).then(|| {
            trust::parameters(&server.host, ca).map_err(|e| trust::failure(e, ca, "TLS setup"))
        });
        Self {
            server,
            client_id: helo.map_or_else(ClientId::default, ClientId::Domain),
            tls,
            ca: ca.cloned(),
            permits: Semaphore::new(connections),
            idle: Mutex::new(Vec::new()),
        }
    }

    fn tls(&self) -> Result<TlsParameters, SendFailure> {
        match &self.tls {
            Some(params) => params.clone(),
            None => Err(SendFailure::temporary("TLS is not configured")),
        }
    }

    async fn connect(&self) -> Result<AsyncSmtpConnection, SendFailure> {
        let s = &self.server;
        let mut conn = if s.tls == Tls::Implicit {
            // lettre opens this socket itself, so implicit TLS keeps its per-message stall;
            // several connections at once hide it.
            AsyncSmtpConnection::connect_tokio1(
                (s.host.as_str(), s.port),
                Some(CONNECT_TIMEOUT),
                &self.client_id,
                Some(self.tls()?),
                None,
            )
            .await
            .map_err(|e| trust::failure(e, self.ca.as_ref(), "connecting with TLS"))?
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
            let upgrade = match s.tls {
                Tls::Required if !conn.can_starttls() => {
                    let _ = tokio::time::timeout(QUIT_TIMEOUT, conn.quit()).await;
                    return Err(SendFailure::temporary(
                        "the SMTP server does not offer STARTTLS, which tls=required needs; \
                         nothing was sent",
                    ));
                }
                Tls::Required => true,
                Tls::Opportunistic => conn.can_starttls(),
                _ => false,
            };
            if upgrade {
                conn.starttls(self.tls()?, &self.client_id)
                    .await
                    .map_err(|e| trust::failure(e, self.ca.as_ref(), "STARTTLS"))?;
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

    pub async fn send(&self, from: &Address, to: &Address, raw: &str) -> Result<(), SendFailure> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(SendFailure::temporary)?;
        let reused = self.idle.lock().expect("pool lock").pop();
        if let Some(conn) = reused {
            let mut data_started = false;
            match self.send_on(conn, from, to, raw, &mut data_started).await {
                // The server may have closed an idle connection: try once on a new one, but
                // never once the message may have reached it, which would send it twice.
                Err(e) if !e.is_permanent() && !data_started => {}
                done => return done,
            }
        }
        let conn = self.connect().await?;
        self.send_on(conn, from, to, raw, &mut false).await
    }

    /// One mail transaction; the connection goes back to the pool only if it succeeded,
    /// so a connection in an unknown state is never reused.
    async fn send_on(
        &self,
        mut conn: AsyncSmtpConnection,
        from: &Address,
        to: &Address,
        raw: &str,
        data_started: &mut bool,
    ) -> Result<(), SendFailure> {
        let transaction = transact(&mut conn, from, to, raw, data_started);
        let sent = tokio::time::timeout(SEND_TIMEOUT, transaction)
            .await
            .map_err(|_| SendFailure::temporary("the SMTP server did not answer in time"))?;
        match sent {
            Ok(()) => {
                self.idle.lock().expect("pool lock").push(conn);
                Ok(())
            }
            Err(e) => {
                // Says QUIT if it can; a server that stopped answering is simply dropped.
                let _ = tokio::time::timeout(QUIT_TIMEOUT, conn.abort()).await;
                Err(e)
            }
        }
    }
}

/// MAIL, RCPT, DATA and the data section, as lettre's `send` does, with the same
/// SMTPUTF8 and 8BITMIME checks. `data_started` is set before the message goes out.
async fn transact(
    conn: &mut AsyncSmtpConnection,
    from: &Address,
    to: &Address,
    raw: &str,
    data_started: &mut bool,
) -> Result<(), SendFailure> {
    let info = conn.server_info();
    let mut options = Vec::new();
    if !AsRef::<str>::as_ref(from).is_ascii() || !AsRef::<str>::as_ref(to).is_ascii() {
        if !info.supports_feature(Extension::SmtpUtfEight) {
            return Err(SendFailure::temporary(
                "the SMTP server does not support SMTPUTF8, which these addresses need",
            ));
        }
        options.push(MailParameter::SmtpUtfEight);
    }
    if !raw.is_ascii() {
        if !info.supports_feature(Extension::EightBitMime) {
            return Err(SendFailure::temporary(
                "the SMTP server does not support 8BITMIME, which this message needs",
            ));
        }
        options.push(MailParameter::Body(MailBodyParameter::EightBitMime));
    }
    conn.command(Mail::new(Some(from.clone()), options)).await?;
    conn.command(Rcpt::new(to.clone(), Vec::new())).await?;
    conn.command(Data).await?;
    *data_started = true;
    conn.command(DataSection(raw)).await?;
    Ok(())
}

/// A message's data section as it goes on the wire (RFC 5321 §4.5.2): a dot that begins a
/// line is doubled, and the section ends with CRLF "." CRLF.
struct DataSection<'a>(&'a str);

impl fmt::Display for DataSection<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let raw = self.0;
        if raw.starts_with('.') {
            f.write_str(".")?;
        }
        let mut written = 0;
        for at in memchr::memmem::find_iter(raw.as_bytes(), "\r\n.") {
            f.write_str(&raw[written..at + 3])?;
            f.write_str(".")?;
            written = at + 3;
        }
        f.write_str(&raw[written..])?;
        f.write_str("\r\n.\r\n")
    }
}

#[cfg(test)]
mod tests {
    use super::DataSection;

    #[test]
    fn dots_that_begin_lines_are_doubled_and_the_section_is_terminated() {
        let cases = [
            ("plain\r\ntext", "plain\r\ntext\r\n.\r\n"),
            (".first", "..first\r\n.\r\n"),
            ("a\r\n.b\r\n..c", "a\r\n..b\r\n...c\r\n.\r\n"),
            ("a.\r\nb.c\n.d", "a.\r\nb.c\n.d\r\n.\r\n"),
            ("end\r\n.", "end\r\n..\r\n.\r\n"),
            ("", "\r\n.\r\n"),
        ];
        for (raw, wire) in cases {
            assert_eq!(DataSection(raw).to_string(), wire, "for {raw:?}");
        }
    }
}
