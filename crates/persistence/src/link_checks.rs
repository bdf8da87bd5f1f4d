//! Evidence health in storage: the cited addresses to check, the results of checks folded
//! into one record per address (`link_checks`), and the reads the pages need (records by
//! address, broken links with the pledges they support, pledges whose status rests only
//! on evidence at risk).

use crate::db::Db;
use crate::entities::follow_up::{evidence, follow_up_changes, follow_ups};
use crate::entities::link_check::link_checks;
use crate::entities::pledge::pledges;
use crate::error::{StoreError, StoreResult};
use domain::Slug;
use domain::link_health::{LinkCheck, LinkHealth, LinkOutcome, LinkRecord};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A link that is not live, with the pledges whose evidence cites it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    pub record: LinkRecord,
    pub health: LinkHealth,
    /// (slug, title) of each pledge citing it, by slug.
    pub pledges: Vec<(Slug, String)>,
    /// Archived copies recorded for this address, so that an editor can point readers at
    /// one. The checker never fetches these: a copy is there because the original may go.
    pub archived_copies: Vec<String>,
}

/// Every archived copy recorded beside each cited address.
async fn archived_copies<C: ConnectionTrait>(
    conn: &C,
) -> StoreResult<BTreeMap<String, BTreeSet<String>>> {
    let mut copies: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (url, copy) in evidence::Entity::find()
        .select_only()
        .column(evidence::Column::Url)
        .column(evidence::Column::ArchivedUrl)
        .filter(evidence::Column::ArchivedUrl.is_not_null())
        .into_tuple::<(String, String)>()
        .all(conn)
        .await?
    {
        copies.entry(url).or_default().insert(copy);
    }
    Ok(copies)
}

fn record_from_row(row: link_checks::Model) -> StoreResult<LinkRecord> {
    let count = |n: i32| u32::try_from(n).unwrap_or(0);
    Ok(LinkRecord {
        latest: LinkCheck {
            outcome: LinkOutcome::parse(&row.outcome)
                .map_err(|e| StoreError::Corrupt(format!("link_checks {}: {e}", row.id)))?,
            http_status: row.http_status.and_then(|s| u16::try_from(s).ok()),
            final_url: row.final_url,
            content_hash: row.content_hash,
            checked_at: row.checked_at,
            detail: row.detail,
            url: row.url,
        },
        cited_hash: row.cited_hash,
        first_checked_at: row.first_checked_at,
        checks: count(row.checks),
        consecutive_timeouts: count(row.consecutive_timeouts),
        consecutive_failures: count(row.consecutive_failures),
    })
}

/// (follow-up id, pledge id, url) of every evidence row of a pledge that is not deleted.
async fn live_evidence<C: ConnectionTrait>(conn: &C) -> StoreResult<Vec<(i32, i32, String)>> {
    let live: HashMap<i32, ()> = pledges::Entity::find()
        .select_only()
        .column(pledges::Column::Id)
        .filter(pledges::Column::DeletedAt.is_null())
        .into_tuple::<i32>()
        .all(conn)
        .await?
        .into_iter()
        .map(|id| (id, ()))
        .collect();
    let owners: HashMap<i32, i32> = follow_ups::Entity::find()
        .select_only()
        .column(follow_ups::Column::Id)
        .column(follow_ups::Column::PledgeId)
        .into_tuple::<(i32, i32)>()
        .all(conn)
        .await?
        .into_iter()
        .filter(|(_, pledge)| live.contains_key(pledge))
        .collect();
    Ok(evidence::Entity::find()
        .select_only()
        .column(evidence::Column::FollowUpId)
        .column(evidence::Column::Url)
        .order_by_asc(evidence::Column::Id)
        .into_tuple::<(i32, String)>()
        .all(conn)
        .await?
        .into_iter()
        .filter_map(|(fu, url)| owners.get(&fu).map(|p| (fu, *p, url)))
        .collect())
}

