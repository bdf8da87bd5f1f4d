//! The page templates: embedded in the binary so a release build runs from any directory,
//! or read from a folder (`PLEDGEWATCH_TEMPLATES_DIR`) while developing; and the
//! `source_url()` every page's footer links to.

use crate::page::{Nav, Page, View};
use std::path::Path;
use std::sync::{Arc, OnceLock};
use tera::Tera;

/// Embeds each template under its file name.
macro_rules! embed {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../../templates/", $name)))),*]
    };
}

const EMBEDDED: &[(&str, &str)] = embed![
    "layout.html",
    "macros.html",
    "dashboard.html",
    "pledges.html",
    "pledge.html",
    "group.html",
    "index.html",
    "money.html",
    "data.html",
    "error.html",
    "login.html",
    "account.html",
    "follow_up_form.html",
    "admin_users.html",
    "admin_audit.html",
    "admin_import.html",
    "admin_deleted.html",
    "pledge_form.html",
    "reference_form.html",
    "subscribe.html",
    "subscription_notice.html",
    "admin_email.html",
    "admin_links.html",
    "links_dashboard.html",
    "email/layout.html",
    "email/confirm/subject.txt",
    "email/confirm/text.txt",
    "email/confirm/html.html",
    "email/reminder/subject.txt",
    "email/reminder/text.txt",
    "email/reminder/html.html",
    "email/digest/subject.txt",
    "email/digest/text.txt",
    "email/digest/html.html",
    "contribute.html",
    "admin_contributions.html",
    "reply.html",
    "email/contribution_confirm/subject.txt",
    "email/contribution_confirm/text.txt",
    "email/contribution_confirm/html.html",
    "email/contribution_outcome/subject.txt",
    "email/contribution_outcome/text.txt",
    "email/contribution_outcome/html.html",
];

pub const STYLESHEET: &str = include_str!("../../../static/style.css");

/// The first 16 hex digits of the stylesheet's SHA-256: its version.
pub fn stylesheet_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(STYLESHEET.as_bytes()))[..16].to_owned()
    })
}

/// Where pages link the stylesheet: a name that changes whenever its content does, so it
/// can be cached for good (`{{ stylesheet_url() }}` in templates).
pub fn stylesheet_url() -> &'static str {
    static URL: OnceLock<String> = OnceLock::new();
    URL.get_or_init(|| format!("/static/style.{}.css", stylesheet_hash()))
}

/// The templates' sources: the embedded ones, or every file under `dir`, by path.
fn sources(dir: Option<&str>) -> anyhow::Result<Vec<(String, String)>> {
    let Some(dir) = dir else {
        return Ok(EMBEDDED
            .iter()
            .map(|(name, text)| ((*name).to_owned(), (*text).to_owned()))
            .collect());
    };
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) -> anyhow::Result<()> {
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            if path.is_dir() {
                walk(root, &path, out)?;
            } else {
                let name = path
                    .strip_prefix(root)?
                    .to_string_lossy()
                    .replace('\\', "/");
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
                out.push((name, text));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(Path::new(dir), Path::new(dir), &mut out)?;
    Ok(out)
}

/// The templates in every language (see [`i18n::Templates::compile`]).
pub fn load(dir: Option<&str>) -> anyhow::Result<i18n::Templates> {
    Ok(i18n::Templates::compile(
        &sources(dir)?,
        |tera: &mut Tera| {
            // Escape everything in .html templates; text and mail templates opt in per file.
            tera.autoescape_on(vec![".html"]);
            tera.register_function(
                "stylesheet_url",
                |_: &std::collections::HashMap<String, tera::Value>| Ok(stylesheet_url().into()),
            );
            tera.register_function(
                "source_url",
                |_: &std::collections::HashMap<String, tera::Value>| {
                    Ok(tera::Value::from(source_url()))
                },
            );
        },
    )?)
}

static SOURCE_URL: OnceLock<String> = OnceLock::new();

/// Sets where the footer of every page links for the source (once per process; the
/// first setting stays).
pub fn set_source_url(url: &str) {
    let _ = SOURCE_URL.set(url.to_owned());
}

/// Where every page's footer links for the source (AGPL §13).
pub fn source_url() -> &'static str {
    SOURCE_URL
        .get()
        .map_or(crate::config::DEFAULT_SOURCE_URL, String::as_str)
}

static FOR_ERRORS: OnceLock<Arc<i18n::Templates>> = OnceLock::new();

/// Keeps a handle on the templates so that error responses, built far from any state,
/// can still render a proper page.
pub fn register_for_errors(tera: Arc<i18n::Templates>) {
    let _ = FOR_ERRORS.set(tera);
}

/// An error page's view (`error.html`).
#[derive(serde::Serialize)]
struct ErrorView<'a> {
    title: &'a str,
    message: &'a str,
}

impl View for ErrorView<'_> {
    const TEMPLATE: &'static str = "error.html";
}

pub fn render_error(title: &str, message: &str) -> String {
    FOR_ERRORS
        .get()
        .and_then(|t| {
            Page::new(Nav::None)
                .render(t, &ErrorView { title, message })
                .ok()
        })
        .unwrap_or_else(|| {
            let escape = tera::escape_html;
            format!(
                "<!doctype html><title>{}</title><h1>{}</h1><p>{}</p>",
                escape(title),
                escape(title),
                escape(message)
            )
        })
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_template_file_is_embedded() {
        fn walk(root: &std::path::Path, dir: &std::path::Path, out: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(root, &path, out);
                } else {
                    let name = path.strip_prefix(root).unwrap().to_string_lossy();
                    out.push(name.replace('\\', "/"));
                }
            }
        }
        let dir = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../templates"));
        let mut on_disk = Vec::new();
        walk(dir, dir, &mut on_disk);
        on_disk.sort();
        let mut embedded: Vec<String> = super::EMBEDDED
            .iter()
            .map(|(n, _)| (*n).to_owned())
            .collect();
        embedded.sort();
        assert_eq!(embedded, on_disk);
        super::load(None).expect("every template compiles");
    }
}
