//! The one error type that crosses IPC. Every command returns
//! `Result<T, IpcError>`; the UI receives `{ kind, message }` and can branch on
//! `kind` while showing `message` (one line, meant for people) as it is.

use healthdash_chart::ChartError;
use healthdash_connect::ConnectError;
use healthdash_connect::oauth::session::SessionError;
use healthdash_connect::signin::SignInError;
use healthdash_core::Error as CoreError;
use healthdash_core::Fix;

/// What went wrong, coarsely enough for the UI to react (docs/IPC.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    UnknownMetric,
    UnknownSource,
    /// An argument the UI sent is not acceptable (range, zone, date, size).
    InvalidInput,
    /// The cache could not be read or written.
    Database,
    /// A file (config, export, log) could not be read or written.
    Io,
    /// The feature is not in this build yet (e.g. a provider we cannot sync yet).
    NotAvailable,
    /// A provider has no client ID yet: config.toml or the Connections page.
    NotConfigured,
    /// The browser sign-in failed: refused, timed out, a bad pasted address,
    /// or the provider did not accept the code.
    SignIn,
    /// The provider refused the saved sign-in (or there is none): sign in
    /// again; cached data is kept.
    NeedsSignIn,
    /// The user cancelled (a sign-in or a sync).
    Cancelled,
    /// The same work runs already (a second sync of one provider).
    Busy,
    /// The provider's API failed or answered something unusable.
    Provider,
    /// The secret store (OS keyring or secrets.json) failed.
    Secrets,
    /// A bug: a background task failed or a lock was lost.
    Internal,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, specta::Type, thiserror::Error)]
#[error("{message}")]
pub struct IpcError {
    pub kind: ErrorKind,
    /// One line, for people: what happened.
    pub message: String,
    /// What to do about it, for a button (the CLI prints it as a command).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[specta(optional)]
    pub fix: Option<Fix>,
}

impl IpcError {
    pub fn new(kind: ErrorKind, message: impl std::fmt::Display) -> Self {
        IpcError {
            kind,
            message: one_line(&message.to_string()),
            fix: None,
        }
    }

    pub fn with_fix(mut self, fix: Option<Fix>) -> Self {
        self.fix = fix;
        self
    }

    /// The same error, saying what it is about (`backup.csv: line 3: …`).
    pub fn about(mut self, what: &str) -> Self {
        self.message = format!("{what}: {}", self.message);
        self
    }

    pub fn internal(message: impl std::fmt::Display) -> Self {
        IpcError::new(ErrorKind::Internal, message)
    }

    pub fn io(message: impl std::fmt::Display) -> Self {
        IpcError::new(ErrorKind::Io, message)
    }
}

impl From<CoreError> for IpcError {
    fn from(err: CoreError) -> Self {
        IpcError::new(core_kind(&err), err)
    }
}

fn core_kind(err: &CoreError) -> ErrorKind {
    match err {
        CoreError::UnknownMetric(_) => ErrorKind::UnknownMetric,
        CoreError::UnknownSource(_) => ErrorKind::UnknownSource,
        CoreError::InvalidRecord { .. }
        | CoreError::InvalidZone(_)
        | CoreError::InvalidDate(_)
        | CoreError::InvalidRange { .. }
        | CoreError::NoSeries { .. }
        | CoreError::NotHealthdashCsv { .. }
        | CoreError::EmptyCsv
        | CoreError::CsvLine { .. }
        | CoreError::NotDaily(_)
        | CoreError::AppleEmpty
        | CoreError::AppleNotExport
        | CoreError::AppleZip(_)
        | CoreError::AppleNoMainXml
        | CoreError::AppleXml { .. } => ErrorKind::InvalidInput,
        CoreError::Cancelled => ErrorKind::Cancelled,
        CoreError::Database(_)
        | CoreError::Migration(_)
        | CoreError::ForeignDatabase { .. }
        | CoreError::NewerDatabase { .. } => ErrorKind::Database,
        CoreError::Io { .. } | CoreError::Output(_) | CoreError::Config { .. } => ErrorKind::Io,
    }
}

