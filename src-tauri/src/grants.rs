//! The paths the user has chosen, and nothing else: the window never names a file by itself.
//!
//! A path reaches a command that reads or writes files only if the user picked it in an OS
//! dialog that Rust opened, dropped it on the window, or (for workspaces) opened it before and
//! it is in the recent list. A path typed into the window is not trusted either: Rust opens the
//! dialog at that path, so the user confirms it with one key. The page alone, even one running
//! injected script, can therefore never read an arbitrary file or write an arbitrary path.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::dialogs::{FileDialog, Pick};
use annexa_core::wire::PathPurpose;
use annexa_core::{ErrorKind, ErrorPayload};

/// What a chosen path may be used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// A file to read (evidence, a workspace, a pack).
    Read,
    /// A folder to read every file of.
    Folder,
    /// A file to write; `replace_confirmed` when it existed as the user chose it, so the OS
    /// save dialog already asked whether to replace it.
    Write { replace_confirmed: bool },
}

impl Access {
    fn kind(self) -> &'static str {
        match self {
            Access::Read => "a file to read",
            Access::Folder => "a folder to read",
            Access::Write { .. } => "a place to write",
        }
    }

    fn same_kind(self, other: Access) -> bool {
        matches!(
            (self, other),
            (Access::Read, Access::Read)
                | (Access::Folder, Access::Folder)
                | (Access::Write { .. }, Access::Write { .. })
        )
    }
}

/// What each purpose needs.
pub fn access_for(purpose: PathPurpose) -> Access {
    match purpose {
        PathPurpose::OpenWorkspace
        | PathPurpose::EvidenceFiles
        | PathPurpose::EvidenceFile
        | PathPurpose::OpenPack => Access::Read,
        PathPurpose::EvidenceFolder => Access::Folder,
        PathPurpose::CreateWorkspace
        | PathPurpose::ExportFile
        | PathPurpose::WritePack
        | PathPurpose::WriteReport => Access::Write {
            replace_confirmed: false,
        },
    }
}

/// The paths granted in this session of the window.
#[derive(Debug, Default)]
pub struct Grants {
    granted: Mutex<HashMap<PathBuf, Vec<Access>>>,
}

impl Grants {
    /// Records that the user chose `path` for `access`.
    pub fn grant(&self, path: &Path, access: Access) {
        let mut granted = self.granted.lock().unwrap_or_else(|e| e.into_inner());
        let list = granted.entry(key(path)).or_default();
        list.retain(|a| !a.same_kind(access));
        list.push(access);
    }

    /// Records a path dropped on the window: a file to read, or a folder.
    pub fn grant_dropped(&self, path: &Path) {
        let access = if path.is_dir() {
            Access::Folder
        } else {
            Access::Read
        };
        self.grant(path, access);
    }

    /// The grant of `path` for `wanted`'s kind, if the user gave one.
    pub fn get(&self, path: &Path, wanted: Access) -> Option<Access> {
        let granted = self.granted.lock().unwrap_or_else(|e| e.into_inner());
        granted
            .get(&key(path))
            .and_then(|list| list.iter().copied().find(|a| a.same_kind(wanted)))
    }

    /// Refuses a path the user did not choose for this use.
    pub fn check(&self, path: &Path, wanted: Access) -> Result<Access, ErrorPayload> {
        self.get(path, wanted)
            .ok_or_else(|| not_chosen(path, wanted))
    }
}

/// Opens the OS dialog for `request` (at the typed path, if any) and returns what the user
/// chose, recording each choice as granted. Empty when the user cancels. Blocks until the
/// dialog closes, so it must not run on the main thread (commands are async).
/// What kind of dialog a purpose opens.
fn pick_of(purpose: PathPurpose) -> Pick {
    match purpose {
        PathPurpose::EvidenceFiles => Pick::Files,
        PathPurpose::OpenWorkspace | PathPurpose::EvidenceFile | PathPurpose::OpenPack => {
            Pick::File
        }
        PathPurpose::EvidenceFolder => Pick::Folder,
        PathPurpose::CreateWorkspace
        | PathPurpose::ExportFile
        | PathPurpose::WritePack
        | PathPurpose::WriteReport => Pick::Save,
    }
}

