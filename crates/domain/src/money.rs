//! Money as exact integers: ISO 4217 currencies, amounts in minor units (exact or a
//! min–max range), and money figures by stage with their value date and source, each an
//! amount put in or a fundraising aim.

use crate::error::{DomainError, DomainResult, Reason, key};
use crate::text::{LongText, Slug};
use crate::vocabulary;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

/// An ISO 4217 currency with a defined number of minor units (funds and metals such as
/// XAU have none and are refused).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Currency(iso_currency::Currency);

impl Currency {
    pub const EUR: Currency = Currency(iso_currency::Currency::EUR);
    pub const USD: Currency = Currency(iso_currency::Currency::USD);

    pub fn parse(field: &'static str, raw: &str) -> DomainResult<Self> {
        let code = raw.trim();
        let unknown = || DomainError::UnknownCurrency {
            field,
            code: code.chars().take(12).collect(),
        };
        if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(unknown());
        }
        let currency = iso_currency::Currency::from_code(code).ok_or_else(unknown)?;
        if currency.exponent().is_none() {
            return Err(unknown());
        }
        Ok(Self(currency))
    }

    pub fn code(self) -> &'static str {
        self.0.code()
    }

    /// Digits after the decimal point: 2 for EUR, 0 for JPY, 3 for KWD.
    pub fn exponent(self) -> u32 {
        u32::from(self.0.exponent().unwrap_or(2))
    }

    pub fn symbol(self) -> String {
        self.0.symbol().to_string()
    }
}

impl TryFrom<String> for Currency {
    type Error = DomainError;
    fn try_from(s: String) -> DomainResult<Self> {
        Self::parse("currency", &s)
    }
}

impl From<Currency> for String {
    fn from(c: Currency) -> String {
        c.code().to_owned()
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The largest amount accepted, in major units: a quadrillion covers every public pledge
/// with room to spare and keeps minor units far inside i64.
pub const MAX_MAJOR_UNITS: i64 = 1_000_000_000_000_000;

/// Parses a decimal string in major units ("1.5", "109000000000") into exact minor units.
/// Refuses signs, exponents, thousands separators and more decimals than the currency has.
pub fn parse_major_units(field: &'static str, raw: &str, currency: Currency) -> DomainResult<i64> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(DomainError::Empty { field });
    }
    if s.starts_with('-') {
        return Err(DomainError::Negative { field });
    }
    let invalid = |reason: Reason| DomainError::Invalid { field, reason };
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    if whole.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
        || (s.contains('.') && frac.is_empty())
    {
        let shown = s.chars().take(40).collect::<String>();
        return Err(invalid(
            Reason::new(
                key("reason-decimal"),
                format!("{shown:?} is not a plain decimal number such as 1250000 or 1.5"),
            )
            .arg("quoted", format!("{shown:?}"))
            .arg("value", shown),
        ));
    }
    let exponent = currency.exponent();
    let significant_frac = frac.trim_end_matches('0');
    if significant_frac.len() > exponent as usize {
        return Err(invalid(
            Reason::new(
                key("reason-decimal-places"),
                format!(
                    "{} has {} decimal places; {} allows {}",
                    s,
                    significant_frac.len(),
                    currency.code(),
                    exponent
                ),
            )
            .arg("value", s)
            .arg("places", significant_frac.len())
            .arg("currency", currency.code())
            .arg("allowed", i64::from(exponent)),
        ));
    }
    let whole_digits = whole.trim_start_matches('0');
    let too_large = || DomainError::OutOfRange {
        field,
        min: 0,
        max: MAX_MAJOR_UNITS,
        value: i64::MAX,
    };
    if whole_digits.len() > 16 {
        return Err(too_large());
    }
    let major: i64 = if whole_digits.is_empty() {
        0
    } else {
        whole_digits.parse().map_err(|_| too_large())?
    };
    if major > MAX_MAJOR_UNITS {
        return Err(too_large());
    }
    let scale = 10_i64.pow(exponent);
    let mut minor_frac: i64 = 0;
    for (i, b) in significant_frac.bytes().enumerate() {
        minor_frac += i64::from(b - b'0') * 10_i64.pow(exponent - 1 - i as u32);
    }
    Ok(major * scale + minor_frac)
}

/// Formats minor units back to a plain decimal string in major units ("1200000000.00").
pub fn format_major_units(minor: i64, currency: Currency) -> String {
    let exponent = currency.exponent();
    if exponent == 0 {
        return minor.to_string();
    }
    let scale = 10_i64.pow(exponent);
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    format!(
        "{sign}{}.{:0width$}",
        abs / scale as u64,
        abs % scale as u64,
        width = exponent as usize
    )
}

/// An amount in minor units: exact, or a range when the source gives one ("€30–50 billion").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Amount {
    Exact { minor: i64 },
    Range { min: i64, max: i64 },
}

impl Amount {
    pub fn exact(field: &'static str, minor: i64) -> DomainResult<Self> {
        if minor < 0 {
            return Err(DomainError::Negative { field });
        }
        Ok(Self::Exact { minor })
    }