impl From<ChartError> for IpcError {
    fn from(err: ChartError) -> Self {
        let kind = match &err {
            ChartError::NotChartable { .. }
            | ChartError::InvalidSize { .. }
            | ChartError::UnknownExtension { .. }
            | ChartError::NoExtension { .. } => ErrorKind::InvalidInput,
            ChartError::Draw(_) | ChartError::Png(_) | ChartError::Write { .. } => ErrorKind::Io,
        };
        IpcError::new(kind, err)
    }
}

impl From<ConnectError> for IpcError {
    fn from(err: ConnectError) -> Self {
        if err.is_cancelled() {
            return IpcError::new(ErrorKind::Cancelled, err);
        }
        if err.needs_sign_in() {
            return IpcError::new(ErrorKind::NeedsSignIn, &err).with_fix(err.fix());
        }
        let kind = match &err {
            ConnectError::Core(core) => core_kind(core),
            ConnectError::Secret(_) | ConnectError::Session(SessionError::Secret(_)) => {
                ErrorKind::Secrets
            }
            ConnectError::Session(SessionError::NotConnected { .. })
            | ConnectError::Session(SessionError::Corrupt { .. }) => ErrorKind::NeedsSignIn,
            ConnectError::SignIn(SignInError::Browser(_)) => ErrorKind::Internal,
            ConnectError::SignIn(_) | ConnectError::Token(_) => ErrorKind::SignIn,
            ConnectError::Session(_) | ConnectError::Sync(_) => ErrorKind::Provider,
            ConnectError::Config(_) => ErrorKind::NotConfigured,
            ConnectError::NotSupported { .. } | ConnectError::NotAnAccount { .. } => {
                ErrorKind::NotAvailable
            }
            ConnectError::SyncingElsewhere { .. } | ConnectError::AlreadySyncing { .. } => {
                ErrorKind::Busy
            }
            ConnectError::Lock { .. } => ErrorKind::Io,
        };
        IpcError::new(kind, &err).with_fix(err.fix())
    }
}

impl From<SignInError> for IpcError {
    fn from(err: SignInError) -> Self {
        IpcError::from(ConnectError::from(err))
    }
}

