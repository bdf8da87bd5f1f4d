//! Which language a request is answered in: `?lang=` first (a link someone shared, or the
//! switch in the header), then the cookie the switch set, then the browser's
//! `Accept-Language`, then English.

use crate::Lang;

/// The cookie that remembers the reader's choice.
pub const COOKIE: &str = "lang";

/// The language for a request. Unknown or malformed values at any step are passed over,
/// never refused: a reader always gets a page.
pub fn negotiate(query: Option<&str>, cookie: Option<&str>, accept: Option<&str>) -> Lang {
    query
        .and_then(Lang::parse)
        .or_else(|| cookie.and_then(Lang::parse))
        .or_else(|| accept.and_then(from_accept_language))
        .unwrap_or_default()
}

/// The first language of `Accept-Language` (RFC 9110 §12.5.4), by quality, that
/// pledgewatch is written in. A range it cannot read is passed over, not the header.
fn from_accept_language(header: &str) -> Option<Lang> {
    let mut ranges: Vec<(u16, Lang)> = header
        .split(',')
        .filter_map(|item| {
            let mut parts = item.split(';');
            let lang = Lang::parse(parts.next()?.trim())?;
            // q is at most three decimals (RFC 9110 §12.4.2): compared in thousandths.
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .next()
                .map_or(Some(1000), |q| {
                    q.trim()
                        .parse::<f32>()
                        .ok()
                        .map(|q| (q.clamp(0.0, 1.0) * 1000.0) as u16)
                })?;
            (q > 0).then_some((q, lang))
        })
        .collect();
    // Stable: of ranges with the same quality, the first listed wins.
    ranges.sort_by_key(|r| std::cmp::Reverse(r.0));
    ranges.first().map(|(_, lang)| *lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_wins_then_the_cookie_then_the_browser() {
        assert_eq!(negotiate(Some("fr"), Some("en"), Some("en")), Lang::Fr);
        assert_eq!(negotiate(None, Some("fr"), Some("en")), Lang::Fr);
        assert_eq!(negotiate(Some("xx"), Some("fr"), None), Lang::Fr);
        assert_eq!(
            negotiate(None, None, Some("fr-FR,fr;q=0.9,en;q=0.8")),
            Lang::Fr
        );
        assert_eq!(negotiate(None, None, None), Lang::En);
    }

    #[test]
    fn accept_language_is_read_by_quality() {
        assert_eq!(
            from_accept_language("en;q=0.5, fr;q=0.9, de"),
            Some(Lang::Fr)
        );
        assert_eq!(from_accept_language("de-DE, fr;q=0.2"), Some(Lang::Fr));
        assert_eq!(from_accept_language("de, *;q=0.1"), None);
        assert_eq!(from_accept_language(";;;=,,"), None);
        assert_eq!(from_accept_language("fr;q=0, en;q=0.1"), Some(Lang::En));
        assert_eq!(from_accept_language("fr;q=abc, en;q=0.1"), Some(Lang::En));
    }
}
