//! The dated exchange-rate table: loading the shipped ECB subset into the database and
//! reading it back as a domain rate table.

use crate::entities::reference::{exchange_rates, sources};
use crate::error::{StoreError, StoreResult};
use domain::input::parse_date;
use domain::{Currency, DatedRate, Rate, RateTable, Slug};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
};
use std::collections::HashSet;

/// The shipped table: ECB reference rates since 2023 (see the file's header).
pub const ECB_RATES_CSV: &str = include_str!("../../../seeds/rates/ecb-eurofxref.csv");
/// The source row every shipped rate cites.
pub const ECB_SOURCE_SLUG: &str = "ecb-eurofxref";
/// The UAE dirham's peg to the US dollar (AED per USD); the ECB does not quote the AED.
pub const AED_PER_USD: &str = "3.6725";

/// Parses the CSV (comment lines start with `#`; then `Date,CUR,...`; `N/A` for no quote)
/// and adds the AED derived from the USD at its peg.
pub fn parse_rates_csv(text: &str) -> Result<Vec<DatedRate>, domain::DomainError> {
    let mut lines = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty());
    let header = lines.next().unwrap_or("");
    let currencies: Vec<Currency> = header
        .split(',')
        .skip(1)
        .filter(|c| !c.is_empty())
        .map(|c| Currency::parse("currency", c))
        .collect::<Result<_, _>>()?;
    let peg = Rate::parse("rate", AED_PER_USD)?;
    let aed = Currency::parse("currency", "AED")?;
    let mut rates = Vec::new();
    for line in lines {
        let mut cells = line.split(',');
        let date = parse_date("date", cells.next().unwrap_or(""))?;
        for (currency, cell) in currencies.iter().zip(cells) {
            let cell = cell.trim();
            if cell.is_empty() || cell == "N/A" {
                continue;
            }
            let per_eur = Rate::parse("rate", cell)?;
            rates.push(DatedRate {
                currency: *currency,
                date,
                per_eur,
            });
            if *currency == Currency::USD {
                rates.push(DatedRate {
                    currency: aed,
                    date,
                    per_eur: per_eur.times(peg),
                });
            }
        }
    }
    Ok(rates)
}

/// Inserts the rates not yet stored (by currency and date); returns how many were new.
pub(crate) async fn load_rates<C: ConnectionTrait>(
    conn: &C,
    rates: &[DatedRate],
    source: &Slug,
) -> StoreResult<usize> {
    let source_id = sources::Entity::find()
        .filter(sources::Column::Slug.eq(source.as_str()))
        .one(conn)
        .await?
        .ok_or_else(|| StoreError::missing("exchange rates", crate::error::Kind::Source, source))?
        .id;
    let existing: HashSet<(String, chrono::NaiveDate)> = exchange_rates::Entity::find()
        .all(conn)
        .await?
        .into_iter()
        .map(|r| (r.currency, r.rate_date))
        .collect();
    let fresh: Vec<exchange_rates::ActiveModel> = rates
        .iter()
        .filter(|r| !existing.contains(&(r.currency.code().to_owned(), r.date)))
        .map(|r| exchange_rates::ActiveModel {
            currency: Set(r.currency.code().to_owned()),
            rate_date: Set(r.date),
            per_eur_scaled: Set(r.per_eur.scaled()),
            source_id: Set(source_id),
        })
        .collect();
    let count = fresh.len();
    // Chunks keep each statement under SQLite's bound-parameter limit.
    for chunk in fresh.chunks(500) {
        exchange_rates::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(conn)
            .await?;
    }
    Ok(count)
}

pub(crate) async fn rate_count<C: ConnectionTrait>(conn: &C) -> StoreResult<u64> {
    Ok(exchange_rates::Entity::find().count(conn).await?)
}

/// Every stored rate, named after its source.
pub(crate) async fn rate_table<C: ConnectionTrait>(conn: &C) -> StoreResult<RateTable> {
    let rows = exchange_rates::Entity::find().all(conn).await?;
    let source_ids: HashSet<i32> = rows.iter().map(|r| r.source_id).collect();
    let names: Vec<String> = sources::Entity::find()
        .filter(sources::Column::Id.is_in(source_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|s| format!("{} ({})", s.title, s.publisher))
        .collect();
    let c = |e| StoreError::corrupt("exchange_rates", e);
    let rates = rows
        .into_iter()
        .map(|r| {
            Ok(DatedRate {
                currency: Currency::parse("currency", &r.currency).map_err(c)?,
                date: r.rate_date,
                per_eur: Rate::from_scaled("rate", r.per_eur_scaled).map_err(c)?,
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
    Ok(RateTable::new(names.join("; "), rates))
}
