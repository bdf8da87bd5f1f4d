//! Whom SMTP over TLS trusts: the built-in (webpki) roots plus the CA file named by
//! `PLEDGEWATCH_SMTP_CA_FILE`, read and checked once when settings load; the TLS
//! parameters built from them once per connection pool; and a failure in the TLS step that
//! says plainly when it was the server's certificate that was refused.

use super::failure::SendFailure;
use lettre::transport::smtp::Error as SmtpError;
use lettre::transport::smtp::client::{Certificate, TlsParameters};
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use std::path::PathBuf;

pub const CA_FILE_VAR: &str = "PLEDGEWATCH_SMTP_CA_FILE";

/// CA certificates trusted for SMTP over TLS in addition to the built-in roots, e.g. a
/// company CA that signed the relay's certificate.
#[derive(Clone, PartialEq, Eq)]
pub struct CaFile {
    pub path: PathBuf,
    certs: Vec<CertificateDer<'static>>,
}

impl std::fmt::Debug for CaFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CaFile")
            .field("path", &self.path)
            .field("certificates", &self.certs.len())
            .finish()
    }
}

impl CaFile {
    /// Reads a PEM file of one or more CA certificates. Every failure names the variable
    /// and the path, since it stops the start.
    pub fn load(path: impl Into<PathBuf>) -> anyhow::Result<Self> {
        let path = path.into();
        let bad = |why: String| anyhow::anyhow!("{CA_FILE_VAR}: {}: {why}", path.display());
        let pem = std::fs::read(&path).map_err(|e| bad(format!("cannot be read ({e})")))?;
        let certs = CertificateDer::pem_slice_iter(&pem)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| bad(format!("is not a PEM file of certificates ({e})")))?;
        if certs.is_empty() {
            return Err(bad(
                "holds no certificate (expected -----BEGIN CERTIFICATE----- blocks)".to_owned(),
            ));
        }
        // Each one is parsed as a trust anchor now, as a connection would: a certificate
        // TLS cannot use fails the start rather than every delivery hours later.
        let mut store = rustls::RootCertStore::empty();
        for (i, cert) in certs.iter().enumerate() {
            store.add(cert.clone()).map_err(|e| {
                bad(format!(
                    "certificate {} of {} cannot be used as a CA ({e})",
                    i + 1,
                    certs.len()
                ))
            })?;
        }
        Ok(Self { path, certs })
    }

    /// How many certificates the file holds.
    pub fn len(&self) -> usize {
        self.certs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.certs.is_empty()
    }
}

/// TLS parameters for a server named `host`: the built-in roots plus the CA file's.
pub fn parameters(host: &str, ca: Option<&CaFile>) -> Result<TlsParameters, SmtpError> {
    let mut builder = TlsParameters::builder(host.to_owned());
    for cert in ca.map_or(&[][..], |c| &c.certs[..]) {
        builder = builder.add_root_certificate(Certificate::from_der(cert.to_vec())?);
    }
    builder.build()
}

/// A failure `during` the TLS step (connecting with implicit TLS, or STARTTLS). A refused
/// certificate is said to be one, with what was trusted, so the outbox's last error points
/// at the fix; it stays a temporary failure, since trusting the right CA (or the server
/// fixing its certificate) lets the message go.
pub fn failure(e: SmtpError, ca: Option<&CaFile>, during: &str) -> SendFailure {
    match refused_certificate(&e) {
        Some(reason) => {
            let trusted = match ca {
                Some(ca) => format!(
                    "the built-in roots and {} CA certificate(s) from {}",
                    ca.len(),
                    ca.path.display()
                ),
                None => format!("the built-in roots only; {CA_FILE_VAR} is not set"),
            };
            SendFailure::temporary(format!(
                "{during}: the SMTP server's certificate was refused ({reason}); \
                 trusted: {trusted}"
            ))
        }
        None => SendFailure::from(e).during(during),
    }
}

/// The certificate error rustls reported, if that is what ended the handshake. tokio-rustls
/// wraps it in an `io::Error`, whose `source()` skips the wrapped error itself, so each
/// `io::Error` in the chain is opened with `get_ref`.
fn refused_certificate(e: &SmtpError) -> Option<String> {
    let mut next: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = next {
        let inner = err
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
            .map(|inner| inner as &(dyn std::error::Error + 'static));
        for candidate in [Some(err), inner].into_iter().flatten() {
            if let Some(rustls::Error::InvalidCertificate(reason)) =
                candidate.downcast_ref::<rustls::Error>()
            {
                return Some(reason.to_string());
            }
        }
        next = err.source();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_empty_or_broken_ca_file_is_refused_naming_the_variable_and_the_path() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing.pem");
        let empty = dir.path().join("empty.pem");
        std::fs::write(&empty, "no certificates here\n").unwrap();
        let broken = dir.path().join("broken.pem");
        std::fs::write(
            &broken,
            "-----BEGIN CERTIFICATE-----\n!!!not base64!!!\n-----END CERTIFICATE-----\n",
        )
        .unwrap();
        let garbage = dir.path().join("garbage.pem");
        std::fs::write(
            &garbage,
            "-----BEGIN CERTIFICATE-----\naGVsbG8gd29ybGQ=\n-----END CERTIFICATE-----\n",
        )
        .unwrap();
        for (path, says) in [
            (&missing, "cannot be read"),
            (&empty, "holds no certificate"),
            (&broken, "is not a PEM file"),
            (&garbage, "cannot be used as a CA"),
        ] {
            let e = CaFile::load(path).expect_err("refused").to_string();
            assert!(e.starts_with(CA_FILE_VAR), "{e}");
            assert!(e.contains(&path.display().to_string()), "{e}");
            assert!(e.contains(says), "{e}");
        }
    }
}
