//! An error and its causes as one line, for logs.

/// An error with every cause under it, `outer: inner: innermost`, for logs. A plain
/// `%e` shows only the outermost message, and a database error's cause (the driver's
/// words, the file that could not be opened) is usually the part worth reading. A cause
/// whose words the message above it already contains (thiserror's `"storage: {0}"`) is
/// not repeated.
pub struct Chain<'a>(pub &'a (dyn std::error::Error + 'static));

impl std::fmt::Display for Chain<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut shown = self.0.to_string();
        f.write_str(&shown)?;
        let mut cause = self.0.source();
        while let Some(c) = cause {
            let text = c.to_string();
            if !shown.contains(&text) {
                write!(f, ": {text}")?;
                shown = text;
            }
            cause = c.source();
        }
        Ok(())
    }
}

/// [`Chain`] of `e`, for `tracing` fields: `error = %chain(&e)`.
pub fn chain<'a>(e: &'a (dyn std::error::Error + 'static)) -> Chain<'a> {
    Chain(e)
}
