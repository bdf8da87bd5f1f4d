//! A real SMTP server for tests and the benchmark, on a random local port: it speaks
//! enough of RFC 5321 for lettre and for a plain client (EHLO, MAIL, RCPT, DATA with dot
//! unstuffing, RSET, NOOP, QUIT), over plain TCP, STARTTLS (RFC 3207) or TLS from the first
//! byte (certificates in `tls`), keeps what it receives and whether it came encrypted, and
//! can be told to fail: answer 421 on connect, 451 after DATA, 550 5.7.1 to every DATA (a
//! relay that refuses us), 550 5.1.1 to the recipients it is told do not exist, or go down
//! altogether and come back on the same port.

use crate::tls::ServerTls;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU8, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// One message as the server took it.
#[derive(Debug, Clone)]
pub struct Received {
    /// The name the client gave in EHLO.
    pub helo: String,
    pub mail_from: String,
    pub rcpt_to: Vec<String>,
    pub data: String,
    /// Whether the message came over TLS (implicit, or after STARTTLS).
    pub tls: bool,
}

impl Received {
    /// A header's value (unfolded), by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<String> {
        let head = self.data.split("\r\n\r\n").next().unwrap_or("");
        crate::mime::head_value(head, name)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Mode {
    Accept = 0,
    /// `421` on connect, then close: a server that refuses for now.
    RefuseConnections = 1,
    /// `451` after the data: the message is not taken.
    FailData = 2,
    /// Counts and discards the data (for the benchmark).
    Discard = 3,
    /// `550 5.7.1` to every DATA command: relaying denied, whoever the recipient.
    DenyRelay = 4,
}

/// How the sink speaks TLS.
#[derive(Clone)]
pub enum Security {
    Plain,
    /// Offers STARTTLS in its EHLO answer.
    StartTls(ServerTls),
    /// TLS from the first byte (`smtps://`).
    Implicit(ServerTls),
}

struct Shared {
    mode: AtomicU8,
    security: Security,
    received: Mutex<Vec<Received>>,
    discarded: AtomicU64,
    refused: AtomicU64,
    /// Recipients answered `550 5.1.1` at RCPT, lower-cased.
    unknown: Mutex<std::collections::HashSet<String>>,
    /// Why each TLS handshake that failed did (e.g. the client's alert).
    handshake_failures: Mutex<Vec<String>>,
}

pub struct SmtpSink {
    pub addr: SocketAddr,
    shared: Arc<Shared>,
    acceptor: Mutex<Option<JoinHandle<()>>>,
}

impl SmtpSink {
    pub async fn start(mode: Mode) -> Self {
        Self::start_with(mode, Security::Plain).await
    }

    pub async fn start_with(mode: Mode, security: Security) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("sink binds");
        let addr = listener.local_addr().expect("sink address");
        let shared = Arc::new(Shared {
            mode: AtomicU8::new(mode as u8),
            security,
            received: Mutex::new(Vec::new()),
            discarded: AtomicU64::new(0),
            refused: AtomicU64::new(0),
            unknown: Mutex::new(std::collections::HashSet::new()),
            handshake_failures: Mutex::new(Vec::new()),
        });
        let acceptor = tokio::spawn(accept(listener, Arc::clone(&shared)));
        Self {
            addr,
            shared,
            acceptor: Mutex::new(Some(acceptor)),
        }
    }

    pub fn url(&self) -> String {
        format!("smtp://{}", self.addr)
    }

    pub fn set_mode(&self, mode: Mode) {
        self.shared.mode.store(mode as u8, Ordering::SeqCst);
    }

    /// Stops listening: connections are refused until `up`.
    pub fn down(&self) {
        if let Some(task) = self.acceptor.lock().expect("lock").take() {
            task.abort();
        }
    }

