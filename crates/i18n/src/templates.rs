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

impl Templates {
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
