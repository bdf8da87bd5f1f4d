//! The views of actors, themes and events: one group's page (`group.html`: its details,
//! its pledges, its feed and where to follow it) and the index of all groups of a kind
//! (`index.html`).

use super::rows::PledgeRow;
use crate::page::View;
use serde::Serialize;

#[derive(Serialize)]
pub struct GroupView<'a> {
    /// `actors`, `themes` or `events`.
    pub kind: &'static str,
    pub name: &'a str,
    /// Lines under the name: what the group is, and a note when the list is cut short.
    pub details: Vec<String>,
    pub rows: Vec<PledgeRow>,
    pub feed: Option<String>,
    /// The subscription form for this group.
    pub follow: String,
    /// Where editors correct it; themes are fixed and have none.
    pub edit: Option<String>,
}

impl View for GroupView<'_> {
    const TEMPLATE: &'static str = "group.html";
}

/// One group in an index.
#[derive(Serialize)]
pub struct IndexItem<'a> {
    pub href: String,
    pub name: &'a str,
    /// What it is: an actor's kind, "Theme", or an event's kind and date.
    pub kind: String,
    pub pledges: usize,
}

#[derive(Serialize)]
pub struct IndexView<'a> {
    pub title: String,
    pub items: Vec<IndexItem<'a>>,
    /// Where editors add one; themes are fixed and have none.
    pub new: Option<String>,
}

impl View for IndexView<'_> {
    const TEMPLATE: &'static str = "index.html";
}
