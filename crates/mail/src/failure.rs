//! Why a message did not go, typed: a temporary failure is tried again later, a permanent
//! one is not, and a permanent one that refuses the mailbox itself is that recipient's.
//! Every transport answers with it; the gate and the recorder act on it.

/// Why a message did not go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendFailure {
    /// Worth trying again later: a timeout, a dropped connection, a 4xx answer.
    Temporary { message: String },
    /// Not worth retrying (a 5xx answer). `recipient_refused`: the server refused this
    /// recipient's mailbox itself (an enhanced status of X.1.1 no such user, X.1.2 bad
    /// domain, X.1.3 bad address, X.1.6 moved, X.1.10 null MX, or X.2.1 disabled), which is
    /// that recipient's fault, whatever happens to others.
    Permanent {
        message: String,
        recipient_refused: bool,
    },
}

impl SendFailure {
    pub fn temporary(message: impl std::fmt::Display) -> Self {
        Self::Temporary {
            message: message.to_string(),
        }
    }

    /// A permanent failure, told a refused mailbox by its enhanced status code.
    pub fn permanent(message: impl std::fmt::Display) -> Self {
        let message = message.to_string();
        Self::Permanent {
            recipient_refused: refuses_mailbox(&message),
            message,
        }
    }

    pub fn is_permanent(&self) -> bool {
        matches!(self, Self::Permanent { .. })
    }

    pub fn recipient_refused(&self) -> bool {
        matches!(
            self,
            Self::Permanent {
                recipient_refused: true,
                ..
            }
        )
    }

    pub fn message(&self) -> &str {
        match self {
            Self::Temporary { message } | Self::Permanent { message, .. } => message,
        }
    }

    /// The same failure with `context` before its message.
    pub fn during(self, context: &str) -> Self {
        match self {
            Self::Temporary { message } => Self::Temporary {
                message: format!("{context}: {message}"),
            },
            Self::Permanent {
                message,
                recipient_refused,
            } => Self::Permanent {
                message: format!("{context}: {message}"),
                recipient_refused,
            },
        }
    }

    /// The server's answer without the words that name an address, so that the same
    /// answer given to different recipients compares equal.
    pub fn answer(&self) -> String {
        self.message()
            .split_whitespace()
            .filter(|w| !w.contains('@'))
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    }
}

/// Whether an answer's enhanced status code (RFC 3463), the first word after the reply
/// code as lettre renders it ("permanent error (550): 5.1.1 ..."), says the mailbox
/// itself is refused.
fn refuses_mailbox(message: &str) -> bool {
    let text = message.split_once("): ").map_or(message, |(_, t)| t);
    let Some(code) = text.split_whitespace().next() else {
        return false;
    };
    let parts: Vec<&str> = code.split('.').collect();
    matches!(
        parts.as_slice(),
        [c, "1", "1" | "2" | "3" | "6" | "10"] | [c, "2", "1"] if *c == "5" || *c == "4"
    )
}

impl From<lettre::transport::smtp::Error> for SendFailure {
    fn from(e: lettre::transport::smtp::Error) -> Self {
        if e.is_permanent() {
            Self::permanent(e)
        } else {
            Self::temporary(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::SendFailure;

    #[test]
    fn a_refused_mailbox_is_told_from_a_refusal_of_everyone() {
        let failure = |text: &str| SendFailure::permanent(format!("permanent error (550): {text}"));
        for mailbox in [
            "5.1.1 <ann@example.org>: no such user",
            "5.1.2 bad destination system",
            "5.2.1 mailbox disabled",
            "5.1.10 null MX",
        ] {
            assert!(failure(mailbox).recipient_refused(), "{mailbox}");
        }
        for server in [
            "5.7.1 relaying denied",
            "5.7.0 authentication required",
            "5.1.0 other address status",
            "no enhanced code at all",
            "",
        ] {
            assert!(!failure(server).recipient_refused(), "{server}");
        }
        assert!(!SendFailure::temporary("4.1.1 later").recipient_refused());
    }

    #[test]
    fn answers_to_different_recipients_compare_equal() {
        let a = SendFailure::permanent("permanent error (550): 5.7.1 <a@x.org> relay DENIED");
        let b = SendFailure::permanent("permanent error (550): 5.7.1 <b@y.org> relay denied");
        let c = SendFailure::permanent("permanent error (554): 5.7.1 policy");
        assert_eq!(a.answer(), b.answer());
        assert_ne!(a.answer(), c.answer());
    }
}
