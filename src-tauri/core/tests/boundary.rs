//! The core's boundary: annexa-core must build without tauri or anything that needs a window,
//! so that the `annexa` CLI runs on a headless machine. This test walks the real dependency
//! graph that cargo resolves and fails if any such crate is reachable from the core.

use std::collections::{BTreeSet, HashMap};
use std::process::Command;

use serde_json::Value;

/// Crates that mean "a window": the Tauri family, its webview and the GTK/WebKit bindings.
fn is_shell_crate(name: &str) -> bool {
    name.starts_with("tauri")
        || matches!(
            name,
            "wry" | "tao" | "gtk" | "gdk" | "webkit2gtk" | "javascriptcore-rs" | "muda"
        )
}

/// The platform the tests run on, so cargo resolves only the dependencies that are built here
/// (and needs no download for other platforms' crates).
fn host_triple() -> String {
    let out = Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()))
        .arg("-vV")
        .output()
        .expect("run rustc -vV");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: ").map(str::to_owned))
        .expect("rustc -vV names the host")
}

#[test]
fn core_depends_on_nothing_that_needs_a_window() {
    let host = host_triple();
    let output = Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--format-version",
            "1",
            "--locked",
            "--offline",
            "--filter-platform",
        ])
        .arg(&host)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run cargo metadata");
    assert!(
        output.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let meta: Value = serde_json::from_slice(&output.stdout).expect("metadata JSON");

    let names: HashMap<&str, &str> = meta["packages"]
        .as_array()
        .expect("packages")
        .iter()
        .map(|p| {
            (
                p["id"].as_str().expect("id"),
                p["name"].as_str().expect("name"),
            )
        })
        .collect();
    let nodes: HashMap<&str, &Value> = meta["resolve"]["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .map(|n| (n["id"].as_str().expect("id"), n))
        .collect();
    let core = names
        .iter()
        .find(|(_, n)| **n == "annexa-core")
        .map(|(id, _)| *id)
        .expect("core");

    // Only normal (non-dev, non-build) dependencies ship in the programs.
    let mut seen = BTreeSet::new();
    let mut stack = vec![core];
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        for dep in nodes[id]["deps"].as_array().expect("deps") {
            let normal = dep["dep_kinds"]
                .as_array()
                .expect("dep_kinds")
                .iter()
                .any(|k| k["kind"].is_null());
            if normal {
                stack.push(dep["pkg"].as_str().expect("pkg"));
            }
        }
    }
    let reachable: Vec<&str> = seen.iter().map(|id| names[id]).collect();
    assert!(
        reachable.len() > 5,
        "the walk found too little to be real: {reachable:?}"
    );
    assert!(
        reachable.contains(&"rusqlite"),
        "rusqlite should be reachable: {reachable:?}"
    );
    let shell: Vec<&str> = reachable
        .iter()
        .copied()
        .filter(|n| is_shell_crate(n))
        .collect();
    assert!(shell.is_empty(), "annexa-core must not depend on {shell:?}");
}

#[test]
fn the_shell_crate_check_recognises_tauri() {
    assert!(is_shell_crate("tauri"));
    assert!(is_shell_crate("tauri-runtime-wry"));
    assert!(is_shell_crate("webkit2gtk"));
    assert!(!is_shell_crate("rusqlite"));
}

/// The core's top-level modules, lowest first. A module may use only the modules before it:
/// the text rules every output shares, the catalogue, then the workspace store, then the per-user preferences, then the domains
/// (evidence, assessment, pack: each may call the public functions of the ones before it),
/// then the outward types. ARCHITECTURE.md carries the same list; a new domain takes its place
/// in both.
const LAYERS: &[&str] = &[
    "text",
    "catalogue",
    "store",
    "preferences",
    "evidence",
    "assessment",
    "risks",
    "charts",
    "board",
    "pack",
    "error",
    "wire",
];

/// Every `crate::name` that the files of one top-level module mention (use lines and paths).
fn crate_references(dir: &std::path::Path) -> BTreeSet<(String, String)> {
    let mut found = BTreeSet::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            for entry in std::fs::read_dir(&path).expect("read dir") {
                stack.push(entry.expect("entry").path());
            }
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("read source");
        for (i, _) in text.match_indices("crate::") {
            let name: String = text[i + 7..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            found.insert((name, path.display().to_string()));
        }
    }
    found
}

/// No module of the core reaches up to a layer above it (nor, so, in a circle): checked on the
/// source of every top-level module, and every top-level module must have its place.
#[test]
fn the_core_imports_only_downwards_through_its_layers() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut modules = BTreeSet::new();
    for entry in std::fs::read_dir(&src).expect("src") {
        let path = entry.expect("entry").path();
        let name = path
            .file_stem()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        if name != "lib" && (path.is_dir() || path.extension().is_some_and(|e| e == "rs")) {
            modules.insert(name);
        }
    }
    let placed: BTreeSet<String> = LAYERS.iter().map(|s| (*s).to_owned()).collect();
    assert_eq!(
        modules, placed,
        "every top-level module of the core has a place in LAYERS"
    );
    let mut upward = Vec::new();
    for (level, module) in LAYERS.iter().enumerate() {
        let file = src.join(format!("{module}.rs"));
        let path = if file.is_file() {
            file
        } else {
            src.join(module)
        };
        for (target, at) in crate_references(&path) {
            // The crate root's own items (`crate::VERSION`) belong to no layer.
            if target == *module || target.starts_with(|c: char| c.is_ascii_uppercase()) {
                continue;
            }
            match LAYERS.iter().position(|m| *m == target) {
                Some(t) if t < level => {}
                Some(_) => {
                    upward.push(format!("{at} uses crate::{target}, a layer above {module}"))
                }
                None => upward.push(format!("{at} uses crate::{target}, which has no layer")),
            }
        }
    }
    assert!(
        upward.is_empty(),
        "imports against the layers:\n{}",
        upward.join("\n")
    );

    // The order is written once more, for people, in ARCHITECTURE.md.
    let architecture = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ARCHITECTURE.md"),
    )
    .expect("ARCHITECTURE.md");
    let written = LAYERS
        .iter()
        .map(|m| format!("`{m}`"))
        .collect::<Vec<_>>()
        .join(" → ");
    assert!(
        architecture.contains(&written),
        "ARCHITECTURE.md must give the layers as: {written}"
    );
}

/// No file of the core holds much more than one responsibility: at most 800 lines before its
/// tests (test files themselves aside). A file that grows past it is split by what it does.
#[test]
fn no_core_file_is_over_800_lines_before_its_tests() {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut stack = vec![src];
    let mut long = Vec::new();
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            for entry in std::fs::read_dir(&path).expect("read dir") {
                stack.push(entry.expect("entry").path());
            }
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") || path.ends_with("tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("read");
        let lines = text
            .lines()
            .take_while(|l| !l.starts_with("#[cfg(test)]"))
            .count();
        if lines > 800 {
            long.push(format!("{} has {lines} lines", path.display()));
        }
    }
    assert!(
        long.is_empty(),
        "split by responsibility:\n{}",
        long.join("\n")
    );
}
