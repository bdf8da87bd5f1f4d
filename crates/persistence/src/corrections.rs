//! The use cases of a pledge's life beyond [`crate::apply`]'s changes (which create,
//! correct, delete softly and restore one): creating one by name, its edit history, and the
//! import of many pledges (all or nothing).

use crate::apply::{Author, Change, Outcome, apply_in};
use crate::db::Db;
use crate::edits::{EditRecord, FieldEdit};
use crate::entities::pledge::pledge_edits;
use crate::error::{StoreError, StoreResult};
use chrono::{DateTime, Utc};
use domain::{Pledge, Slug};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

/// What an import did, or would do on a dry run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub created: Vec<Slug>,
    pub updated: Vec<(Slug, Vec<FieldEdit>)>,
    pub unchanged: usize,
}

/// The row an import refused (line 0: the import as a whole), and why. The caller names
/// the field: the store error says which kind of record and slug it is about.
#[derive(Debug)]
pub struct RowFailure {
    pub line: u64,
    pub error: StoreError,
}

// Deleting, restoring and correcting a pledge are `Db::apply` with the change itself
// (`Change::DeletePledge`, …): no wrapper here repeats them.
impl Db {
    /// Creates a pledge and records who created it.
    pub async fn create_pledge(
        &self,
        p: &Pledge,
        author: &str,
        now: DateTime<Utc>,
    ) -> StoreResult<i32> {
        let applied = self
            .apply(Change::CreatePledge(p.clone()), Author::named(author), now)
            .await?;
        match applied.outcome {
            Outcome::PledgeCreated { id } => Ok(id),
            _ => Err(StoreError::Corrupt("creating a pledge created none".into())),
        }
    }

    /// A pledge's edits, oldest first.
    pub async fn pledge_edits(&self, slug: &Slug) -> StoreResult<Vec<EditRecord>> {
        let id = crate::catalog::pledge_id(&self.read, slug)
            .await?
            .ok_or_else(|| StoreError::not_found(format!("pledge {slug}")))?;
        Ok(pledge_edits::Entity::find()
            .filter(pledge_edits::Column::PledgeId.eq(id))
            .order_by_asc(pledge_edits::Column::Id)
            .all(&self.read)
            .await?
            .into_iter()
            .map(|m| EditRecord {
                at: m.at,
                author: m.author,
                edit: FieldEdit {
                    field: m.field,
                    old: m.old_value,
                    new: m.new_value,
                },
            })
            .collect())
    }

    /// Creates or updates (matched by slug) every pledge, all or nothing. Rows must list a
    /// parent before its children. On a dry run the transaction is rolled back, so the
    /// report says what would change and nothing does. A failing row names its line.
    pub async fn import_pledges(
        &self,
        rows: &[(u64, Pledge)],
        author: Author<'_>,
        dry_run: bool,
        now: DateTime<Utc>,
    ) -> Result<ImportReport, RowFailure> {
        let problem = |line: u64, error: StoreError| RowFailure { line, error };
        let txn = self.begin_write().await.map_err(|e| problem(0, e.into()))?;
        let mut report = ImportReport::default();
        for (line, pledge) in rows {
            let exists = crate::catalog::pledge_id(&txn, pledge.slug())
                .await
                .map_err(|e| problem(*line, e))?
                .is_some();
            let change = if exists {
                Change::CorrectPledge(pledge.clone())
            } else {
                Change::CreatePledge(pledge.clone())
            };
            let applied = apply_in(self, &txn, change, author, now)
                .await
                .map_err(|e| problem(*line, e))?;
            match applied.outcome {
                Outcome::PledgeCorrected(edits) if edits.is_empty() => report.unchanged += 1,
                Outcome::PledgeCorrected(edits) => {
                    report.updated.push((pledge.slug().clone(), edits))
                }
                _ => report.created.push(pledge.slug().clone()),
            }
        }
        let detail = crate::audit::AuditDetail::note(format!(
            "{} created, {} updated",
            report.created.len(),
            report.updated.len()
        ));
        crate::apply::audit_in(&txn, author, "import", "pledges", &detail, now)
            .await
            .map_err(|e| problem(0, e))?;
        if dry_run {
            txn.rollback().await.map_err(|e| problem(0, e.into()))?;
        } else {
            txn.commit().await.map_err(|e| problem(0, e.into()))?;
        }
        Ok(report)
    }
}
