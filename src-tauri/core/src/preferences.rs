//! The user's preferences, kept per user outside any workspace: the name recorded in the
//! history, and the recently opened workspaces.
//!
//! They live in `$XDG_CONFIG_HOME/annexa/preferences.json` (the platform's config directory).
//! A missing or unreadable file means defaults: preferences must never stop the app starting.
//!
//! Crash reports live beside them in the user's state directory: when a bug panics the CLI or
//! the app, the user sees one sentence and where the details are, never Rust's panic text.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::store::WorkspaceError;

/// How many recent workspaces are remembered.
pub const RECENT_LIMIT: usize = 10;

/// The user's preferences.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Preferences {
    /// The name recorded in the history; empty means the operating system user.
    #[serde(default)]
    pub user_name: String,
    /// Workspace files, most recently opened first.
    #[serde(default)]
    pub recent: Vec<String>,
}

impl Preferences {
    /// The name to record in the history.
    pub fn actor(&self) -> String {
        let name = self.user_name.trim();
        if name.is_empty() {
            crate::store::os_user()
        } else {
            name.to_owned()
        }
    }

    /// Puts `path` first in the recent list.
    pub fn remember(&mut self, path: &Path) {
        let path = path.display().to_string();
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(RECENT_LIMIT);
    }

    /// Reads the preferences at `file`; defaults when it is missing or damaged.
    pub fn load(file: &Path) -> Preferences {
        std::fs::read(file)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    /// Writes the preferences to `file` through a temporary file, so a crash never leaves a
    /// half-written file behind.
    pub fn save(&self, file: &Path) -> Result<(), WorkspaceError> {
        let io = |source| WorkspaceError::Io {
            path: file.to_owned(),
            source,
        };
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        let tmp = file.with_extension("json.tmp");
        let json = serde_json::to_vec_pretty(self).map_err(|e| io(e.into()))?;
        std::fs::write(&tmp, json).map_err(io)?;
        std::fs::rename(&tmp, file).map_err(io)
    }
}

/// Where the preferences live: `$XDG_CONFIG_HOME/annexa/preferences.json` on Linux.
pub fn default_file() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join("annexa").join("preferences.json"))
}

/// Where crash reports go: `$XDG_STATE_HOME/annexa/crashes` (usually
/// `~/.local/state/annexa/crashes`), else the cache or temporary folder.
pub fn crash_report_dir() -> PathBuf {
    dirs::state_dir()
        .or_else(dirs::cache_dir)
        .unwrap_or_else(std::env::temp_dir)
        .join("annexa")
        .join("crashes")
}

/// Writes what an internal error left to say (the panic's message and place, a backtrace)
/// to a new file under [`crash_report_dir`], named after `program` and the time; returns its
/// path, or `None` when nothing could be written (the caller still says what happened).
pub fn write_crash_report(program: &str, details: &str) -> Option<PathBuf> {
    let dir = crash_report_dir();
    std::fs::create_dir_all(&dir).ok()?;
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let path = dir.join(format!("{program}-{seconds}-{}.txt", std::process::id()));
    let text = format!(
        "{program} {} hit an internal error.\nPlease report it, with this file.\n\n{details}\n",
        crate::VERSION
    );
    std::fs::write(&path, text).ok()?;
    Some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recent_list_keeps_the_newest_first_without_duplicates() {
        let mut p = Preferences::default();
        for n in 0..12 {
            p.remember(Path::new(&format!("/w/{n}.annexa")));
        }
        p.remember(Path::new("/w/5.annexa"));
        assert_eq!(p.recent.len(), RECENT_LIMIT);
        assert_eq!(p.recent[0], "/w/5.annexa");
        assert_eq!(p.recent.iter().filter(|r| *r == "/w/5.annexa").count(), 1);
        assert_eq!(p.recent[1], "/w/11.annexa");
    }

    #[test]
    fn save_then_load_round_trips_and_damage_means_defaults() {
        let dir = tempfile::tempdir().expect("temp");
        let file = dir.path().join("annexa/preferences.json");
        let p = Preferences {
            user_name: "Ana".into(),
            recent: vec!["/a.annexa".into()],
        };
        p.save(&file).expect("save");
        assert_eq!(Preferences::load(&file), p);
        assert_eq!(p.actor(), "Ana");
        std::fs::write(&file, b"{not json").expect("damage");
        assert_eq!(Preferences::load(&file), Preferences::default());
    }
}
