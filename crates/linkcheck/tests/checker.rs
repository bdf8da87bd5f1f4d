//! The checker against a small HTTP server this test starts on loopback: each kind of
//! answer is classified as it should be, and private addresses and file: URLs are refused
//! without a connection being made. Nothing here reaches beyond 127.0.0.1.

use domain::link_health::{LinkHealth, LinkOutcome, LinkRecord};
use pledgewatch_linkcheck::{Checker, Policy};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A loopback server answering by path; counts connections and remembers User-Agents.
struct Site {
    addr: SocketAddr,
    connections: Arc<AtomicUsize>,
    agents: Arc<std::sync::Mutex<Vec<String>>>,
}

impl Site {
    async fn start() -> Site {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let connections = Arc::new(AtomicUsize::new(0));
        let agents = Arc::new(std::sync::Mutex::new(Vec::new()));
        let changes = Arc::new(AtomicUsize::new(0));
        let (count, seen) = (connections.clone(), agents.clone());
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                count.fetch_add(1, Ordering::SeqCst);
                let (seen, changes) = (seen.clone(), changes.clone());
                tokio::spawn(async move { serve(stream, seen, changes).await });
            }
        });
        Site {
            addr,
            connections,
            agents,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

async fn serve(
    mut stream: TcpStream,
    agents: Arc<std::sync::Mutex<Vec<String>>>,
    changes: Arc<AtomicUsize>,
) {
    let mut request = Vec::new();
    let mut buf = [0u8; 1024];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return,
            Ok(n) => request.extend_from_slice(&buf[..n]),
        }
    }
    let text = String::from_utf8_lossy(&request).into_owned();
    let path = text.split(' ').nth(1).unwrap_or("/").to_owned();
    if let Some(agent) = text.lines().find_map(|l| {
        l.strip_prefix("user-agent: ")
            .or(l.strip_prefix("User-Agent: "))
    }) {
        agents.lock().unwrap().push(agent.to_owned());
    }
    let (status, extra, body) = match path.as_str() {
        "/ok" => (
            "200 OK",
            String::new(),
            "the pledge, as announced".to_owned(),
        ),
        "/moved" => (
            "301 Moved Permanently",
            "Location: /missing\r\n".to_owned(),
            String::new(),
        ),
        "/missing" => ("404 Not Found", String::new(), "no such page".to_owned()),
        "/gone" => ("410 Gone", String::new(), String::new()),
        "/loop" => ("302 Found", "Location: /loop\r\n".to_owned(), String::new()),
        "/to-file" => (
            "302 Found",
            "Location: file:///etc/passwd\r\n".to_owned(),
            String::new(),
        ),
        "/slow" => {
            tokio::time::sleep(Duration::from_secs(5)).await;
            ("200 OK", String::new(), "late".to_owned())
        }
        "/reset" => {
            // SO_LINGER 0: closing sends a reset rather than a clean end.
            let _ = stream.set_zero_linger();
            drop(stream);
            return;
        }
        "/changing" => {
            let n = changes.fetch_add(1, Ordering::SeqCst);
            ("200 OK", String::new(), format!("version {n}"))
        }
        _ => ("500 Internal Server Error", String::new(), String::new()),
    };
    let answer = format!(
        "HTTP/1.1 {status}\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.write_all(answer.as_bytes()).await;
    let _ = stream.shutdown().await;
}

fn policy(allow_private: bool) -> Policy {
    Policy {
        timeout: Duration::from_millis(700),
        per_host_interval: Duration::from_millis(10),
        allow_private,
        ..Policy::new("pledgewatch/0.1.0 (+https://tracker.example.org)".into())
    }
}

