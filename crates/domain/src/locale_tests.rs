//! How dates and money read in each language.
use super::*;

fn eur() -> Currency {
    Currency::EUR
}

#[test]
fn french_dates_are_written_out() {
    let d = NaiveDate::from_ymd_opt(2025, 2, 11).unwrap();
    assert_eq!(date(d, Lang::Fr), "11 février 2025");
    assert_eq!(date(d, Lang::En), "2025-02-11");
    let first = NaiveDate::from_ymd_opt(2026, 8, 1).unwrap();
    assert_eq!(date(first, Lang::Fr), "1er août 2026");
    assert_eq!(month(first, Lang::Fr), "août 2026");
}

#[test]
fn money_reads_as_each_language_writes_it() {
    let usd = Currency::parse("c", "USD").unwrap();
    let jpy = Currency::parse("c", "JPY").unwrap();
    assert_eq!(short(10_900_000_000_000, eur(), Lang::En), "€109 bn");
    assert_eq!(short(10_900_000_000_000, eur(), Lang::Fr), "109\u{a0}Md€");
    assert_eq!(short(120_000_000_000, eur(), Lang::En), "€1.2 bn");
    assert_eq!(short(120_000_000_000, eur(), Lang::Fr), "1,2\u{a0}Md€");
    assert_eq!(short(40_000_000_000, usd, Lang::En), "US$400 m");
    assert_eq!(short(40_000_000_000, usd, Lang::Fr), "400\u{a0}M$ US");
    assert_eq!(short(99_900, eur(), Lang::Fr), "999\u{a0}€");
    assert_eq!(short(150_000_000, jpy, Lang::En), "JPY 150 m");
    assert_eq!(short(1_500_000_000, jpy, Lang::Fr), "1,5\u{a0}Md\u{a0}JPY");
    assert_eq!(
        short_range(3_000_000_000_000, 5_000_000_000_000, eur(), Lang::Fr),
        "30\u{a0}Md€–50\u{a0}Md€"
    );
    assert_eq!(
        short(150_000_000_000_000, eur(), Lang::Fr),
        "1\u{202F}500\u{a0}Md€"
    );
}

#[test]
fn exact_figures_keep_every_digit() {
    assert_eq!(
        exact(10_900_000_000_000, eur(), Lang::Fr),
        "109\u{202F}000\u{202F}000\u{202F}000,00\u{a0}EUR"
    );
    let m = Money {
        amount: Amount::Exact {
            minor: 10_900_000_000_000,
        },
        currency: eur(),
    };
    assert_eq!(money_exact(&m, Lang::En), "EUR 109,000,000,000.00");
    assert_eq!(number(1234567, Lang::Fr), "1\u{202F}234\u{202F}567");
}

#[test]
fn tags_parse_by_their_primary_language() {
    assert_eq!(Lang::parse("fr-CA"), Some(Lang::Fr));
    assert_eq!(Lang::parse("EN"), Some(Lang::En));
    assert_eq!(Lang::parse("de"), None);
    assert_eq!(Lang::parse(""), None);
}
