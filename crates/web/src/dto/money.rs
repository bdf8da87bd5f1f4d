//! Money in the API: integer minor units with the currency and its exponent, never a
//! float, beside the figure written exactly for people.

use domain::MoneyFigure;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct MoneyJson {
    pub stage: &'static str,
    /// "amount", or "aim" for a fundraising target (never counted as money announced).
    pub kind: &'static str,
    /// Minor units (cents for EUR); equal to `amount_max` unless the source gave a range.
    pub amount_min: i64,
    pub amount_max: i64,
    pub currency: &'static str,
    /// Digits after the decimal point for this currency.
    pub exponent: u32,
    pub display: String,
    #[schema(format = Date)]
    pub value_date: String,
    pub basis: &'static str,
    pub source: String,
    pub note: Option<String>,
}

pub fn money_json(f: &MoneyFigure) -> MoneyJson {
    MoneyJson {
        stage: f.stage.code(),
        kind: f.kind.code(),
        amount_min: f.money.amount.min(),
        amount_max: f.money.amount.max(),
        currency: f.money.currency.code(),
        exponent: f.money.currency.exponent(),
        display: domain::display::money_exact(&f.money),
        value_date: f.value_date.to_string(),
        basis: f.basis.code(),
        source: f.source.to_string(),
        note: f.note.as_ref().map(ToString::to_string),
    }
}
