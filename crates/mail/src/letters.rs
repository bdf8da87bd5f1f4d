//! Turns an email template folder (`templates/email/<name>/` with `subject.txt`,
//! `text.txt` and `html.html`) and a context into a finished RFC 5322 message for the
//! outbox: rendered once, with a Message-ID derived from its idempotency key, so a retry
//! or a duplicate after a crash carries the same bytes and the same id.

use super::outbox::{MailKind, OutboxMessage};
use i18n::Templates as Tera;
use lettre::message::header::{ContentTransferEncoding, ContentType, HeaderName, HeaderValue};
use lettre::message::{Body, Mailbox, MultiPart, SinglePart};
use tera::Context;

/// Who mail comes from and where its links point.
#[derive(Debug, Clone)]
pub struct Sender {
    pub from: Mailbox,
    /// The domain in Message-IDs: the public host.
    pub id_domain: String,
    /// The public base URL, without a trailing slash.
    pub public_url: String,
}

impl Sender {
    pub fn new(from: &str, public_url: &str) -> anyhow::Result<Self> {
        let from: Mailbox = from
            .parse()
            .map_err(|e| anyhow::anyhow!("mail sender {from:?}: {e}"))?;
        let public_url = public_url.trim_end_matches('/').to_owned();
        let host = url::Url::parse(&public_url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned))
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| "localhost".to_owned());
        Ok(Self {
            from,
            id_domain: host,
            public_url,
        })
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.public_url)
    }

    /// `<digest.12.345@host>` from the key `digest:12:345`.
    pub fn message_id(&self, key: &str) -> String {
        let local: String = key
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '.'
                }
            })
            .collect();
        format!("<{local}@{}>", self.id_domain)
    }
}

/// One message to compose: who it is for and what it belongs to.
pub struct Letter<'a> {
    pub kind: MailKind,
    pub idempotency_key: String,
    pub to: &'a str,
    /// The HTTPS one-click unsubscribe link (RFC 8058), for list mail.
    pub unsubscribe_url: Option<String>,
    pub subscription_id: Option<i32>,
    pub run_id: Option<i32>,
}

fn header(name: &'static str, value: String) -> HeaderValue {
    HeaderValue::new(HeaderName::new_from_ascii_str(name), value)
}

/// Renders the template folder `templates/email/<template>/` and builds the message.
pub fn compose(
    tera: &Tera,
    sender: &Sender,
    letter: Letter<'_>,
    template: &str,
    context: &Context,
) -> anyhow::Result<OutboxMessage> {
    let path = |part: &str| format!("email/{template}/{part}");
    let subject = tera.render(&path("subject.txt"), context)?;
    let text = super::wrap::wrap(&tera.render(&path("text.txt"), context)?);
    let html = tera.render(&path("html.html"), context)?;
    finish(
        sender,
        letter,
        &subject,
        MultiPart::alternative_plain_html(text, html),
    )
}

/// Builds the message from parts already quoted-printable encoded (see `stencil`).
pub fn compose_encoded(
    sender: &Sender,
    letter: Letter<'_>,
    subject: &str,
    text: Vec<u8>,
    html: Vec<u8>,
) -> anyhow::Result<OutboxMessage> {
    let part = |content_type: ContentType, body: Vec<u8>| {
        SinglePart::builder()
            .header(content_type)
            .body(Body::dangerous_pre_encoded(
                body,
                ContentTransferEncoding::QuotedPrintable,
            ))
    };
    let parts = MultiPart::alternative()
        .singlepart(part(ContentType::TEXT_PLAIN, text))
        .singlepart(part(ContentType::TEXT_HTML, html));
    finish(sender, letter, subject, parts)
}

