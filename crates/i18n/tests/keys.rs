//! The catalogues stay whole: both languages hold the same messages, every message the
//! code or a template asks for exists, and no message is left that nothing asks for.

use i18n::{Catalog, FILES, Lang};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every template and Rust source a message can be asked for from.
fn sources() -> Vec<(PathBuf, String)> {
    fn walk(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                // The i18n crate's own docs name example ids.
                if path
                    .file_name()
                    .is_some_and(|n| n != "target" && n != "i18n")
                {
                    walk(&path, out);
                }
            } else if path
                .extension()
                .is_some_and(|e| e == "rs" || e == "html" || e == "txt")
                && let Ok(text) = std::fs::read_to_string(&path)
            {
                out.push((path, text));
            }
        }
    }
    let mut out = Vec::new();
    for dir in ["templates", "crates"] {
        walk(&root().join(dir), &mut out);
    }
    out
}

/// The message ids a source asks for by name: `t(k="id")` in templates (and
/// `t(k="prefix-" ~ code)` for a family), `tr(lang, "id")` and `tr_args(lang, "id", …)`
/// in Rust, and `i18n::key("id")` where Rust keeps an id to format later.
fn asked(text: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for marker in ["k=\"", "k='", "tr(lang, \"", "tr_args(lang, \"", "key(\""] {
        let mut rest = text;
        while let Some(at) = rest.find(marker) {
            rest = &rest[at + marker.len()..];
            let id: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            if !id.is_empty() {
                ids.push(id);
            }
        }
    }
    ids
}

fn all_ids(lang: Lang) -> BTreeSet<String> {
    FILES
        .iter()
        .flat_map(|(area, _)| Catalog::ids(lang, area))
        .collect()
}

#[test]
fn every_catalogue_parses() {
    Catalog::build().expect("every .ftl file parses and no id is defined twice");
}

#[test]
fn both_languages_hold_the_same_messages_in_the_same_files() {
    for (area, _) in FILES {
        let en: BTreeSet<_> = Catalog::ids(Lang::En, area).into_iter().collect();
        let fr: BTreeSet<_> = Catalog::ids(Lang::Fr, area).into_iter().collect();
        let only_en: Vec<_> = en.difference(&fr).collect();
        let only_fr: Vec<_> = fr.difference(&en).collect();
        assert!(
            only_en.is_empty() && only_fr.is_empty(),
            "locales/*/{area}.ftl differ: missing in French {only_en:?}, missing in English {only_fr:?}"
        );
    }
}

#[test]
fn every_message_asked_for_exists() {
    let catalog = i18n::catalog();
    let mut missing = Vec::new();
    for (path, text) in sources() {
        for id in asked(&text) {
            // A family's prefix (`t(k="delivery-" ~ code)`) is checked by the next test.
            if id.ends_with('-') {
                continue;
            }
            for lang in Lang::ALL {
                if !catalog.has(lang, &id) {
                    missing.push(format!("{} asks for {id} ({lang})", path.display()));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "messages missing:\n{}",
        missing.join("\n")
    );
}

#[test]
fn no_message_is_left_unused() {
    let texts: Vec<String> = sources().into_iter().map(|(_, t)| t).collect();
    let asked: BTreeSet<String> = texts.iter().flat_map(|t| asked(t)).collect();
    let unused: Vec<String> = all_ids(Lang::En)
        .into_iter()
        .filter(|id| {
            // Used by name, or as one of a family asked for by its prefix.
            !asked.contains(id)
                && !asked
                    .iter()
                    .any(|a| a.ends_with('-') && id.starts_with(a.as_str()))
        })
        .collect();
    assert!(unused.is_empty(), "messages nothing asks for: {unused:?}");
}

#[test]
fn the_checks_above_can_fail() {
    // The scanner finds ids in each form they are asked for, so a removed message or an
    // unused one is noticed.
    let text = r#"{{ t(k="nav-pledges") }} {{ t(k="delivery-" ~ x) }} tr(lang, "field-empty")"#;
    assert_eq!(asked(text), ["nav-pledges", "delivery-", "field-empty"]);
    assert!(!i18n::catalog().has(Lang::Fr, "no-such-message"));
}
