//! What a user can do about an error, as data: the CLI prints it as a
//! command, the app shows it as a button. Messages say what happened; the
//! fix says what to do, so neither shell edits the other's words.

use crate::source::{self, SignInMode};

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub enum Fix {
    /// Sign in to the provider again (its cached data is kept).
    SignIn { provider: String },
    /// Forget the provider's sync positions and fetch everything again.
    FullSync { provider: String },
}

impl Fix {
    /// The CLI command that does it.
    pub fn command(&self) -> String {
        match self {
            Fix::SignIn { provider } => {
                // An implicit-flow token comes back in the URL fragment, which
                // the terminal user pastes (CONTRACT §6.2).
                let paste =
                    source::provider(provider).is_some_and(|p| p.sign_in == SignInMode::Implicit);
                let paste = if paste { " --paste" } else { "" };
                format!("healthdash connect {provider}{paste}")
            }
            Fix::FullSync { provider } => format!("healthdash sync {provider} --full"),
        }
    }

    /// `message; run `command``: one line for a terminal.
    pub fn with_command(&self, message: &str) -> String {
        format!("{message}; run `{}`", self.command())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_follow_the_sign_in_mode() {
        let fix = |p: &str| Fix::SignIn { provider: p.into() };
        assert_eq!(fix("withings").command(), "healthdash connect withings");
        assert_eq!(
            fix("personicle").command(),
            "healthdash connect personicle --paste"
        );
        let full = Fix::FullSync {
            provider: "withings".into(),
        };
        assert_eq!(
            full.with_command("the cursor is unreadable"),
            "the cursor is unreadable; run `healthdash sync withings --full`"
        );
    }
}
