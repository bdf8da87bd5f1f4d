//! The page templates: embedded in the binary so a release build runs from any directory,
//! or read from a folder (`PLEDGEWATCH_TEMPLATES_DIR`) while developing.

use tera::Tera;

const EMBEDDED: &[(&str, &str)] = &[
    (
        "layout.html",
        include_str!("../../../templates/layout.html"),
    ),
    ("home.html", include_str!("../../../templates/home.html")),
];

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
