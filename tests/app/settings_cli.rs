//! The command line's own contract: `pledgewatch healthcheck` against a live server, a
//! dead port, a silent one and a failing one; `*_FILE` secrets and their mistakes named
//! without the secret; and every setting of the README listed by `serve --help`, a flag
//! winning over its variable.

use crate::deployment::{healthcheck, repo_file};
use crate::storage_faults::free_port;
use pledgewatch_tests::{Backend, TestApp};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::process::Command;

#[tokio::test]
async fn healthcheck_exits_0_for_a_live_server_and_1_otherwise() {
    let app = TestApp::spawn(Backend::Sqlite).await.expect("sqlite");
    // As in the container: bound to all interfaces, probed on the loopback address.
    let bind = format!("0.0.0.0:{}", app.address.port());
    for args in [&[][..], &["--ready"][..]] {
        let (code, text, took) = healthcheck(&bind, args).await;
        eprintln!(
            "live server {args:?}: exit {code} in {:.3} s: {text}",
            took.as_secs_f64()
        );
        assert_eq!(code, 0, "{text}");
        assert!(text.contains(" 200 "), "{text}");
    }
    // A flag wins over its environment variable.
    let dead = format!("127.0.0.1:{}", free_port());
    let (code, text, _) = healthcheck(&dead, &["--bind", &bind]).await;
    assert_eq!(code, 0, "--bind was used: {text}");
    app.stop().await;

    // Nobody listening.
    let dead = format!("127.0.0.1:{}", free_port());
    let (code, text, took) = healthcheck(&dead, &[]).await;
    eprintln!(
        "dead port: exit {code} in {:.3} s: {text}",
        took.as_secs_f64()
    );
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("cannot connect"), "{text}");

    // A server that accepts and never answers, and one that answers 503.
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let silent_addr = silent.local_addr().unwrap().to_string();
    tokio::spawn(async move {
        let mut held = vec![];
        while let Ok((s, _)) = silent.accept().await {
            held.push(s);
        }
    });
    let (code, text, took) = healthcheck(&silent_addr, &["--timeout-secs", "1"]).await;
    eprintln!(
        "silent server: exit {code} in {:.3} s: {text}",
        took.as_secs_f64()
    );
    assert_eq!(code, 1, "{text}");
    assert!(took < Duration::from_secs(10), "gave up in time");
    assert!(text.contains("no answer"), "{text}");

    let failing = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let failing_addr = failing.local_addr().unwrap().to_string();
    tokio::spawn(async move {
        while let Ok((mut s, _)) = failing.accept().await {
            let mut buf = [0u8; 1024];
            let _ = s.read(&mut buf).await;
            let body = r#"{"database":"unavailable"}"#;
            let _ = s
                .write_all(
                    format!(
                        "HTTP/1.1 503 Service Unavailable\r\ncontent-length: {}\r\n\r\n{body}",
                        body.len()
                    )
                    .as_bytes(),
                )
                .await;
        }
    });
    let (code, text, took) = healthcheck(&failing_addr, &["--ready"]).await;
    eprintln!(
        "503 server: exit {code} in {:.3} s: {text}",
        took.as_secs_f64()
    );
    assert_eq!(code, 1, "{text}");
    assert!(
        text.contains("503") && text.contains("unavailable"),
        "{text}"
    );
}

#[tokio::test]
async fn secret_files_are_read_and_their_mistakes_named() {
    let dir = tempfile::tempdir().unwrap();
    let run = |env: Vec<(&'static str, String)>| async move {
        let out = Command::new(crate::CLI)
            .arg("migrate")
            .env_remove("DATABASE_URL")
            .envs(env)
            .output()
            .await
            .unwrap();
        (
            out.status.success(),
            format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ),
        )
    };
    let db = dir.path().join("from-file.db");
    let secret = dir.path().join("url");
    std::fs::write(&secret, format!("sqlite://{}?mode=rwc\n", db.display())).unwrap();
    let (ok, text) = run(vec![("DATABASE_URL_FILE", secret.display().to_string())]).await;
    assert!(ok, "{text}");
    assert!(db.exists(), "the URL in the file was used");

    let (ok, text) = run(vec![
        ("DATABASE_URL_FILE", secret.display().to_string()),
        ("DATABASE_URL", "sqlite://other.db".to_owned()),
    ])
    .await;
    assert!(
        !ok && text.contains("DATABASE_URL and DATABASE_URL_FILE"),
        "{text}"
    );

    let (ok, text) = run(vec![("DATABASE_URL_FILE", "/nonexistent/url".to_owned())]).await;
    assert!(
        !ok && text.contains("DATABASE_URL_FILE") && text.contains("/nonexistent/url"),
        "{text}"
    );

    // An SMTP URL from a file, with its password: a bad one is named, the password never shown.
    let smtp = dir.path().join("smtp");
    std::fs::write(&smtp, "ftp://mailer:hunter2-secret@relay.example.org\n").unwrap();
    let (ok, text) = run(vec![
        ("DATABASE_URL_FILE", secret.display().to_string()),
        ("PLEDGEWATCH_SMTP_URL_FILE", smtp.display().to_string()),
    ])
    .await;
    eprintln!("bad SMTP URL from a file: {text}");
    assert!(!ok && text.contains("PLEDGEWATCH_SMTP_URL"), "{text}");
    assert!(!text.contains("hunter2-secret"), "{text}");
}

#[tokio::test]
async fn serve_help_lists_every_setting_of_the_readme() {
    let readme = repo_file("README.md");
    let table = readme
        .split("## Configuration")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("a Configuration section");
    let names: Vec<&str> = table
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split('`').next())
        // Other tables of the section (limits, paths) are not settings.
        .filter(|n| {
            n.chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        })
        .collect();
    assert!(names.len() >= 25, "{names:?}");
    let out = Command::new(crate::CLI)
        .args(["serve", "--help"])
        .output()
        .await
        .unwrap();
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for name in &names {
        assert!(
            help.contains(&format!("[env: {name}")),
            "serve --help lacks {name}"
        );
    }
    // Secrets are never echoed into the help, even when set.
    let out = Command::new(crate::CLI)
        .args(["serve", "--help"])
        .env("DATABASE_URL", "postgres://u:hunter2@h/db")
        .output()
        .await
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains("hunter2"));
    eprintln!(
        "serve --help lists all {} settings of the README",
        names.len()
    );
}
