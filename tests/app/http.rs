//! The real server on a random port: it migrates and seeds on first start, and answers.

use pledgewatch_tests::{Backend, TestApp};

async fn serves(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else {
        return;
    };
    let health = app.get("/healthz").await;
    assert_eq!(health.status(), 200);
    let body: serde_json::Value = health.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"], "ok", "{body}");
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status(), 200);
    let body: serde_json::Value = ready.json().await.unwrap();
    assert_eq!(
        (body["read"].as_str(), body["write"].as_str()),
        (Some("ok"), Some("ok")),
        "{body}"
    );

    let home = app.get("/").await;
    assert_eq!(home.status(), 200);
    let html = home.text().await.unwrap();
    assert!(html.contains("France: €109 billion of AI investment"));
    assert!(html.contains("Current AI"));
    assert_eq!(app.get("/no-such-page").await.status(), 404);
    app.stop().await;
}

#[tokio::test]
async fn the_server_migrates_seeds_and_answers_on_sqlite() {
    serves(Backend::Sqlite).await;
}

#[tokio::test]
async fn the_server_migrates_seeds_and_answers_on_postgres() {
    serves(Backend::Postgres).await;
}
