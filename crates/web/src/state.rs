//! What every handler shares: the database and the compiled templates.

use persistence::Db;
use std::sync::Arc;
use tera::Tera;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub templates: Arc<Tera>,
}