/// One line, however the template broke it. ASCII whitespace only: the no-break spaces
/// French puts before a colon must stay what they are.
fn one_line(subject: &str) -> String {
    subject
        .split_ascii_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn finish(
    sender: &Sender,
    letter: Letter<'_>,
    subject: &str,
    parts: MultiPart,
) -> anyhow::Result<OutboxMessage> {
    let subject = one_line(subject);
    let to: Mailbox = letter
        .to
        .parse()
        .map_err(|e| anyhow::anyhow!("recipient {:?}: {e}", letter.to))?;
    let mut builder = lettre::Message::builder()
        .from(sender.from.clone())
        .to(to)
        .subject(subject.clone())
        .message_id(Some(sender.message_id(&letter.idempotency_key)));
    if let Some(url) = &letter.unsubscribe_url {
        builder = builder
            .raw_header(header("List-Unsubscribe", format!("<{url}>")))
            .raw_header(header(
                "List-Unsubscribe-Post",
                "List-Unsubscribe=One-Click".to_owned(),
            ));
    }
    let message = builder.multipart(parts)?;
    let raw = String::from_utf8(message.formatted())
        .map_err(|_| anyhow::anyhow!("the message is not 7-bit text"))?;
    Ok(OutboxMessage {
        idempotency_key: letter.idempotency_key,
        kind: letter.kind,
        recipient: letter.to.to_owned(),
        subject,
        raw,
        subscription_id: letter.subscription_id,
        run_id: letter.run_id,
    })
}

#[cfg(test)]
mod tests {
    use super::Sender;
    use domain::EmailAddress;
    use lettre::Address;

    /// Whatever the domain accepts, the mail library must accept too, or a subscription
    /// would be stored that can never be mailed (and `/subscribe` answered 500).
    fn agrees(raw: &str) -> bool {
        match EmailAddress::parse("email", raw) {
            Ok(email) => {
                assert!(
                    email.as_str().parse::<Address>().is_ok(),
                    "the domain accepts {raw:?} but lettre refuses it"
                );
                true
            }
            Err(e) => {
                assert_eq!(e.field(), "email", "{raw:?}");
                false
            }
        }
    }

    /// Every string up to `len` characters over `alphabet`.
    fn every(alphabet: &[char], len: usize) -> Vec<String> {
        let mut all = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..len {
            last = last
                .iter()
                .flat_map(|s| alphabet.iter().map(move |c| format!("{s}{c}")))
                .collect();
            all.extend(last.iter().cloned());
        }
        all
    }

    #[test]
    fn message_ids_are_in_the_public_host() {
        let id = |url: &str| {
            Sender::new("a <a@example.org>", url)
                .unwrap()
                .message_id("digest:12:345")
        };
        assert_eq!(
            id("https://pledgewatch.example.org:8443/"),
            "<digest.12.345@pledgewatch.example.org>"
        );
        assert_eq!(id("http://127.0.0.1:3000"), "<digest.12.345@127.0.0.1>");
        assert_eq!(id("not a url"), "<digest.12.345@localhost>");
    }

    #[test]
    fn whatever_the_domain_accepts_lettre_accepts() {
        for reported in [
            "c..d@example.com",
            ".a@example.com",
            "a@example..com",
            "x@-example-.com",
            "=?utf-8?b?YWRtaW4=?=@example.com",
        ] {
            assert!(!agrees(reported), "{reported} is refused");
        }
        let locals = every(&['a', '.', '-', '+', '=', '?', '_', '~', '"', 'é'], 4);
        let accepted_locals = locals
            .iter()
            .filter(|l| agrees(&format!("{l}@example.com")))
            .count();
        let domains = every(&['a', '.', '-', '1', '_'], 6);
        let accepted_domains = domains.iter().filter(|d| agrees(&format!("a@{d}"))).count();
        // A fixed pseudo-random walk over a wider alphabet, with Unicode: `local@domain`,
        // each part 1 to 8 characters.
        let alphabet: Vec<char> = "ab.-+=?_\"\\ (),:;<>[]é\u{202e}\u{200b}\u{ffff}1Z"
            .chars()
            .collect();
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut part = |n: u64| -> String {
            (0..1 + n % 8)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect()
        };
        let mut accepted_random = 0;
        for i in 0..20_000u64 {
            let s = format!("{}@{}.{}", part(i), part(i / 3), part(i / 7));
            if agrees(&s) {
                accepted_random += 1;
            }
        }
        eprintln!(
            "local parts accepted {accepted_locals} of {}, domains {accepted_domains} of {}, random {accepted_random} of 20000; lettre accepted every one",
            locals.len(),
            domains.len()
        );
        assert!(accepted_locals > 100 && accepted_domains > 100);
    }
}
