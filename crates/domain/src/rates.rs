//! Dated exchange rates (units of a currency per 1 EUR, as the ECB quotes them) and exact
//! conversion at a figure's value date, using the nearest earlier business day.

use crate::error::{DomainError, DomainResult, Reason, key};
use crate::money::{Amount, Currency, Money};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// Rates carry eight decimal places: enough for every ECB quote, and for a pegged rate
/// derived from one (AED = USD × 3.6725) without rounding.
pub const RATE_SCALE: i64 = 100_000_000;

/// Units of a currency per 1 EUR, fixed point with [`RATE_SCALE`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Rate(i64);

impl Rate {
    pub fn from_scaled(field: &'static str, scaled: i64) -> DomainResult<Self> {
        if scaled <= 0 {
            return Err(DomainError::Invalid {
                field,
                reason: Reason::new(key("reason-rate-zero"), "a rate must be above zero"),
            });
        }
        Ok(Self(scaled))
    }

    /// Parses a decimal such as "1.1172" exactly; more than eight decimals is refused.
    pub fn parse(field: &'static str, raw: &str) -> DomainResult<Self> {
        let s = raw.trim();
        let invalid = || DomainError::Invalid {
            field,
            reason: Reason::new(
                key("reason-rate"),
                format!(
                    "{:?} is not a positive decimal rate",
                    s.chars().take(30).collect::<String>()
                ),
            )
            .arg(
                "quoted",
                format!("{:?}", s.chars().take(30).collect::<String>()),
            )
            .arg("value", s.chars().take(30).collect::<String>()),
        };
        let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
        if whole.is_empty()
            || whole.len() > 9
            || frac.len() > 8
            || !whole.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(invalid());
        }
        let whole: i64 = whole.parse().map_err(|_| invalid())?;
        let frac_scaled: i64 = if frac.is_empty() {
            0
        } else {
            frac.parse::<i64>().map_err(|_| invalid())? * 10_i64.pow(8 - frac.len() as u32)
        };
        Self::from_scaled(field, whole * RATE_SCALE + frac_scaled)
    }

    pub fn scaled(self) -> i64 {
        self.0
    }

    /// A rate multiplied by a fixed-point factor of the same scale (for pegged currencies).
    pub fn times(self, factor: Rate) -> Rate {
        let product = i128::from(self.0) * i128::from(factor.0) / i128::from(RATE_SCALE);
        Rate(product as i64)
    }

    pub fn to_decimal_string(self) -> String {
        let s = format!("{}.{:08}", self.0 / RATE_SCALE, self.0 % RATE_SCALE);
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

/// One quoted rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatedRate {
    pub currency: Currency,
    pub date: NaiveDate,
    pub per_eur: Rate,
}

/// The rates a conversion used, so totals can say which days' rates they rest on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conversion {
    pub money: Money,
    pub from_rate_date: Option<NaiveDate>,
    pub to_rate_date: Option<NaiveDate>,
}

/// All rates known, by currency and date. EUR is always 1.
#[derive(Debug, Clone, Default)]
pub struct RateTable {
    source: String,
    rates: HashMap<Currency, BTreeMap<NaiveDate, Rate>>,
}

impl RateTable {
    pub fn new(source: impl Into<String>, rates: impl IntoIterator<Item = DatedRate>) -> Self {
        let mut table = Self {
            source: source.into(),
            rates: HashMap::new(),
        };
        for r in rates {
            table
                .rates
                .entry(r.currency)
                .or_default()
                .insert(r.date, r.per_eur);
        }
        table
    }

    /// Where the rates come from, to be named wherever a converted total is shown.
    pub fn source(&self) -> &str {
        &self.source
    }

    pub fn len(&self) -> usize {
        self.rates.values().map(BTreeMap::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn currencies(&self) -> Vec<Currency> {
        let mut c: Vec<Currency> = self.rates.keys().copied().collect();
        c.push(Currency::EUR);
        c.sort();
        c.dedup();
        c
    }

    /// The rate on `date`, or on the nearest earlier day quoted (weekends and holidays
    /// have no quote). None before the first quote.
    pub fn rate_on(&self, currency: Currency, date: NaiveDate) -> Option<(NaiveDate, Rate)> {
        if currency == Currency::EUR {
            return Some((date, Rate(RATE_SCALE)));
        }
        self.rates
            .get(&currency)?
            .range(..=date)
            .next_back()
            .map(|(d, r)| (*d, *r))
    }

    /// Converts minor units of one currency to another at the rates of `date`, rounding
    /// half up to the target's minor unit.
    pub fn convert_minor(
        &self,
        minor: i64,
        from: Currency,
        to: Currency,
        date: NaiveDate,
    ) -> DomainResult<(i64, Option<NaiveDate>, Option<NaiveDate>)> {
        if from == to {
            return Ok((minor, None, None));
        }
        let missing = |c: Currency| DomainError::NoRate {
            field: "currency",
            currency: c.code().to_owned(),
            date,
        };
        let (from_date, from_rate) = self.rate_on(from, date).ok_or_else(|| missing(from))?;
        let (to_date, to_rate) = self.rate_on(to, date).ok_or_else(|| missing(to))?;
        // target = minor × 10^e_to × rate_to / (10^e_from × rate_from), all in i128.
        let numerator =
            i128::from(minor) * 10_i128.pow(to.exponent()) * i128::from(to_rate.scaled());
        let denominator = 10_i128.pow(from.exponent()) * i128::from(from_rate.scaled());
        let rounded = (2 * numerator + denominator) / (2 * denominator);
        let value = i64::try_from(rounded).map_err(|_| DomainError::OutOfRange {
            field: "amount",
            min: 0,
            max: i64::MAX,
            value: i64::MAX,
        })?;
        let used = |c: Currency, d: NaiveDate| (c != Currency::EUR).then_some(d);
        Ok((value, used(from, from_date), used(to, to_date)))
    }

    /// Converts an amount (both ends of a range) at its value date.
    pub fn convert(&self, money: Money, to: Currency, date: NaiveDate) -> DomainResult<Conversion> {
        let (min, f, t) = self.convert_minor(money.amount.min(), money.currency, to, date)?;
        let (max, _, _) = self.convert_minor(money.amount.max(), money.currency, to, date)?;
        let amount = if min == max {
            Amount::Exact { minor: min }
        } else {
            Amount::Range { min, max }
        };
        Ok(Conversion {
            money: Money {
                amount,
                currency: to,
            },
            from_rate_date: f,
            to_rate_date: t,
        })
    }
}
