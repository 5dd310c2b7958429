//! Entry names as every reader and every file system will see them. A name that is safe on
//! Linux can still climb out of the folder on Windows, turn into a device, lose its trailing
//! dot, read backwards, or become the same file as another name on macOS or Windows, where
//! `café` composed and decomposed, or `Policy` and `policy`, are one file and an extractor
//! writes one with the other's bytes. The writer never makes such names and a pack that holds
//! one is refused.

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;

use crate::evidence::windows_device;
use crate::text::reorders_or_hides;

/// The longest entry name a pack may hold, in bytes. Annexa writes names of at most about
/// 140 characters (a 120-character file name in `evidence/<control>/`); Windows paths stop at
/// 260 characters unless long paths are enabled.
pub(super) const MAX_NAME: usize = 1024;

/// The deepest a name may go, in folders. Annexa writes two (`evidence/A.5.1/…`).
pub(super) const MAX_DEPTH: usize = 16;

/// Characters Windows refuses in a file name; `:` would also name an NTFS alternate stream.
const WINDOWS_RESERVED: [char; 7] = ['<', '>', ':', '"', '|', '?', '*'];

/// A name as a message shows it: quoted, and cut in the middle when it is long.
pub(super) fn shown(name: &str) -> String {
    let count = name.chars().count();
    if count <= 120 {
        return format!("{name:?}");
    }
    let head: String = name.chars().take(80).collect();
    let tail: String = name.chars().skip(count - 30).collect();
    format!("{head:?}…{tail:?} ({} bytes)", name.len())
}

/// Why an entry name is unsafe to extract anywhere, if it is. The caller names the entry
/// with [`shown`], since the name may be long.
pub(super) fn unsafe_name(name: &str) -> Option<String> {
    if name.is_empty() {
        return Some("an empty name".into());
    }
    if name.len() > MAX_NAME {
        return Some(format!(
            "a name of {} bytes (at most {MAX_NAME})",
            name.len()
        ));
    }
    if name.starts_with('/') || name.starts_with('\\') {
        return Some("an absolute path".into());
    }
    if name.contains('\\') {
        return Some("a backslash in a name".into());
    }
    if name.contains('\0') || name.chars().any(char::is_control) {
        return Some("a control character in a name".into());
    }
    if let Some(c) = name.chars().find(|&c| reorders_or_hides(c)) {
        return Some(format!(
            "an invisible character (U+{:04X}) that makes the name read as something it is not",
            u32::from(c)
        ));
    }
    let first = name.split('/').next().unwrap_or("");
    if first.len() >= 2 && first.as_bytes()[1] == b':' {
        return Some("a drive letter".into());
    }
    let trimmed = name.strip_suffix('/').unwrap_or(name);
    let parts: Vec<&str> = trimmed.split('/').collect();
    if parts
        .iter()
        .any(|part| part.is_empty() || *part == "." || *part == "..")
    {
        return Some("a path that climbs out of the pack (.. or an empty part)".into());
    }
    if parts.len() > MAX_DEPTH {
        return Some(format!(
            "{} levels of folders (at most {MAX_DEPTH})",
            parts.len() - 1
        ));
    }
    for part in parts {
        if let Some(c) = part.chars().find(|c| WINDOWS_RESERVED.contains(c)) {
            return Some(format!(
                "a character Windows does not allow in names ({c:?})"
            ));
        }
        if part.ends_with(['.', ' ']) {
            return Some(format!(
                "a part that ends in a dot or a space ({part:?}), which Windows drops, so two \
                 names become one file"
            ));
        }
        if windows_device(part) {
            return Some(format!(
                "a Windows device name ({part:?}), which opens a device instead of a file"
            ));
        }
    }
    None
}

/// The form in which two names are one file somewhere: composed (NFC, as macOS and the
/// extractors there make them) and with case folded (Windows and macOS ignore case).
pub(super) fn fold(name: &str) -> String {
    if name.is_ascii() {
        // The same result, without the Unicode tables: most names are ASCII.
        return name.to_ascii_lowercase();
    }
    let composed: String = name.nfc().collect();
    composed.to_uppercase().to_lowercase().nfc().collect()
}

/// A folder or file of the tree that the names make.
struct Node {
    /// Its own part of the name, as first spelled (the parts above it are spelled the same
    /// in every name that reaches it, or the check has already failed).
    spelled: String,
    /// The entry that made it a file, if one did.
    file: Option<String>,
    /// Whether it is a folder: a folder entry names it, or another name goes through it.
    folder: bool,
}

