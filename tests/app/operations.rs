//! Operations through the real binary: `pledgewatch backup` while the server's database is
//! being written (the copy opens, holds together and has the rows of one moment), refusing
//! to overwrite and pointing PostgreSQL at pg_dump; `pledgewatch user set-password`; and an
//! admin resetting a password at /admin/users.

use pledgewatch_tests::{Backend, TestApp};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Instant;
use tokio::process::Command;

fn cli(url: &str, args: &[&str]) -> Command {
    let mut c = Command::new(crate::CLI);
    c.args(args)
        .env("DATABASE_URL", url)
        .env("PLEDGEWATCH_LOG", "error")
        .kill_on_drop(true);
    c
}

async fn audit_rows(db: &persistence::Db) -> i64 {
    persistence::diagnostics::row_counts(db)
        .await
        .expect("counts")["audit_log"]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_while_writing_is_whole_and_consistent() {
    let app = TestApp::spawn(Backend::Sqlite).await.expect("sqlite");
    let db = app.test_db.db.clone();
    // A writer that keeps adding rows until told to stop.
    let stop = Arc::new(AtomicBool::new(false));
    let written = Arc::new(AtomicU64::new(0));
    let writer = {
        let (db, stop, written) = (db.clone(), Arc::clone(&stop), Arc::clone(&written));
        tokio::spawn(async move {
            while !stop.load(Ordering::Relaxed) {
                db.audit(
                    persistence::auth::Audit {
                        actor: Some("writer"),
                        action: "test_write",
                        target: "backup",
                        detail: "",
                        address: None,
                    },
                    chrono::Utc::now(),
                )
                .await
                .expect("write");
                written.fetch_add(1, Ordering::Relaxed);
            }
        })
    };
    while written.load(Ordering::Relaxed) < 50 {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy.db");
    let before = audit_rows(&db).await;
    let started = Instant::now();
    let out = cli(&app.test_db.url, &["backup", copy.to_str().unwrap()])
        .output()
        .await
        .expect("backup runs");
    let took = started.elapsed();
    let after = audit_rows(&db).await;
    stop.store(true, Ordering::Relaxed);
    writer.await.unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("backed up"), "{stdout}");

    let copy_db = persistence::Db::connect(
        &format!("sqlite://{}?mode=rw", copy.display()),
        pledgewatch_tests::DB_TIMEOUT,
    )
    .await
    .expect("the copy opens");
    let integrity = persistence::diagnostics::sqlite_integrity(&copy_db)
        .await
        .unwrap();
    assert_eq!(integrity.as_deref(), Some("ok"));
    let original = persistence::diagnostics::row_counts(&db).await.unwrap();
    let copied = persistence::diagnostics::row_counts(&copy_db)
        .await
        .unwrap();
    let in_copy = copied["audit_log"];
    eprintln!(
        "backup in {:.3} s while writing: {} writes in all, audit rows {before} before, {in_copy} in the copy, {after} after; {} pledges, {} change-log entries copied",
        took.as_secs_f64(),
        written.load(Ordering::Relaxed),
        copied["pledges"],
        copied["change_log"],
    );
    assert!(before <= in_copy && in_copy <= after, "one moment's rows");
    for table in [
        "pledges",
        "follow_ups",
        "change_log",
        "actors",
        "exchange_rates",
    ] {
        assert_eq!(copied[table], original[table], "{table}");
    }
    // The copied change log still verifies.
    copy_db.close().await.ok();
    let verify = cli(
        &format!("sqlite://{}?mode=rw", copy.display()),
        &["changes", "verify"],
    )
    .output()
    .await
    .unwrap();
    assert!(
        verify.status.success(),
        "{}",
        String::from_utf8_lossy(&verify.stdout)
    );

    // Never over an existing file.
    let len = std::fs::metadata(&copy).unwrap().len();
    let again = cli(&app.test_db.url, &["backup", copy.to_str().unwrap()])
        .output()
        .await
        .unwrap();
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(!again.status.success());
    assert!(stderr.contains("already exists"), "{stderr}");
    assert_eq!(std::fs::metadata(&copy).unwrap().len(), len, "untouched");
    app.stop().await;
}

#[tokio::test]
async fn backup_on_postgres_points_at_pg_dump() {
    let Some(t) = pledgewatch_tests::TestDb::new(Backend::Postgres).await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("copy.db");
    let out = cli(&t.url, &["backup", file.to_str().unwrap()])
        .output()
        .await
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("pg_dump"), "{stderr}");
    assert!(
        !stderr.contains("postgres://"),
        "no URL in the message: {stderr}"
    );
    assert!(!file.exists());
    t.teardown().await;
}

