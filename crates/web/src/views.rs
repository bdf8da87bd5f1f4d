//! Typed views: one `#[derive(Serialize)]` struct per template, built from domain values
//! (labels, formatted money, links), and rendered with the layout's fields by
//! [`crate::page::Page`]. Shared rows are in [`rows`]; each other module holds the views of
//! one group of pages. Also the escaped actor datalist the list filter shows.

pub mod account;
pub mod admin;
pub mod dashboard;
pub mod edit;
pub mod groups;
pub mod list;
pub mod money;
pub mod pledge;
pub mod rows;

// The mail code reads follow-ups through these paths until it moves to its own crate.
pub use rows::{FollowUpView, follow_up_view};

/// Tera's own escaper, the one its autoescape uses, for the few fragments built in Rust.
pub use tera::escape_html;

/// `<datalist id="actor-list">` with every actor, escaped; shown with `| safe`.
pub fn actor_datalist(actors: &[domain::Actor]) -> String {
    let mut out = String::from("<datalist id=\"actor-list\">");
    for a in actors {
        out.push_str(&format!(
            "<option value=\"{}\">{}</option>",
            escape_html(a.slug.as_str()),
            escape_html(a.name.as_str())
        ));
    }
    out.push_str("</datalist>");
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn datalist_escapes_names() {
        let actor = domain::Actor::new(
            domain::Slug::parse("s", "x").unwrap(),
            domain::Title::parse("t", "<script>\"a\" & 'b'</script>").unwrap(),
            domain::ActorKind::Company,
            None,
            vec![],
        )
        .unwrap();
        let html = super::actor_datalist(&[actor]);
        assert!(!html.contains("<script>"));
        assert!(
            html.contains("&lt;script&gt;&quot;a&quot; &amp; &#x27;b&#x27;&lt;&#x2F;script&gt;")
        );
    }
}