/// Checks that the entry names make one tree on every system: no name is both a file and a
/// folder of others, and no two names (or folders along them) differ only by case or Unicode
/// form. Linear in the length of all names together, whatever their depth.
pub(super) fn check_tree<'a>(names: impl Iterator<Item = &'a str>) -> Result<(), String> {
    let mut nodes = vec![Node {
        spelled: String::new(),
        file: None,
        folder: true,
    }];
    let mut children: HashMap<(usize, String), usize> = HashMap::new();
    for name in names {
        let is_folder = name.ends_with('/');
        let trimmed = name.trim_end_matches('/');
        let mut node = 0;
        let mut parts = trimmed.split('/').peekable();
        let mut walked = 0;
        while let Some(part) = parts.next() {
            let last = parts.peek().is_none();
            let parent = &trimmed[..walked];
            let prefix = &trimmed[..walked + part.len()];
            walked += part.len() + 1;
            if let Some(file) = &nodes[node].file {
                return Err(format!(
                    "{file:?} is both a file and the folder of {name:?}"
                ));
            }
            nodes[node].folder = true;
            let key = (node, fold(part));
            node = match children.get(&key) {
                Some(&existing) => {
                    if nodes[existing].spelled != part {
                        return Err(format!(
                            "{:?} and {prefix:?} differ only by case or Unicode form, so \
                             Windows, macOS and the extractors there make them one and write \
                             one with the other's content",
                            format!("{parent}{}", nodes[existing].spelled)
                        ));
                    }
                    existing
                }
                None => {
                    nodes.push(Node {
                        spelled: part.to_owned(),
                        file: None,
                        folder: false,
                    });
                    children.insert(key, nodes.len() - 1);
                    nodes.len() - 1
                }
            };
            if !last {
                continue;
            }
            let here = &mut nodes[node];
            if is_folder {
                if here.file.is_some() {
                    return Err(format!("{trimmed:?} is both a file and a folder"));
                }
                here.folder = true;
            } else {
                if here.folder {
                    return Err(format!("{trimmed:?} is both a file and a folder"));
                }
                if here.file.is_some() {
                    return Err(format!("two entries have the same name, {name:?}"));
                }
                here.file = Some(name.to_owned());
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(names: &[&str]) -> Result<(), String> {
        check_tree(names.iter().copied())
    }

    #[test]
    fn one_tree_on_every_system() {
        tree(&[
            "evidence/",
            "evidence/A.5.1/",
            "evidence/A.5.1/a.txt",
            "index.html",
        ])
        .expect("a plain pack");
        tree(&["evidence/A.5.1/a.txt", "evidence/A.5.1/b.txt", "evidence/"])
            .expect("folders after");
        let refused: &[(&[&str], &str)] = &[
            (&["a", "a/b"], "both a file and the folder"),
            (&["a/b", "a"], "both a file and a folder"),
            (&["a", "a/"], "both a file and a folder"),
            (&["a/", "a"], "both a file and a folder"),
            (&["Policy.pdf", "policy.pdf"], "differ only by case"),
            (&["caf\u{e9}.txt", "cafe\u{301}.txt"], "Unicode form"),
            (
                &["evidence/A.5.1/x", "evidence/a.5.1/y"],
                "\"evidence/A.5.1\" and \"evidence/a.5.1\"",
            ),
            (&["\u{212A}.txt", "k.txt"], "differ only by case"),
            (&["stra\u{df}e", "STRASSE"], "differ only by case"),
            (&["Evidence/", "evidence/x"], "differ only by case"),
        ];
        for (names, why) in refused {
            let err = tree(names).expect_err(&format!("{names:?}"));
            assert!(err.contains(why), "{names:?}: {err}");
        }
    }

    #[test]
    fn deep_long_names_are_checked_in_linear_time() {
        // 100 names of 65,000 bytes, 32,500 levels each, took minutes with a check that hashed
        // every prefix; here each byte is looked at a few times.
        let deep = "a/".repeat(32_499) + "a";
        let names: Vec<String> = (0..100).map(|i| format!("{deep}{i}")).collect();
        let started = std::time::Instant::now();
        tree(&names.iter().map(String::as_str).collect::<Vec<_>>()).expect("one tree");
        // Not a timing assertion: the bound is loose enough for any machine, and what it
        // guards against is the quadratic check's minutes.
        assert!(started.elapsed().as_secs() < 60);
    }

    #[test]
    fn names_that_windows_or_a_reader_would_change_are_unsafe() {
        let unsafe_ones = [
            ("", "empty"),
            ("/etc/passwd", "absolute"),
            ("a\\b", "backslash"),
            ("a/../b", "climbs out"),
            ("a//b", "climbs out"),
            ("C:/x", "drive letter"),
            ("a\u{7}b", "control character"),
            ("evidence/\u{202E}txt.exe", "U+202E"),
            ("a\u{2028}b", "U+2028"),
            ("report.", "ends in a dot"),
            ("folder /x", "ends in a dot or a space"),
            ("evidence/CON", "device name"),
            ("evidence/aux.txt", "device name"),
            ("evidence/com1.pdf", "device name"),
            ("evidence/LPT9", "device name"),
            ("evidence/a:b", "does not allow"),
            ("what?.txt", "does not allow"),
        ];
        for (name, why) in unsafe_ones {
            let got = unsafe_name(name).unwrap_or_else(|| panic!("{name:?} is unsafe"));
            assert!(got.contains(why), "{name:?}: {got}");
        }
        let deep = "a/".repeat(MAX_DEPTH) + "a";
        assert!(unsafe_name(&deep).is_some_and(|w| w.contains("levels")));
        let long = "a".repeat(MAX_NAME + 1);
        assert!(unsafe_name(&long).is_some_and(|w| w.contains("bytes")));
        for fine in [
            "index.html",
            "evidence/A.5.1/Politique de s\u{e9}curit\u{e9}.txt",
            "evidence/clause 4.3/ISMS scope.pdf",
            "evidence/A.5.1/console.log",
            "evidence/A.5.1/.profile",
            "evidence/",
        ] {
            assert_eq!(unsafe_name(fine), None, "{fine:?}");
        }
    }
}
