//! The pledgewatch schema as an ordered list of sea-orm migrations, in portable DDL that
//! runs on SQLite and PostgreSQL alike.

pub use sea_orm_migration::prelude::*;

mod changelog_backfill;
mod checks;
mod m20261126_000001_create_reference_tables;
mod m20261126_000002_create_pledges;
mod m20261126_000003_create_follow_ups;
mod m20261126_000004_create_users_and_subscriptions;
mod m20261126_000005_index_evidence_by_follow_up;
mod m20261126_000006_create_sessions_and_audit;
mod m20261126_000007_create_pledge_edits;
mod m20261126_000008_add_pledge_deleted_at;
mod m20261126_000009_create_email_outbox;
mod m20261126_000010_create_digest_delivery;
mod m20261127_000011_partial_outbox_indexes;
mod m20261202_000012_create_change_log;
mod m20261203_000013_create_read_model_snapshots;
mod m20261203_000014_add_evidence_publisher;
mod m20261203_000015_add_money_figure_kind;
mod m20261203_000016_add_event_date_precision;
mod m20261206_000017_add_outbox_lease_owner;
mod m20261206_000018_add_subscription_link_version;
mod m20261206_000019_add_outbox_skipped_status;
mod m20261206_000021_create_contributions;
mod m20261206_000023_create_link_checks;
mod m20261206_000024_add_evidence_archived_url;
mod m20261206_000025_add_subscription_lang;
mod m20261206_000026_add_contribution_lang;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261126_000001_create_reference_tables::Migration),
            Box::new(m20261126_000002_create_pledges::Migration),
            Box::new(m20261126_000003_create_follow_ups::Migration),
            Box::new(m20261126_000004_create_users_and_subscriptions::Migration),
            Box::new(m20261126_000005_index_evidence_by_follow_up::Migration),
            Box::new(m20261126_000006_create_sessions_and_audit::Migration),
            Box::new(m20261126_000007_create_pledge_edits::Migration),
            Box::new(m20261126_000008_add_pledge_deleted_at::Migration),
            Box::new(m20261126_000009_create_email_outbox::Migration),
            Box::new(m20261126_000010_create_digest_delivery::Migration),
            Box::new(m20261127_000011_partial_outbox_indexes::Migration),
            Box::new(m20261202_000012_create_change_log::Migration),
            Box::new(m20261203_000013_create_read_model_snapshots::Migration),
            Box::new(m20261203_000014_add_evidence_publisher::Migration),
            Box::new(m20261203_000015_add_money_figure_kind::Migration),
            Box::new(m20261203_000016_add_event_date_precision::Migration),
            Box::new(m20261206_000017_add_outbox_lease_owner::Migration),
            Box::new(m20261206_000018_add_subscription_link_version::Migration),
            Box::new(m20261206_000019_add_outbox_skipped_status::Migration),
            Box::new(m20261206_000021_create_contributions::Migration),
            Box::new(m20261206_000023_create_link_checks::Migration),
            Box::new(m20261206_000024_add_evidence_archived_url::Migration),
            Box::new(m20261206_000025_add_subscription_lang::Migration),
            Box::new(m20261206_000026_add_contribution_lang::Migration),
        ]
    }
}