/// Joins a message's lines: SQLite and I/O errors sometimes carry several.
fn one_line(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    for line in message.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn ipc(err: CoreError) -> IpcError {
        IpcError::from(err)
    }

    #[test]
    fn core_errors_map_to_kinds() {
        let cases: Vec<(CoreError, ErrorKind)> = vec![
            (
                CoreError::UnknownMetric("heartrate".into()),
                ErrorKind::UnknownMetric,
            ),
            (
                CoreError::UnknownSource("fitbit".into()),
                ErrorKind::UnknownSource,
            ),
            (
                CoreError::InvalidZone("Mars/Olympus".into()),
                ErrorKind::InvalidInput,
            ),
            (
                CoreError::InvalidDate("2026-13-01".into()),
                ErrorKind::InvalidInput,
            ),
            (
                CoreError::InvalidRange {
                    from: "a".into(),
                    to: "b".into(),
                },
                ErrorKind::InvalidInput,
            ),
            (
                CoreError::NoSeries {
                    metric: "sleep_stage",
                    why: "per night",
                },
                ErrorKind::InvalidInput,
            ),
            (
                CoreError::InvalidRecord {
                    metric: "weight",
                    at: "2026-01-01T00:00:00Z".into(),
                    why: "NaN".into(),
                },
                ErrorKind::InvalidInput,
            ),
            (
                CoreError::Database(rusqlite::Error::InvalidQuery),
                ErrorKind::Database,
            ),
            (
                CoreError::ForeignDatabase {
                    path: PathBuf::from("/x/healthdash.sqlite3"),
                    why: "file is not a database".into(),
                },
                ErrorKind::Database,
            ),
            (
                CoreError::NewerDatabase {
                    path: PathBuf::from("/x/healthdash.sqlite3"),
                    found: 9,
                    known: 1,
                },
                ErrorKind::Database,
            ),
            (
                CoreError::Io {
                    path: PathBuf::from("/x"),
                    source: std::io::Error::other("disk full"),
                },
                ErrorKind::Io,
            ),
            (
                CoreError::Output(std::io::Error::other("broken pipe")),
                ErrorKind::Io,
            ),
            (
                CoreError::Config {
                    path: PathBuf::from("/x/config.toml"),
                    message: "unknown field `client_idd`".into(),
                },
                ErrorKind::Io,
            ),
        ];
        for (err, kind) in cases {
            let text = err.to_string();
            let ipc = ipc(err);
            assert_eq!(ipc.kind, kind, "{text}");
            assert_eq!(ipc.message, text);
            assert!(!ipc.message.contains('\n'), "{}", ipc.message);
        }
    }

    #[test]
    fn a_lost_sign_in_says_what_happened_and_carries_its_fix_as_data() {
        let err = ConnectError::Session(SessionError::NeedsSignIn {
            provider: "withings".into(),
            reason: "revoked".into(),
        });
        let ipc = IpcError::from(err);
        assert_eq!(ipc.kind, ErrorKind::NeedsSignIn);
        assert_eq!(
            ipc.message,
            "Withings needs you to sign in again (revoked); your cached data is kept"
        );
        assert_eq!(
            serde_json::to_value(&ipc).unwrap(),
            serde_json::json!({
                "kind": "needs_sign_in",
                "message": "Withings needs you to sign in again (revoked); your cached data is kept",
                "fix": {"kind": "sign_in", "provider": "withings"}
            })
        );
        // Without a fix, the field is absent.
        let plain = IpcError::new(ErrorKind::Io, "disk full");
        assert_eq!(
            serde_json::to_value(&plain).unwrap(),
            serde_json::json!({"kind": "io", "message": "disk full"})
        );
    }

    #[test]
    fn connect_errors_map_to_kinds() {
        let cases: Vec<(ConnectError, ErrorKind)> = vec![
            (
                ConnectError::Config("no client ID".into()),
                ErrorKind::NotConfigured,
            ),
            (
                ConnectError::NotSupported {
                    provider: "exist".into(),
                    supported: "withings".into(),
                },
                ErrorKind::NotAvailable,
            ),
            (
                ConnectError::SignIn(SignInError::Cancelled),
                ErrorKind::Cancelled,
            ),
            (
                ConnectError::SignIn(SignInError::PastedNotUrl),
                ErrorKind::SignIn,
            ),
            (
                ConnectError::Session(SessionError::NeedsSignIn {
                    provider: "withings".into(),
                    reason: "invalid_grant".into(),
                }),
                ErrorKind::NeedsSignIn,
            ),
            (
                ConnectError::Session(SessionError::NotConnected {
                    provider: "withings".into(),
                }),
                ErrorKind::NeedsSignIn,
            ),
            (
                ConnectError::Core(CoreError::UnknownSource("fitbit".into())),
                ErrorKind::UnknownSource,
            ),
        ];
        for (err, kind) in cases {
            let ipc = IpcError::from(err);
            assert_eq!(ipc.kind, kind, "{}", ipc.message);
            assert!(
                !ipc.message.contains("healthdash connect"),
                "{}",
                ipc.message
            );
        }
    }

    #[test]
    fn messages_are_one_line() {
        let err = IpcError::io("first line\n  second line\n\n");
        assert_eq!(err.message, "first line second line");
        assert_eq!(err.kind, ErrorKind::Io);
    }

    #[test]
    fn chart_errors_map_to_kinds() {
        let size = IpcError::from(ChartError::InvalidSize {
            width: 10,
            height: 10,
        });
        assert_eq!(size.kind, ErrorKind::InvalidInput);
        assert!(size.message.starts_with("chart size 10x10 is out of range"));
        let write = IpcError::from(ChartError::Write {
            path: PathBuf::from("/nope/chart.png"),
            source: std::io::Error::other("read-only file system"),
        });
        assert_eq!(write.kind, ErrorKind::Io);
        assert_eq!(
            write.message,
            "cannot write chart to /nope/chart.png: read-only file system"
        );
    }

    #[test]
    fn serializes_as_kind_and_message() {
        let json = serde_json::to_string(&IpcError::from(CoreError::UnknownMetric(
            "heartrate".into(),
        )))
        .unwrap_or_default();
        assert_eq!(
            json,
            r#"{"kind":"unknown_metric","message":"unknown metric 'heartrate' (run `healthdash metrics` for the list)"}"#
        );
    }
}
