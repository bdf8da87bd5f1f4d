//! pledgewatch in English and French: the Fluent catalogues of `locales/` (every string a
//! person reads), the choice of a request's language, and one set of templates per
//! language whose `t()` function writes in it.
//!
//! In a template: `{{ t(k="nav-pledges") }}`, with arguments `{{ t(k="pledges-count",
//! n=d.total) }}`, and vocabulary by code `{{ t(k="delivery-" ~ p.delivery) }}`. What `t`
//! returns is escaped like any other value: a message never carries markup, so a link
//! inside a sentence is written as the text before it, the link, and the text after it.

mod catalog;
mod negotiate;
mod templates;

pub use catalog::{Args, Catalog, FILES, catalog};
pub use domain::Lang;
pub use negotiate::{COOKIE, negotiate};
pub use templates::Templates;

/// Names a message id that Rust keeps to format later (a field error, a notice): the
/// key-parity test finds ids written as `key("id")`, `tr(lang, "id")` and
/// `tr_args(lang, "id", …)`, and `t(k="id")` in templates.
pub const fn key(id: &'static str) -> &'static str {
    id
}

/// A message in `lang`, for Rust code (field errors, notices, mail subjects).
pub fn tr(lang: Lang, id: &str) -> String {
    catalog().format(lang, id, None)
}

/// A message with arguments: `tr_args(lang, "pledges-count", &[("n", 3.into())])`.
pub fn tr_args(lang: Lang, id: &str, args: &[(&str, Arg)]) -> String {
    let mut fluent = Args::new();
    for (name, value) in args {
        match value {
            Arg::Text(s) => fluent.set(*name, s.clone()),
            Arg::Number(n) => fluent.set(*name, *n),
        }
    }
    catalog().format(lang, id, Some(&fluent))
}

/// An argument of a message: text is placed as given (never translated), a number
/// chooses the plural form.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Text(String),
    Number(i64),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Text(s.to_owned())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Text(s)
    }
}
impl From<i64> for Arg {
    fn from(n: i64) -> Self {
        Arg::Number(n)
    }
}
impl From<usize> for Arg {
    fn from(n: usize) -> Self {
        Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
    }
}
