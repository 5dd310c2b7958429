//! Importing a folder: which control each file belongs to, from its name or a folder's.

use super::*;

/// How a folder's files are mapped to controls by [`import_plan`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportRule {
    /// Each file goes to the control its name or the name of a folder above it starts with:
    /// `A.5.15 Access policy.pdf`, `5.15_access.pdf`, `A.8.13/backup-log.csv`.
    ByName,
    /// Every file goes to these controls and clauses.
    AllTo(Vec<Target>),
}

/// The control a file or folder name starts with (`A.5.15 …`, `a5.15-…`, `5.15_…`), if any.
pub fn control_in_name(name: &str) -> Option<ControlId> {
    let rest = name.trim_start();
    let rest = rest
        .strip_prefix(['A', 'a'])
        .map(|r| r.strip_prefix('.').unwrap_or(r))
        .unwrap_or(rest);
    let end = rest
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_digit() || c == '.'))
        .map_or(rest.len(), |(i, _)| i);
    // "5.15.pdf" scans as "5.15." : a trailing dot belongs to the extension, not the id.
    let token = rest[..end].trim_end_matches('.');
    // The id must end the name or be followed by a separator: "5.1x" is not control 5.1.
    if rest[token.len()..]
        .chars()
        .next()
        .is_some_and(char::is_alphanumeric)
    {
        return None;
    }
    let id: ControlId = token.parse().ok()?;
    Catalogue::bundled().ok()?.control(id).map(|c| c.id)
}

/// What importing a folder takes, and what it leaves out and why, so nothing is passed over
/// in silence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportPlan {
    /// The files to add, in name order.
    pub files: Vec<FileToAdd>,
    /// What the folder holds that is not imported, in name order.
    pub left_out: Vec<LeftOut>,
}

/// Something in an imported folder that is not imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    pub path: PathBuf,
    /// Why, in words: "a named pipe (FIFO), not a file".
    pub reason: &'static str,
}

/// The files of a folder (and its subfolders) to add as evidence under `rule`, in name order.
/// Hidden files and folders, named pipes, sockets and devices are left out and listed with
/// why. Refuses, naming them, symbolic links and — under [`ImportRule::ByName`] — files that
/// name no control, so nothing is half-imported.
pub fn import_plan(dir: &Path, rule: &ImportRule) -> Result<ImportPlan, EvidenceError> {
    let meta = std::fs::symlink_metadata(dir).map_err(|e| EvidenceError::unreadable(dir, e))?;
    if !meta.is_dir() {
        return Err(invalid(format!("{} is not a folder", dir.display())).into());
    }
    let mut files = Vec::new();
    let mut left_out = Vec::new();
    let mut stack = vec![(dir.to_owned(), None::<ControlId>)];
    while let Some((folder, inherited)) = stack.pop() {
        let mut entries: Vec<_> = std::fs::read_dir(&folder)
            .map_err(|e| EvidenceError::unreadable(&folder, e))?
            .collect::<Result<_, _>>()
            .map_err(|e| EvidenceError::unreadable(&folder, e))?;
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let path = entry.path();
            let name = entry.file_name();
            let Some(name) = name.to_str() else {
                return Err(EvidenceError::NotUtf8 { path });
            };
            let kind = entry
                .file_type()
                .map_err(|e| EvidenceError::unreadable(&path, e))?;
            if name.starts_with('.') {
                left_out.push(LeftOut {
                    path,
                    reason: if kind.is_dir() {
                        "a hidden folder (its name starts with a dot)"
                    } else {
                        "a hidden file (its name starts with a dot)"
                    },
                });
                continue;
            }
            let here = control_in_name(name).or(inherited);
            if kind.is_symlink() {
                let target = std::fs::read_link(&path).unwrap_or_default();
                return Err(EvidenceError::Symlink { path, target });
            } else if kind.is_dir() {
                stack.push((path, here));
            } else if kind.is_file() {
                files.push((path, here));
            } else {
                left_out.push(LeftOut {
                    path,
                    reason: special_kind(&kind),
                });
            }
        }
    }
    files.sort();
    left_out.sort_by(|a, b| a.path.cmp(&b.path));
    let unmatched: Vec<String> = match rule {
        ImportRule::ByName => files
            .iter()
            .filter(|(_, c)| c.is_none())
            .map(|(p, _)| p.strip_prefix(dir).unwrap_or(p).display().to_string())
            .collect(),
        ImportRule::AllTo(_) => Vec::new(),
    };
    if !unmatched.is_empty() {
        let shown = unmatched
            .iter()
            .take(10)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        let more = unmatched.len().saturating_sub(10);
        return Err(invalid(format!(
            "{} file(s) name no control: {shown}{}. Start each file or folder name with a \
             control id (e.g. \"A.5.15 Access policy.pdf\"), or import them all to one control",
            unmatched.len(),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        ))
        .into());
    }
    let files = files
        .into_iter()
        .map(|(path, control)| FileToAdd {
            path,
            targets: match rule {
                ImportRule::ByName => control.map(Target::Control).into_iter().collect(),
                ImportRule::AllTo(t) => t.clone(),
            },
            meta: EvidenceMeta::default(),
        })
        .collect();
    Ok(ImportPlan { files, left_out })
}

/// What a directory entry is when it is neither a file, a folder nor a link.
fn special_kind(kind: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a named pipe (FIFO), not a file";
        }
        if kind.is_socket() {
            return "a socket, not a file";
        }
        if kind.is_block_device() || kind.is_char_device() {
            return "a device, not a file";
        }
    }
    let _ = kind;
    "not a regular file"
}
