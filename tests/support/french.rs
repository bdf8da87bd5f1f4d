//! The French-page check shared by the page, form and mail tests: the text a reader sees
//! holds no message of the English catalogue that French writes differently.

use fluent_syntax::ast::{Entry, Expression, Pattern, PatternElement};
use fluent_syntax::parser::parse;

/// Panics, naming the message and the place, if `html`'s visible text contains an English
/// catalogue phrase (a run of at least two words of a message whose French differs).
///
/// Visible text is the page without tags, scripts and styles, without what sits inside an
/// element whose `lang` is not French (a quote keeps its source's language), and without
/// the `data` strings (titles, names: data stays in the language its source used).
pub fn assert_no_english(html: &str, data: &[&str]) {
    let text = visible_text(html, data);
    let found = english_in(&text);
    assert!(
        found.is_empty(),
        "English on a French page:\n{}\n--- visible text ---\n{text}",
        found.join("\n")
    );
}

/// Panics, naming `what` and each English catalogue phrase, if the plain text `text` (a
/// mail's subject or text part) holds one; the `data` strings are taken out first.
pub fn assert_no_english_text(what: &str, text: &str, data: &[&str]) {
    let mut flat = squash(text);
    for d in data {
        let d = squash(d);
        if !d.is_empty() {
            flat = flat.replace(&d, " ");
        }
    }
    let found = english_in(&flat);
    assert!(
        found.is_empty(),
        "English in {what}:\n{}\n--- text ---\n{text}",
        found.join("\n")
    );
}

/// The English phrases (`id: "phrase"`) found in `text`; empty when there are none.
pub fn english_in(text: &str) -> Vec<String> {
    let text = squash(text);
    let mut found = Vec::new();
    for (id, phrase) in english_phrases() {
        if text.contains(&phrase) {
            found.push(format!("{id}: {phrase:?}"));
        }
    }
    found
}

/// Every phrase the English catalogue writes that the French catalogue does not: the text
/// runs of each message (every variant of a plural), split at placed values, of at least
/// two words.
pub fn english_phrases() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (area, [en, fr]) in i18n::FILES {
        let fr_runs: std::collections::HashMap<String, Vec<String>> = messages(fr).collect();
        for (id, runs) in messages(en) {
            let french = fr_runs.get(&id).cloned().unwrap_or_default();
            if french == runs {
                continue;
            }
            for run in runs {
                if run.split_whitespace().count() >= 2 && !french.contains(&run) {
                    out.push((format!("{area}/{id}"), run));
                }
            }
        }
    }
    out
}

/// Each message of one file with its text runs, whitespace squashed.
fn messages(source: &str) -> impl Iterator<Item = (String, Vec<String>)> + '_ {
    let resource = match parse(source) {
        Ok(r) => r,
        Err((r, _)) => r,
    };
    resource
        .body
        .into_iter()
        .filter_map(|entry| match entry {
            Entry::Message(m) => {
                let mut runs = Vec::new();
                if let Some(value) = &m.value {
                    let mut current = String::new();
                    pattern_runs(value, &mut current, &mut runs);
                    flush(&mut current, &mut runs);
                }
                Some((m.id.name.to_owned(), runs))
            }
            _ => None,
        })
        .collect::<Vec<_>>()
        .into_iter()
}

fn flush(current: &mut String, runs: &mut Vec<String>) {
    let run = squash(current);
    if !run.is_empty() {
        runs.push(run);
    }
    current.clear();
}

fn pattern_runs(pattern: &Pattern<&str>, current: &mut String, runs: &mut Vec<String>) {
    for element in &pattern.elements {
        match element {
            PatternElement::TextElement { value } => current.push_str(value),
            PatternElement::Placeable { expression } => {
                flush(current, runs);
                if let Expression::Select { variants, .. } = expression {
                    for v in variants {
                        let mut inner = String::new();
                        pattern_runs(&v.value, &mut inner, runs);
                        flush(&mut inner, runs);
                    }
                }
            }
        }
    }
}

