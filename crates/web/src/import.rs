//! Importing pledges from CSV in the export's format: every row is read and checked before
//! anything is written, problems come back with their line and field, rows are ordered so
//! parents come before children, and the store applies them all or none.

use crate::csv_format::read_pledges;
use domain::{Pledge, Slug};
use persistence::Db;
use persistence::edits::{ImportReport, RowProblem};
use std::collections::{HashMap, HashSet};

/// Reads and checks every row; all problems at once, or the pledges in a safe order.
pub fn parse(text: &str) -> Result<Vec<(u64, Pledge)>, Vec<RowProblem>> {
    let rows = read_pledges(text).map_err(|e| {
        vec![RowProblem {
            line: e.line,
            field: e.field,
            message: e.message,
        }]
    })?;
    let mut problems = Vec::new();
    let mut pledges = Vec::new();
    let mut seen = HashSet::new();
    for (line, input) in rows {
        match input.parse() {
            Ok(p) if !seen.insert(p.slug().clone()) => problems.push(RowProblem {
                line,
                field: "slug".into(),
                message: format!("slug: {} appears twice in the file", p.slug()),
            }),
            Ok(p) => pledges.push((line, p)),
            Err(e) => problems.push(RowProblem {
                line,
                field: e.field().into(),
                message: e.to_string(),
            }),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(parents_first(pledges))
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

/// Parses, then imports all or nothing.
pub async fn run(
    db: &Db,
    text: &str,
    author: persistence::Author<'_>,
    dry_run: bool,
) -> Result<ImportReport, Vec<RowProblem>> {
    let rows = parse(text)?;
    db.import_pledges(&rows, author, dry_run, chrono::Utc::now())
        .await
        .map_err(|p| vec![p])
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
