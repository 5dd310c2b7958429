//! Handing checked copies of stored files to the desktop's default application.
//!
//! The application never sees the workspace or the pack itself: each file is first written,
//! checked against its SHA-256, into a folder that only this user can enter (0700, under
//! `$XDG_RUNTIME_DIR`, which the session owns, or else the user's cache folder) and into a new,
//! randomly named subfolder for every opening. Nothing another local user planted can be
//! opened in its place, and no earlier copy is ever reused.
//!
//! Copies do not outlive what they copy: removing evidence in the window deletes the copies
//! of its content opened in this session (`forget`), and the copies a previous session left
//! are deleted when the app starts (`forget_earlier_sessions`), so removed evidence is not
//! left readable in a temporary folder.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The folders of this session's copies, by the SHA-256 of the content they hold.
static COPIES: Mutex<Vec<(String, PathBuf)>> = Mutex::new(Vec::new());

use annexa_core::{ErrorKind, ErrorPayload};

/// The per-user folder under which checked copies are written.
fn base() -> Result<PathBuf, ErrorPayload> {
    let root = std::env::var_os("XDG_RUNTIME_DIR")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute() && p.is_dir())
        .or_else(dirs_cache)
        .ok_or_else(|| {
            ErrorPayload::new(
                ErrorKind::Io,
                "this system has neither a runtime nor a cache folder for the user",
            )
        })?;
    Ok(root.join("annexa").join("open"))
}

fn dirs_cache() -> Option<PathBuf> {
    std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
}

fn io_error(what: &Path, e: std::io::Error) -> ErrorPayload {
    ErrorPayload::new(
        ErrorKind::Io,
        format!("cannot prepare {}: {e}", what.display()),
    )
}

/// Makes `dir` (and its parents) exist as real folders, and `dir` itself private to the user.
#[cfg(unix)]
fn private_dir(dir: &Path) -> Result<(), ErrorPayload> {
    use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(|e| io_error(dir, e))?;
    let meta = std::fs::symlink_metadata(dir).map_err(|e| io_error(dir, e))?;
    // Who we are: the owner of a file we just created there.
    let mine = tempfile::tempfile_in(dir)
        .and_then(|f| f.metadata())
        .map(|m| m.uid())
        .ok();
    if !meta.is_dir() || meta.file_type().is_symlink() || Some(meta.uid()) != mine {
        return Err(ErrorPayload::new(
            ErrorKind::Io,
            format!(
                "{} is not a folder of yours; remove it and try again",
                dir.display()
            ),
        ));
    }
    if meta.mode() & 0o077 != 0 {
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
            .map_err(|e| io_error(dir, e))?;
    }
    Ok(())
}

#[cfg(not(unix))]
fn private_dir(dir: &Path) -> Result<(), ErrorPayload> {
    std::fs::create_dir_all(dir).map_err(|e| io_error(dir, e))
}

/// A new, empty, private folder for one opening of the content with hash `sha256`.
pub fn fresh_dir(sha256: &str) -> Result<PathBuf, ErrorPayload> {
    let dir = fresh_dir_in(&base()?)?;
    remember(sha256, &dir);
    Ok(dir)
}

fn remember(sha256: &str, dir: &Path) {
    if let Ok(mut copies) = COPIES.lock() {
        copies.push((sha256.to_owned(), dir.to_owned()));
    }
}

/// Deletes this session's copies of the contents with these hashes (removed evidence).
pub fn forget(hashes: &[String]) {
    let Ok(mut copies) = COPIES.lock() else {
        return;
    };
    copies.retain(|(sha, dir)| {
        if hashes.contains(sha) {
            let _ = std::fs::remove_dir_all(dir);
            false
        } else {
            true
        }
    });
}

/// Deletes the copies that earlier sessions of the app left (run once, at start).
pub fn forget_earlier_sessions() {
    if let Ok(base) = base() {
        forget_all_in(&base);
    }
}