/// Whitespace (including no-break spaces) collapsed to single spaces, trimmed.
fn squash(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c == '\u{A0}' || c == '\u{202F}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// What a reader sees of `html`, entities decoded, whitespace squashed, with the data and
/// the text in other languages taken out.
pub fn visible_text(html: &str, data: &[&str]) -> String {
    let mut out = String::new();
    // The names of open elements that hide their text (script, style, or another
    // language), with the depth of same-named elements opened inside them.
    let mut hiding: Option<(String, usize)> = None;
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        if hiding.is_none() {
            out.push_str(&rest[..lt]);
        }
        rest = &rest[lt..];
        if rest.starts_with("<!--") {
            let end = rest.find("-->").map_or(rest.len(), |e| e + 3);
            rest = &rest[end..];
            continue;
        }
        let end = tag_end(rest);
        let tag = &rest[1..end.saturating_sub(1).max(1)];
        rest = &rest[end..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let self_closing = tag.ends_with('/') || VOID.contains(&name.as_str());
        match &mut hiding {
            Some((hidden, depth)) if *hidden == name => {
                if closing {
                    if *depth == 0 {
                        hiding = None;
                    } else {
                        *depth -= 1;
                    }
                } else if !self_closing {
                    *depth += 1;
                }
            }
            Some(_) => {}
            None if closing => {
                out.push(' ');
            }
            None => {
                out.push(' ');
                if name == "script" || name == "style" || foreign(tag) {
                    // A void or self-closed element has nothing inside to hide.
                    if !self_closing {
                        hiding = Some((name, 0));
                    }
                } else {
                    // Read on void elements too: an input's placeholder, an image's alt.
                    // What a reader is told without it being text: a screen reader's
                    // label, a tooltip, a placeholder, a table cell's label on a phone.
                    for attribute in READ_ATTRIBUTES {
                        if let Some(value) = attribute_value(tag, attribute) {
                            out.push_str(value);
                            out.push(' ');
                        }
                    }
                }
            }
        }
    }
    if hiding.is_none() {
        out.push_str(rest);
    }
    let mut text = squash(&decode(&out));
    for d in data {
        let d = squash(d);
        if !d.is_empty() {
            text = text.replace(&d, " ");
        }
    }
    squash(&text)
}

/// Attributes whose values people read or hear.
const READ_ATTRIBUTES: &[&str] = &["aria-label", "title", "alt", "placeholder", "data-label"];

/// The value of `name="…"` (or `'…'`) in a start tag, if it is there.
fn attribute_value<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut from = 0;
    while let Some(at) = tag[from..].find(name) {
        let start = from + at;
        from = start + name.len();
        let before = tag[..start].chars().last();
        if !before.is_some_and(char::is_whitespace) {
            continue;
        }
        let rest = tag[from..].strip_prefix('=')?;
        let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let value = &rest[1..];
        return value.find(quote).map(|end| &value[..end]);
    }
    None
}

/// Every text of the seed files (`seeds/*.toml`) of two words or more: titles, names,
/// summaries, notes. They are data, written in their sources' language, and a French
/// page shows them as they are.
pub fn seed_data() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../seeds");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir)
        .expect("seeds/ is readable")
        .flatten()
    {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("a seed file is readable");
        out.extend(toml_strings(&text).into_iter().filter(|s| s.contains(' ')));
    }
    // The longest first, so that a text is taken out whole before a shorter one inside it.
    out.sort_by_key(|s| std::cmp::Reverse(s.len()));
    out.dedup();
    out
}

