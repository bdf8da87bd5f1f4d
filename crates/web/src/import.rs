//! Importing pledges from CSV in the export's format: every row is read and checked before
//! anything is written, problems come back with their line and field, rows are ordered so
//! parents come before children, and the store applies them all or none.

use crate::csv_format::read_pledges;
use crate::error::FieldErrors;
use crate::error::PageResult;
use domain::{Pledge, Slug};
use persistence::corrections::ImportReport;
use persistence::{Db, Kind};
use std::collections::{HashMap, HashSet};

/// Reads and checks every row; all problems at once, or the pledges in a safe order.
pub fn parse(text: &str) -> Result<Vec<(u64, Pledge)>, FieldErrors> {
    let mut problems = FieldErrors::new();
    let rows = read_pledges(text).map_err(|e| {
        problems.add_at(Some(e.line), &e.field, e.message);
        problems.clone()
    })?;
    let mut pledges = Vec::new();
    let mut seen = HashSet::new();
    for (line, input) in rows {
        match input.parse() {
            Ok(p) if !seen.insert(p.slug().clone()) => problems.add_at(
                Some(line),
                "slug",
                format!("slug: {} appears twice in the file", p.slug()),
            ),
            Ok(p) => pledges.push((line, p)),
            Err(e) => problems.add_at(Some(line), e.field(), e),
        }
    }
    problems.into_result()?;
    Ok(parents_first(pledges))
}

/// The column of `pledge`'s row that names a record of `kind` (and `slug`).
fn column_naming(pledge: &Pledge, kind: Kind, slug: &str) -> &'static str {
    match kind {
        Kind::Source => "sources",
        Kind::Actor => "actors",
        Kind::Event if pledge.event().is_none_or(|e| e.as_str() != slug) => "deadline_event",
        Kind::Event => "event",
        Kind::Pledge if pledge.supersedes().is_some_and(|s| s.as_str() == slug) => "supersedes",
        Kind::Pledge | Kind::Row => "parent",
    }
}

/// Orders rows so that a parent named in the file comes before its children (the file's
/// order is kept otherwise). Cycles are left for the store's check to refuse.
fn parents_first(rows: Vec<(u64, Pledge)>) -> Vec<(u64, Pledge)> {
    let in_file: HashMap<Slug, usize> = rows
        .iter()
        .enumerate()
        .map(|(i, (_, p))| (p.slug().clone(), i))
        .collect();
    let mut placed = vec![false; rows.len()];
    let mut order = Vec::with_capacity(rows.len());
    fn place(
        i: usize,
        rows: &[(u64, Pledge)],
        in_file: &HashMap<Slug, usize>,
        placed: &mut [bool],
        order: &mut Vec<usize>,
        depth: usize,
    ) {
        if placed[i] || depth > rows.len() {
            return;
        }
        if let Some(&parent) = rows[i].1.parent().and_then(|p| in_file.get(p)) {
            place(parent, rows, in_file, placed, order, depth + 1);
        }
        if !placed[i] {
            placed[i] = true;
            order.push(i);
        }
    }
    for i in 0..rows.len() {
        place(i, &rows, &in_file, &mut placed, &mut order, 0);
    }
    let mut slots: Vec<Option<(u64, Pledge)>> = rows.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots[i].take()).collect()
}

/// Parses, then imports all or nothing: the report, or every refused row with its line
/// and field. The outer error is the database's own failure (unavailable, read-only…).
pub async fn run(
    db: &Db,
    text: &str,
    author: persistence::Author<'_>,
    dry_run: bool,
) -> PageResult<Result<ImportReport, FieldErrors>> {
    let rows = match parse(text) {
        Ok(rows) => rows,
        Err(problems) => return Ok(Err(problems)),
    };
    match db
        .import_pledges(&rows, author, dry_run, chrono::Utc::now())
        .await
    {
        Ok(report) => Ok(Ok(report)),
        Err(failure) => {
            let line = failure.line;
            let pledge = rows.iter().find(|(l, _)| *l == line).map(|(_, p)| p);
            let problems = FieldErrors::store_at(Some(line), failure.error, |kind, slug| {
                pledge.map_or("row", |p| column_naming(p, kind, slug))
            })?;
            Ok(Err(problems))
        }
    }
}

/// A report as lines of text, for the command line and the admin page.
pub fn describe(report: &ImportReport, dry_run: bool) -> Vec<String> {
    let verb = if dry_run { "would be" } else { "were" };
    let mut lines = vec![format!(
        "{} created, {} updated, {} unchanged ({verb} applied)",
        report.created.len(),
        report.updated.len(),
        report.unchanged
    )];
    lines.extend(report.created.iter().map(|s| format!("create {s}")));
    for (slug, edits) in &report.updated {
        for e in edits {
            lines.push(format!("update {slug}: {}: {} → {}", e.field, e.old, e.new));
        }
    }
    lines
}
