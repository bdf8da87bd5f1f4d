//! Stored read-model snapshots: every live pledge's summary as of a change-log head, saved
//! by a running server so that the next start reads one value and the entries after it
//! instead of every pledge's rows.
//!
//! A snapshot is only a shortcut to what the tables already hold, and it is trusted only
//! while that stays so:
//! - it names the head it was taken at, and is used only while the log still holds that
//!   entry with that hash (a restored or rewritten database has another history);
//! - it names the last migration applied, and a later migration voids it;
//! - writes that change pledges without a log entry (the bulk loader) delete it in their
//!   own transaction. Anyone changing the tables by hand must do the same
//!   (`DELETE FROM read_model_snapshots`); the next start then reads everything.

use crate::db::Db;
use crate::entities::changes::{change_log, read_model_snapshots};
use crate::error::{StoreError, StoreResult};
use chrono::{SecondsFormat, Utc};
use domain::catalog::PledgeSummary;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, ExprTrait, QueryFilter,
    QuerySelect, Statement, sea_query::OnConflict,
};

/// The encoding of `body`: the summaries as a JSON array, LZ4-compressed with the
/// uncompressed size in front. A new encoding takes a new name; old rows are then ignored.
pub const FORMAT: &str = "summaries-json-lz4-v1";

/// A snapshot as read back: the head it includes and the pledges then live.
pub struct Stored {
    pub head: (i64, String),
    pub summaries: Vec<PledgeSummary>,
}

/// Encodes summaries for [`Db::save_snapshot`]. CPU work in proportion to the tracker:
/// callers run it off the async threads.
pub fn encode<'a>(summaries: impl Iterator<Item = &'a PledgeSummary>) -> StoreResult<Vec<u8>> {
    let all: Vec<&PledgeSummary> = summaries.collect();
    let json = serde_json::to_vec(&all)
        .map_err(|e| StoreError::Corrupt(format!("encoding a snapshot: {e}")))?;
    Ok(lz4_flex::compress_prepend_size(&json))
}

fn decode(body: &[u8]) -> Result<Vec<PledgeSummary>, String> {
    let json = lz4_flex::decompress_size_prepended(body).map_err(|e| e.to_string())?;
    serde_json::from_slice(&json).map_err(|e| e.to_string())
}

async fn last_migration<C: ConnectionTrait>(conn: &C) -> StoreResult<String> {
    let row = conn
        .query_one_raw(Statement::from_string(
            conn.get_database_backend(),
            "SELECT version FROM seaql_migrations ORDER BY version DESC LIMIT 1",
        ))
        .await?
        .ok_or_else(|| StoreError::Corrupt("no migration has been applied".into()))?;
    Ok(row.try_get_by_index::<String>(0)?)
}

/// Deletes every stored snapshot, in the caller's transaction.
pub(crate) async fn void<C: ConnectionTrait>(conn: &C) -> StoreResult<()> {
    read_model_snapshots::Entity::delete_many()
        .exec(conn)
        .await?;
    Ok(())
}

impl Db {
    /// Stores `body` (from [`encode`]) as the snapshot at `head`, unless one at a later
    /// head is stored already (another instance may have saved since). True when stored.
    pub async fn save_snapshot(&self, head: (i64, &str), body: Vec<u8>) -> StoreResult<bool> {
        let schema = last_migration(&self.write).await?;
        let row = read_model_snapshots::ActiveModel {
            format: Set(FORMAT.to_owned()),
            head_seq: Set(head.0),
            head_hash: Set(head.1.to_owned()),
            schema: Set(schema),
            saved_at: Set(Utc::now().to_rfc3339_opts(SecondsFormat::Micros, true)),
            body: Set(body),
        };
        // The update applies only over an older snapshot, so two instances saving at once
        // never move the stored head backwards.
        let on_conflict = OnConflict::column(read_model_snapshots::Column::Format)
            .update_columns([
                read_model_snapshots::Column::HeadSeq,
                read_model_snapshots::Column::HeadHash,
                read_model_snapshots::Column::Schema,
                read_model_snapshots::Column::SavedAt,
                read_model_snapshots::Column::Body,
            ])
            .action_and_where(
                sea_orm::sea_query::Expr::col((
                    read_model_snapshots::Entity,
                    read_model_snapshots::Column::HeadSeq,
                ))
                .lte(head.0),
            )
            .to_owned();
        let done = read_model_snapshots::Entity::insert(row)
            .on_conflict(on_conflict)
            .exec_without_returning(&self.write)
            .await?;
        Ok(done > 0)
    }

    /// The stored snapshot, if there is one this database still agrees with (see the
    /// module's notes); `None` means a start must read every pledge.
    pub async fn stored_snapshot(&self) -> StoreResult<Option<Stored>> {
        let Some(row) = read_model_snapshots::Entity::find_by_id(FORMAT.to_owned())
            .one(&self.read)
            .await?
        else {
            return Ok(None);
        };
        let schema = last_migration(&self.read).await?;
        let (seq, hash) = self.change_head().await?;
        let still_in_log = if row.head_seq == 0 {
            row.head_hash == domain::changelog::GENESIS
        } else {
            change_log::Entity::find()
                .filter(change_log::Column::Seq.eq(row.head_seq))
                .filter(change_log::Column::Hash.eq(row.head_hash.clone()))
                .one(&self.read)
                .await?
                .is_some()
        };
        if row.schema != schema || !still_in_log || row.head_seq > seq {
            tracing::info!(
                snapshot_head = row.head_seq,
                log_head = seq,
                log_hash = %hash,
                "the stored read-model snapshot does not match this database; not used"
            );
            return Ok(None);
        }
        let body = row.body;
        let decoded = tokio::task::spawn_blocking(move || decode(&body))
            .await
            .map_err(|e| StoreError::Corrupt(format!("decoding a snapshot: {e}")))?;
        match decoded {
            Ok(summaries) => Ok(Some(Stored {
                head: (row.head_seq, row.head_hash),
                summaries,
            })),
            Err(e) => {
                tracing::warn!(
                    error = format!("{e:#}"),
                    "the stored read-model snapshot does not decode; not used"
                );
                Ok(None)
            }
        }
    }

    /// The head of the stored snapshot, without reading it.
    pub async fn stored_snapshot_head(&self) -> StoreResult<Option<i64>> {
        Ok(read_model_snapshots::Entity::find_by_id(FORMAT.to_owned())
            .select_only()
            .column(read_model_snapshots::Column::HeadSeq)
            .into_tuple::<i64>()
            .one(&self.read)
            .await?)
    }

    /// Deletes the stored snapshots; the next start reads every pledge.
    pub async fn drop_snapshots(&self) -> StoreResult<()> {
        void(&self.write).await
    }
}
