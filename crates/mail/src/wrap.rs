//! Plain-text parts wrapped for reading: lines of at most [`WIDTH`] characters, broken
//! between words only, so a URL (one word) is never cut and a line holding a personal
//! link stays one line for the stencil. A wrapped line keeps its indent, and the lines
//! of a list item ("- …") hang under its text.

/// Where text is wrapped: comfortable to read, and under the 78 characters RFC 5322
/// recommends.
pub const WIDTH: usize = 72;

/// `text` with every long line wrapped.
pub fn wrap(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 32);
    for line in text.split_inclusive('\n') {
        let (body, end) = match line.strip_suffix('\n') {
            Some(body) => (body.strip_suffix('\r').unwrap_or(body), "\n"),
            None => (line, ""),
        };
        wrap_line(body, &mut out);
        out.push_str(end);
    }
    out
}

fn wrap_line(line: &str, out: &mut String) {
    if line.chars().count() <= WIDTH {
        out.push_str(line);
        return;
    }
    let indent = line.len() - line.trim_start_matches(' ').len();
    let rest = &line[indent..];
    let hang = if rest.starts_with("- ") { 2 } else { 0 };
    let next_indent = " ".repeat(indent + hang);
    let mut width = 0;
    out.push_str(&line[..indent]);
    width += indent;
    let mut first = true;
    for word in rest.split(' ').filter(|w| !w.is_empty()) {
        let len = word.chars().count();
        if !first && width + 1 + len > WIDTH {
            out.push('\n');
            out.push_str(&next_indent);
            width = next_indent.len();
        } else if !first {
            out.push(' ');
            width += 1;
        }
        out.push_str(word);
        width += len;
        first = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_break_between_words_and_keep_their_indent() {
        let item = format!("  - {}", "word ".repeat(30).trim_end());
        let wrapped = wrap(&format!("{item}\nshort\n"));
        let lines: Vec<&str> = wrapped.lines().collect();
        assert!(
            lines.iter().all(|l| l.chars().count() <= WIDTH),
            "{wrapped}"
        );
        assert!(lines[0].starts_with("  - word"));
        assert!(lines[1].starts_with("    word"), "{wrapped}");
        assert_eq!(*lines.last().unwrap(), "short");
        assert_eq!(wrapped.split_whitespace().count(), 32);
    }

    #[test]
    fn a_url_is_never_cut() {
        let url = format!("https://example.org/{}", "a".repeat(100));
        let wrapped = wrap(&format!("See {url} now"));
        assert!(wrapped.lines().any(|l| l == url), "{wrapped}");
    }
}
