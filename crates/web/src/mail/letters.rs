//! Turns an email template folder (`templates/email/<name>/` with `subject.txt`,
//! `text.txt` and `html.html`) and a context into a finished RFC 5322 message for the
//! outbox: rendered once, with a Message-ID derived from its idempotency key, so a retry
//! or a duplicate after a crash carries the same bytes and the same id.

use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use persistence::outbox::OutboxMessage;
use tera::{Context, Tera};

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
        let host = public_url
            .split_once("://")
            .map_or(public_url.as_str(), |(_, rest)| rest)
            .split(['/', ':'])
            .next()
            .filter(|h| !h.is_empty())
            .unwrap_or("localhost");
        Ok(Self {
            from,
            id_domain: host.to_owned(),
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

/// One message to compose.
pub struct Letter<'a> {
    pub kind: &'static str,
    pub idempotency_key: String,
    pub to: &'a str,
    /// The folder under `templates/email/`.
    pub template: &'static str,
    pub context: &'a Context,
    /// The HTTPS one-click unsubscribe link (RFC 8058), for list mail.
    pub unsubscribe_url: Option<String>,
    pub subscription_id: Option<i32>,
    pub run_id: Option<i32>,
}

fn header(name: &'static str, value: String) -> HeaderValue {
    HeaderValue::new(HeaderName::new_from_ascii_str(name), value)
}

pub fn compose(tera: &Tera, sender: &Sender, letter: Letter<'_>) -> anyhow::Result<OutboxMessage> {
    let path = |part: &str| format!("email/{}/{part}", letter.template);
    let subject = tera.render(&path("subject.txt"), letter.context)?;
    let subject = subject.split_whitespace().collect::<Vec<_>>().join(" ");
    let text = tera.render(&path("text.txt"), letter.context)?;
    let html = tera.render(&path("html.html"), letter.context)?;
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
    let message = builder.multipart(MultiPart::alternative_plain_html(text, html))?;
    let raw = String::from_utf8(message.formatted())
        .map_err(|_| anyhow::anyhow!("the message is not 7-bit text"))?;
    Ok(OutboxMessage {
        idempotency_key: letter.idempotency_key,
        kind: letter.kind.to_owned(),
        recipient: letter.to.to_owned(),
        subject,
        raw,
        subscription_id: letter.subscription_id,
        run_id: letter.run_id,
    })
}
