//! The CSV format of pledges and follow-ups (RFC 4180), shared by the export and the
//! import: one row per pledge in the columns of [`domain::input::PledgeInput`], nested
//! lists as JSON inside their cell, and spreadsheet formulas neutralised reversibly; and
//! the dialect for spreadsheets in French locales (`;`, with a UTF-8 byte-order mark).

use domain::input::{
    ConditionInput, DeadlineInput, MoneyInput, PledgeActorInput, PledgeInput, QuoteInput,
};

/// How cells are separated, as a spreadsheet in the reader's locale expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// RFC 4180: `,`, no byte-order mark.
    Rfc4180,
    /// `?format=excel-fr`: `;`, the separator of spreadsheets in locales whose decimal
    /// mark is a comma, and a UTF-8 byte-order mark, without which Excel reads the file
    /// as Windows-1252 and mangles accents and the euro sign.
    ExcelFr,
}

/// The UTF-8 byte-order mark.
pub const BOM: &str = "\u{feff}";

impl Dialect {
    /// The dialect a `format` query value asks for; the error names the field.
    pub fn parse(value: Option<&str>) -> Result<Self, String> {
        match value {
            None | Some("" | "csv" | "rfc4180") => Ok(Self::Rfc4180),
            Some("excel-fr") => Ok(Self::ExcelFr),
            Some(other) => Err(format!(
                "format must be csv (commas) or excel-fr (semicolons, for French spreadsheets), not {other:?}"
            )),
        }
    }

    pub fn delimiter(self) -> u8 {
        match self {
            Self::Rfc4180 => b',',
            Self::ExcelFr => b';',
        }
    }

    /// What the file starts with, before the header row.
    pub fn preamble(self) -> &'static str {
        match self {
            Self::Rfc4180 => "",
            Self::ExcelFr => BOM,
        }
    }
}

/// Columns an import reads, in order.
pub const PLEDGE_COLUMNS: &[&str] = &[
    "slug",
    "title",
    "summary",
    "kind",
    "themes",
    "event",
    "announced_on",
    "strength",
    "parent",
    "supersedes",
    "contested",
    "sources",
    "actors",
    "deadline_date",
    "deadline_precision",
    "deadline_event",
    "deadline_text",
    "quote_text",
    "quote_language",
    "quote_source",
    "conditions",
    "money",
];

/// Columns derived from the history: exported for reading, ignored on import.
pub const PLEDGE_STATE_COLUMNS: &[&str] = &[
    "delivery",
    "current_strength",
    "progress",
    "schedule",
    "verified",
    "follow_up_count",
    "last_follow_up_on",
];

pub const FOLLOW_UP_COLUMNS: &[&str] = &[
    "id",
    "pledge",
    "recorded_at",
    "occurred_on",
    "author",
    "note",
    "changes",
    "evidence",
];

/// Prefixes a cell that a spreadsheet would run as a formula (OWASP's CSV injection
/// advice) with an apostrophe; a cell that already starts with one gets another, so
/// [`unprotect`] restores every value exactly.
pub fn protect(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\'') => format!("'{cell}").into(),
        _ => cell.into(),
    }
}

pub fn unprotect(cell: &str) -> &str {
    cell.strip_prefix('\'').unwrap_or(cell)
}

fn list(items: &[String]) -> String {
    items.join(";")
}

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// The import columns of one pledge.
pub fn pledge_cells(p: &PledgeInput) -> Vec<String> {
    let d = p.deadline.clone().unwrap_or_default();
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    vec![
        p.slug.clone(),
        p.title.clone(),
        p.summary.clone(),
        p.kind.clone(),
        list(&p.themes),
        opt(&p.event),
        p.announced_on.clone(),
        p.strength.clone(),
        opt(&p.parent),
        opt(&p.supersedes),
        p.contested.to_string(),
        list(&p.sources),
        p.actors
            .iter()
            .map(|a| format!("{}:{}", a.actor, a.role))
            .collect::<Vec<_>>()
            .join(";"),
        opt(&d.date),
        opt(&d.precision),
        opt(&d.event),
        opt(&d.text),
        p.quote.as_ref().map(|q| q.text.clone()).unwrap_or_default(),
        p.quote
            .as_ref()
            .map(|q| q.language.clone())
            .unwrap_or_default(),
        p.quote
            .as_ref()
            .map(|q| q.source.clone())
            .unwrap_or_default(),
        if p.conditions.is_empty() {
            String::new()
        } else {
            json(&p.conditions)
        },
        if p.money.is_empty() {
            String::new()
        } else {
            json(&p.money)
        },
    ]
}

