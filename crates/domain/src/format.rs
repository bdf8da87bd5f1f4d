//! Formatting money and dates for people, exactly: integer arithmetic only, so what is
//! shown never drifts from what is stored.

use crate::money::format_major_units;
use crate::{Amount, Currency, Money};

fn grouped(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// "EUR 109,000,000,000.00": the figure as stored.
pub fn exact(minor: i64, currency: Currency) -> String {
    let plain = format_major_units(minor, currency);
    let (whole, frac) = plain.split_once('.').unwrap_or((&plain, ""));
    if frac.is_empty() {
        format!("{} {}", currency.code(), grouped(whole))
    } else {
        format!("{} {}.{}", currency.code(), grouped(whole), frac)
    }
}

/// "EUR 109 bn", "EUR 1.2 bn", "EUR 400 m": rounded down to one decimal for reading.
pub fn short(minor: i64, currency: Currency) -> String {
    let major = minor / 10_i64.pow(currency.exponent());
    let (unit, scale) = match major {
        m if m >= 1_000_000_000_000 => ("tn", 1_000_000_000_000_i64),
        m if m >= 1_000_000_000 => ("bn", 1_000_000_000),
        m if m >= 1_000_000 => ("m", 1_000_000),
        m if m >= 1_000 => ("k", 1_000),
        _ => ("", 1),
    };
    if scale == 1 {
        return format!("{} {}", currency.code(), grouped(&major.to_string()));
    }
    let tenths = major * 10 / scale;
    if tenths % 10 == 0 {
        format!("{} {} {unit}", currency.code(), tenths / 10)
    } else {
        format!("{} {}.{} {unit}", currency.code(), tenths / 10, tenths % 10)
    }
}

pub fn short_range(min: i64, max: i64, currency: Currency) -> String {
    let (lo, hi) = (short(min, currency), short(max, currency));
    // Bounds that round alike (conversions at different days' rates) read as one figure;
    // the exact range stays beside it where it matters.
    if lo == hi {
        lo
    } else {
        format!(
            "{}–{}",
            lo,
            hi.trim_start_matches(currency.code()).trim_start()
        )
    }
}

pub fn money_exact(m: &Money) -> String {
    match m.amount {
        Amount::Exact { minor } => exact(minor, m.currency),
        // Both bounds written the same way: "EUR 30,000,000,000.00–50,000,000,000.00".
        Amount::Range { min, max } => format!(
            "{}–{}",
            exact(min, m.currency),
            exact(max, m.currency)
                .trim_start_matches(m.currency.code())
                .trim_start()
        ),
    }
}

pub fn money_short(m: &Money) -> String {
    short_range(m.amount.min(), m.amount.max(), m.currency)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_range_prints_both_bounds_the_same_way() {
        let eur = Currency::EUR;
        let range = Money {
            amount: Amount::Range {
                min: 3_000_000_000_000,
                max: 5_000_000_000_000,
            },
            currency: eur,
        };
        assert_eq!(
            money_exact(&range),
            "EUR 30,000,000,000.00–50,000,000,000.00"
        );
        assert_eq!(money_short(&range), "EUR 30 bn–50 bn");
        // Same digits in each bound here, so the two must read the same letter for letter.
        let shape = |t: &str| t.replace(['3', '5'], "#");
        for text in [money_exact(&range), money_short(&range)] {
            let (lo, hi) = text.trim_start_matches("EUR ").split_once('–').unwrap();
            assert_eq!(shape(lo), shape(hi), "{text}: the bounds are written alike");
        }
    }

    #[test]
    fn money_reads_as_people_write_it() {
        let eur = Currency::EUR;
        assert_eq!(exact(10_900_000_000_000, eur), "EUR 109,000,000,000.00");
        assert_eq!(short(10_900_000_000_000, eur), "EUR 109 bn");
        assert_eq!(short(120_000_000_000, eur), "EUR 1.2 bn");
        assert_eq!(short(40_000_000_000, eur), "EUR 400 m");
        assert_eq!(short(99, eur), "EUR 0");
        assert_eq!(
            short_range(3_000_000_000_000, 5_000_000_000_000, eur),
            "EUR 30 bn–50 bn"
        );
        let jpy = Currency::parse("c", "JPY").unwrap();
        assert_eq!(exact(1_500_000, jpy), "JPY 1,500,000");
    }
}
