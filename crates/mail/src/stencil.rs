//! A body rendered and encoded once for everyone who gets the same digest: its lines are
//! quoted-printable encoded ahead of time, and only the lines that hold a subscriber's own
//! links are encoded per subscriber. Quoted-printable starts afresh after every hard line
//! break, so encoding line by line gives the same bytes as encoding the whole.

/// Stand-ins for a subscriber's links while the shared body is rendered.
pub const MANAGE_LINK: &str = "PLEDGEWATCHMANAGELINK";
pub const UNSUBSCRIBE_LINK: &str = "PLEDGEWATCHUNSUBSCRIBELINK";

#[derive(Debug, Clone)]
enum Chunk {
    /// Lines already encoded, with their line breaks.
    Encoded(String),
    /// One line (with its break) holding stand-ins, encoded once they are replaced.
    Personal(String),
}

#[derive(Debug, Clone)]
pub struct Stencil {
    chunks: Vec<Chunk>,
    encoded_len: usize,
}

fn crlf(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\n', "\r\n")
}

impl Stencil {
    pub fn new(rendered: &str) -> Self {
        let text = crlf(rendered);
        let mut chunks = Vec::new();
        let mut shared = String::new();
        for line in text.split_inclusive("\r\n") {
            if line.contains(MANAGE_LINK) || line.contains(UNSUBSCRIBE_LINK) {
                if !shared.is_empty() {
                    chunks.push(Chunk::Encoded(quoted_printable::encode_to_str(&shared)));
                    shared.clear();
                }
                chunks.push(Chunk::Personal(line.to_owned()));
            } else {
                shared.push_str(line);
            }
        }
        if !shared.is_empty() {
            chunks.push(Chunk::Encoded(quoted_printable::encode_to_str(&shared)));
        }
        let encoded_len = chunks
            .iter()
            .map(|c| match c {
                Chunk::Encoded(s) | Chunk::Personal(s) => s.len(),
            })
            .sum();
        Self {
            chunks,
            encoded_len,
        }
    }

    /// The encoded body with this subscriber's links in place.
    pub fn stamp(&self, manage: &str, unsubscribe: &str) -> Vec<u8> {
        let mut out = String::with_capacity(self.encoded_len + 256);
        for chunk in &self.chunks {
            match chunk {
                Chunk::Encoded(s) => out.push_str(s),
                Chunk::Personal(line) => {
                    let line = line
                        .replace(MANAGE_LINK, manage)
                        .replace(UNSUBSCRIBE_LINK, unsubscribe);
                    out.push_str(&quoted_printable::encode_to_str(line));
                }
            }
        }
        out.into_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamping_gives_the_bytes_of_encoding_the_whole() {
        let long = "€ ".repeat(60);
        let template = format!(
            "Title with {long}\nTrailing space \nManage: {MANAGE_LINK}\n<a href=\"{UNSUBSCRIBE_LINK}\">x</a> and {MANAGE_LINK}\nend"
        );
        let manage = "https://example.org/subscriptions/manage?token=12.abcdef0123456789abcdef0123456789abcdef0123456789";
        let unsubscribe = "https://example.org/subscriptions/unsubscribe?token=12.fedcba";
        let whole = quoted_printable::encode_to_str(crlf(
            &template
                .replace(MANAGE_LINK, manage)
                .replace(UNSUBSCRIBE_LINK, unsubscribe),
        ));
        let stamped = Stencil::new(&template).stamp(manage, unsubscribe);
        assert_eq!(String::from_utf8(stamped).unwrap(), whole);
        assert!(whole.lines().all(|l| l.len() <= 76));
    }
}
