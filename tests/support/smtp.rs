//! A real SMTP server for tests and the benchmark, on a random local port: it speaks
//! enough of RFC 5321 for lettre and for a plain client (EHLO, MAIL, RCPT, DATA with dot
//! unstuffing, RSET, NOOP, QUIT), keeps what it receives, and can be told to fail: answer
//! 421 on connect, 451 after DATA, 550 5.7.1 to every DATA (a relay that refuses us),
//! 550 5.1.1 to the recipients it is told do not exist, or go down altogether and come
//! back on the same port.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU8, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
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

struct Shared {
    mode: AtomicU8,
    received: Mutex<Vec<Received>>,
    discarded: AtomicU64,
    refused: AtomicU64,
    /// Recipients answered `550 5.1.1` at RCPT, lower-cased.
    unknown: Mutex<std::collections::HashSet<String>>,
}

pub struct SmtpSink {
    pub addr: SocketAddr,
    shared: Arc<Shared>,
    acceptor: Mutex<Option<JoinHandle<()>>>,
}

impl SmtpSink {
    pub async fn start(mode: Mode) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("sink binds");
        let addr = listener.local_addr().expect("sink address");
        let shared = Arc::new(Shared {
            mode: AtomicU8::new(mode as u8),
            received: Mutex::new(Vec::new()),
            discarded: AtomicU64::new(0),
            refused: AtomicU64::new(0),
            unknown: Mutex::new(std::collections::HashSet::new()),
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
    let (read, mut write) = stream.into_split();
    let mut reader = BufReader::new(read);
    if shared.mode.load(Ordering::SeqCst) == Mode::RefuseConnections as u8 {
        write.write_all(b"421 sink busy, try later\r\n").await?;
        return Ok(());
    }
    write.write_all(b"220 sink ESMTP ready\r\n").await?;
    let mut helo = String::new();
    let mut mail_from = String::new();
    let mut rcpt_to = Vec::new();
    let mut line = Vec::new();
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line).await? == 0 {
            return Ok(());
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
                write
                    .write_all(b"250-sink greets you\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")
                    .await?;
            }
            "MAIL" => {
                mail_from = rest.trim_start_matches("FROM:").trim().to_owned();
                rcpt_to.clear();
                write.write_all(b"250 OK\r\n").await?;
            }
            "RCPT" => {
                let to = rest.trim_start_matches("TO:").trim().to_owned();
                let bare = to
                    .trim_start_matches('<')
                    .trim_end_matches('>')
                    .to_lowercase();
                if shared.unknown.lock().expect("lock").contains(&bare) {
                    shared.refused.fetch_add(1, Ordering::SeqCst);
                    let reply = format!("550 5.1.1 <{bare}>: no such user here\r\n");
                    write.write_all(reply.as_bytes()).await?;
                    continue;
                }
                rcpt_to.push(to);
                write.write_all(b"250 OK\r\n").await?;
            }
            "DATA" if shared.mode.load(Ordering::SeqCst) == Mode::DenyRelay as u8 => {
                shared.refused.fetch_add(1, Ordering::SeqCst);
                write
                    .write_all(b"550 5.7.1 relaying denied for this client\r\n")
                    .await?;
            }
            "DATA" => {
                write.write_all(b"354 end with <CRLF>.<CRLF>\r\n").await?;
                let mut data = Vec::new();
                loop {
                    line.clear();
                    if reader.read_until(b'\n', &mut line).await? == 0 {
                        return Ok(());
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
                        write.write_all(b"451 try again later\r\n").await?;
                    }
                    m if m == Mode::Discard as u8 => {
                        shared.discarded.fetch_add(1, Ordering::SeqCst);
                        write.write_all(b"250 OK queued\r\n").await?;
                    }
                    _ => {
                        shared.received.lock().expect("lock").push(Received {
                            helo: helo.clone(),
                            mail_from: mail_from.clone(),
                            rcpt_to: rcpt_to.clone(),
                            data: String::from_utf8_lossy(&data).into_owned(),
                        });
                        write.write_all(b"250 OK queued\r\n").await?;
                    }
                }
            }
            "RSET" => {
                mail_from.clear();
                rcpt_to.clear();
                write.write_all(b"250 OK\r\n").await?;
            }
            "NOOP" => write.write_all(b"250 OK\r\n").await?,
            "QUIT" => {
                write.write_all(b"221 bye\r\n").await?;
                return Ok(());
            }
            _ => write.write_all(b"502 not implemented\r\n").await?,
        }
    }
}

/// The baseline for the benchmark: a plain SMTP client, one message after another on
/// each of `connections` connections with TCP_NODELAY, no library in between. Sends
/// `total` messages, going round `messages` (already dot-stuffed) as often as needed.
pub async fn plain_send(
    addr: SocketAddr,
    messages: Arc<Vec<Vec<u8>>>,
    total: usize,
    connections: usize,
) {
    let next = Arc::new(AtomicU64::new(0));
    let mut tasks = Vec::new();
    for _ in 0..connections {
        let messages = Arc::clone(&messages);
        let next = Arc::clone(&next);
        tasks.push(tokio::spawn(async move {
            let stream = TcpStream::connect(addr).await.expect("connect");
            stream.set_nodelay(true).expect("nodelay");
            let (read, mut write) = stream.into_split();
            let mut reader = BufReader::new(read);
            let mut reply = String::new();
            let mut expect = async |reader: &mut BufReader<_>, code: &str| {
                loop {
                    reply.clear();
                    reader.read_line(&mut reply).await.expect("reply");
                    assert!(reply.starts_with(code), "expected {code}, got {reply}");
                    if reply.as_bytes().get(3) != Some(&b'-') {
                        break;
                    }
                }
            };
            expect(&mut reader, "220").await;
            write.write_all(b"EHLO plain\r\n").await.expect("write");
            expect(&mut reader, "250").await;
            loop {
                let i = next.fetch_add(1, Ordering::SeqCst) as usize;
                if i >= total || messages.is_empty() {
                    break;
                }
                let m = &messages[i % messages.len()];
                write
                    .write_all(b"MAIL FROM:<bench@localhost>\r\n")
                    .await
                    .expect("write");
                expect(&mut reader, "250").await;
                write
                    .write_all(b"RCPT TO:<reader@example.org>\r\n")
                    .await
                    .expect("write");
                expect(&mut reader, "250").await;
                write.write_all(b"DATA\r\n").await.expect("write");
                expect(&mut reader, "354").await;
                write.write_all(m).await.expect("write");
                write.write_all(b"\r\n.\r\n").await.expect("write");
                expect(&mut reader, "250").await;
            }
            write.write_all(b"QUIT\r\n").await.ok();
            expect(&mut reader, "221").await;
        }));
    }
    for t in tasks {
        t.await.expect("plain client");
    }
}

/// A message as it goes inside DATA: lines that start with a dot get another (RFC 5321
/// §4.5.2).
pub fn dot_stuff(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len() + 16);
    let mut line_start = true;
    for &b in raw {
        if line_start && b == b'.' {
            out.push(b'.');
        }
        out.push(b);
        line_start = b == b'\n';
    }
    out
}
