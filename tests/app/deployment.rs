//! What the deployment kit relies on, through the real binary (CI has no container
//! runtime): the Dockerfile's environment (bind address, database and mail in
//! /data) served from a read-only working directory as an unprivileged user, with the
//! first admin made from the environment, the database URL from `DATABASE_URL_FILE`, and
//! JSON logs; and the files themselves holding what they must. The `healthcheck` command
//! and the settings' flags are tested in `settings_cli`.

use crate::storage_faults::{free_port, is_root, until_serving};
use pledgewatch_tests::Browser;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};
use tokio::process::Command;

pub(crate) fn repo_file(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The Dockerfile's `ENV` settings, continuation lines joined.
fn dockerfile_env() -> BTreeMap<String, String> {
    let text = repo_file("Dockerfile").replace("\\\n", " ");
    let mut env = BTreeMap::new();
    for line in text.lines().map(str::trim) {
        if let Some(rest) = line.strip_prefix("ENV ") {
            for pair in rest.split_whitespace() {
                let (k, v) = pair.split_once('=').expect("ENV KEY=VALUE");
                env.insert(k.to_owned(), v.to_owned());
            }
        }
    }
    env
}

/// `pledgewatch healthcheck ARGS` with `PLEDGEWATCH_BIND=bind`: its exit code, output and
/// how long it took.
pub(crate) async fn healthcheck(bind: &str, args: &[&str]) -> (i32, String, Duration) {
    let started = Instant::now();
    let out = Command::new(crate::CLI)
        .arg("healthcheck")
        .args(args)
        .env("PLEDGEWATCH_BIND", bind)
        // A probe reads no other setting: a broken one must not fail it.
        .env("DATABASE_URL_FILE", "/nonexistent/secret")
        .output()
        .await
        .expect("runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.code().unwrap_or(-1), text, started.elapsed())
}

/// Makes `path` belong to `nobody` when the test runs as root (as the container's user
/// owns /data).
fn give_to_nobody(path: &Path) {
    if is_root() {
        let status = std::process::Command::new("chown")
            .args(["-R", "nobody:nogroup"])
            .arg(path)
            .status()
            .expect("chown");
        assert!(status.success());
    }
}

/// The binary as the Dockerfile's user would run it: unprivileged, in a working directory
/// it cannot write, with the Dockerfile's settings and /data replaced by `data`.
fn contained(cwd: &Path, data: &Path, env: &[(&str, String)], args: &[&str]) -> Command {
    let bin = crate::CLI;
    let mut cmd = if is_root() {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=nobody", "--regid=nogroup", "--clear-groups", bin]);
        c
    } else {
        Command::new(bin)
    };
    let data_str = data.to_str().expect("utf-8 path");
    cmd.args(args).current_dir(cwd).env_clear();
    for (k, v) in dockerfile_env() {
        cmd.env(k, v.replace("/data", data_str));
    }
    cmd.env("PATH", "/usr/bin:/bin")
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .stdin(Stdio::null())
        .kill_on_drop(true);
    cmd
}

#[tokio::test]
async fn serves_the_dockerfile_settings_from_a_read_only_directory() {
    let cwd = tempfile::tempdir().unwrap();
    let data = tempfile::tempdir().unwrap();
    std::fs::set_permissions(
        cwd.path(),
        std::os::unix::fs::PermissionsExt::from_mode(0o555),
    )
    .unwrap();
    let env = dockerfile_env();
    let port = free_port();
    let bind = format!("127.0.0.1:{port}");
    assert_eq!(env["PLEDGEWATCH_BIND"], "0.0.0.0:3000");

    // The database URL arrives as a secret file, and the admin's password too.
    let url = env["DATABASE_URL"].replace("/data", data.path().to_str().unwrap());
    std::fs::write(data.path().join("database_url"), format!("{url}\n")).unwrap();
    std::fs::write(
        data.path().join("admin_password"),
        "correct horse battery\n",
    )
    .unwrap();
    give_to_nobody(data.path());
    let log = data.path().join("first.log");
    let secrets = || {
        vec![
            ("PLEDGEWATCH_BIND", bind.clone()),
            ("DATABASE_URL", String::new()),
            (
                "DATABASE_URL_FILE",
                data.path().join("database_url").display().to_string(),
            ),
            ("PLEDGEWATCH_LOG_FORMAT", "json".to_owned()),
            ("PLEDGEWATCH_LOG", "info".to_owned()),
        ]
    };

    // First start: no admin is configured, so the log says how to make one.
    let started = Instant::now();
    let mut first = contained(cwd.path(), data.path(), &secrets(), &["serve"])
        // Log lines go to standard output.
        .stdout(Stdio::from(std::fs::File::create(&log).unwrap()))
        .spawn()
        .expect("serve");
    let base = format!("http://{bind}");
    until_serving(&mut first, &base).await;
    eprintln!(
        "first start (migrate, seed) served in {:.2} s",
        started.elapsed().as_secs_f64()
    );
    let (code, text, _) = healthcheck(&format!("0.0.0.0:{port}"), &["--ready"]).await;
    assert_eq!(code, 0, "{text}");
    first.kill().await.ok();
    let lines: Vec<serde_json::Value> = std::fs::read_to_string(&log)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    eprintln!("first start wrote {} JSON log lines", lines.len());
    assert!(
        lines.iter().any(|l| l["level"] == "WARN"
            && l["fields"]["message"]
                .as_str()
                .is_some_and(|m| m.contains("no admin account exists"))),
        "{lines:#?}"
    );
    assert!(
        data.path().join("pledgewatch.db").exists(),
        "the database is in the data folder"
    );
    assert_eq!(
        std::fs::read_dir(cwd.path()).unwrap().count(),
        0,
        "nothing in the working folder"
    );

    // Second start with the admin settings: the admin is made and can log in.
    let mut with_admin = secrets();
    with_admin.push(("PLEDGEWATCH_ADMIN_EMAIL", "boss@example.org".to_owned()));
    with_admin.push((
        "PLEDGEWATCH_ADMIN_PASSWORD_FILE",
        data.path().join("admin_password").display().to_string(),
    ));
    let mut second = contained(cwd.path(), data.path(), &with_admin, &["serve"])
        .stdout(Stdio::null())
        .spawn()
        .expect("serve");
    until_serving(&mut second, &base).await;
    let browser = Browser {
        client: reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap(),
        base: base.clone(),
    };
    let login = browser
        .login("boss@example.org", "correct horse battery")
        .await;
    assert_eq!(login.status(), 303, "the first admin logs in");
    let users = browser.get("/admin/users").await;
    assert_eq!(users.status(), 200, "as an admin");
    second.kill().await.ok();

    // Third start with another password in the file: an admin exists, nothing changes.
    std::fs::write(data.path().join("admin_password"), "a different password\n").unwrap();
    let mut third = contained(cwd.path(), data.path(), &with_admin, &["serve"])
        .stdout(Stdio::null())
        .spawn()
        .expect("serve");
    until_serving(&mut third, &base).await;
    let again = Browser {
        client: reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap(),
        base: base.clone(),
    };
    let refused = again
        .login("boss@example.org", "a different password")
        .await;
    assert_ne!(
        refused.status(),
        303,
        "the bootstrap never replaces a password"
    );
    third.kill().await.ok();

    // The default database in an unwritable working directory is refused, not served.
    let out = contained(
        cwd.path(),
        data.path(),
        &[
            ("PLEDGEWATCH_BIND", bind.clone()),
            (
                "DATABASE_URL",
                "sqlite://pledgewatch.db?mode=rwc".to_owned(),
            ),
        ],
        &["migrate"],
    )
    .output()
    .await
    .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    eprintln!("default database in a read-only folder: {stderr}");
    assert!(!out.status.success(), "{stderr}");
}

#[test]
fn the_deployment_files_hold_what_they_rely_on() {
    let dockerfile = repo_file("Dockerfile");
    let user = dockerfile
        .lines()
        .rev()
        .find_map(|l| l.trim().strip_prefix("USER "))
        .expect("a USER line");
    assert!(!["root", "0"].contains(&user.trim()), "runs as {user}");
    assert!(dockerfile.contains("useradd") && dockerfile.contains(user.trim()));
    let health = dockerfile
        .replace("\\\n", " ")
        .lines()
        .find(|l| l.starts_with("HEALTHCHECK"))
        .expect("a HEALTHCHECK")
        .to_owned();
    assert!(
        health.contains(r#"["pledgewatch", "healthcheck"]"#),
        "{health}"
    );
    assert!(dockerfile.contains("FROM rust") && dockerfile.contains("COPY --from=build"));
    let env = dockerfile_env();
    assert!(dockerfile.contains(r#"VOLUME ["/data"]"#));
    assert!(
        env["DATABASE_URL"].starts_with("sqlite:///data/"),
        "{env:?}"
    );
    assert!(env["PLEDGEWATCH_MAIL_DIR"].starts_with("/data/"), "{env:?}");
    assert!(env["PLEDGEWATCH_BIND"].starts_with("0.0.0.0:"));
    assert!(dockerfile.contains(&format!(
        "EXPOSE {}",
        env["PLEDGEWATCH_BIND"].rsplit(':').next().unwrap()
    )));

    let compose = repo_file("deploy/compose.yaml");
    for needle in [
        "image: postgres",
        r#"command: ["pledgewatch", "serve"]"#,
        r#"command: ["pledgewatch", "worker"]"#,
        "DATABASE_URL_FILE",
        "PLEDGEWATCH_SMTP_URL_FILE",
        r#"PLEDGEWATCH_WORKER: "off""#,
        "data:/data",
    ] {
        assert!(compose.contains(needle), "compose.yaml lacks {needle}");
    }
    let service = repo_file("deploy/systemd/pledgewatch-digest@.service");
    assert!(service.contains("pledgewatch digest run --frequency %i"));
    for (timer, instance) in [
        ("daily", "OnCalendar=*-*-* 07:00:00"),
        ("weekly", "OnCalendar=Mon"),
    ] {
        let t = repo_file(&format!("deploy/systemd/pledgewatch-digest-{timer}.timer"));
        assert!(
            t.contains(&format!("Unit=pledgewatch-digest@{timer}.service")),
            "{t}"
        );
        assert!(t.contains(instance), "{t}");
    }
    assert!(repo_file("deploy/Caddyfile").contains("reverse_proxy 127.0.0.1:3000"));
    assert!(
        repo_file("README.md").contains("deploy/"),
        "README refers to the kit"
    );
}