async fn records_by_url<C: ConnectionTrait>(
    conn: &C,
    urls: Vec<String>,
) -> StoreResult<HashMap<String, LinkRecord>> {
    Ok(rows_by_url(conn, urls)
        .await?
        .into_iter()
        .map(|(url, (_, record))| (url, record))
        .collect())
}

/// The stored records of these addresses, with their row ids, a chunk at a time (a
/// statement takes a bounded number of parameters).
async fn rows_by_url<C: ConnectionTrait>(
    conn: &C,
    urls: Vec<String>,
) -> StoreResult<HashMap<String, (i32, LinkRecord)>> {
    let mut found = HashMap::new();
    for chunk in urls.chunks(500) {
        for row in link_checks::Entity::find()
            .filter(link_checks::Column::Url.is_in(chunk.iter().cloned()))
            .all(conn)
            .await?
        {
            let id = row.id;
            let record = record_from_row(row)?;
            found.insert(record.latest.url.clone(), (id, record));
        }
    }
    Ok(found)
}

impl Db {
    /// Every distinct address cited as evidence on a pledge that is not deleted.
    pub async fn cited_urls(&self) -> StoreResult<Vec<String>> {
        let urls: BTreeSet<String> = live_evidence(&self.read)
            .await?
            .into_iter()
            .map(|(_, _, url)| url)
            .collect();
        Ok(urls.into_iter().collect())
    }

    /// Folds each check into its address's record, all in one transaction.
    pub async fn record_link_checks(&self, checks: Vec<LinkCheck>) -> StoreResult<usize> {
        let txn = self.begin_write().await?;
        let urls = checks.iter().map(|c| c.url.clone()).collect();
        let mut known = rows_by_url(&txn, urls).await?;
        let written = checks.len();
        for check in checks {
            let url = check.url.clone();
            let before = known.get(&url);
            let id = before.map(|(id, _)| *id);
            let record = LinkRecord::after(before.map(|(_, r)| r), check);
            let count = |n: u32| i32::try_from(n).unwrap_or(i32::MAX);
            let mut row = link_checks::ActiveModel {
                url: Set(url.clone()),
                outcome: Set(record.latest.outcome.code().to_owned()),
                http_status: Set(record.latest.http_status.map(i32::from)),
                final_url: Set(record.latest.final_url.clone()),
                content_hash: Set(record.latest.content_hash.clone()),
                cited_hash: Set(record.cited_hash.clone()),
                // Failure detail comes from other servers: bounded before it is stored.
                detail: Set(record
                    .latest
                    .detail
                    .as_ref()
                    .map(|d| d.chars().take(500).collect())),
                checked_at: Set(record.latest.checked_at),
                first_checked_at: Set(record.first_checked_at),
                checks: Set(count(record.checks)),
                consecutive_timeouts: Set(count(record.consecutive_timeouts)),
                consecutive_failures: Set(count(record.consecutive_failures)),
                ..Default::default()
            };
            let id = match id {
                Some(id) => {
                    row.id = Set(id);
                    row.update(&txn).await?.id
                }
                None => row.insert(&txn).await?.id,
            };
            // The same address twice in one batch folds into one record.
            known.insert(url, (id, record));
        }
        txn.commit().await?;
        Ok(written)
    }

    /// The records of these addresses that have been checked.
    pub async fn link_records(&self, urls: &[String]) -> StoreResult<HashMap<String, LinkRecord>> {
        records_by_url(&self.read, urls.to_vec()).await
    }

    /// When a check was last recorded: pages that show evidence health are cached under
    /// it, so a new check shows at once.
    pub async fn link_checks_version(&self) -> StoreResult<Option<chrono::DateTime<chrono::Utc>>> {
        Ok(link_checks::Entity::find()
            .select_only()
            .column_as(link_checks::Column::CheckedAt.max(), "latest")
            .into_tuple::<Option<chrono::DateTime<chrono::Utc>>>()
            .one(&self.read)
            .await?
            .flatten())
    }

