//! Back-fills the change log from the history stored before it existed: pledge edits
//! (creation, corrections, deletion, restoring) and follow-ups, in the order they were
//! recorded, each sealed into the chain exactly as a live write would seal it.

use crate::m20261202_000012_create_change_log::{ChangeLog, ChangeLogHead};
use chrono::{DateTime, NaiveDate, Utc};
use domain::changelog::{Body, ChangeKind, Entry, EvidenceRow, FieldChange, GENESIS, MoneyRow};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, Statement};
use std::collections::HashMap;

/// Follow-ups whose details are read at once; bounds memory on a large tracker.
const CHUNK: usize = 500;
const INSERT_ROWS: usize = 200;

enum Item {
    /// Pledge edits of one save: same pledge, time and author.
    Edits {
        at: DateTime<Utc>,
        author: String,
        slug: String,
        rows: Vec<(String, String, String)>,
    },
    FollowUp {
        at: DateTime<Utc>,
        id: i32,
    },
}

impl Item {
    fn key(&self) -> (DateTime<Utc>, u8, i64) {
        match self {
            Item::Edits { at, .. } => (*at, 0, 0),
            Item::FollowUp { at, id } => (*at, 1, i64::from(*id)),
        }
    }
}

fn edits_entry(prev: (i64, &str), item: &Item) -> Option<Entry> {
    let Item::Edits {
        at,
        author,
        slug,
        rows,
    } = item
    else {
        return None;
    };
    let first = rows.first().map(|r| r.0.as_str());
    let kind = match first {
        Some("created") => ChangeKind::PledgeCreated,
        Some("deleted") => ChangeKind::PledgeDeleted,
        Some("restored") => ChangeKind::PledgeRestored,
        _ => ChangeKind::PledgeCorrected,
    };
    let changes = rows
        .iter()
        .map(|(f, o, n)| {
            FieldChange::text(
                f,
                (!o.is_empty()).then(|| o.clone()),
                (!n.is_empty()).then(|| n.clone()),
            )
        })
        .collect();
    let body = Body {
        changes,
        ..Body::default()
    };
    Some(Entry::seal(prev, *at, author, kind, slug, to_json(&body)))
}

fn to_json(body: &Body) -> String {
    serde_json::to_string(body).unwrap_or_else(|_| "{}".to_owned())
}

pub async fn run<C: ConnectionTrait>(conn: &C) -> Result<(), DbErr> {
    let b = conn.get_database_backend();
    let q = |sql: &str| Statement::from_string(b, sql.to_owned());
    let mut items: Vec<Item> = Vec::new();
    // The edits of one save share pledge, time and author: one entry each.
    let mut group: Option<(i32, Item)> = None;
    let edits = conn
        .query_all_raw(q(
            "SELECT e.pledge_id, e.at, e.author, e.field, e.old_value, e.new_value, \
             p.slug FROM pledge_edits e JOIN pledges p ON p.id = e.pledge_id ORDER BY e.id",
        ))
        .await?;
    for r in edits {
        let pledge: i32 = r.try_get("", "pledge_id")?;
        let at: DateTime<Utc> = r.try_get("", "at")?;
        let author: String = r.try_get("", "author")?;
        let row = (
            r.try_get::<String>("", "field")?,
            r.try_get::<String>("", "old_value")?,
            r.try_get::<String>("", "new_value")?,
        );
        if let Some((
            p,
            Item::Edits {
                at: t,
                author: a,
                rows,
                ..
            },
        )) = &mut group
            && *p == pledge
            && *t == at
            && *a == author
        {
            rows.push(row);
            continue;
        }
        items.extend(group.take().map(|(_, item)| item));
        let slug = r.try_get("", "slug")?;
        group = Some((
            pledge,
            Item::Edits {
                at,
                author,
                slug,
                rows: vec![row],
            },
        ));
    }
    items.extend(group.take().map(|(_, item)| item));
    for r in conn
        .query_all_raw(q("SELECT id, recorded_at FROM follow_ups"))
        .await?
    {
        items.push(Item::FollowUp {
            id: r.try_get("", "id")?,
            at: r.try_get("", "recorded_at")?,
        });
    }
    items.sort_by_key(Item::key);

    let mut head = (0_i64, GENESIS.to_owned());
    let mut pending: Vec<Entry> = Vec::new();
    for chunk in items.chunks(CHUNK) {
        let ids: Vec<i32> = chunk
            .iter()
            .filter_map(|i| match i {
                Item::FollowUp { id, .. } => Some(*id),
                _ => None,
            })
            .collect();
        let mut bodies = follow_up_bodies(conn, &ids).await?;
        for item in chunk {
            let prev = (head.0, head.1.as_str());
            let entry = match item {
                Item::Edits { .. } => edits_entry(prev, item),
                Item::FollowUp { id, at } => bodies.remove(id).map(|(slug, author, body)| {
                    Entry::seal(
                        prev,
                        *at,
                        &author,
                        ChangeKind::FollowUpRecorded,
                        &slug,
                        body,
                    )
                }),
            };
            if let Some(e) = entry {
                head = (e.seq, e.hash.clone());
                pending.push(e);
            }
        }
        if pending.len() >= INSERT_ROWS {
            insert(conn, std::mem::take(&mut pending)).await?;
        }
    }
    insert(conn, pending).await?;
    let mut head_row = Query::insert();
    head_row
        .into_table(ChangeLogHead::Table)
        .columns([ChangeLogHead::Id, ChangeLogHead::Seq, ChangeLogHead::Hash])
        .values_panic([1.into(), head.0.into(), head.1.into()]);
    conn.execute(&head_row).await?;
    Ok(())
}