#[tokio::test]
async fn set_password_replaces_it_and_ends_the_sessions() {
    let app = TestApp::spawn(Backend::Sqlite).await.expect("sqlite");
    let old = app.add_user("ed@example.org", domain::Role::Editor).await;
    let browser = app.browser();
    assert_eq!(browser.login("ed@example.org", &old).await.status(), 303);
    assert_eq!(browser.get("/pledges/new").await.status(), 200, "signed in");

    let mut child = cli(
        &app.test_db.url,
        &["user", "set-password", "ed@example.org", "--password-stdin"],
    )
    .stdin(std::process::Stdio::piped())
    .stdout(std::process::Stdio::piped())
    .spawn()
    .unwrap();
    use tokio::io::AsyncWriteExt;
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(b"a brand new password\n").await.unwrap();
    drop(stdin);
    let out = child.wait_with_output().await.unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );

    assert_ne!(
        browser.get("/pledges/new").await.status(),
        200,
        "the session ended"
    );
    let fresh = app.browser();
    assert_ne!(
        fresh.login("ed@example.org", &old).await.status(),
        303,
        "old password refused"
    );
    assert_eq!(
        fresh
            .login("ed@example.org", "a brand new password")
            .await
            .status(),
        303
    );

    // Generated when not given, printed once; too short and unknown accounts are refused.
    let out = cli(
        &app.test_db.url,
        &["user", "set-password", "ed@example.org"],
    )
    .output()
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let generated = stdout
        .lines()
        .find_map(|l| l.strip_prefix("password (shown once): "))
        .expect("a generated password")
        .to_owned();
    assert_eq!(
        app.browser()
            .login("ed@example.org", &generated)
            .await
            .status(),
        303
    );
    let unknown = cli(
        &app.test_db.url,
        &["user", "set-password", "nobody@example.org"],
    )
    .output()
    .await
    .unwrap();
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no account"));
    let audit = app
        .test_db
        .db
        .audit_entries(None, None, None, 10)
        .await
        .unwrap();
    assert_eq!(
        audit
            .iter()
            .filter(|e| e.action == "password_reset" && e.target == "ed@example.org")
            .count(),
        2
    );
    app.stop().await;
}

#[tokio::test]
async fn an_admin_resets_a_password_once_and_ends_its_sessions() {
    let app = TestApp::spawn(Backend::Sqlite).await.expect("sqlite");
    let admin_pw = app.add_user("boss@example.org", domain::Role::Admin).await;
    let old = app.add_user("ed@example.org", domain::Role::Editor).await;
    let editor = app.browser();
    assert_eq!(editor.login("ed@example.org", &old).await.status(), 303);
    assert_eq!(editor.get("/pledges/new").await.status(), 200);
    let admin = app.browser();
    assert_eq!(
        admin.login("boss@example.org", &admin_pw).await.status(),
        303
    );
    let page = admin.get("/admin/users").await.text().await.unwrap();
    let csrf = pledgewatch_tests::hidden(&page, "csrf").expect("csrf");
    assert!(
        page.contains("/admin/users/password"),
        "the button is there"
    );

    // Without the CSRF token, or by the editor: refused, nothing changes.
    let forged = admin
        .post("/admin/users/password", &[("email", "ed@example.org")])
        .await;
    assert_eq!(forged.status(), 403);
    let by_editor = editor
        .post(
            "/admin/users/password",
            &[("email", "boss@example.org"), ("csrf", "x")],
        )
        .await;
    assert_eq!(by_editor.status(), 403);
    assert_eq!(
        editor.get("/pledges/new").await.status(),
        200,
        "still signed in"
    );

    let reset = admin
        .post(
            "/admin/users/password",
            &[("email", "ed@example.org"), ("csrf", &csrf)],
        )
        .await;
    assert_eq!(reset.status(), 200);
    assert_eq!(
        reset
            .headers()
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("no-store")
    );
    let body = reset.text().await.unwrap();
    let new = body
        .split("shown only now: ")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .expect("the new password is shown")
        .trim()
        .to_owned();
    assert_ne!(
        editor.get("/pledges/new").await.status(),
        200,
        "sessions ended"
    );
    assert_ne!(
        app.browser().login("ed@example.org", &old).await.status(),
        303
    );
    assert_eq!(
        app.browser().login("ed@example.org", &new).await.status(),
        303
    );
    // Shown once: the next view of the page does not carry it.
    assert!(
        !admin
            .get("/admin/users")
            .await
            .text()
            .await
            .unwrap()
            .contains(&new)
    );
    let own = admin
        .post(
            "/admin/users/password",
            &[("email", "boss@example.org"), ("csrf", &csrf)],
        )
        .await;
    assert_eq!(own.status(), 422, "an admin changes their own at /account");
    let unknown = admin
        .post(
            "/admin/users/password",
            &[("email", "ghost@example.org"), ("csrf", &csrf)],
        )
        .await;
    assert_eq!(unknown.status(), 404);
    let audit = app
        .test_db
        .db
        .audit_entries(Some("boss@example.org"), None, None, 20)
        .await
        .unwrap();
    assert_eq!(
        audit
            .iter()
            .filter(|e| e.action == "password_reset" && e.target == "ed@example.org")
            .count(),
        1
    );
    app.stop().await;
}