    /// Every cited address whose last checks were not live, worst first, with the pledges
    /// its evidence supports.
    pub async fn broken_links(&self) -> StoreResult<Vec<BrokenLink>> {
        let evidence = live_evidence(&self.read).await?;
        let mut citing: BTreeMap<String, BTreeSet<i32>> = BTreeMap::new();
        for (_, pledge, url) in evidence {
            citing.entry(url).or_default().insert(pledge);
        }
        let records = records_by_url(&self.read, citing.keys().cloned().collect()).await?;
        let mut copies = archived_copies(&self.read).await?;
        let titles: HashMap<i32, (String, String)> = pledges::Entity::find()
            .select_only()
            .column(pledges::Column::Id)
            .column(pledges::Column::Slug)
            .column(pledges::Column::Title)
            .filter(pledges::Column::DeletedAt.is_null())
            .into_tuple::<(i32, String, String)>()
            .all(&self.read)
            .await?
            .into_iter()
            .map(|(id, slug, title)| (id, (slug, title)))
            .collect();
        let mut broken = Vec::new();
        for (url, record) in records {
            let health = record.health();
            if health == LinkHealth::Live {
                continue;
            }
            let mut cited: Vec<(Slug, String)> = Vec::new();
            for id in citing.get(&url).into_iter().flatten() {
                if let Some((slug, title)) = titles.get(id) {
                    cited.push((Slug::parse("pledge", slug)?, title.clone()));
                }
            }
            cited.sort();
            broken.push(BrokenLink {
                record,
                health,
                pledges: cited,
                archived_copies: copies
                    .remove(&url)
                    .map(|c| c.into_iter().collect())
                    .unwrap_or_default(),
            });
        }
        let rank = |h: LinkHealth| match h {
            LinkHealth::Gone => 0,
            LinkHealth::Changed => 1,
            _ => 2,
        };
        broken.sort_by(|a, b| {
            (rank(a.health), &a.record.latest.url).cmp(&(rank(b.health), &b.record.latest.url))
        });
        Ok(broken)
    }

    /// Pledges whose current delivery status rests only on evidence at risk: the latest
    /// follow-up that set their status cites evidence, and every address it cites is gone
    /// or changed since cited.
    pub async fn pledges_resting_on_evidence_at_risk(&self) -> StoreResult<Vec<Slug>> {
        let evidence = live_evidence(&self.read).await?;
        let owner: HashMap<i32, i32> = evidence.iter().map(|(fu, p, _)| (*fu, *p)).collect();
        // The latest status-setting follow-up of each pledge (ids grow with time).
        let mut latest: HashMap<i32, i32> = HashMap::new();
        for fu in follow_up_changes::Entity::find()
            .select_only()
            .column(follow_up_changes::Column::FollowUpId)
            .filter(follow_up_changes::Column::Field.eq("delivery"))
            .into_tuple::<i32>()
            .all(&self.read)
            .await?
        {
            if let Some(pledge) = owner.get(&fu) {
                let slot = latest.entry(*pledge).or_insert(fu);
                *slot = (*slot).max(fu);
            }
        }
        let urls: Vec<String> = evidence.iter().map(|(_, _, u)| u.clone()).collect();
        let records = records_by_url(&self.read, urls).await?;
        let at_risk = |url: &String| records.get(url).is_some_and(|r| r.health().at_risk());
        let mut ids: Vec<i32> = latest
            .iter()
            .filter(|(_, fu)| {
                let cited: Vec<&String> = evidence
                    .iter()
                    .filter(|(f, _, _)| f == *fu)
                    .map(|(_, _, u)| u)
                    .collect();
                !cited.is_empty() && cited.into_iter().all(at_risk)
            })
            .map(|(pledge, _)| *pledge)
            .collect();
        ids.sort_unstable();
        let mut slugs = Vec::new();
        for chunk in ids.chunks(500) {
            for slug in pledges::Entity::find()
                .select_only()
                .column(pledges::Column::Slug)
                .filter(pledges::Column::Id.is_in(chunk.iter().copied()))
                .into_tuple::<String>()
                .all(&self.read)
                .await?
            {
                slugs.push(Slug::parse("pledge", &slug)?);
            }
        }
        slugs.sort();
        Ok(slugs)
    }
}