    pub fn range(field: &'static str, min: i64, max: i64) -> DomainResult<Self> {
        if min < 0 || max < 0 {
            return Err(DomainError::Negative { field });
        }
        if min > max {
            return Err(DomainError::MinAboveMax {
                field,
                min: min.to_string(),
                max: max.to_string(),
            });
        }
        if min == max {
            return Ok(Self::Exact { minor: min });
        }
        Ok(Self::Range { min, max })
    }

    pub fn min(self) -> i64 {
        match self {
            Self::Exact { minor } => minor,
            Self::Range { min, .. } => min,
        }
    }

    pub fn max(self) -> i64 {
        match self {
            Self::Exact { minor } => minor,
            Self::Range { max, .. } => max,
        }
    }
}

/// An amount in a currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    pub amount: Amount,
    pub currency: Currency,
}

impl Money {
    /// Parses major-unit strings: `exact` alone, or `min` and `max` together.
    pub fn parse(
        exact: Option<&str>,
        min: Option<&str>,
        max: Option<&str>,
        currency: Currency,
    ) -> DomainResult<Self> {
        let amount = match (exact, min, max) {
            (Some(a), None, None) => {
                Amount::exact("amount", parse_major_units("amount", a, currency)?)?
            }
            (None, Some(lo), Some(hi)) => Amount::range(
                "amount",
                parse_major_units("min", lo, currency)?,
                parse_major_units("max", hi, currency)?,
            )?,
            _ => {
                return Err(DomainError::Invalid {
                    field: "amount",
                    reason: Reason::new(
                        key("reason-amount-or-range"),
                        "give either an amount, or both a min and a max",
                    ),
                });
            }
        };
        Ok(Self { amount, currency })
    }

    pub fn display(&self) -> String {
        match self.amount {
            Amount::Exact { minor } => {
                format!(
                    "{} {}",
                    self.currency,
                    format_major_units(minor, self.currency)
                )
            }
            Amount::Range { min, max } => format!(
                "{} {}–{}",
                self.currency,
                format_major_units(min, self.currency),
                format_major_units(max, self.currency)
            ),
        }
    }
}

vocabulary!(
    /// What a figure is: money said to be put in, or an aim to raise money (a fundraising
    /// target), which is shown and totalled apart and never counted as money announced.
    FigureKind, "kind" {
        Amount => "amount", "Amount";
        Aim => "aim", "Fundraising aim";
    }
);

// By hand: the `vocabulary!` macro makes the enum and cannot mark a `#[default]` variant.
#[allow(clippy::derivable_impls)]
impl Default for FigureKind {
    fn default() -> Self {
        Self::Amount
    }
}

vocabulary!(
    /// How far money has moved from words to payments, after IATI's transaction types.
    Stage, "stage" {
        Announced => "announced", "Announced";
        Pledged => "pledged", "Pledged";
        Committed => "committed", "Committed";
        Disbursed => "disbursed", "Disbursed";
        Spent => "spent", "Spent";
    }
);

vocabulary!(
    /// Whether a source states the figure or we computed it from stated ones.
    Basis, "basis" {
        Stated => "stated", "Stated by the source";
        Derived => "derived", "Derived from stated figures";
    }
);

/// One figure as one source states it. Two sources that disagree are two figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoneyFigure {
    pub stage: Stage,
    #[serde(default)]
    pub kind: FigureKind,
    pub money: Money,
    /// The date whose exchange rate converts this figure (IATI's value-date).
    pub value_date: NaiveDate,
    pub basis: Basis,
    pub source: Slug,
    pub note: Option<LongText>,
}

impl MoneyFigure {
    pub fn new(
        stage: Stage,
        money: Money,
        value_date: NaiveDate,
        basis: Basis,
        source: Slug,
        note: Option<LongText>,
    ) -> DomainResult<Self> {
        let earliest = NaiveDate::from_ymd_opt(1999, 1, 1).expect("valid date");
        let latest = NaiveDate::from_ymd_opt(2200, 12, 31).expect("valid date");
        if value_date < earliest || value_date > latest {
            return Err(DomainError::Invalid {
                field: "value_date",
                reason: Reason::new(
                    key("reason-value-date-range"),
                    format!("{value_date} is outside 1999-01-01 to 2200-12-31"),
                )
                .arg("date", value_date)
                .arg("earliest", earliest)
                .arg("latest", latest),
            });
        }
        // (An aim is made with [`MoneyFigure::aim`].)
        Ok(Self {
            stage,
            kind: FigureKind::Amount,
            money,
            value_date,
            basis,
            source,
            note,
        })
    }

    /// The same figure as a fundraising aim rather than money put in.
    pub fn aim(self) -> Self {
        Self {
            kind: FigureKind::Aim,
            ..self
        }
    }

    /// Money said to be put in (not an aim): what totals and the announced amount count.
    pub fn counts(&self) -> bool {
        self.kind == FigureKind::Amount
    }
}
