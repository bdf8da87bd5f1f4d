//! The digest benchmark's baseline: a plain SMTP client with no library in between, to
//! measure the real SMTP route against, and the dot-stuffing it sends messages with.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

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
