//! The composition root: the one place where settings become the running parts. The
//! database (opened, checked and migrated), the templates, the public address, the mailroom
//! with the link-signing key the database keeps, the delivery worker and the catalog that
//! digests are composed from are all made here, for `serve`, `worker`, the digest commands,
//! every other command and the test harness alike.

use crate::config::Settings;
use crate::startup;
use i18n::Templates as Tera;
use mail::Mailroom;
use mail::links::{LinkSigner, SECRET_NAME};
use persistence::Db;
use std::net::SocketAddr;
use std::sync::Arc;

pub use crate::startup::Access;

/// The database, ready for `command` (named in messages): see [`startup::open`].
pub async fn database(settings: &Settings, command: &str, access: Access) -> anyhow::Result<Db> {
    startup::open(settings, command, access).await
}

/// The compiled templates: the built-in ones, or those of `PLEDGEWATCH_TEMPLATES_DIR`.
pub fn templates(settings: &Settings) -> anyhow::Result<Arc<i18n::Templates>> {
    Ok(Arc::new(crate::templates::load(
        settings.templates_dir.as_deref(),
    )?))
}

/// The absolute base of links in feeds and mail: `PLEDGEWATCH_PUBLIC_URL`, or else the
/// address served on, without a trailing slash.
pub fn public_url(settings: &Settings, bound: SocketAddr) -> String {
    match &settings.public_url {
        Some(url) => url.trim_end_matches('/').to_owned(),
        None => format!("http://{bound}"),
    }
}

/// The deployment's link signer, making its key on first use. A read-only database that
/// holds no key yet gets one for this process only: a read-only tracker sends no mail and
/// accepts no signed link's action, so nothing it signs has to verify later.
pub async fn link_signer(db: &Db) -> anyhow::Result<LinkSigner> {
    match db.secret(SECRET_NAME, crate::auth::random_token).await {
        Ok(key) => Ok(LinkSigner::new(key.into_bytes())),
        Err(persistence::StoreError::ReadOnly { .. }) => {
            tracing::warn!(
                "the database is read-only and holds no link-signing key yet; using one for this process only"
            );
            Ok(LinkSigner::new(crate::auth::random_token().into_bytes()))
        }
        Err(e) => Err(e.into()),
    }
}

/// The mailroom: the templates, the sender, and the deployment's link-signing key.
pub async fn mailroom(
    db: &Db,
    templates: Arc<Tera>,
    settings: &mail::MailSettings,
    public_url: &str,
) -> anyhow::Result<Mailroom> {
    Mailroom::new(templates, settings, public_url, link_signer(db).await?)
}

/// The delivery worker over `db`, sending where the settings say.
pub fn worker(db: &Db, settings: &Settings) -> crate::mail::Worker {
    crate::mail::Worker::new(db.clone(), settings.mail.clone())
}

/// What the digest commands compose with: the mailroom and the catalog as stored now.
pub struct Composing {
    pub mailroom: Mailroom,
    pub catalog: domain::catalog::Catalog,
}

impl Composing {
    /// Links point at `PLEDGEWATCH_PUBLIC_URL`, or else at the address `serve` binds.
    pub async fn load(db: &Db, settings: &Settings) -> anyhow::Result<Self> {
        let public_url = public_url(settings, settings.bind);
        Ok(Self {
            mailroom: mailroom(db, templates(settings)?, &settings.mail, &public_url).await?,
            catalog: crate::readmodel::load_catalog(db).await?,
        })
    }
}
