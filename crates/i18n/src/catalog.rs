//! The catalogues: `locales/<lang>/<area>.ftl`, embedded in the binary, one Fluent bundle
//! per language, built once.

use crate::Lang;
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use std::sync::OnceLock;

pub type Args<'a> = FluentArgs<'a>;

/// Embeds one area's file for every language, in `Lang::ALL`'s order.
macro_rules! areas {
    ($($area:literal),* $(,)?) => {
        &[$(($area, [
            include_str!(concat!("../../../locales/en/", $area, ".ftl")),
            include_str!(concat!("../../../locales/fr/", $area, ".ftl")),
        ])),*]
    };
}

/// Each area of the interface, with its file in each language.
pub const FILES: &[(&str, [&str; 2])] = areas![
    "common", "vocab", "pages", "pledge", "forms", "errors", "admin", "mail",
];

pub struct Catalog {
    bundles: Vec<(Lang, FluentBundle<FluentResource>)>,
}

/// The catalogue, parsed on first use. The files are part of the binary and a test parses
/// every one of them, so a syntax error cannot reach a running server.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog::build().unwrap_or_else(|e| panic!("{e}")))
}

impl Catalog {
    /// Every language's bundle from the embedded files; the first problem found, naming
    /// its file, if one does not parse or repeats a message.
    pub fn build() -> Result<Catalog, String> {
        let mut bundles = Vec::new();
        for (i, lang) in Lang::ALL.into_iter().enumerate() {
            let tag: unic_langid::LanguageIdentifier = lang
                .code()
                .parse()
                .map_err(|e| format!("language tag {lang}: {e:?}"))?;
            let mut bundle = FluentBundle::new_concurrent(vec![tag]);
            // Fluent wraps placed values in Unicode isolation marks for right-to-left
            // scripts; neither language needs them, and they would show in plain-text mail
            // and break the tests' plain comparisons.
            bundle.set_use_isolating(false);
            for (area, texts) in FILES {
                let resource = FluentResource::try_new(texts[i].to_owned())
                    .map_err(|(_, errs)| format!("locales/{lang}/{area}.ftl: {errs:?}"))?;
                bundle
                    .add_resource(resource)
                    .map_err(|errs| format!("locales/{lang}/{area}.ftl: {errs:?}"))?;
            }
            bundles.push((lang, bundle));
        }
        Ok(Catalog { bundles })
    }

    fn bundle(&self, lang: Lang) -> &FluentBundle<FluentResource> {
        let (_, bundle) = self
            .bundles
            .iter()
            .find(|(l, _)| *l == lang)
            .unwrap_or(&self.bundles[0]);
        bundle
    }

    /// The message `id` in `lang`. A missing message shows its id, so a gap is visible on
    /// the page rather than silently blank; the key-parity test keeps gaps out of releases.
    pub fn format(&self, lang: Lang, id: &str, args: Option<&Args>) -> String {
        let bundle = self.bundle(lang);
        let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
            return id.to_owned();
        };
        let mut errors = Vec::new();
        bundle
            .format_pattern(pattern, args, &mut errors)
            .into_owned()
    }

    /// Whether `lang` has the message `id`.
    pub fn has(&self, lang: Lang, id: &str) -> bool {
        self.bundle(lang).has_message(id)
    }

    /// The ids of every message of one language's file for `area`, in file order.
    pub fn ids(lang: Lang, area: &str) -> Vec<String> {
        let i = Lang::ALL.iter().position(|l| *l == lang).unwrap_or(0);
        let Some((_, texts)) = FILES.iter().find(|(a, _)| *a == area) else {
            return Vec::new();
        };
        let Ok(resource) = FluentResource::try_new(texts[i].to_owned()) else {
            return Vec::new();
        };
        resource
            .entries()
            .filter_map(|e| match e {
                fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_owned()),
                _ => None,
            })
            .collect()
    }
}
