//! The reader's language, and dates and money written the way its readers write them:
//! the one formatter pages, feeds and mail use ("11 février 2025", "109 Md€"; "€109 bn").
//! Figures stay exact: integer arithmetic only, rounded down for reading. The API and the
//! exports keep the ISO forms of [`crate::display`], which are for programs.

use crate::money::{Amount, Currency, Money};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// A language pledgewatch is written in.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    Fr,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Fr];

    /// The BCP 47 tag: `<html lang>`, `hreflang`, `?lang=`, the cookie and the database.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }

    /// The language's own name for itself, for the switch in the header.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Fr => "Français",
        }
    }

    /// A tag as stored or asked for: `fr`, `FR`, `fr-CA` are French; anything unknown is
    /// refused rather than guessed.
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_']).next()?.trim();
        Lang::ALL
            .into_iter()
            .find(|l| l.code().eq_ignore_ascii_case(primary))
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

const MOIS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// A day: "2025-02-11" in English (unambiguous to every reader, as the data is written),
/// "11 février 2025" in French, whose readers never write dates the ISO way ("1er" for
/// the first of the month, as French typography has it).
pub fn date(d: NaiveDate, lang: Lang) -> String {
    match lang {
        // Written out rather than through chrono's `format`, which parses its pattern on
        // every call: a list page writes two dates a row.
        Lang::En => format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
        Lang::Fr => {
            let day = match d.day() {
                1 => "1er".to_owned(),
                n => n.to_string(),
            };
            format!("{day} {} {}", MOIS[d.month0() as usize], d.year())
        }
    }
}

/// A month: "2025-02" in English, "février 2025" in French.
pub fn month(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{:04}-{:02}", d.year(), d.month()),
        Lang::Fr => format!("{} {}", MOIS[d.month0() as usize], d.year()),
    }
}

/// Digits in groups of three: "109,000" in English; French separates them with a narrow
/// no-break space (U+202F), as the Imprimerie nationale's rules and CLDR do.
fn grouped(digits: &str, lang: Lang) -> String {
    let sep = match lang {
        Lang::En => ',',
        Lang::Fr => '\u{202F}',
    };
    let mut out = String::with_capacity(digits.len() + digits.len() / 2);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// A whole number for reading: "1,234" / "1 234".
pub fn number(n: i64, lang: Lang) -> String {
    let sign = if n < 0 { "-" } else { "" };
    format!("{sign}{}", grouped(&n.unsigned_abs().to_string(), lang))
}

/// How a currency is named beside a figure: a symbol where readers know it without doubt
/// ("€", "£", "US$" in English, "$ US" in French), the ISO code otherwise.
fn mark(currency: Currency, lang: Lang) -> &'static str {
    match (currency.code(), lang) {
        ("EUR", _) => "€",
        ("GBP", _) => "£",
        ("USD", Lang::En) => "US$",
        ("USD", Lang::Fr) => "$ US",
        _ => "",
    }
}

/// "€109 bn", "€1.2 bn", "US$400 m", "JPY 1.5 bn" in English; "109 Md€", "1,2 Md€",
/// "400 M$ US", "1,5 Md JPY" in French. Rounded down to one decimal.
pub fn short(minor: i64, currency: Currency, lang: Lang) -> String {
    let major = minor / 10_i64.pow(currency.exponent());
    let (unit, scale) = match (major.unsigned_abs(), lang) {
        (m, Lang::En) if m >= 1_000_000_000_000 => ("tn", 1_000_000_000_000_i64),
        (m, Lang::En) if m >= 1_000_000_000 => ("bn", 1_000_000_000),
        (m, Lang::En) if m >= 1_000_000 => ("m", 1_000_000),
        (m, Lang::En) if m >= 1_000 => ("k", 1_000),
        // French has no short unit past the milliard in common use: "1 200 Md€".
        (m, Lang::Fr) if m >= 1_000_000_000 => ("Md", 1_000_000_000),
        (m, Lang::Fr) if m >= 1_000_000 => ("M", 1_000_000),
        (m, Lang::Fr) if m >= 1_000 => ("k", 1_000),
        _ => ("", 1),
    };
    let tenths = major * 10 / scale;
    let whole = grouped(&(tenths / 10).unsigned_abs().to_string(), lang);
    let sign = if major < 0 { "-" } else { "" };
    let figure = match (tenths % 10, lang) {
        (0, _) => format!("{sign}{whole}"),
        (t, Lang::En) => format!("{sign}{whole}.{}", t.abs()),
        (t, Lang::Fr) => format!("{sign}{whole},{}", t.abs()),
    };
    let mark = mark(currency, lang);
    match (lang, mark.is_empty(), unit.is_empty()) {
        (Lang::En, false, true) => format!("{mark}{figure}"),
        (Lang::En, false, false) => format!("{mark}{figure} {unit}"),
        (Lang::En, true, true) => format!("{} {figure}", currency.code()),
        (Lang::En, true, false) => format!("{} {figure} {unit}", currency.code()),
        // "109 Md€" but "400 M$ US": a symbol is glued to the unit, a code stands apart.
        (Lang::Fr, false, _) if !mark.contains(' ') || !unit.is_empty() => {
            format!("{figure}\u{a0}{unit}{mark}")
        }
        (Lang::Fr, false, _) => format!("{figure}\u{a0}{mark}"),
        (Lang::Fr, true, true) => format!("{figure}\u{a0}{}", currency.code()),
        (Lang::Fr, true, false) => format!("{figure}\u{a0}{unit}\u{a0}{}", currency.code()),
    }
}

/// A range as two figures written alike; bounds that round alike read as one figure.
pub fn short_range(min: i64, max: i64, currency: Currency, lang: Lang) -> String {
    let (lo, hi) = (short(min, currency, lang), short(max, currency, lang));
    if lo == hi { lo } else { format!("{lo}–{hi}") }
}

pub fn money_short(m: &Money, lang: Lang) -> String {
    short_range(m.amount.min(), m.amount.max(), m.currency, lang)
}

/// The figure as stored, every digit: "EUR 109,000,000,000.00" in English,
/// "109 000 000 000,00 EUR" in French.
pub fn exact(minor: i64, currency: Currency, lang: Lang) -> String {
    let scale = 10_i64.pow(currency.exponent());
    let sign = if minor < 0 { "-" } else { "" };
    let whole = grouped(&(minor.unsigned_abs() / scale as u64).to_string(), lang);
    let frac = match currency.exponent() {
        0 => String::new(),
        e => format!(
            "{}{:0width$}",
            if lang == Lang::Fr { ',' } else { '.' },
            minor.unsigned_abs() % scale as u64,
            width = e as usize
        ),
    };
    match lang {
        Lang::En => format!("{} {sign}{whole}{frac}", currency.code()),
        Lang::Fr => format!("{sign}{whole}{frac}\u{a0}{}", currency.code()),
    }
}

pub fn money_exact(m: &Money, lang: Lang) -> String {
    if lang == Lang::En {
        return crate::display::money_exact(m);
    }
    match m.amount {
        Amount::Exact { minor } => exact(minor, m.currency, lang),
        Amount::Range { min, max } => format!(
            "{}–{}",
            exact(min, m.currency, lang),
            exact(max, m.currency, lang)
        ),
    }
}

#[cfg(test)]
#[path = "locale_tests.rs"]
mod tests;