    /// Listens again on the same port.
    pub async fn up(&self) {
        let mut tries = 0;
        let listener = loop {
            match TcpListener::bind(self.addr).await {
                Ok(l) => break l,
                Err(e) if tries < 50 => {
                    tries += 1;
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => panic!("the sink cannot listen again on {}: {e}", self.addr),
            }
        };
        *self.acceptor.lock().expect("lock") =
            Some(tokio::spawn(accept(listener, Arc::clone(&self.shared))));
    }

    pub fn received(&self) -> Vec<Received> {
        self.shared.received.lock().expect("lock").clone()
    }

    /// From now on these recipients do not exist (`550 5.1.1` at RCPT); empty to forget.
    pub fn set_unknown(&self, recipients: &[&str]) {
        *self.shared.unknown.lock().expect("lock") =
            recipients.iter().map(|r| r.to_lowercase()).collect();
    }

    /// Messages answered 451 after their data, or 550 to DATA or RCPT.
    pub fn refused(&self) -> u64 {
        self.shared.refused.load(Ordering::SeqCst)
    }

    /// Why each TLS handshake that failed did, in order.
    pub fn handshake_failures(&self) -> Vec<String> {
        self.shared.handshake_failures.lock().expect("lock").clone()
    }

    pub fn count(&self) -> usize {
        self.shared.received.lock().expect("lock").len()
            + self.shared.discarded.load(Ordering::SeqCst) as usize
    }

    /// Waits until at least `n` messages arrived; panics after `timeout`.
    pub async fn wait_for(&self, n: usize, timeout: Duration) -> Vec<Received> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            if self.count() >= n {
                return self.received();
            }
            if tokio::time::Instant::now() > deadline {
                panic!(
                    "the sink got {} messages in {timeout:?}, expected {n}",
                    self.count()
                );
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.down();
    }
}

async fn accept(listener: TcpListener, shared: Arc<Shared>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let shared = Arc::clone(&shared);
        tokio::spawn(async move {
            let _ = session(stream, shared).await;
        });
    }
}

async fn session(stream: TcpStream, shared: Arc<Shared>) -> std::io::Result<()> {
    stream.set_nodelay(true)?;
    match shared.security.clone() {
        Security::Plain => {
            converse(BufReader::new(stream), &shared, Phase::Plain).await?;
        }
        Security::Implicit(tls) => {
            if let Some(stream) = handshake(&tls, stream, &shared).await {
                converse(BufReader::new(stream), &shared, Phase::Implicit).await?;
            }
        }
        Security::StartTls(tls) => {
            let upgrade = converse(BufReader::new(stream), &shared, Phase::OfferStartTls).await?;
            if let Some(stream) = upgrade
                && let Some(stream) = handshake(&tls, stream, &shared).await
            {
                converse(BufReader::new(stream), &shared, Phase::Upgraded).await?;
            }
        }
    }
    Ok(())
}

