//! The page templates: embedded in the binary so a release build runs from any directory,
//! or read from a folder (`PLEDGEWATCH_TEMPLATES_DIR`) while developing.

use std::sync::{Arc, OnceLock};
use tera::{Context, Tera};

const EMBEDDED: &[(&str, &str)] = &[
    (
        "layout.html",
        include_str!("../../../templates/layout.html"),
    ),
    (
        "macros.html",
        include_str!("../../../templates/macros.html"),
    ),
    (
        "dashboard.html",
        include_str!("../../../templates/dashboard.html"),
    ),
    (
        "pledges.html",
        include_str!("../../../templates/pledges.html"),
    ),
    (
        "pledge.html",
        include_str!("../../../templates/pledge.html"),
    ),
    ("group.html", include_str!("../../../templates/group.html")),
    ("index.html", include_str!("../../../templates/index.html")),
    ("money.html", include_str!("../../../templates/money.html")),
    ("data.html", include_str!("../../../templates/data.html")),
    ("error.html", include_str!("../../../templates/error.html")),
    ("login.html", include_str!("../../../templates/login.html")),
    (
        "account.html",
        include_str!("../../../templates/account.html"),
    ),
    (
        "follow_up_form.html",
        include_str!("../../../templates/follow_up_form.html"),
    ),
];

pub const STYLESHEET: &str = include_str!("../../../static/style.css");

pub fn load(dir: Option<&str>) -> anyhow::Result<Tera> {
    let mut tera = match dir {
        Some(dir) => Tera::new(&format!("{}/**/*", dir.trim_end_matches('/')))?,
        None => {
            let mut t = Tera::default();
            t.add_raw_templates(EMBEDDED.iter().copied())?;
            t
        }
    };
    // Escape everything in .html templates; text and mail templates opt in per file.
    tera.autoescape_on(vec![".html"]);
    Ok(tera)
}

static FOR_ERRORS: OnceLock<Arc<Tera>> = OnceLock::new();

/// Keeps a handle on the templates so that error responses, built far from any state,
/// can still render a proper page.
pub fn register_for_errors(tera: Arc<Tera>) {
    let _ = FOR_ERRORS.set(tera);
}

pub fn render_error(title: &str, message: &str) -> String {
    let mut ctx = Context::new();
    ctx.insert("title", title);
    ctx.insert("message", message);
    ctx.insert("nav", "");
    FOR_ERRORS
        .get()
        .and_then(|t| t.render("error.html", &ctx).ok())
        .unwrap_or_else(|| {
            let escape = |s: &str| {
                s.replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;")
            };
            format!(
                "<!doctype html><title>{}</title><h1>{}</h1><p>{}</p>",
                escape(title),
                escape(title),
                escape(message)
            )
        })
}