fn forget_all_in(base: &Path) {
    for entry in std::fs::read_dir(base).into_iter().flatten().flatten() {
        let is_copy = entry
            .file_name()
            .to_str()
            .is_some_and(|n| n.starts_with("copy-"));
        if is_copy && entry.file_type().is_ok_and(|t| t.is_dir()) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

fn fresh_dir_in(base: &Path) -> Result<PathBuf, ErrorPayload> {
    private_dir(base)?;
    // A random name that did not exist before (tempfile fails rather than reuse one), made
    // private from the start.
    let mut builder = tempfile::Builder::new();
    builder.prefix("copy-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o700));
    }
    let dir = builder.tempdir_in(base).map_err(|e| io_error(base, e))?;
    Ok(dir.keep())
}

/// Hands a file or address to the desktop's default application (xdg-open on Linux).
pub fn open_with_default_app(target: &std::ffi::OsStr, what: &str) -> Result<(), ErrorPayload> {
    open::that_detached(target).map_err(|e| {
        ErrorPayload::new(
            ErrorKind::Io,
            format!("no application could open {what}: {e}"),
        )
    })
}

/// Refuses a file that is not a document (see `annexa_core::evidence::opens_as_document`).
pub fn check_document(file_name: &str) -> Result<(), ErrorPayload> {
    if annexa_core::evidence::opens_as_document(file_name) {
        Ok(())
    } else {
        Err(ErrorPayload::new(
            ErrorKind::InvalidInput,
            format!(
                "Annexa does not open {file_name:?} in another application: files of this type \
                 can run programs or scripts. Save a copy and open it yourself if you trust it."
            ),
        ))
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn every_opening_gets_a_new_private_folder() {
        let root = tempfile::tempdir().expect("temp");
        let base = root.path().join("annexa").join("open");
        let a = fresh_dir_in(&base).expect("a");
        let b = fresh_dir_in(&base).expect("b");
        assert_ne!(a, b);
        for dir in [&base, &a, &b] {
            let mode = std::fs::metadata(dir).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o700, "{}", dir.display());
        }
        assert_eq!(std::fs::read_dir(&a).expect("a").count(), 0, "a is empty");
    }

    #[test]
    fn a_base_folder_opened_to_others_is_closed_again_and_a_symlink_refused() {
        let root = tempfile::tempdir().expect("temp");
        let base = root.path().join("open");
        std::fs::create_dir(&base).expect("dir");
        std::fs::set_permissions(&base, std::fs::Permissions::from_mode(0o777)).expect("chmod");
        fresh_dir_in(&base).expect("fresh");
        let mode = std::fs::metadata(&base).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o700);

        let elsewhere = root.path().join("elsewhere");
        std::fs::create_dir(&elsewhere).expect("dir");
        let link = root.path().join("link");
        std::os::unix::fs::symlink(&elsewhere, &link).expect("symlink");
        let err = fresh_dir_in(&link).expect_err("a symlink is not our folder");
        assert!(
            err.message.contains("not a folder of yours"),
            "{}",
            err.message
        );
    }

    #[test]
    fn copies_are_deleted_with_their_evidence_and_at_the_next_start() {
        let root = tempfile::tempdir().expect("temp");
        let base = root.path().join("open");
        let kept = fresh_dir_in(&base).expect("a");
        remember("aaaa", &kept);
        let removed = fresh_dir_in(&base).expect("b");
        remember("bbbb", &removed);
        std::fs::write(removed.join("contract.pdf"), b"secret").expect("write");
        forget(&["bbbb".to_owned()]);
        assert!(!removed.exists(), "the removed evidence's copy is gone");
        assert!(kept.exists(), "another's stays while this session runs");
        std::fs::write(base.join("not-a-copy.txt"), b"x").expect("write");
        forget_all_in(&base);
        assert!(
            !kept.exists(),
            "a new session starts without the last one's copies"
        );
        assert!(
            base.join("not-a-copy.txt").exists(),
            "only copies are deleted"
        );
    }

    #[test]
    fn only_documents_are_opened() {
        for (name, ok) in [
            ("policy.pdf", true),
            ("Risk register.xlsx", true),
            ("photo.JPG", true),
            ("notes.txt", true),
            ("drawing.svg", false),
            ("page.html", false),
            ("run.sh", false),
            ("evil.desktop", false),
            ("setup.exe", false),
            ("data.xml", false),
        ] {
            assert_eq!(check_document(name).is_ok(), ok, "{name}");
        }
    }
}