async fn handshake<S: AsyncRead + AsyncWrite + Unpin>(
    tls: &ServerTls,
    stream: S,
    shared: &Shared,
) -> Option<tokio_rustls::server::TlsStream<S>> {
    match tls.acceptor.accept(stream).await {
        Ok(stream) => Some(stream),
        Err(e) => {
            let failures = &shared.handshake_failures;
            failures.lock().expect("lock").push(e.to_string());
            None
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Plain,
    /// Plain so far, STARTTLS offered.
    OfferStartTls,
    /// After STARTTLS: no new greeting, the client says EHLO again (RFC 3207 §4.2).
    Upgraded,
    Implicit,
}

/// Writes a reply and flushes it (a TLS stream holds what it was given until flushed).
async fn reply<S: AsyncWrite + Unpin>(io: &mut S, line: &[u8]) -> std::io::Result<()> {
    io.write_all(line).await?;
    io.flush().await
}

/// One SMTP conversation on `io`. Returns the stream when the client asked for STARTTLS
/// and was told to go ahead, for the caller to wrap in TLS and converse again.
async fn converse<S: AsyncRead + AsyncWrite + Unpin>(
    mut io: BufReader<S>,
    shared: &Shared,
    phase: Phase,
) -> std::io::Result<Option<S>> {
    let tls = matches!(phase, Phase::Upgraded | Phase::Implicit);
    if phase != Phase::Upgraded {
        if shared.mode.load(Ordering::SeqCst) == Mode::RefuseConnections as u8 {
            reply(&mut io, b"421 sink busy, try later\r\n").await?;
            return Ok(None);
        }
        reply(&mut io, b"220 sink ESMTP ready\r\n").await?;
    }
    let mut helo = String::new();
    let mut mail_from = String::new();
    let mut rcpt_to = Vec::new();
    let mut line = Vec::new();
    loop {
        line.clear();
        if io.read_until(b'\n', &mut line).await? == 0 {
            return Ok(None);
        }
        let text = String::from_utf8_lossy(&line);
        let command = text.trim_end();
        let verb = command
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_uppercase();
        let rest = command.get(verb.len()..).unwrap_or("").trim();
        match verb.as_str() {
            "EHLO" | "HELO" => {
                helo = rest.to_owned();
                let starttls: &[u8] = if phase == Phase::OfferStartTls {
                    b"250-STARTTLS\r\n"
                } else {
                    b""
                };
                let answer = [
                    &b"250-sink greets you\r\n"[..],
                    starttls,
                    b"250-8BITMIME\r\n250 SMTPUTF8\r\n",
                ]
                .concat();
                reply(&mut io, &answer).await?;
            }
            "STARTTLS" if phase == Phase::OfferStartTls => {
                // Anything the client sent after STARTTLS would be read as if it came
                // over TLS (the command-injection flaw of RFC 3207 servers): refuse it.
                if !io.buffer().is_empty() {
                    reply(&mut io, b"501 nothing may follow STARTTLS\r\n").await?;
                    return Ok(None);
                }
                reply(&mut io, b"220 go ahead\r\n").await?;
                return Ok(Some(io.into_inner()));
            }
            "MAIL" => {
                mail_from = rest.trim_start_matches("FROM:").trim().to_owned();
                rcpt_to.clear();
                reply(&mut io, b"250 OK\r\n").await?;
            }
            "RCPT" => {
                let to = rest.trim_start_matches("TO:").trim().to_owned();
                let bare = to
                    .trim_start_matches('<')
                    .trim_end_matches('>')
                    .to_lowercase();
                if shared.unknown.lock().expect("lock").contains(&bare) {
                    shared.refused.fetch_add(1, Ordering::SeqCst);
                    let answer = format!("550 5.1.1 <{bare}>: no such user here\r\n");
                    reply(&mut io, answer.as_bytes()).await?;
                    continue;
                }
                rcpt_to.push(to);
                reply(&mut io, b"250 OK\r\n").await?;
            }
            "DATA" if shared.mode.load(Ordering::SeqCst) == Mode::DenyRelay as u8 => {
                shared.refused.fetch_add(1, Ordering::SeqCst);
                reply(&mut io, b"550 5.7.1 relaying denied for this client\r\n").await?;
            }
            "DATA" => {
                reply(&mut io, b"354 end with <CRLF>.<CRLF>\r\n").await?;
                let mut data = Vec::new();
                loop {
                    line.clear();
                    if io.read_until(b'\n', &mut line).await? == 0 {
                        return Ok(None);
                    }
                    if line == b".\r\n" || line == b".\n" {
                        break;
                    }
                    let unstuffed = if line.starts_with(b"..") {
                        &line[1..]
                    } else {
                        &line[..]
                    };
                    data.extend_from_slice(unstuffed);
                }
                match shared.mode.load(Ordering::SeqCst) {
                    m if m == Mode::FailData as u8 => {
                        shared.refused.fetch_add(1, Ordering::SeqCst);
                        reply(&mut io, b"451 try again later\r\n").await?;
                    }
                    m if m == Mode::Discard as u8 => {
                        shared.discarded.fetch_add(1, Ordering::SeqCst);
                        reply(&mut io, b"250 OK queued\r\n").await?;
                    }
                    _ => {
                        shared.received.lock().expect("lock").push(Received {
                            helo: helo.clone(),
                            mail_from: mail_from.clone(),
                            rcpt_to: rcpt_to.clone(),
                            data: String::from_utf8_lossy(&data).into_owned(),
                            tls,
                        });
                        reply(&mut io, b"250 OK queued\r\n").await?;
                    }
                }
            }
            "RSET" => {
                mail_from.clear();
                rcpt_to.clear();
                reply(&mut io, b"250 OK\r\n").await?;
            }
            "NOOP" => reply(&mut io, b"250 OK\r\n").await?,
            "QUIT" => {
                reply(&mut io, b"221 bye\r\n").await?;
                return Ok(None);
            }
            _ => reply(&mut io, b"502 not implemented\r\n").await?,
        }
    }
}
