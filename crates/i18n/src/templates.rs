//! One compiled set of templates per language: each has its own `t()` that writes in its
//! language, so a template never passes the language to every call. A context's `lang`
//! (which the page builder and the mailroom always set) chooses the set.

use crate::{Lang, catalog};
use std::collections::HashMap;
use tera::{Context, Tera, Value};

pub struct Templates {
    by_lang: Vec<(Lang, Tera)>,
}

/// `t(k="id", name=value…)`: the message `id` in one language.
struct Translate(Lang);

impl tera::Function for Translate {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let id = args
            .get("k")
            .and_then(Value::as_str)
            .ok_or_else(|| tera::Error::msg("t() needs k=\"message-id\""))?;
        let mut fluent = crate::Args::new();
        for (name, value) in args.iter().filter(|(n, _)| n.as_str() != "k") {
            match value {
                Value::Number(n) => match n.as_i64() {
                    Some(i) => fluent.set(name.as_str(), i),
                    None => fluent.set(name.as_str(), n.as_f64().unwrap_or_default()),
                },
                Value::String(s) => fluent.set(name.as_str(), s.clone()),
                Value::Null => fluent.set(name.as_str(), ""),
                other => fluent.set(name.as_str(), other.to_string()),
            }
        }
        Ok(Value::String(catalog().format(self.0, id, Some(&fluent))))
    }
}

/// Writes in, once at load, every message a template asks for with no arguments:
/// `{{ t(k="id") }}` becomes the message's text, escaped for HTML templates as `{{ }}`
/// would have escaped it. What was a function call per render (per row, in a table) costs
/// nothing; messages with arguments or built ids (`k="a-" ~ x`) stay calls.
pub fn pretranslate(source: &str, lang: Lang, html: bool) -> String {
    let mut out = String::with_capacity(source.len());
    let mut rest = source;
    while let Some(at) = rest.find("{{") {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        match static_call(tail) {
            Some((id, len)) => {
                let text = catalog().format(lang, id, None);
                if html {
                    out.push_str(&tera::escape_html(&text));
                } else {
                    out.push_str(&text);
                }
                rest = &tail[len..];
            }
            None => {
                out.push_str("{{");
                rest = &tail[2..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// `{{ t(k="id") }}` (either quote, any spaces) at the start of `s`: the id and the
/// length of the whole call.
fn static_call(s: &str) -> Option<(&str, usize)> {
    let inner = s.strip_prefix("{{")?;
    let body = inner.trim_start();
    let body = body.strip_prefix("t(k=")?;
    let quote = body.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let body = &body[1..];
    let end = body.find(quote)?;
    let id = &body[..end];
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return None;
    }
    let after = body[end + 1..].strip_prefix(')')?;
    let close = after.trim_start().strip_prefix("}}")?;
    Some((id, s.len() - close.len()))
}

impl Templates {
    /// Compiles `sources` (name, text) once per language, with the static messages written
    /// in ([`pretranslate`]); `configure` adds what every set needs (autoescape, functions).
    pub fn compile(
        sources: &[(String, String)],
        configure: impl Fn(&mut Tera),
    ) -> tera::Result<Templates> {
        let mut by_lang = Vec::new();
        for lang in Lang::ALL {
            let mut tera = Tera::default();
            tera.add_raw_templates(sources.iter().map(|(name, text)| {
                (
                    name.as_str(),
                    pretranslate(text, lang, name.ends_with(".html")),
                )
            }))?;
            configure(&mut tera);
            tera.register_function("t", Translate(lang));
            by_lang.push((lang, tera));
        }
        Ok(Templates { by_lang })
    }

    /// The same templates compiled once per language, each with its `t()`.
    pub fn new(base: Tera) -> Templates {
        let by_lang = Lang::ALL
            .into_iter()
            .map(|lang| {
                let mut tera = base.clone();
                tera.register_function("t", Translate(lang));
                (lang, tera)
            })
            .collect();
        Templates { by_lang }
    }

    pub fn get(&self, lang: Lang) -> &Tera {
        let (_, tera) = self
            .by_lang
            .iter()
            .find(|(l, _)| *l == lang)
            .unwrap_or(&self.by_lang[0]);
        tera
    }

    /// Renders in the language the context names (`lang`), English if it names none.
    pub fn render(&self, name: &str, ctx: &Context) -> tera::Result<String> {
        let lang = ctx
            .get("lang")
            .and_then(Value::as_str)
            .and_then(Lang::parse)
            .unwrap_or_default();
        self.get(lang).render(name, ctx)
    }

    /// Whether a template of this name exists (the same in every language).
    pub fn has(&self, name: &str) -> bool {
        self.get(Lang::En).get_template_names().any(|n| n == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn static_messages_are_written_in_once() {
        let html = pretranslate(
            "<a title=\"{{ t(k='nav-pledges') }}\">{{t(k=\"nav-data\")}}</a>{{ t(k=\"x-\" ~ y) }}{{ a }}",
            Lang::En,
            true,
        );
        assert_eq!(
            html,
            "<a title=\"Pledges\">Data &amp; API</a>{{ t(k=\"x-\" ~ y) }}{{ a }}"
        );
        assert_eq!(
            pretranslate("{{ t(k=\"nav-data\") }}", Lang::En, false),
            "Data & API"
        );
        assert_eq!(
            pretranslate("{{ t(k=\"nav-data\", n=1) }}", Lang::Fr, true),
            "{{ t(k=\"nav-data\", n=1) }}"
        );
        assert_eq!(
            pretranslate("{{ t(k=\"\") }} {{", Lang::Fr, true),
            "{{ t(k=\"\") }} {{"
        );
    }

    #[test]
    fn each_language_renders_with_its_own_t() {
        let mut base = Tera::default();
        base.add_raw_template("x", "{{ t(k=\"nav-pledges\") }}|{{ lang }}")
            .unwrap();
        let templates = Templates::new(base);
        let mut ctx = Context::new();
        ctx.insert("lang", "fr");
        assert_eq!(templates.render("x", &ctx).unwrap(), "Engagements|fr");
        ctx.insert("lang", "en");
        assert_eq!(templates.render("x", &ctx).unwrap(), "Pledges|en");
    }
}
