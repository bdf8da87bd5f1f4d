//! The read model across processes: a second `serve` on the same PostgreSQL database sees
//! a follow-up and an actor rename made on the first within two seconds, and a server
//! killed with SIGKILL in the middle of a burst of follow-ups keeps every write it
//! acknowledged exactly once, each with its audit and log entries, and a chain that holds.

use crate::changelog::{PASSWORD, add_ana, editor};
use domain::*;
use persistence::{Author, Change};
use pledgewatch_tests::{Backend, Browser, TestApp, TestDb, hidden};
use std::process::Stdio;
use std::time::{Duration, Instant};
use tokio::process::{Child, Command};

const PLEDGE: &str = "fluidstack-10bn-ai-supercomputer-france";

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// `pledgewatch serve` as its own process on `url`; returns it and its base address.
async fn serve(url: &str, seed: bool) -> (Child, String) {
    let port = free_port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_pledgewatch-cli"))
        .arg("serve")
        .env("DATABASE_URL", url)
        .env("PLEDGEWATCH_BIND", format!("127.0.0.1:{port}"))
        .env(
            "PLEDGEWATCH_SEED_ON_START",
            if seed { "true" } else { "false" },
        )
        .env("PLEDGEWATCH_WORKER", "off")
        .env(
            "PLEDGEWATCH_MAIL_DIR",
            std::env::temp_dir().join("pw-instances-mail"),
        )
        .env("PLEDGEWATCH_LOG", "error")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("serve starts");
    let base = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Ok(r) = reqwest::get(format!("{base}/healthz")).await
            && r.status() == 200
        {
            return (child, base);
        }
        assert!(child.try_wait().unwrap().is_none(), "serve exited at start");
        assert!(Instant::now() < deadline, "serve did not answer");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn page(base: &str, path: &str) -> String {
    reqwest::get(format!("{base}{path}"))
        .await
        .expect("get")
        .text()
        .await
        .expect("body")
}

/// How long until `path` on `base` contains `needle`; panics past ten seconds.
async fn seen_after(base: &str, path: &str, needle: &str, since: Instant) -> Duration {
    loop {
        if page(base, path).await.contains(needle) {
            return since.elapsed();
        }
        assert!(
            since.elapsed() < Duration::from_secs(10),
            "{needle} never reached {path}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn a_second_server_on_postgresql_follows_the_first() {
    let Some(first) = TestApp::spawn(Backend::Postgres).await else {
        return;
    };
    let (_second, base) = serve(&first.test_db.url, false).await;
    assert!(
        !page(&base, &format!("/pledges/{PLEDGE}"))
            .await
            .contains("Ground broken")
    );

    let browser = editor(&first).await;
    let (csrf, key) = browser.follow_up_form(PLEDGE).await;
    let wrote = Instant::now();
    let posted = browser
        .post(
            &format!("/pledges/{PLEDGE}/follow-up"),
            &[
                ("csrf", csrf.as_str()),
                ("submission_key", key.as_str()),
                ("progress", "10"),
                ("note", "Ground broken at the site"),
            ],
        )
        .await;
    assert_eq!(posted.status(), 303);
    let follow_up = seen_after(&base, &format!("/pledges/{PLEDGE}"), "Ground broken", wrote).await;

    let renamed = Actor::new(
        Slug::parse("slug", "fluidstack").unwrap(),
        Title::parse("name", "Fluidstack Ltd (renamed)").unwrap(),
        ActorKind::Company,
        None,
        vec![],
    )
    .unwrap();
    let author = Author {
        name: "Ana Editor",
        account: None,
    };
    let wrote = Instant::now();
    first
        .state
        .apply(Change::CorrectActor(renamed), author)
        .await
        .unwrap();
    let rename = seen_after(
        &base,
        &format!("/pledges/{PLEDGE}"),
        "Fluidstack Ltd (renamed)",
        wrote,
    )
    .await;
    eprintln!(
        "the second server saw the follow-up after {follow_up:?}, the rename after {rename:?}"
    );
    assert!(follow_up < Duration::from_secs(2) && rename < Duration::from_secs(2));
    first.stop().await;
}

async fn burst_then_kill(backend: Backend) {
    let Some(t) = TestDb::empty(backend).await else {
        return;
    };
    let (mut server, base) = serve(&t.url, true).await;
    add_ana(&t.db).await;
    let browser = Browser {
        client: reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(20))
            .build()
            .unwrap(),
        base: base.clone(),
    };
    assert_eq!(
        browser.login("ana@example.org", PASSWORD).await.status(),
        303
    );
    let form = browser
        .get(&format!("/pledges/{PLEDGE}/follow-up"))
        .await
        .text()
        .await
        .unwrap();
    let csrf = hidden(&form, "csrf").unwrap();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<String>();
    let mut senders = Vec::new();
    for lane in 0..6 {
        let (client, base, csrf, tx) = (
            browser.client.clone(),
            base.clone(),
            csrf.clone(),
            tx.clone(),
        );
        senders.push(tokio::spawn(async move {
            for n in 0..200 {
                let key = format!("burst-{lane}-{n}");
                let progress = ((lane * 200 + n) % 100).to_string();
                let sent = client
                    .post(format!("{base}/pledges/{PLEDGE}/follow-up"))
                    .form(&[
                        ("csrf", csrf.as_str()),
                        ("submission_key", key.as_str()),
                        ("progress", progress.as_str()),
                        ("note", key.as_str()),
                    ])
                    .send()
                    .await;
                match sent {
                    Ok(r) if r.status() == 303 => tx.send(key).unwrap(),
                    Ok(r) => panic!("{key}: answered {}", r.status()),
                    Err(_) => return,
                }
            }
        }));
    }
    drop(tx);
    let mut acknowledged = Vec::new();
    while acknowledged.len() < 60 {
        acknowledged.push(rx.recv().await.expect("acknowledgements arrive"));
    }
    server.kill().await.expect("SIGKILL");
    for s in senders {
        s.await.unwrap();
    }
    while let Ok(k) = rx.try_recv() {
        acknowledged.push(k);
    }

    let pledge = Slug::parse("slug", PLEDGE).unwrap();
    let history = t.db.history(&pledge).await.unwrap();
    let notes: Vec<String> = history
        .iter()
        .filter_map(|(_, f)| f.note.as_ref().map(ToString::to_string))
        .collect();
    for key in &acknowledged {
        assert_eq!(
            notes.iter().filter(|n| *n == key).count(),
            1,
            "{key} is there once"
        );
    }
    let logged =
        t.db.changes_of(domain::changelog::SubjectKind::Pledge, PLEDGE, 10_000)
            .await
            .unwrap();
    let logged_ids: std::collections::HashSet<i64> = logged
        .iter()
        .filter(|e| e.kind == domain::changelog::ChangeKind::FollowUpRecorded)
        .filter_map(|e| {
            serde_json::from_str::<serde_json::Value>(&e.body).ok()?["follow_up"].as_i64()
        })
        .collect();
    let audited: std::collections::HashSet<String> =
        t.db.audit_entries(Some("ana@example.org"), None, None, 10_000)
            .await
            .unwrap()
            .into_iter()
            .filter(|a| a.action == "follow_up_recorded")
            .map(|a| a.detail.to_string())
            .collect();
    for (id, _) in &history {
        assert!(
            logged_ids.contains(&i64::from(*id)),
            "follow-up {id} has its log entry"
        );
        assert!(
            audited.contains(&format!("follow-up {id}")),
            "follow-up {id} has its audit entry"
        );
    }
    assert_eq!(
        logged_ids.len(),
        history.len(),
        "no log entry without its follow-up"
    );
    assert!(
        t.db.verify_changes().await.unwrap().is_ok(),
        "the chain holds"
    );
    eprintln!(
        "crash test ({backend:?}): {} acknowledged, {} stored",
        acknowledged.len(),
        history.len()
    );
    t.teardown().await;
}

#[tokio::test]
async fn a_server_killed_mid_burst_keeps_every_acknowledged_write_once_sqlite() {
    burst_then_kill(Backend::Sqlite).await;
}

#[tokio::test]
async fn a_server_killed_mid_burst_keeps_every_acknowledged_write_once_postgres() {
    burst_then_kill(Backend::Postgres).await;
}