/// The basic (`"…"`) and multi-line (`"""…"""`) strings of a TOML file, unescaped.
fn toml_strings(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find('"') {
        // A quote inside a comment opens no string.
        if rest[..at]
            .rsplit('\n')
            .next()
            .is_some_and(|l| l.trim_start().starts_with('#'))
        {
            rest = rest[at..].split_once('\n').map_or("", |(_, r)| r);
            continue;
        }
        let (multi, body) = match rest[at..].strip_prefix("\"\"\"") {
            Some(body) => (true, body),
            None => (false, &rest[at + 1..]),
        };
        let mut value = String::new();
        let mut chars = body.char_indices();
        let mut end = body.len();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => match chars.next() {
                    Some((_, 'n')) => value.push('\n'),
                    Some((_, 't')) => value.push('\t'),
                    Some((_, '\n')) => {
                        // A line-ending backslash joins the lines, dropping the indent.
                        while chars.clone().next().is_some_and(|(_, c)| c.is_whitespace()) {
                            chars.next();
                        }
                    }
                    Some((_, other)) => value.push(other),
                    None => {}
                },
                '"' if !multi => {
                    end = i + 1;
                    break;
                }
                '"' if body[i..].starts_with("\"\"\"") => {
                    end = i + 3;
                    break;
                }
                c => value.push(c),
            }
        }
        out.push(value.trim().to_owned());
        rest = &body[end.min(body.len())..];
    }
    out
}

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Where the tag starting `s` ends, past its `>`, quoted attribute values skipped.
fn tag_end(s: &str) -> usize {
    let mut quote = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return i + 1,
            _ => {}
        }
    }
    s.len()
}

/// Whether a start tag carries a `lang` other than French (`lang="en"`, `lang='de'`).
fn foreign(tag: &str) -> bool {
    let lower = tag.to_ascii_lowercase();
    let mut rest = lower.as_str();
    while let Some(at) = rest.find("lang=") {
        let before = rest[..at].chars().last();
        rest = &rest[at + 5..];
        if before.is_some_and(|c| c.is_whitespace()) {
            let value = rest.trim_start_matches(['"', '\'']);
            return !value.starts_with("fr");
        }
    }
    false
}

/// The entities the templates write: named ones tera escapes to, and numeric ones.
pub fn decode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest
            .char_indices()
            .take(12)
            .find(|(_, c)| *c == ';')
            .map(|(i, _)| i)
        else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let c = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{A0}'),
            e if e.starts_with("#x") || e.starts_with("#X") => u32::from_str_radix(&e[2..], 16)
                .ok()
                .and_then(char::from_u32),
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visible_text_drops_tags_scripts_and_other_languages() {
        let html = r#"<html lang="fr"><style>p{}</style><p>Un &amp; deux</p>
            <blockquote lang="en"><p>Kept <b>out</b></p></blockquote><script>x()</script>
            <span lang="fr">gardé</span><img alt="x"> fin"#;
        assert_eq!(visible_text(html, &[]), "Un & deux gardé x fin");
        assert_eq!(visible_text("<p>Titre du jeu</p>", &["du jeu"]), "Titre");
    }

    #[test]
    fn attributes_people_read_are_text() {
        let html = r#"<nav aria-label="Main" data-title="x"><input placeholder='Words'></nav>"#;
        assert_eq!(visible_text(html, &[]), "Main Words");
    }

    #[test]
    fn seed_strings_are_read_whole() {
        let strings = toml_strings(
            "# a \"comment\"\ntitle = \"A \\\"b\\\" c\"\nnote = \"\"\"\nOne\ntwo\"\"\"\n",
        );
        assert_eq!(strings, ["A \"b\" c", "One\ntwo"]);
        assert!(seed_data().iter().any(|s| s.starts_with("France: ")));
    }

    #[test]
    fn an_english_phrase_is_found_and_french_is_not() {
        let phrases = english_phrases();
        let (id, phrase) = phrases
            .iter()
            .find(|(id, _)| id == "common/skip-to-content")
            .expect("the English catalogue has phrases to look for");
        assert!(!english_in(&format!("a {phrase} b")).is_empty(), "{id}");
        assert!(english_in("Aller au contenu").is_empty());
    }
}
