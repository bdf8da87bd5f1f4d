//! Links in mail that act without a login: an HMAC-SHA256 over the purpose, the
//! subscription id and its link version, keyed by a secret the database keeps. A manage
//! link cannot be turned into an unsubscribe link or another subscriber's link without the
//! key. A token has exactly one spelling (`{id}.{64 lowercase hex}`, the id in decimal
//! without sign or leading zero); any other is refused.
//!
//! Links do not expire: a digest's unsubscribe link must work however old the mail. They
//! are revocable instead: raising a subscription's link version (the "revoke my links"
//! button) stops every link signed before, and erasing a subscriber deletes the row every
//! link names. Version 0 is signed as links were before versions existed, so mail already
//! sent keeps working until its subscriber revokes it.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The name the deployment's key is kept under (the web crate loads it from storage).
pub const SECRET_NAME: &str = "subscription_links";

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

    fn mac(&self, purpose: Purpose, id: i32, version: i32) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).expect("HMAC takes any key");
        mac.update(purpose.tag().as_bytes());
        mac.update(b":");
        mac.update(id.to_string().as_bytes());
        if version != 0 {
            mac.update(format!(":v{version}").as_bytes());
        }
        mac
    }

    /// `{id}.{signature}`, safe in a URL, for the subscription's current link version.
    pub fn sign(&self, purpose: Purpose, id: i32, version: i32) -> String {
        let tag = self.mac(purpose, id, version).finalize().into_bytes();
        format!("{id}.{}", hex::encode(tag))
    }

    /// The subscription id a token names, if it is spelt exactly as [`LinkSigner::sign`]
    /// writes it. Says nothing about its signature: see [`LinkSigner::verify`].
    pub fn subscription_id(token: &str) -> Option<i32> {
        let (id, sig) = token.split_once('.')?;
        let canonical_id = !id.is_empty()
            && id.len() <= 10
            && id.bytes().all(|b| b.is_ascii_digit())
            && !id.starts_with('0');
        let canonical_sig =
            sig.len() == 64 && sig.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        if !(canonical_id && canonical_sig) {
            return None;
        }
        id.parse().ok().filter(|id: &i32| *id > 0)
    }

    /// Whether the token was signed here for this purpose, this subscription and its
    /// current link `version`.
    pub fn verify(&self, purpose: Purpose, token: &str, id: i32, version: i32) -> bool {
        let Some(named) = Self::subscription_id(token) else {
            return false;
        };
        let Some(sig) = token.split_once('.').and_then(|(_, s)| hex::decode(s).ok()) else {
            return false;
        };
        named == id && self.mac(purpose, id, version).verify_slice(&sig).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_verify_only_for_their_purpose_id_and_version() {
        let signer = LinkSigner::new(b"key".to_vec());
        let manage = signer.sign(Purpose::Manage, 42, 0);
        assert_eq!(LinkSigner::subscription_id(&manage), Some(42));
        assert!(signer.verify(Purpose::Manage, &manage, 42, 0));
        assert!(!signer.verify(Purpose::Unsubscribe, &manage, 42, 0));
        assert!(!signer.verify(Purpose::Manage, &manage, 42, 1), "revoked");
        let forged = manage.replacen("42.", "43.", 1);
        assert!(!signer.verify(Purpose::Manage, &forged, 43, 0));
        let other = LinkSigner::new(b"other".to_vec());
        assert!(!other.verify(Purpose::Manage, &manage, 42, 0));
        let v3 = signer.sign(Purpose::Manage, 42, 3);
        assert!(signer.verify(Purpose::Manage, &v3, 42, 3));
        assert!(!signer.verify(Purpose::Manage, &v3, 42, 0));
        let sig = manage.split_once('.').unwrap().1;
        for junk in [
            String::new(),
            ".".into(),
            "42".into(),
            "42.zz".into(),
            "-1.00".into(),
            "x.y".into(),
            format!("042.{sig}"),
            format!("+42.{sig}"),
            format!("42.{}", sig.to_uppercase()),
            format!(" 42.{sig}"),
            format!("42.{sig} "),
            format!("42.{sig}00"),
            format!("0.{sig}"),
        ] {
            assert!(!signer.verify(Purpose::Manage, &junk, 42, 0), "{junk}");
        }
    }
}
