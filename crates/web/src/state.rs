//! What every handler shares: the database, the compiled templates, the read model and
//! the public address used in feeds.

use crate::readmodel::ReadModel;
use persistence::Db;
use std::sync::Arc;
use tera::Tera;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub templates: Arc<Tera>,
    pub model: Arc<ReadModel>,
    /// Absolute base of links in feeds and mail, e.g. https://pledgewatch.example.org.
    pub public_url: Arc<str>,
}
