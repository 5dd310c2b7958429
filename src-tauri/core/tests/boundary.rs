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
