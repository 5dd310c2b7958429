//! The one error shape that leaves the core: a kind that the window and scripts can switch on,
//! and a message written for the person reading it.
//!
//! Each core module keeps its own `thiserror` enum with the detail it needs; they all map
//! into [`ErrorPayload`] here, so the shell never invents error text and never sends a bare
//! string across IPC.

use serde::Serialize;
use ts_rs::TS;

use crate::catalogue::{CatalogueError, LookupError};
use crate::evidence::EvidenceError;
use crate::pack::PackError;
use crate::store::WorkspaceError;

/// What went wrong, coarsely, for code to act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The user asked for something that is not well-formed or not allowed.
    InvalidInput,
    /// The user named something that does not exist.
    NotFound,
    /// The file is not an Annexa workspace, or is from a newer Annexa.
    NotAWorkspace,
    /// Another program is writing the workspace right now.
    Busy,
    /// Reading or writing a file failed.
    Io,
    /// The program itself is broken (e.g. the bundled catalogue did not load).
    Internal,
    /// The user stopped a long operation; nothing was changed.
    Cancelled,
    /// Stored or packed content no longer matches its recorded SHA-256.
    Integrity,
    /// The window started with no workspace to open (the first run): not a failure.
    NoWorkspace,
}

/// The error that crosses IPC and that the CLI prints: `{"kind": "...", "message": "..."}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct ErrorPayload {
    pub kind: ErrorKind,
    pub message: String,
}

impl ErrorPayload {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        ErrorPayload {
            kind,
            message: message.into(),
        }
    }
}

impl From<CatalogueError> for ErrorPayload {
    fn from(e: CatalogueError) -> Self {
        ErrorPayload::new(ErrorKind::Internal, e.to_string())
    }
}

impl From<LookupError> for ErrorPayload {
    fn from(e: LookupError) -> Self {
        let kind = match e {
            LookupError::Malformed(_) => ErrorKind::InvalidInput,
            LookupError::Unknown(_) => ErrorKind::NotFound,
        };
        ErrorPayload::new(kind, e.to_string())
    }
}

impl From<WorkspaceError> for ErrorPayload {
    fn from(e: WorkspaceError) -> Self {
        let message = e.to_string();
        ErrorPayload::from_workspace(&e, message)
    }
}

impl ErrorPayload {
    fn from_workspace(e: &WorkspaceError, message: String) -> Self {
        let kind = match e {
            WorkspaceError::NotAWorkspace { .. } | WorkspaceError::TooNew { .. } => {
                ErrorKind::NotAWorkspace
            }
            WorkspaceError::Busy { .. } => ErrorKind::Busy,
            WorkspaceError::Tampered { .. } => ErrorKind::Integrity,
            WorkspaceError::AlreadyExists { .. } | WorkspaceError::Invalid { .. } => {
                ErrorKind::InvalidInput
            }
            WorkspaceError::NotFound { .. } | WorkspaceError::Unknown { .. } => ErrorKind::NotFound,
            WorkspaceError::Io { .. } => ErrorKind::Io,
            WorkspaceError::Sqlite { .. }
            | WorkspaceError::CannotOpen { .. }
            | WorkspaceError::NoDataDir
            | WorkspaceError::DiskFull => ErrorKind::Io,
            WorkspaceError::Moved { .. } => ErrorKind::Busy,
            WorkspaceError::Cancelled => ErrorKind::Cancelled,
        };
        ErrorPayload::new(kind, message)
    }
}

impl From<EvidenceError> for ErrorPayload {
    fn from(e: EvidenceError) -> Self {
        let kind = match &e {
            EvidenceError::Workspace(w) => return ErrorPayload::from_workspace(w, e.to_string()),
            EvidenceError::Directory { .. }
            | EvidenceError::Symlink { .. }
            | EvidenceError::NotAFile { .. }
            | EvidenceError::NotUtf8 { .. }
            | EvidenceError::TitleTooLong { .. }
            | EvidenceError::DestinationExists { .. } => ErrorKind::InvalidInput,
            EvidenceError::Unreadable { source, .. }
                if source.kind() == std::io::ErrorKind::NotFound =>
            {
                ErrorKind::NotFound
            }
            EvidenceError::Unreadable { .. }
            | EvidenceError::Changed { .. }
            | EvidenceError::Vanished { .. }
            | EvidenceError::Write { .. } => ErrorKind::Io,
            EvidenceError::Cancelled => ErrorKind::Cancelled,
            EvidenceError::Damaged { .. } => ErrorKind::Integrity,
        };
        ErrorPayload::new(kind, e.to_string())
    }
}

impl From<PackError> for ErrorPayload {
    fn from(e: PackError) -> Self {
        let kind = match e {
            PackError::Workspace(w) => {
                let message = w.to_string();
                return ErrorPayload::from_workspace(&w, message);
            }
            PackError::Evidence(ev) => return ev.into(),
            PackError::DestinationExists { .. }
            | PackError::Key { .. }
            | PackError::NotAZip { .. }
            | PackError::NotAPack { .. }
            | PackError::Unsafe { .. } => ErrorKind::InvalidInput,
            PackError::Unreadable { ref source, .. }
                if source.kind() == std::io::ErrorKind::NotFound =>
            {
                ErrorKind::NotFound
            }
            PackError::NoSuchFile { .. } => ErrorKind::NotFound,
            PackError::Unreadable { .. } | PackError::Write { .. } => ErrorKind::Io,
            PackError::Cancelled => ErrorKind::Cancelled,
        };
        ErrorPayload::new(kind, e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payload_json_is_pinned() {
        let json = serde_json::to_string(&ErrorPayload::new(ErrorKind::NotAWorkspace, "x"))
            .expect("serialise");
        assert_eq!(json, r#"{"kind":"not_a_workspace","message":"x"}"#);
    }

    #[test]
    fn lookup_errors_map_to_kinds() {
        let unknown: ErrorPayload = LookupError::Unknown("A.9.1".into()).into();
        assert_eq!(unknown.kind, ErrorKind::NotFound);
        assert!(unknown.message.contains("A.9.1"));
    }
}