async fn insert<C: ConnectionTrait>(conn: &C, entries: Vec<Entry>) -> Result<(), DbErr> {
    for rows in entries.chunks(INSERT_ROWS) {
        let mut stmt = Query::insert();
        stmt.into_table(ChangeLog::Table).columns([
            ChangeLog::Seq,
            ChangeLog::At,
            ChangeLog::Author,
            ChangeLog::Kind,
            ChangeLog::SubjectKind,
            ChangeLog::Subject,
            ChangeLog::Body,
            ChangeLog::PrevHash,
            ChangeLog::Hash,
        ]);
        for e in rows {
            stmt.values_panic([
                e.seq.into(),
                e.at.clone().into(),
                e.author.clone().into(),
                e.kind.code().into(),
                e.subject_kind.code().into(),
                e.subject.clone().into(),
                e.body.clone().into(),
                e.prev_hash.clone().into(),
                e.hash.clone().into(),
            ]);
        }
        conn.execute(&stmt).await?;
    }
    Ok(())
}

/// (pledge slug, author, body) of each follow-up in `ids`.
async fn follow_up_bodies<C: ConnectionTrait>(
    conn: &C,
    ids: &[i32],
) -> Result<HashMap<i32, (String, String, String)>, DbErr> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let b = conn.get_database_backend();
    let list = ids.iter().map(i32::to_string).collect::<Vec<_>>().join(",");
    let q = |sql: String| Statement::from_string(b, sql);
    let mut parts: HashMap<i32, (String, String, Body)> = HashMap::new();
    for r in conn
        .query_all_raw(q(format!(
            "SELECT f.id, f.author, f.occurred_on, f.note, p.slug FROM follow_ups f \
             JOIN pledges p ON p.id = f.pledge_id WHERE f.id IN ({list})"
        )))
        .await?
    {
        let occurred: NaiveDate = r.try_get("", "occurred_on")?;
        let id: i32 = r.try_get("", "id")?;
        let body = Body {
            follow_up: Some(i64::from(id)),
            occurred_on: Some(occurred.to_string()),
            note: r.try_get("", "note")?,
            ..Body::default()
        };
        parts.insert(id, (r.try_get("", "slug")?, r.try_get("", "author")?, body));
    }
    let mut money: HashMap<i32, MoneyRow> = HashMap::new();
    for r in conn
        .query_all_raw(q(format!(
            "SELECT m.id, m.stage, m.amount_min, m.amount_max, m.currency, m.value_date, \
             m.basis, s.slug FROM follow_up_money fm JOIN money_figures m \
             ON m.id = fm.money_figure_id JOIN sources s ON s.id = m.source_id \
             WHERE fm.follow_up_id IN ({list})"
        )))
        .await?
    {
        let value_date: NaiveDate = r.try_get("", "value_date")?;
        money.insert(
            r.try_get("", "id")?,
            MoneyRow {
                // Every figure was an amount when this migration back-filled the log.
                kind: None,
                stage: r.try_get("", "stage")?,
                min: r.try_get("", "amount_min")?,
                max: r.try_get("", "amount_max")?,
                currency: r.try_get("", "currency")?,
                value_date: value_date.to_string(),
                basis: r.try_get("", "basis")?,
                source: r.try_get("", "slug")?,
            },
        );
    }
    for r in conn
        .query_all_raw(q(format!(
            "SELECT follow_up_id, field, condition_number, old_value, new_value \
             FROM follow_up_changes WHERE follow_up_id IN ({list}) \
             ORDER BY follow_up_id, position"
        )))
        .await?
    {
        let id: i32 = r.try_get("", "follow_up_id")?;
        let field: String = r.try_get("", "field")?;
        let new: String = r.try_get("", "new_value")?;
        let condition: Option<i16> = r.try_get("", "condition_number")?;
        let change = if field == "money" {
            FieldChange {
                money: new.parse::<i32>().ok().and_then(|m| money.remove(&m)),
                ..FieldChange::text("money", None, None)
            }
        } else {
            FieldChange {
                condition: condition.map(i64::from),
                ..FieldChange::text(&field, r.try_get("", "old_value")?, Some(new))
            }
        };
        if let Some(p) = parts.get_mut(&id) {
            p.2.changes.push(change);
        }
    }
    for r in conn
        .query_all_raw(q(format!(
            "SELECT follow_up_id, url, title, tier FROM evidence \
             WHERE follow_up_id IN ({list}) ORDER BY follow_up_id, position"
        )))
        .await?
    {
        let id: i32 = r.try_get("", "follow_up_id")?;
        if let Some(p) = parts.get_mut(&id) {
            p.2.evidence.push(EvidenceRow {
                url: r.try_get("", "url")?,
                title: r.try_get("", "title")?,
                // No evidence had a publisher when this migration back-filled the log.
                publisher: None,
                tier: r.try_get("", "tier")?,
                // Nor an archived copy: the column came later (migration 24).
                archived_url: None,
            });
        }
    }
    Ok(parts
        .into_iter()
        .map(|(id, (slug, author, body))| (id, (slug, author, to_json(&body))))
        .collect())
}
