//! Links in mail that act without a login: an HMAC-SHA256 over the purpose and the
//! subscription id, keyed by a secret the database keeps. A manage link cannot be turned
//! into an unsubscribe link or another subscriber's link without the key.

use hmac::{Hmac, Mac};
use persistence::Db;
use sha2::Sha256;

const SECRET_NAME: &str = "subscription_links";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// The preferences page, data download and erasure.
    Manage,
    /// One-click unsubscribe (RFC 8058).
    Unsubscribe,
}

impl Purpose {
    fn tag(self) -> &'static str {
        match self {
            Self::Manage => "manage",
            Self::Unsubscribe => "unsubscribe",
        }
    }
}

#[derive(Clone)]
pub struct LinkSigner {
    key: Vec<u8>,
}

impl std::fmt::Debug for LinkSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("LinkSigner(..)")
    }
}

impl LinkSigner {
    pub fn new(key: Vec<u8>) -> Self {
        Self { key }
    }

    /// The deployment's signer, making its key on first use. A read-only database that
    /// holds no key yet gets one for this process only: a read-only tracker sends no mail
    /// and accepts no signed link's action, so nothing it signs has to verify later.
    pub async fn load(db: &Db) -> anyhow::Result<Self> {
        match db.secret(SECRET_NAME, crate::auth::random_token).await {
            Ok(key) => Ok(Self::new(key.into_bytes())),
            Err(persistence::StoreError::ReadOnly { .. }) => {
                tracing::warn!(
                    "the database is read-only and holds no link-signing key yet; using one for this process only"
                );
                Ok(Self::new(crate::auth::random_token().into_bytes()))
            }
            Err(e) => Err(e.into()),
        }
    }

    fn mac(&self, purpose: Purpose, id: i32) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes any key");
        mac.update(purpose.tag().as_bytes());
        mac.update(b":");
        mac.update(id.to_string().as_bytes());
        mac
    }

    /// `{id}.{signature}`, safe in a URL.
    pub fn sign(&self, purpose: Purpose, id: i32) -> String {
        let tag = self.mac(purpose, id).finalize().into_bytes();
        format!("{id}.{}", hex::encode(tag))
    }

    /// The subscription id, if the token was signed here for this purpose.
    pub fn verify(&self, purpose: Purpose, token: &str) -> Option<i32> {
        let (id, sig) = token.trim().split_once('.')?;
        let id: i32 = id.parse().ok().filter(|id| *id > 0)?;
        let sig = hex::decode(sig).ok()?;
        self.mac(purpose, id).verify_slice(&sig).ok()?;
        Some(id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_verify_only_for_their_purpose_and_id() {
        let signer = LinkSigner::new(b"key".to_vec());
        let manage = signer.sign(Purpose::Manage, 42);
        assert_eq!(signer.verify(Purpose::Manage, &manage), Some(42));
        assert_eq!(signer.verify(Purpose::Unsubscribe, &manage), None);
        let forged = manage.replacen("42.", "43.", 1);
        assert_eq!(signer.verify(Purpose::Manage, &forged), None);
        let other = LinkSigner::new(b"other".to_vec());
        assert_eq!(other.verify(Purpose::Manage, &manage), None);
        for junk in ["", ".", "42", "42.zz", "-1.00", "x.y"] {
            assert_eq!(signer.verify(Purpose::Manage, junk), None, "{junk}");
        }
    }
}
