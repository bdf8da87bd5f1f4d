//! The `pledgewatch` binary as a person runs it: from an empty folder, with no settings,
//! it creates, migrates and seeds an SQLite file there and serves it.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_pledgewatch");

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn http_get(port: u16, path: &str) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut raw = String::new();
    stream.read_to_string(&mut raw).ok()?;
    let status = raw.split_whitespace().nth(1)?.parse().ok()?;
    let body = raw
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    Some((status, body))
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        self.0.kill().ok();
        self.0.wait().ok();
    }
}

#[test]
fn serves_a_seeded_sqlite_file_from_an_empty_folder() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let server = Server(
        Command::new(BIN)
            .current_dir(dir.path())
            .env_remove("DATABASE_URL")
            .env("PLEDGEWATCH_BIND", format!("127.0.0.1:{port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let deadline = Instant::now() + Duration::from_secs(60);
    let health = loop {
        if let Some(answer) = http_get(port, "/healthz") {
            break answer;
        }
        assert!(
            Instant::now() < deadline,
            "no answer on /healthz within 60 s"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_eq!(health.0, 200);
    assert!(health.1.contains("\"ok\""));
    let (status, home) = http_get(port, "/").unwrap();
    assert_eq!(status, 200);
    assert!(
        home.contains("Frontier AI Safety Commitments: companies to publish safety frameworks")
    );
    drop(server);
    assert!(
        dir.path().join("pledgewatch.db").exists(),
        "the database lives in the working directory"
    );

    // Seeding again adds nothing.
    let out = Command::new(BIN)
        .current_dir(dir.path())
        .env_remove("DATABASE_URL")
        .arg("seed")
        .output()
        .unwrap();
    assert!(out.status.success());
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains(
            "0 sources, 0 events, 0 actors, 0 pledges, 0 follow-ups, 0 exchange rates added; 0 records corrected"
        ),
        "{said}"
    );
}

#[test]
fn a_bad_setting_is_refused_with_its_name() {
    let out = Command::new(BIN)
        .env("PLEDGEWATCH_BIND", "not an address")
        .arg("migrate")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("PLEDGEWATCH_BIND"));
}

#[test]
fn an_unreachable_database_is_named_within_seconds_without_its_password() {
    // Nothing listens on this port: the start must say where it looked, and soon.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let started = std::time::Instant::now();
    let out = Command::new(BIN)
        .env(
            "DATABASE_URL",
            format!("postgres://postgres:s3cret@127.0.0.1:{port}/pledgewatch"),
        )
        .env("PLEDGEWATCH_DB_TIMEOUT_SECS", "2")
        .arg("serve")
        .output()
        .unwrap();
    let took = started.elapsed();
    let said = String::from_utf8_lossy(&out.stderr);
    eprintln!("nothing listening: start refused in {took:?}");
    assert!(!out.status.success());
    assert!(
        said.contains(&format!(
            "cannot reach the database at 127.0.0.1:{port}/pledgewatch within 2 s"
        )),
        "{said}"
    );
    assert!(!said.contains("s3cret"), "the password stays out: {said}");
    assert!(
        took < std::time::Duration::from_secs(8),
        "gave up after {took:?}"
    );
}

#[test]
fn an_sqlite_file_that_cannot_be_opened_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("no-such-folder").join("tracker.db");
    let started = std::time::Instant::now();
    let out = Command::new(BIN)
        .env(
            "DATABASE_URL",
            format!("sqlite://{}?mode=rwc", file.display()),
        )
        .arg("serve")
        .output()
        .unwrap();
    let took = started.elapsed();
    let said = String::from_utf8_lossy(&out.stderr);
    eprintln!("unopenable file: start refused in {took:?}");
    assert!(!out.status.success());
    assert!(
        said.contains(&format!(
            "cannot open the SQLite database {}",
            file.display()
        )),
        "{said}"
    );
    assert!(
        took < std::time::Duration::from_secs(8),
        "gave up after {took:?}"
    );
}
