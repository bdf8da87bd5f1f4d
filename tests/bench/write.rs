//! The write benchmark (issue 11): a follow-up recorded through HTTP by a logged-in editor,
//! on the 17-pledge seed and on generated trackers of 10,000 and 100,000 pledges, each
//! served by the release `pledgewatch serve` as its own process on SQLite. For each it
//! reports start to first answer (first with no stored read-model snapshot, as after an
//! import, then again from the snapshot that start stored), the follow-up POST's p50 and
//! p99 over 100 writes, and the server's resident memory after 50 and after 100 writes,
//! with each figure's ratio to the seed's in the same run.
//!
//! ```sh
//! cargo build --release -p pledgewatch -p pledgewatch-tests --bins
//! target/release/write-bench [--sizes seed,10000,100000] [--writes 100]
//! ```
//! Generated data is kept in `bench-out/` and reused.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const PASSWORD: &str = "benchmark password, long enough";

fn arg(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

fn binary() -> PathBuf {
    let here = std::env::current_exe().expect("own path");
    here.with_file_name("pledgewatch")
}

fn run(db: &Path, args: &[&str], stdin: Option<&str>) -> anyhow::Result<()> {
    let mut child = Command::new(binary())
        .args(args)
        .env(
            "DATABASE_URL",
            format!("sqlite://{}?mode=rwc", db.display()),
        )
        .env("PLEDGEWATCH_LOG", "error")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::null())
        .spawn()?;
    if let (Some(text), Some(mut pipe)) = (stdin, child.stdin.take()) {
        use std::io::Write;
        writeln!(pipe, "{text}")?;
    }
    anyhow::ensure!(child.wait()?.success(), "pledgewatch {args:?} failed");
    Ok(())
}

/// The tracker for a size: the seed, or `generate` with twenty
/// follow-ups per pledge and one actor per 25 pledges. Made once and reused.
fn prepare(size: &str) -> anyhow::Result<PathBuf> {
    std::fs::create_dir_all("bench-out")?;
    let db = PathBuf::from(format!("bench-out/writes-{size}.db"));
    if db.exists() {
        return Ok(db);
    }
    let started = Instant::now();
    if size == "seed" {
        run(&db, &["seed"], None)?;
    } else {
        let n: usize = size.parse()?;
        let (pledges, follow_ups, actors) =
            (n.to_string(), (n * 20).to_string(), (n / 25).to_string());
        run(
            &db,
            &[
                "generate",
                "--pledges",
                &pledges,
                "--follow-ups",
                &follow_ups,
                "--actors",
                &actors,
                "--seed",
                "1",
            ],
            None,
        )?;
    }
    run(
        &db,
        &[
            "user",
            "add",
            "bench@example.org",
            "--role",
            "editor",
            "--name",
            "Bench Editor",
            "--password-stdin",
        ],
        Some(PASSWORD),
    )?;
    eprintln!(
        "{size}: data made in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(db)
}

fn rss_mb(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        self.0.kill().ok();
        self.0.wait().ok();
    }
}

struct Figures {
    cold: Duration,
    start: Duration,
    p50: Duration,
    p99: Duration,
    rss_50: f64,
    rss_100: f64,
}

fn hidden(html: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker)? + marker.len();
    let end = html[start..].find('"')?;
    Some(html[start..start + end].to_owned())
}

fn url(db: &Path) -> String {
    format!("sqlite://{}?mode=rwc", db.display())
}

/// Serves `db` and waits for the first 200 on `/`; the server with its address and the
/// time from spawning it to that answer.
async fn start(db: &Path) -> anyhow::Result<(Server, String, Duration)> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let base = format!("http://127.0.0.1:{port}");
    let started = Instant::now();
    let server = Server(
        Command::new(binary())
            .arg("serve")
            .env("DATABASE_URL", url(db))
            .env("PLEDGEWATCH_BIND", format!("127.0.0.1:{port}"))
            .env("PLEDGEWATCH_SEED_ON_START", "false")
            .env("PLEDGEWATCH_WORKER", "off")
            .env("PLEDGEWATCH_MAIL_DIR", "bench-out/mail")
            .env("PLEDGEWATCH_LOG", "error")
            .stdin(Stdio::null())
            .spawn()?,
    );
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    loop {
        if let Ok(r) = client.get(format!("{base}/")).send().await
            && r.status() == 200
        {
            break;
        }
        anyhow::ensure!(started.elapsed() < Duration::from_secs(300), "no answer");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    Ok((server, base, started.elapsed()))
}