#[tokio::test]
async fn each_answer_is_classified() {
    let site = Site::start().await;
    let checker = Checker::new(policy(true)).unwrap();

    let ok = checker.check(&site.url("/ok")).await;
    assert_eq!(ok.outcome, LinkOutcome::Ok);
    assert_eq!(ok.http_status, Some(200));
    assert_eq!(ok.final_url, None);
    assert_eq!(ok.content_hash.as_ref().map(String::len), Some(64));

    let moved = checker.check(&site.url("/moved")).await;
    assert_eq!(moved.outcome, LinkOutcome::Gone);
    assert_eq!(moved.http_status, Some(404));
    assert_eq!(moved.final_url, Some(site.url("/missing")));
    assert_eq!(moved.content_hash, None);

    let gone = checker.check(&site.url("/gone")).await;
    assert_eq!(
        (gone.outcome, gone.http_status),
        (LinkOutcome::Gone, Some(410))
    );

    let started = std::time::Instant::now();
    let slow = checker.check(&site.url("/slow")).await;
    assert_eq!(slow.outcome, LinkOutcome::Timeout, "{:?}", slow.detail);
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "the timeout held"
    );

    let reset = checker.check(&site.url("/reset")).await;
    assert_eq!(
        reset.outcome,
        LinkOutcome::Unreachable,
        "{:?}",
        reset.detail
    );
    assert_eq!(reset.http_status, None);

    let looping = checker.check(&site.url("/loop")).await;
    assert_eq!(looping.outcome, LinkOutcome::TooManyRedirects);

    // Redirected to file: is refused even where private addresses are allowed.
    let to_file = checker.check(&site.url("/to-file")).await;
    assert_eq!(
        to_file.outcome,
        LinkOutcome::Refused,
        "{:?}",
        to_file.detail
    );

    let server_error = checker.check(&site.url("/other")).await;
    assert_eq!(
        (server_error.outcome, server_error.http_status),
        (LinkOutcome::HttpError, Some(500))
    );

    // The same page twice, with other content the second time: changed since cited.
    let first = LinkRecord::after(None, checker.check(&site.url("/changing")).await);
    assert_eq!(first.health(), LinkHealth::Live);
    let second = LinkRecord::after(Some(&first), checker.check(&site.url("/changing")).await);
    assert_eq!(second.latest.outcome, LinkOutcome::Ok);
    assert_ne!(second.latest.content_hash, first.latest.content_hash);
    assert_eq!(second.health(), LinkHealth::Changed);
    // Unchanged content stays live.
    let again = checker.check(&site.url("/ok")).await;
    assert_eq!(again.content_hash, ok.content_hash);

    let agents = site.agents.lock().unwrap().clone();
    assert!(!agents.is_empty());
    assert!(
        agents
            .iter()
            .all(|a| a == "pledgewatch/0.1.0 (+https://tracker.example.org)"),
        "{agents:?}"
    );
}

#[tokio::test]
async fn repeated_timeouts_make_an_address_gone() {
    let site = Site::start().await;
    let checker = Checker::new(policy(true)).unwrap();
    let mut record = LinkRecord::after(None, checker.check(&site.url("/slow")).await);
    assert_eq!(record.health(), LinkHealth::Failing);
    for _ in 1..domain::link_health::REPEATED_TIMEOUTS {
        record = LinkRecord::after(Some(&record), checker.check(&site.url("/slow")).await);
    }
    assert_eq!(record.latest.outcome, LinkOutcome::Timeout);
    assert_eq!(record.health(), LinkHealth::Gone);
}

#[tokio::test]
async fn check_all_checks_each_address_once_and_keeps_to_the_host_pace() {
    let site = Site::start().await;
    let checker = Checker::new(Policy {
        per_host_interval: Duration::from_millis(200),
        ..policy(true)
    })
    .unwrap();
    let urls = vec![
        site.url("/ok"),
        site.url("/gone"),
        site.url("/ok"),
        site.url("/missing"),
    ];
    let started = std::time::Instant::now();
    let mut results = checker.check_all(urls).await;
    results.sort_by(|a, b| a.url.cmp(&b.url));
    // Three distinct addresses on one host: two pauses between them.
    assert!(started.elapsed() >= Duration::from_millis(400));
    assert_eq!(results.len(), 3);
    assert_eq!(site.connections.load(Ordering::SeqCst), 3);
    let outcomes: Vec<_> = results.iter().map(|r| r.outcome).collect();
    assert_eq!(
        outcomes,
        [LinkOutcome::Gone, LinkOutcome::Gone, LinkOutcome::Ok]
    );
}

#[tokio::test]
async fn private_addresses_and_file_urls_are_refused_unless_allowed() {
    let site = Site::start().await;
    let strict = Checker::new(policy(false)).unwrap();
    let port = site.addr.port();
    for url in [
        site.url("/ok"),
        format!("http://localhost:{port}/ok"),
        format!("http://[::ffff:127.0.0.1]:{port}/ok"),
        "http://10.0.0.1/".to_owned(),
        "http://169.254.169.254/latest/meta-data/".to_owned(),
        "file:///etc/passwd".to_owned(),
        "ftp://127.0.0.1/".to_owned(),
    ] {
        let result = strict.check(&url).await;
        assert_eq!(result.outcome, LinkOutcome::Refused, "{url}: {result:?}");
        assert_eq!(result.http_status, None);
    }
    assert_eq!(
        site.connections.load(Ordering::SeqCst),
        0,
        "nothing was fetched"
    );
    // The same checker configured to allow private addresses reaches the site; file:
    // stays refused.
    let open = Checker::new(policy(true)).unwrap();
    assert_eq!(open.check(&site.url("/ok")).await.outcome, LinkOutcome::Ok);
    assert_eq!(
        open.check("file:///etc/passwd").await.outcome,
        LinkOutcome::Refused
    );
    assert_eq!(site.connections.load(Ordering::SeqCst), 1);
}
