//! A status of its own for a message never sent because its subscriber left: `skipped`.
//! Until now such a message was `dead` with a fixed last error, told apart by that text.
//! Up widens the status check and turns those rows into `skipped` (their last error
//! cleared: the status says it); down turns every `skipped` row back into that pair and
//! narrows the check again.
//!
//! PostgreSQL replaces the named check constraint. SQLite cannot alter a check, so the table
//! is rebuilt as SQLite's documented procedure says: with foreign keys off, or dropping the
//! old table would cascade to the stored message bytes that reference it. SQLite
//! migrations run outside a transaction, so the rebuild is one script with its own.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The last error that marked a skipped message before this migration.
const SKIPPED_TEXT: &str = "skipped: unsubscribed before sending";
const BEFORE: &[&str] = &["pending", "sending", "sent", "dead"];
const AFTER: &[&str] = &["pending", "sending", "sent", "dead", "skipped"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mark = format!(
            "UPDATE email_outbox SET status = 'skipped', last_error = NULL \
             WHERE status = 'dead' AND last_error = '{SKIPPED_TEXT}'"
        );
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Sqlite => db.execute_unprepared(&sqlite_rebuild(AFTER, &mark)).await?,
            _ => {
                db.execute_unprepared(&postgres_check(AFTER)).await?;
                db.execute_unprepared(&mark).await?
            }
        };
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let unmark = format!(
            "UPDATE email_outbox SET status = 'dead', last_error = '{SKIPPED_TEXT}' \
             WHERE status = 'skipped'"
        );
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DbBackend::Sqlite => {
                // The rows change first, so that every one passes the narrower check.
                let script = format!("{unmark};\n{}", sqlite_rebuild(BEFORE, ""));
                db.execute_unprepared(&script).await?
            }
            _ => {
                db.execute_unprepared(&unmark).await?;
                db.execute_unprepared(&postgres_check(BEFORE)).await?
            }
        };
        Ok(())
    }
}

fn quoted(statuses: &[&str]) -> String {
    statuses
        .iter()
        .map(|s| format!("'{s}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn postgres_check(statuses: &[&str]) -> String {
    format!(
        "ALTER TABLE email_outbox DROP CONSTRAINT email_outbox_status_check; \
         ALTER TABLE email_outbox ADD CONSTRAINT email_outbox_status_check \
         CHECK (status IN ({}))",
        quoted(statuses)
    )
}

const COLUMNS: &str = "id, idempotency_key, kind, recipient, subject, body_text, body_html, \
    status, attempts, max_attempts, next_attempt_at, locked_until, last_error, created_at, \
    sent_at, run_id, subscription_id, lease_owner";

/// The table as migrations 9, 10, 11 and 17 left it, with `statuses` in its check, and
/// `then` run inside the same transaction after the copy.
fn sqlite_rebuild(statuses: &[&str], then: &str) -> String {
    format!(
        r#"PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE "email_outbox_rebuilt" ( "id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "idempotency_key" varchar(200) NOT NULL UNIQUE, "kind" varchar(32) NOT NULL, "recipient" varchar(254) NOT NULL, "subject" text NOT NULL, "body_text" text NOT NULL, "body_html" text NOT NULL, "status" varchar(16) NOT NULL CHECK ("status" IN ({statuses})), "attempts" integer NOT NULL DEFAULT 0, "max_attempts" integer NOT NULL, "next_attempt_at" timestamp_with_timezone_text NOT NULL, "locked_until" timestamp_with_timezone_text NULL, "last_error" text NULL, "created_at" timestamp_with_timezone_text NOT NULL, "sent_at" timestamp_with_timezone_text NULL, "run_id" integer NULL, "subscription_id" integer NULL, "lease_owner" text NULL);
INSERT INTO "email_outbox_rebuilt" ({COLUMNS}) SELECT {COLUMNS} FROM "email_outbox";
DROP TABLE "email_outbox";
ALTER TABLE "email_outbox_rebuilt" RENAME TO "email_outbox";
CREATE INDEX "idx_email_outbox_recipient" ON "email_outbox" ("recipient", "created_at");
CREATE INDEX "idx_email_outbox_run" ON "email_outbox" ("run_id", "status");
CREATE INDEX "idx_email_outbox_pending" ON "email_outbox" ("next_attempt_at", "run_id") WHERE "status" = 'pending';
CREATE INDEX "idx_email_outbox_leased" ON "email_outbox" ("locked_until", "run_id") WHERE "status" = 'sending';
{then};
COMMIT;
PRAGMA foreign_keys = ON;"#,
        statuses = quoted(statuses),
    )
}
