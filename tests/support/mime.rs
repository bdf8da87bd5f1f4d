//! Reads received mail the way a mail client would: splits a multipart message into its
//! parts and undoes their transfer encoding (7bit, quoted-printable or base64), so tests
//! assert on what a reader sees rather than on an encoder's line breaks.

/// One part of a message, decoded.
#[derive(Debug, Clone)]
pub struct Part {
    /// The media type alone, lower case: `text/plain`.
    pub media_type: String,
    pub body: String,
}

/// A header of a head (the lines before the first blank line), unfolded, by
/// case-insensitive name.
pub fn head_value(head: &str, name: &str) -> Option<String> {
    let mut found: Option<String> = None;
    for line in head.split("\r\n") {
        if line.starts_with([' ', '\t']) {
            if let Some(v) = found.as_mut() {
                v.push(' ');
                v.push_str(line.trim());
            }
            continue;
        }
        if found.is_some() {
            break;
        }
        if let Some((k, v)) = line.split_once(':')
            && k.trim().eq_ignore_ascii_case(name)
        {
            found = Some(v.trim().to_owned());
        }
    }
    found
}

fn parameter(value: &str, name: &str) -> Option<String> {
    value.split(';').skip(1).find_map(|p| {
        let (k, v) = p.trim().split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case(name)
            .then(|| v.trim().trim_matches('"').to_owned())
    })
}

/// The parts of a message: itself if it is not multipart.
pub fn parts(raw: &str) -> Vec<Part> {
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((raw, ""));
    let content_type = head_value(head, "Content-Type").unwrap_or_else(|| "text/plain".into());
    let media_type = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if media_type.starts_with("multipart/") {
        let boundary = parameter(&content_type, "boundary").expect("a multipart boundary");
        let delimiter = format!("--{boundary}");
        return body
            .split(delimiter.as_str())
            .skip(1)
            .take_while(|chunk| !chunk.starts_with("--"))
            .flat_map(|chunk| parts(chunk.trim_start_matches("\r\n")))
            .collect();
    }
    let encoding = head_value(head, "Content-Transfer-Encoding")
        .unwrap_or_else(|| "7bit".into())
        .to_ascii_lowercase();
    let bytes = match encoding.as_str() {
        "quoted-printable" => quoted_printable(body),
        "base64" => base64(body),
        _ => body.as_bytes().to_vec(),
    };
    vec![Part {
        media_type,
        body: String::from_utf8(bytes).expect("a UTF-8 part"),
    }]
}

/// The decoded body of the first part of this media type.
pub fn part(raw: &str, media_type: &str) -> String {
    parts(raw)
        .into_iter()
        .find(|p| p.media_type == media_type)
        .unwrap_or_else(|| panic!("no {media_type} part in:\n{raw}"))
        .body
}

fn quoted_printable(body: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len());
    let bytes = body.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'=' if bytes.get(i + 1..i + 3) == Some(b"\r\n") => i += 3,
            b'=' if bytes.get(i + 1) == Some(&b'\n') => i += 2,
            b'=' => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("hex");
                out.push(u8::from_str_radix(hex, 16).expect("a hex escape"));
                i += 3;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

fn base64(body: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let mut buffer = 0u32;
    let mut bits = 0;
    for c in body
        .bytes()
        .filter(|c| !c.is_ascii_whitespace() && *c != b'=')
    {
        let value = ALPHABET
            .iter()
            .position(|a| *a == c)
            .expect("a base64 character") as u32;
        buffer = (buffer << 6) | value;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_both_transfer_encodings_inside_a_multipart() {
        let raw = "Content-Type: multipart/alternative;\r\n boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n=E2=82=AC109 billion, a long=\r\n line\r\n--b1\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: base64\r\n\r\nPHA+4oKsPC9wPg==\r\n--b1--\r\n";
        let parts = parts(raw);
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].media_type, "text/plain");
        assert_eq!(parts[0].body.trim_end(), "€109 billion, a long line");
        assert_eq!(parts[1].body.trim_end(), "<p>€</p>");
    }
}
