//! CSV import in the export's format: a dry run changes nothing, a real run applies every
//! row or none, bad rows come back with their line and field, and edits are kept.

use domain::Role;
use pledgewatch_tests::fixtures::seeded_pledges;
use pledgewatch_tests::{TestApp, both_apps, hidden};

const FLUIDSTACK: &str = "fluidstack-10bn-ai-supercomputer-france";
const TESTER: persistence::Author<'static> = persistence::Author {
    name: "tester",
    account: None,
};

fn edited_export(csv_text: &str) -> String {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(&headers).unwrap();
    let mut last = None;
    for record in reader.records() {
        let mut r: Vec<String> = record.unwrap().iter().map(str::to_owned).collect();
        if r[0] == FLUIDSTACK {
            r[1] = "Fluidstack: €10 billion for a 1 GW AI supercomputer in France".into();
        }
        last = Some(r.clone());
        out.write_record(&r).unwrap();
    }
    // A new child pledge, before its parent in no particular order.
    let mut new = last.unwrap();
    new[0] = "new-imported-pledge".into();
    new[1] = "Imported: a new data centre".into();
    new[8] = FLUIDSTACK.into();
    out.write_record(&new).unwrap();
    String::from_utf8(out.into_inner().unwrap()).unwrap()
}

async fn import_round(app: &TestApp) {
    let db = &app.test_db.db;
    let export = app.text("/export/pledges.csv", 200).await;
    let edited = edited_export(&export);

    let before = persistence::diagnostics::row_counts(db).await.unwrap();
    let dry = web::import::run(db, &edited, TESTER, true)
        .await
        .unwrap()
        .expect("dry run");
    assert_eq!(dry.created.len(), 1);
    assert_eq!(dry.updated.len(), 1);
    assert_eq!(dry.updated[0].1[0].field, "title");
    assert_eq!(dry.unchanged, seeded_pledges() - 1);
    assert_eq!(
        persistence::diagnostics::row_counts(db).await.unwrap(),
        before,
        "a dry run changes nothing"
    );

    let done = web::import::run(db, &edited, TESTER, false)
        .await
        .unwrap()
        .expect("import");
    assert_eq!(done, dry, "the dry run said what the real run did");
    let fluidstack = db
        .pledge(&domain::Slug::parse("s", FLUIDSTACK).unwrap())
        .await
        .unwrap();
    assert!(fluidstack.pledge.title().as_str().contains("1 GW"));
    // The seed loader recorded the pledge's creation; the import adds one correction.
    let edits = db.pledge_edits(fluidstack.pledge.slug()).await.unwrap();
    assert_eq!(edits[0].edit.field, "created");
    let edits = &edits[1..];
    assert_eq!(edits.len(), 1);
    assert_eq!(edits[0].author, "tester");
    assert!(
        edits[0]
            .edit
            .old
            .contains("€10 billion for Phase 1 of a 1 GW AI supercomputer")
    );
    app.refresh().await;
    let page = app.text(&format!("/pledges/{FLUIDSTACK}"), 200).await;
    assert!(page.contains("Corrections to the record") && page.contains("1 GW"));
    assert_eq!(
        app.json("/api/v1/pledges/new-imported-pledge", 200).await["parent"],
        FLUIDSTACK
    );

    // Importing the same file again changes nothing.
    let again = web::import::run(db, &edited, TESTER, false)
        .await
        .unwrap()
        .unwrap();
    assert!(again.created.is_empty() && again.updated.is_empty());
}
both_apps!(
    an_import_dry_runs_then_applies_and_keeps_edits,
    import_round
);

