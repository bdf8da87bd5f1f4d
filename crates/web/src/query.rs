//! Reading list filters from a query string, strictly: an unknown value or a bad page is a
//! 400 naming the parameter, never a silent default. The same filters serve pages, the
//! JSON API and the CSV export, and are written back into links.

use crate::error::AppError;
use domain::catalog::{DEFAULT_PER_PAGE, Filter, MAX_PER_PAGE, Sort};
use domain::{DeliveryStatus, PledgeKind, ScheduleStatus, Slug, Strength, Theme};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListQuery {
    pub filter: Filter,
    pub sort: Sort,
    pub page: usize,
    pub per_page: usize,
}

impl Default for ListQuery {
    fn default() -> Self {
        Self {
            filter: Filter::default(),
            sort: Sort::Title,
            page: 1,
            per_page: DEFAULT_PER_PAGE,
        }
    }
}

fn bad(field: &str, message: impl Into<String>) -> AppError {
    AppError::BadRequest {
        field: field.to_owned(),
        message: message.into(),
    }
}

/// Each value of a parameter, whether repeated (`theme=a&theme=b`) or comma-separated.
fn values(value: &str) -> impl Iterator<Item = &str> {
    value.split(',').map(str::trim).filter(|v| !v.is_empty())
}

fn push_all<T: PartialEq>(
    into: &mut Vec<T>,
    field: &str,
    value: &str,
    parse: impl Fn(&str) -> Result<T, domain::DomainError>,
) -> Result<(), AppError> {
    for v in values(value) {
        let parsed = parse(v).map_err(|e| bad(field, e.to_string()))?;
        if !into.contains(&parsed) {
            into.push(parsed);
        }
    }
    Ok(())
}

fn positive(field: &str, value: &str, max: usize) -> Result<usize, AppError> {
    let n: u64 = value.trim().parse().map_err(|_| {
        bad(
            field,
            format!("{field} must be a whole number from 1 to {max}"),
        )
    })?;
    if n == 0 || n > max as u64 {
        return Err(bad(
            field,
            format!("{field} must be a whole number from 1 to {max}"),
        ));
    }
    Ok(n as usize)
}

/// The largest page number accepted: far past any real list, small enough to compute with.
pub const MAX_PAGE: usize = 1_000_000;

pub fn parse(pairs: &[(String, String)]) -> Result<ListQuery, AppError> {
    let mut q = ListQuery::default();
    for (key, value) in pairs {
        let f = &mut q.filter;
        match key.as_str() {
            "delivery" => push_all(&mut f.delivery, key, value, |v| {
                DeliveryStatus::parse_field("delivery", v)
            })?,
            "strength" => push_all(&mut f.strength, key, value, |v| {
                Strength::parse_field("strength", v)
            })?,
            "schedule" => push_all(&mut f.schedule, key, value, |v| {
                ScheduleStatus::parse_field("schedule", v)
            })?,
            "theme" => push_all(&mut f.theme, key, value, |v| Theme::parse_field("theme", v))?,
            "kind" => push_all(&mut f.kind, key, value, |v| {
                PledgeKind::parse_field("kind", v)
            })?,
            "actor" => push_all(&mut f.actor, key, value, |v| Slug::parse("actor", v))?,
            "event" => push_all(&mut f.event, key, value, |v| Slug::parse("event", v))?,
            "q" => {
                let text = value.trim();
                if text.chars().count() > 200 {
                    return Err(bad("q", "q must be at most 200 characters"));
                }
                f.text = (!text.is_empty()).then(|| text.to_owned());
            }
            "sort" if !value.trim().is_empty() => {
                q.sort = Sort::parse(value).map_err(|e| bad("sort", e.to_string()))?;
            }
            "page" if !value.trim().is_empty() => q.page = positive("page", value, MAX_PAGE)?,
            "per_page" if !value.trim().is_empty() => {
                q.per_page = positive("per_page", value, MAX_PER_PAGE)?
            }
            // Unknown parameters (tracking tags, cache busters) are ignored.
            _ => {}
        }
    }
    Ok(q)
}

/// Percent-encodes a query-string value (`application/x-www-form-urlencoded`, as the
/// `url` crate writes it: a space becomes `+`).
pub fn encode(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// The query string that reproduces `q` at `page`, without defaults.
pub fn to_query_string(q: &ListQuery, page: usize) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut add = |k: &str, v: &str| parts.push(format!("{k}={}", encode(v)));
    let f = &q.filter;
    for v in &f.delivery {
        add("delivery", v.code());
    }
    for v in &f.strength {
        add("strength", v.code());
    }
    for v in &f.schedule {
        add("schedule", v.code());
    }
    for v in &f.theme {
        add("theme", v.code());
    }
    for v in &f.kind {
        add("kind", v.code());
    }
    for v in &f.actor {
        add("actor", v.as_str());
    }
    for v in &f.event {
        add("event", v.as_str());
    }
    if let Some(t) = &f.text {
        add("q", t);
    }
    if q.sort != Sort::Title {
        add("sort", q.sort.code());
    }
    if page != 1 {
        add("page", &page.to_string());
    }
    if q.per_page != DEFAULT_PER_PAGE {
        add("per_page", &q.per_page.to_string());
    }
    parts.join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(s: &[(&str, &str)]) -> Vec<(String, String)> {
        s.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn filters_combine_and_round_trip_through_links() {
        let q = parse(&pairs(&[
            ("theme", "investment,regulation"),
            ("delivery", "in_progress"),
            ("q", "data centre & <b>"),
            ("sort", "money"),
            ("page", "3"),
        ]))
        .unwrap();
        assert_eq!(q.filter.theme, vec![Theme::Investment, Theme::Regulation]);
        assert_eq!(q.page, 3);
        let link = to_query_string(&q, 3);
        let back: Vec<(String, String)> = url::form_urlencoded::parse(link.as_bytes())
            .into_owned()
            .collect();
        assert_eq!(parse(&back).unwrap(), q);
    }

    #[test]
    fn bad_pages_and_values_name_their_parameter() {
        for (k, v) in [
            ("page", "0"),
            ("page", "-1"),
            ("page", "abc"),
            ("page", "99999999999999999999"),
            ("per_page", "1000"),
            ("delivery", "done"),
            ("sort", "random"),
        ] {
            match parse(&pairs(&[(k, v)])) {
                Err(AppError::BadRequest { field, .. }) => assert_eq!(field, k),
                other => panic!("{k}={v}: {other:?}"),
            }
        }
    }
}