pub fn choose<R: tauri::Runtime>(
    app: &tauri::AppHandle<R>,
    grants: &Grants,
    request: &annexa_core::wire::PathRequestView,
) -> Vec<PathBuf> {
    let purpose = request.purpose;
    let (title, filter): (&str, Option<(&str, &[&str])>) = match purpose {
        PathPurpose::OpenWorkspace => (
            "Annexa — open a workspace",
            Some(("Annexa workspace", &["annexa"])),
        ),
        PathPurpose::CreateWorkspace => (
            "Annexa — create a workspace",
            Some(("Annexa workspace", &["annexa"])),
        ),
        PathPurpose::EvidenceFiles => ("Annexa — add evidence files", None),
        PathPurpose::EvidenceFile => ("Annexa — choose the new version", None),
        PathPurpose::EvidenceFolder => ("Annexa — import a folder", None),
        PathPurpose::ExportFile => ("Annexa — save a copy", None),
        PathPurpose::WritePack => (
            "Annexa — write the audit pack",
            Some(("Audit pack", &["zip"])),
        ),
        PathPurpose::WriteReport => (
            "Annexa — save the board report",
            Some(("PDF document", &["pdf"])),
        ),
        PathPurpose::OpenPack => (
            "Annexa — open an audit pack",
            Some(("Audit pack", &["zip"])),
        ),
    };
    let typed = request
        .typed
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| key(Path::new(t)));
    let (folder, file_name) = match (&typed, request.suggested.as_deref()) {
        (Some(path), _) => (
            path.parent().map(Path::to_owned),
            path.file_name().map(|n| n.to_string_lossy().into_owned()),
        ),
        (None, suggested) => (
            request
                .folder
                .as_deref()
                .map(str::trim)
                .filter(|f| !f.is_empty())
                .map(PathBuf::from)
                // A new file with nowhere suggested goes to the documents folder, not to
                // wherever the process happened to start.
                .or_else(|| match pick_of(purpose) {
                    Pick::Save => annexa_core::store::documents_dir(),
                    _ => None,
                }),
            suggested
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(str::to_owned),
        ),
    };
    let pick = pick_of(purpose);
    let chosen = crate::dialogs::choose(
        app,
        FileDialog {
            title: title.to_owned(),
            pick,
            filter: filter.map(|(name, extensions)| {
                (
                    name.to_owned(),
                    extensions.iter().map(|e| (*e).to_owned()).collect(),
                )
            }),
            folder,
            file_name,
        },
    );
    for path in &chosen {
        let access = match access_for(purpose) {
            // GTK's save dialog asks before it returns a file that exists.
            Access::Write { .. } => Access::Write {
                replace_confirmed: path.exists(),
            },
            other => other,
        };
        grants.grant(path, access);
    }
    chosen
}

/// Asks the user, in a native dialog, whether to replace `path`.
pub fn confirm_replace<R: tauri::Runtime>(
    app: &tauri::AppHandle<R>,
    path: &Path,
    what: &str,
) -> bool {
    crate::dialogs::ask(
        app,
        "Annexa — replace the file?",
        &format!(
            "{} already exists. Replace it with the new {what}?",
            path.display()
        ),
        "Replace",
        "Cancel",
    )
}

fn not_chosen(path: &Path, wanted: Access) -> ErrorPayload {
    ErrorPayload::new(
        ErrorKind::InvalidInput,
        format!(
            "{} was not chosen as {} in a file dialog or dropped on the window; choose it with \
             Browse… (a typed path is confirmed in the dialog)",
            path.display(),
            wanted.kind()
        ),
    )
}

/// Paths are compared as the user chose them, made absolute, so `./x` and `x` are one.
fn key(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_was_granted_and_for_its_use_passes() {
        let grants = Grants::default();
        let dir = tempfile::tempdir().expect("temp");
        let file = dir.path().join("policy.pdf");
        std::fs::write(&file, b"x").expect("write");
        assert!(
            grants.check(&file, Access::Read).is_err(),
            "nothing granted yet"
        );
        grants.grant(&file, Access::Read);
        assert_eq!(grants.check(&file, Access::Read).ok(), Some(Access::Read));
        let write = Access::Write {
            replace_confirmed: false,
        };
        let err = grants.check(&file, write).expect_err("read is not write");
        assert!(
            err.message.contains("not chosen as a place to write"),
            "{}",
            err.message
        );
        assert!(
            grants
                .check(Path::new("/etc/passwd"), Access::Read)
                .is_err()
        );
        assert!(grants.check(dir.path(), Access::Folder).is_err());
        grants.grant_dropped(dir.path());
        assert!(
            grants.check(dir.path(), Access::Folder).is_ok(),
            "a dropped folder"
        );
        grants.grant(
            &file,
            Access::Write {
                replace_confirmed: true,
            },
        );
        assert_eq!(
            grants.check(&file, write).ok(),
            Some(Access::Write {
                replace_confirmed: true
            })
        );
        assert!(
            grants.check(&file, Access::Read).is_ok(),
            "both grants stay"
        );
    }
}