async fn bad_rows(app: &TestApp) {
    let db = &app.test_db.db;
    let export = app.text("/export/pledges.csv", 200).await;
    let mut lines: Vec<String> = export.lines().map(str::to_owned).collect();
    // One row with an unknown kind, a later one with a negative amount.
    let kind_at = (1..lines.len())
        .find(|&i| lines[i].contains(",investment,"))
        .unwrap();
    lines[kind_at] = lines[kind_at].replacen(",investment,", ",miracle,", 1);
    let amount = "\"\"amount\"\":\"\"";
    let amount_at = (kind_at + 1..lines.len())
        .find(|&i| lines[i].contains(amount))
        .unwrap();
    lines[amount_at] = lines[amount_at].replacen(amount, "\"\"amount\"\":\"\"-", 1);
    let (kind_line, amount_line) = (
        format!("{}:kind", kind_at + 1),
        format!("{}:amount", amount_at + 1),
    );
    let broken = lines.join("\r\n");
    let before = persistence::diagnostics::row_counts(db).await.unwrap();
    let problems = web::import::run(db, &broken, TESTER, false)
        .await
        .unwrap()
        .unwrap_err();
    let described: Vec<String> = problems
        .iter()
        .map(|p| format!("{}:{}", p.line.unwrap(), p.field))
        .collect();
    assert!(described.contains(&kind_line), "{described:?}");
    assert!(described.contains(&amount_line), "{described:?}");
    assert_eq!(
        persistence::diagnostics::row_counts(db).await.unwrap(),
        before,
        "nothing written"
    );

    // A row whose reference is missing in the database fails the whole import.
    let mut lines: Vec<String> = export.lines().map(str::to_owned).collect();
    let cites_report = lines
        .iter()
        .position(|l| l.contains("goover-paris-summit-report-2025"))
        .unwrap();
    lines[cites_report] =
        lines[cites_report].replace("goover-paris-summit-report-2025", "no-such-source");
    let problems = web::import::run(db, &lines.join("\r\n"), TESTER, false)
        .await
        .unwrap()
        .unwrap_err();
    let problems: Vec<_> = problems.iter().collect();
    assert_eq!(problems.len(), 1);
    // The store says which record is missing; the import names the column that cites it.
    assert_eq!(problems[0].field, "sources", "{problems:?}");
    assert_eq!(
        problems[0].message.to_string(),
        "sources: source no-such-source does not exist"
    );
    assert_eq!(
        problems[0].line,
        Some(cites_report as u64 + 1),
        "{problems:?}"
    );
    assert_eq!(
        persistence::diagnostics::row_counts(db).await.unwrap(),
        before,
        "all or nothing"
    );
}
both_apps!(bad_import_rows_are_reported_by_line_and_field, bad_rows);

async fn upload(app: &TestApp) {
    let password = app.add_user("ops@example.org", Role::Admin).await;
    let editor_pw = app.add_user("ed@example.org", Role::Editor).await;
    let admin = app.browser();
    admin.login("ops@example.org", &password).await;
    let page = admin.get("/admin/import").await.text().await.unwrap();
    let csrf = hidden(&page, "csrf").unwrap();
    let export = app.text("/export/pledges.csv", 200).await;
    let edited = edited_export(&export);
    let form = |csrf: &str, dry: bool| {
        let mut f = reqwest::multipart::Form::new()
            .text("csrf", csrf.to_owned())
            .part(
                "file",
                reqwest::multipart::Part::bytes(edited.clone().into_bytes())
                    .file_name("pledges.csv"),
            );
        if dry {
            f = f.text("dry_run", "1");
        }
        f
    };
    let url = format!("{}/admin/import", admin.base);
    let dry = admin
        .client
        .post(&url)
        .multipart(form(&csrf, true))
        .send()
        .await
        .unwrap();
    assert_eq!(dry.status(), 200);
    assert!(dry.text().await.unwrap().contains(&format!(
        "1 created, 1 updated, {} unchanged (would be applied)",
        seeded_pledges() - 1
    )));
    let editor = app.browser();
    editor.login("ed@example.org", &editor_pw).await;
    assert_eq!(
        editor
            .client
            .post(&url)
            .multipart(form(&csrf, false))
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    assert_eq!(
        admin
            .client
            .post(&url)
            .multipart(form("forged", false))
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    assert_eq!(
        app.json("/api/v1/pledges", 200).await["total"],
        seeded_pledges(),
        "refused uploads wrote nothing"
    );
    let real = admin
        .client
        .post(&url)
        .multipart(form(&csrf, false))
        .send()
        .await
        .unwrap();
    assert_eq!(real.status(), 200);
    assert_eq!(
        app.json("/api/v1/pledges", 200).await["total"],
        seeded_pledges() + 1,
        "the import shows at once"
    );
}
both_apps!(an_admin_uploads_a_csv, upload);