/// The start with no stored snapshot (the whole tracker read), then, once that server has
/// stored one, the start from it.
async fn starts(db: &Path) -> anyhow::Result<(Duration, Server, String, Duration)> {
    let store = persistence::Db::connect(&url(db), web::config::DEFAULT_DB_TIMEOUT).await?;
    store.drop_snapshots().await?;
    let (server, _, cold) = start(db).await?;
    let waited = Instant::now();
    while store.stored_snapshot_head().await?.is_none() {
        anyhow::ensure!(
            waited.elapsed() < Duration::from_secs(300),
            "no snapshot stored"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    drop(server);
    store.close().await?;
    let (server, base, warm) = start(db).await?;
    Ok((cold, server, base, warm))
}

async fn measure(db: &Path, writes: usize) -> anyhow::Result<Figures> {
    let (cold, server, base, start) = starts(db).await?;
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let login = client
        .get(format!("{base}/login"))
        .send()
        .await?
        .text()
        .await?;
    let csrf = hidden(&login, "csrf").expect("login form");
    let r = client
        .post(format!("{base}/login"))
        .form(&[
            ("email", "bench@example.org"),
            ("password", PASSWORD),
            ("csrf", &csrf),
            ("next", "/"),
        ])
        .send()
        .await?;
    anyhow::ensure!(r.status() == 303, "login answered {}", r.status());
    let list: serde_json::Value = client
        .get(format!("{base}/api/v1/pledges?per_page=20"))
        .send()
        .await?
        .json()
        .await?;
    let slugs: Vec<String> = list["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|p| p["slug"].as_str().unwrap().to_owned())
        .collect();
    let form = client
        .get(format!("{base}/pledges/{}/follow-up", slugs[0]))
        .send()
        .await?
        .text()
        .await?;
    let csrf = hidden(&form, "csrf").expect("follow-up form");
    let mut times = Vec::with_capacity(writes);
    let (mut rss_50, pid) = (f64::NAN, server.0.id());
    for i in 0..writes + 5 {
        let slug = &slugs[i % slugs.len()];
        let key = format!("bench-{}-{i}", std::process::id());
        let progress = (i % 100).to_string();
        let sent = Instant::now();
        let r = client
            .post(format!("{base}/pledges/{slug}/follow-up"))
            .form(&[
                ("csrf", csrf.as_str()),
                ("submission_key", key.as_str()),
                ("progress", progress.as_str()),
                ("note", "Benchmark follow-up"),
                ("evidence_url_1", "https://example.org/bench"),
                ("evidence_title_1", "Benchmark evidence"),
                ("evidence_tier_1", "press_report"),
            ])
            .send()
            .await?;
        let took = sent.elapsed();
        anyhow::ensure!(r.status() == 303, "follow-up answered {}", r.status());
        // Five warm-up writes first; then a reader looks at the dashboard after each write,
        // as people do, so that rendering it is part of what memory holds.
        if i >= 5 {
            times.push(took);
        }
        client.get(format!("{base}/")).send().await?.bytes().await?;
        if i + 1 == 5 + writes / 2 {
            rss_50 = rss_mb(pid);
        }
    }
    let rss_100 = rss_mb(pid);
    times.sort();
    let at = |q: f64| times[((times.len() as f64 * q).ceil() as usize).clamp(1, times.len()) - 1];
    Ok(Figures {
        cold,
        start,
        p50: at(0.50),
        p99: at(0.99),
        rss_50,
        rss_100,
    })
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let sizes = arg("--sizes").unwrap_or_else(|| "seed,10000,100000".into());
    let writes: usize = arg("--writes").map_or(Ok(100), |w| w.parse())?;
    let mut rows = Vec::new();
    for size in sizes.split(',') {
        let db = prepare(size)?;
        let f = measure(&db, writes).await?;
        eprintln!(
            "{size}: start {:?} (with no snapshot {:?}), p50 {:?}, p99 {:?}, rss {:.0} → {:.0} MB",
            f.start, f.cold, f.p50, f.p99, f.rss_50, f.rss_100
        );
        rows.push((size.to_owned(), f));
    }
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let seed = rows
        .iter()
        .find(|(s, _)| s == "seed")
        .map(|(_, f)| (ms(f.start), ms(f.p50), ms(f.p99), f.rss_100, ms(f.cold)));
    println!(
        "| tracker | start to first answer | with no stored snapshot | follow-up p50 | follow-up p99 | RSS after {} writes | after {} |",
        writes / 2,
        writes
    );
    println!("|---|---|---|---|---|---|---|");
    for (size, f) in &rows {
        let ratio = |v: f64, base: Option<f64>| match base {
            Some(b) if b > 0.0 => format!(" ({:.1}×)", v / b),
            _ => String::new(),
        };
        println!(
            "| {size} | {:.0} ms{} | {:.0} ms{} | {:.1} ms{} | {:.1} ms{} | {:.0} MB | {:.0} MB{} |",
            ms(f.start),
            ratio(ms(f.start), seed.map(|s| s.0)),
            ms(f.cold),
            ratio(ms(f.cold), seed.map(|s| s.4)),
            ms(f.p50),
            ratio(ms(f.p50), seed.map(|s| s.1)),
            ms(f.p99),
            ratio(ms(f.p99), seed.map(|s| s.2)),
            f.rss_50,
            f.rss_100,
            ratio(f.rss_100, seed.map(|s| s.3)),
        );
    }
    Ok(())
}