/// Why a row could not be read, with its 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub line: u64,
    pub field: String,
    pub message: String,
}

/// The line of the file a record starts on, counting the header as line 1 (the csv
/// crate's own count leaves the header out).
fn physical_line(p: &csv::Position) -> u64 {
    p.line() + 1
}

/// Reads pledge rows back into inputs; the header must start with [`PLEDGE_COLUMNS`].
/// Reads either dialect: a byte-order mark is skipped, and a header row that starts with
/// `slug;` means the cells are separated by semicolons.
pub fn read_pledges(text: &str) -> Result<Vec<(u64, PledgeInput)>, RowError> {
    let text = text.strip_prefix(BOM).unwrap_or(text);
    let delimiter = if text.starts_with("slug;") {
        Dialect::ExcelFr.delimiter()
    } else {
        Dialect::Rfc4180.delimiter()
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let header_error = |message: String| RowError {
        line: 1,
        field: "header".into(),
        message,
    };
    let headers = reader
        .headers()
        .map_err(|e| header_error(e.to_string()))?
        .clone();
    for (i, want) in PLEDGE_COLUMNS.iter().enumerate() {
        if headers.get(i) != Some(*want) {
            return Err(header_error(format!("column {} must be {want}", i + 1)));
        }
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| RowError {
            line: e.position().map_or(0, physical_line),
            field: "row".into(),
            message: e.to_string(),
        })?;
        let line = record.position().map_or(0, physical_line);
        let cell = |i: usize| unprotect(record.get(i).unwrap_or("")).to_owned();
        let opt = |i: usize| Some(cell(i)).filter(|s| !s.is_empty());
        let bad = |i: usize, message: String| RowError {
            line,
            field: PLEDGE_COLUMNS[i].into(),
            message,
        };
        let split = |i: usize| -> Vec<String> {
            cell(i)
                .split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect()
        };
        let actors = split(12)
            .into_iter()
            .map(|pair| {
                pair.split_once(':')
                    .map(|(actor, role)| PledgeActorInput {
                        actor: actor.to_owned(),
                        role: role.to_owned(),
                    })
                    .ok_or_else(|| bad(12, format!("{pair:?} is not actor:role")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let conditions: Vec<ConditionInput> = match opt(20) {
            Some(s) => serde_json::from_str(&s).map_err(|e| bad(20, e.to_string()))?,
            None => vec![],
        };
        let money: Vec<MoneyInput> = match opt(21) {
            Some(s) => serde_json::from_str(&s).map_err(|e| bad(21, e.to_string()))?,
            None => vec![],
        };
        let contested = match cell(10).as_str() {
            "true" => true,
            "false" | "" => false,
            other => return Err(bad(10, format!("{other:?} is not true or false"))),
        };
        let deadline = DeadlineInput {
            date: opt(13),
            precision: opt(14),
            event: opt(15),
            text: opt(16),
        };
        let has_deadline = deadline.date.is_some() || deadline.event.is_some();
        rows.push((
            line,
            PledgeInput {
                slug: cell(0),
                title: cell(1),
                summary: cell(2),
                kind: cell(3),
                themes: split(4),
                event: opt(5),
                announced_on: cell(6),
                strength: cell(7),
                parent: opt(8),
                supersedes: opt(9),
                contested,
                sources: split(11),
                quote: opt(17).map(|text| QuoteInput {
                    text,
                    language: cell(18),
                    source: cell(19),
                }),
                actors,
                deadline: has_deadline.then_some(deadline),
                conditions,
                money,
            },
        ));
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_protection_is_reversible() {
        for value in [
            "=1+1", "+x", "-3", "@SUM(A1)", "\tx", "'quoted", "''", "plain", "",
        ] {
            assert_eq!(unprotect(&protect(value)), value);
        }
        assert_eq!(protect("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
    }
}

#[cfg(test)]
mod line_numbers {
    #[test]
    fn record_lines_count_like_an_editor() {
        let text = "a,b\r\n1,2\r\n\"multi\nline\",3\r\n4,5\r\n";
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(text.as_bytes());
        reader.headers().unwrap();
        let lines: Vec<u64> = reader
            .records()
            .map(|r| super::physical_line(r.unwrap().position().unwrap()))
            .collect();
        assert_eq!(
            lines,
            vec![2, 3, 5],
            "a quoted field over two lines counts both"
        );
    }
}
