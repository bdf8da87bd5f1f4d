//! The page builder: what `layout.html` needs on every page (which nav entry is current,
//! the CSRF token that forms post back, the page's language), joined with one page's typed
//! view. Every page route renders through it, so the layout's context is written once.
//!
//! A typed view names its template ([`View::TEMPLATE`]) and is rendered in one call:
//!
//! ```ignore
//! #[derive(Serialize)]
//! struct AccountView<'a> { user: UserView<'a>, message: Option<&'a str> }
//! impl View for AccountView<'_> { const TEMPLATE: &'static str = "account.html"; }
//!
//! let html = Page::new(Nav::None).csrf(&session.csrf).render(&state.templates, &view)?;
//! ```
//!
//! Routes not yet switched to a typed view start from [`Page::context`] and insert their
//! own fields; they must not insert `nav`, `csrf` or `lang` themselves:
//!
//! ```ignore
//! let mut ctx = Page::new(Nav::Pledges).csrf(&session.csrf).context();
//! ctx.insert("form", &form);
//! state.templates.render("pledge_form.html", &ctx)?
//! ```

// Names only `locale` (a leaf) of this crate, so the error pages can use it as well as
// every route.
use crate::locale::{self, Locale};
use i18n::{Lang, Templates};
use serde::Serialize;
use tera::Context;

/// One page's typed view: the fields its template reads, and the template's name.
pub trait View: Serialize {
    const TEMPLATE: &'static str;
}

/// The entry of the main navigation a page belongs to (`aria-current` in the layout);
/// `None` for pages outside it (forms, accounts, administration, errors).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Nav {
    #[serde(rename = "")]
    None,
    Dashboard,
    Pledges,
    Actors,
    Themes,
    Events,
    Money,
    Data,
}

/// The layout's context for one page, built in steps: `Page::new(nav)`, then
/// `.csrf(&session.csrf)` on pages with forms (or the login form's cookie-bound token,
/// before anyone is signed in).
#[derive(Debug, Clone)]
#[must_use]
pub struct Page<'a> {
    nav: Nav,
    csrf: Option<&'a str>,
    locale: Locale,
}

impl<'a> Page<'a> {
    /// A page in the current request's language ([`locale::current`]).
    pub fn new(nav: Nav) -> Self {
        Self {
            nav,
            csrf: None,
            locale: locale::current(),
        }
    }

    /// A page rendered for many requests (the dashboard, once per snapshot): in `lang`,
    /// its alternates pointing at `target` whatever the first request's query was.
    pub fn shared(nav: Nav, lang: Lang, target: &str) -> Self {
        Self {
            nav,
            csrf: None,
            locale: Locale {
                lang,
                target: target.to_owned(),
            },
        }
    }

    /// The language this page is written in.
    pub fn lang(&self) -> Lang {
        self.locale.lang
    }

    /// Forms on this page post this token (`{{ csrf }}`): the session's, or the login
    /// form's, bound to the browser by a cookie because there is no session yet.
    pub fn csrf(self, token: &'a str) -> Self {
        Self {
            csrf: Some(token),
            ..self
        }
    }

    /// The layout's fields alone, for a route that inserts the rest by hand.
    pub fn context(&self) -> Context {
        let mut ctx = Context::new();
        self.fill(&mut ctx);
        ctx
    }

    /// The view's fields with the layout's beside them.
    pub fn context_with<V: Serialize>(&self, view: &V) -> Result<Context, tera::Error> {
        let mut ctx = Context::from_serialize(view)?;
        self.fill(&mut ctx);
        Ok(ctx)
    }

    /// Renders the view's template with the layout's fields.
    pub fn render<V: View>(&self, templates: &Templates, view: &V) -> Result<String, tera::Error> {
        templates
            .get(self.locale.lang)
            .render(V::TEMPLATE, &self.context_with(view)?)
    }

    // Inserted after the view's own fields: a view cannot override what the layout reads.
    fn fill(&self, ctx: &mut Context) {
        ctx.insert("nav", &self.nav);
        ctx.insert("lang", self.locale.lang.code());
        ctx.insert("alternates", &self.locale.alternates());
        if let Some(csrf) = self.csrf {
            ctx.insert("csrf", csrf);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Probe {
        nav: &'static str,
        title: &'static str,
    }
    impl View for Probe {
        const TEMPLATE: &'static str = "probe";
    }

    fn tera() -> Templates {
        let mut t = tera::Tera::default();
        t.add_raw_template(
            "probe",
            "{{ lang }}|{{ nav }}|{{ title }}|{{ csrf | default(value=\"-\") }}",
        )
        .unwrap();
        Templates::new(t)
    }

    #[test]
    fn the_layout_fields_sit_beside_the_view_and_win() {
        let view = Probe {
            nav: "forged",
            title: "T",
        };
        let html = Page::new(Nav::Money).render(&tera(), &view).unwrap();
        assert_eq!(html, "en|money|T|-");
        let html = Page::new(Nav::None)
            .csrf("tok")
            .render(&tera(), &view)
            .unwrap();
        assert_eq!(html, "en||T|tok");
    }

    #[test]
    fn a_bare_context_holds_the_layout_fields() {
        let ctx = Page::new(Nav::Data).csrf("x").context();
        assert_eq!(ctx.get("nav").and_then(|v| v.as_str()), Some("data"));
        assert_eq!(ctx.get("lang").and_then(|v| v.as_str()), Some("en"));
        assert_eq!(ctx.get("csrf").and_then(|v| v.as_str()), Some("x"));
    }
}
