//! The change log in storage: sealing an entry into the chain inside the writer's
//! transaction, and reading the log back by cursor, for followers, the API, export and
//! verification.

use crate::db::{Backend, Db};
use crate::entities::changes::{change_log, change_log_head};
use crate::error::{StoreError, StoreResult};
use chrono::{DateTime, Utc};
use domain::changelog::{Body, Break, ChangeKind, Entry, SubjectKind, Verifier};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, sea_query::Expr,
};

/// Entries read per query while verifying or exporting.
const PAGE: u64 = 2_000;

fn entry_from_row(m: change_log::Model) -> StoreResult<Entry> {
    let c = |e| StoreError::corrupt("change_log", e);
    Ok(Entry {
        seq: m.seq,
        at: m.at,
        author: m.author,
        kind: ChangeKind::parse(&m.kind).map_err(c)?,
        subject_kind: SubjectKind::parse(&m.subject_kind).map_err(c)?,
        subject: m.subject,
        body: m.body,
        prev_hash: m.prev_hash,
        hash: m.hash,
    })
}

/// Appends one entry after the current head and moves the head, in `txn`.
///
/// Why the head row: on PostgreSQL two writers may run at once. Each locks the one head
/// row (`FOR UPDATE`) before reading it, so the second waits for the first to commit and
/// then reads the head the first wrote; sequence numbers stay gapless and the chain never
/// forks. A rolled-back writer leaves the head as it was. SQLite has one writer already.
pub(crate) async fn append(
    txn: &DatabaseTransaction,
    backend: Backend,
    at: DateTime<Utc>,
    author: &str,
    kind: ChangeKind,
    subject: &str,
    body: &Body,
) -> StoreResult<Entry> {
    let mut q = change_log_head::Entity::find_by_id(1);
    if backend == Backend::Postgres {
        q = q.lock_exclusive();
    }
    let head = q
        .one(txn)
        .await?
        .ok_or_else(|| StoreError::Corrupt("change_log_head has no row".into()))?;
    let body = serde_json::to_string(body)
        .map_err(|e| StoreError::Corrupt(format!("change body: {e}")))?;
    let entry = Entry::seal((head.seq, &head.hash), at, author, kind, subject, body);
    change_log::Entity::insert(change_log::ActiveModel {
        seq: Set(entry.seq),
        at: Set(entry.at.clone()),
        author: Set(entry.author.clone()),
        kind: Set(entry.kind.code().to_owned()),
        subject_kind: Set(entry.subject_kind.code().to_owned()),
        subject: Set(entry.subject.clone()),
        body: Set(entry.body.clone()),
        prev_hash: Set(entry.prev_hash.clone()),
        hash: Set(entry.hash.clone()),
    })
    .exec_without_returning(txn)
    .await?;
    change_log_head::Entity::update_many()
        .col_expr(change_log_head::Column::Seq, Expr::value(entry.seq))
        .col_expr(
            change_log_head::Column::Hash,
            Expr::value(entry.hash.clone()),
        )
        .filter(change_log_head::Column::Id.eq(1))
        .exec(txn)
        .await?;
    Ok(entry)
}

async fn page_after<C: ConnectionTrait>(
    conn: &C,
    after: i64,
    limit: u64,
) -> StoreResult<Vec<Entry>> {
    change_log::Entity::find()
        .filter(change_log::Column::Seq.gt(after))
        .order_by_asc(change_log::Column::Seq)
        .limit(limit)
        .all(conn)
        .await?
        .into_iter()
        .map(entry_from_row)
        .collect()
}

impl Db {
    /// Sequence number and hash of the newest entry; `(0, GENESIS)` for an empty log.
    pub async fn change_head(&self) -> StoreResult<(i64, String)> {
        let head = change_log_head::Entity::find_by_id(1)
            .one(&self.read)
            .await?
            .ok_or_else(|| StoreError::Corrupt("change_log_head has no row".into()))?;
        Ok((head.seq, head.hash))
    }

    /// Up to `limit` entries after `after`, oldest first.
    pub async fn changes_after(&self, after: i64, limit: u64) -> StoreResult<Vec<Entry>> {
        page_after(&self.read, after, limit).await
    }

    /// Entries of one subject, newest first.
    pub async fn changes_of(
        &self,
        kind: SubjectKind,
        subject: &str,
        limit: u64,
    ) -> StoreResult<Vec<Entry>> {
        change_log::Entity::find()
            .filter(change_log::Column::SubjectKind.eq(kind.code()))
            .filter(change_log::Column::Subject.eq(subject))
            .order_by_desc(change_log::Column::Seq)
            .limit(limit)
            .all(&self.read)
            .await?
            .into_iter()
            .map(entry_from_row)
            .collect()
    }

    /// Calls `each` for every entry, oldest first, a page at a time.
    pub async fn each_change(
        &self,
        mut each: impl FnMut(&Entry) -> StoreResult<()>,
    ) -> StoreResult<()> {
        let mut after = 0;
        loop {
            let page = page_after(&self.read, after, PAGE).await?;
            let Some(last) = page.last() else {
                return Ok(());
            };
            after = last.seq;
            for e in &page {
                each(e)?;
            }
        }
    }

    /// Recomputes the whole chain and checks that the head row agrees with its end.
    /// `Ok(Err(_))` names the first entry that does not hold.
    pub async fn verify_changes(&self) -> StoreResult<Result<(i64, String), Break>> {
        let mut verifier = Verifier::default();
        let mut broken = None;
        self.each_change(|e| {
            if broken.is_none()
                && let Err(b) = verifier.check(e)
            {
                broken = Some(b);
            }
            Ok(())
        })
        .await?;
        if let Some(b) = broken {
            return Ok(Err(b));
        }
        let (seq, hash) = verifier.head();
        let (head_seq, head_hash) = self.change_head().await?;
        if head_seq != seq || head_hash != hash {
            return Ok(Err(Break {
                seq: head_seq,
                reason: format!(
                    "the recorded head ({head_seq}) is not the end of the chain ({seq})"
                ),
            }));
        }
        Ok(Ok((seq, hash.to_owned())))
    }
}
