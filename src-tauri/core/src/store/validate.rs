//! What every domain checks the same way: dates, control ids, the name recorded in the
//! history, and the small constructors of the store's errors.

use crate::catalogue::{Catalogue, ControlId};

use super::WorkspaceError;

/// True for a real calendar date written `YYYY-MM-DD`.
pub fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = &s[r];
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())
            .flatten()
    };
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

/// The user name recorded in the history when none is set: the operating system's user
/// (from the environment, else the name of the home directory).
pub fn os_user() -> String {
    ["USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
        .or_else(|| {
            dirs::home_dir().and_then(|h| h.file_name().map(|n| n.to_string_lossy().into_owned()))
        })
        .unwrap_or_else(|| "unknown".to_owned())
}

/// A risk's number from how people write it: `R-001`, `r-1`, `R1` or `1`.
pub fn risk_number(input: &str) -> Option<i64> {
    let t = input.trim();
    let digits = t
        .strip_prefix(['R', 'r'])
        .map(|rest| rest.trim_start_matches('-'))
        .unwrap_or(t);
    digits.parse::<i64>().ok().filter(|n| *n > 0)
}

pub(crate) fn invalid(message: impl Into<String>) -> WorkspaceError {
    WorkspaceError::Invalid {
        message: message.into(),
    }
}

pub(crate) fn unknown(message: impl Into<String>) -> WorkspaceError {
    WorkspaceError::Unknown {
        message: message.into(),
    }
}

pub(crate) fn db(e: rusqlite::Error) -> WorkspaceError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DiskFull) => WorkspaceError::DiskFull,
        // A read that waited out the busy timeout behind another program's write.
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
            WorkspaceError::Busy {
                path: Default::default(),
            }
        }
        // A write to a file another program has since compacted or replaced.
        Some(rusqlite::ErrorCode::ReadOnly)
            if super::extended_code(&e) == Some(super::SQLITE_READONLY_DBMOVED) =>
        {
            WorkspaceError::Moved {
                path: Default::default(),
            }
        }
        Some(rusqlite::ErrorCode::OperationInterrupted) => WorkspaceError::Cancelled,
        _ => WorkspaceError::Sqlite {
            path: Default::default(),
            message: super::described(&e),
        },
    }
}

/// The current time as SQL, to the millisecond, in UTC.
pub(crate) const NOW: &str = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

/// Parses a control id from user input and checks that the catalogue has it.
pub fn control_id(input: &str) -> Result<ControlId, WorkspaceError> {
    let catalogue = Catalogue::bundled().map_err(|e| invalid(e.to_string()))?;
    catalogue
        .find_control(input)
        .map(|c| c.id)
        .map_err(|e| match e {
            crate::catalogue::LookupError::Malformed(m) => invalid(m.to_string()),
            crate::catalogue::LookupError::Unknown(_) => unknown(e.to_string()),
        })
}

pub(crate) fn check_date(field: &str, date: &Option<String>) -> Result<(), WorkspaceError> {
    match date {
        Some(d) if !is_iso_date(d) => Err(invalid(format!(
            "{field} {d:?} is not a date of the form YYYY-MM-DD"
        ))),
        _ => Ok(()),
    }
}

/// A digest as lowercase hexadecimal.
pub(crate) fn hex_digest(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// An I/O error in words, without the temporary file names some libraries add ("… at path
/// /x/.annexa-pack-3gNu.part"): the user named the destination, not our scratch file.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => "the folder does not exist".to_owned(),
        K::PermissionDenied => "permission denied".to_owned(),
        K::StorageFull => "the disk is full".to_owned(),
        K::ReadOnlyFilesystem => "the disk is read-only".to_owned(),
        K::IsADirectory => "it is a folder".to_owned(),
        K::NotADirectory => "a part of the path is not a folder".to_owned(),
        _ => {
            let text = e.to_string();
            let text = text.split(" at path ").next().unwrap_or(&text);
            text.split(" (os error").next().unwrap_or(text).to_owned()
        }
    }
}
