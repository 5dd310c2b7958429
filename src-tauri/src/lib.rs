//! The Annexa desktop shell: opens the workspace, registers the commands and starts the window.
//!
//! Nothing here decides anything about ISO 27001 or workspaces; that is `annexa-core`'s job.
//! Each command deserialises its input, calls one core function and maps the error, so the
//! window and the `annexa` CLI always behave the same.

mod commands;
mod dialogs;
mod grants;
mod opener;
mod preview;
mod risks;

use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::AtomicBool;

use annexa_core::preferences::{self, Preferences};
use annexa_core::store::{self, NewWorkspace, Workspace};
use annexa_core::{ErrorKind, ErrorPayload};
use tauri::Manager;

/// The workspace the window works on, or why it could not be opened (shown to the user as a
/// blocking message instead of a half-working window).
#[derive(Debug)]
pub struct AppState {
    pub workspace: Mutex<Result<Workspace, ErrorPayload>>,
    pub preferences: Mutex<Preferences>,
    /// Where the preferences are saved; `None` when the system has no config directory.
    pub preferences_file: Option<PathBuf>,
    /// Set by the window's Cancel button; the running store or verification stops at its next
    /// chunk and rolls back.
    pub cancel: AtomicBool,
    /// The paths the user chose in a dialog or dropped on the window (see `grants.rs`).
    pub grants: grants::Grants,
    /// An audit pack given on the command line (a file manager's "Open with Annexa" on a
    /// zip), opened in the auditor's mode once the window asks for it.
    pub startup_pack: Mutex<Option<PathBuf>>,
}

/// The path given on the command line, as a file manager passes it, if any.
fn path_argument() -> Option<PathBuf> {
    std::env::args_os()
        .skip(1)
        .find(|a| !a.to_string_lossy().starts_with('-'))
        .map(PathBuf::from)
}

/// Whether a path given to the app is an audit pack rather than a workspace: a zip, by its
/// name or its first bytes (a workspace is an SQLite file).
fn is_pack(path: &std::path::Path) -> bool {
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("zip"))
    {
        return true;
    }
    let mut head = [0u8; 4];
    std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head))
        .is_ok_and(|()| head == *b"PK\x03\x04" || head == *b"PK\x05\x06")
}

/// Which workspace to open at start: a path given on the command line (as a file manager
/// does), then `ANNEXA_WORKSPACE` (both created when missing), then the workspace opened last,
/// then the default workspace in the user's data directory if there is one. On the first run
/// there is none: nothing is created behind the user's back, and the window opens on Start
/// with [`ErrorKind::NoWorkspace`], which it shows as "no workspace is open", not as an error.
/// An audit pack given on the command line is opened for review instead, beside the usual
/// workspace.
fn open_workspace(prefs: &Preferences) -> Result<Workspace, ErrorPayload> {
    let explicit = path_argument().filter(|p| !is_pack(p)).or_else(|| {
        std::env::var_os("ANNEXA_WORKSPACE")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    });
    if let Some(path) = explicit {
        return Ok(Workspace::open_or_create(
            &path,
            &NewWorkspace::named("My organisation"),
        )?);
    }
    let last = prefs.recent.iter().map(PathBuf::from).find(|p| p.is_file());
    let path = match last {
        Some(p) => p,
        None => store::default_path()?,
    };
    if !path.is_file() {
        return Err(ErrorPayload::new(
            ErrorKind::NoWorkspace,
            "No workspace is open yet: create one, open one or explore the example.",
        ));
    }
    Ok(Workspace::open(&path)?)
}

thread_local! {
    /// The crash report the panic hook wrote last on this thread, for the command's error.
    static LAST_CRASH_REPORT: std::cell::RefCell<Option<PathBuf>> = const { std::cell::RefCell::new(None) };
}

/// Where the last panic on this thread was written down, if it was.
pub(crate) fn last_crash_report() -> Option<PathBuf> {
    LAST_CRASH_REPORT.with(|r| r.borrow_mut().take())
}

/// A bug that panics leaves a crash report (preferences::write_crash_report) instead of
/// Rust's panic text on a terminal nobody sees; a command turns it into an internal error
/// that says where the report is.
fn report_panics() {
    std::panic::set_hook(Box::new(|info| {
        let details = format!("{info}\n\n{}", std::backtrace::Backtrace::force_capture());
        let place = annexa_core::preferences::write_crash_report("annexa-app", &details);
        if let Some(p) = &place {
            eprintln!(
                "annexa: an internal error was written down in {}",
                p.display()
            );
        }
        LAST_CRASH_REPORT.with(|r| *r.borrow_mut() = place);
    }));
}

/// Starts the desktop app.
pub fn run() {
    report_panics();
    let preferences_file = preferences::default_file();
    let mut prefs = preferences_file
        .as_deref()
        .map(Preferences::load)
        .unwrap_or_default();
    let workspace = open_workspace(&prefs);
    if let (Ok(ws), Some(file)) = (&workspace, &preferences_file) {
        prefs.remember(ws.path());
        let _ = prefs.save(file);
    }
    let state = AppState {
        workspace: Mutex::new(workspace),
        preferences: Mutex::new(prefs),
        preferences_file,
        cancel: AtomicBool::new(false),
        grants: grants::Grants::default(),
        startup_pack: Mutex::new(path_argument().filter(|p| is_pack(p))),
    };
    let result = tauri::Builder::default()
        .register_asynchronous_uri_scheme_protocol("evidence", |ctx, request, responder| {
            let app = ctx.app_handle().clone();
            let path = request.uri().path().to_owned();
            // Reading a stored file can take a moment; never on the window's own thread.
            std::thread::spawn(move || {
                responder.respond(preview::respond(&app.state::<AppState>(), &path));
            });
        })
        .setup(|app| {
            opener::forget_earlier_sessions();
            if let Ok(ws) = &*commands::lock(&app.state::<AppState>().workspace)
                && let Ok(org) = ws.organisation()
            {
                commands::name_window(app.handle(), &org.name);
            }
            let handle = app.handle().clone();
            std::thread::spawn(move || preview::notify_expiring(&handle.state::<AppState>()));
            Ok(())
        })
        .on_window_event(|window, event| {
            // What the user drops on the window is what they chose; remember it before the
            // page hears of the drop and asks to store it.
            if let tauri::WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) = event {
                let state = window.state::<AppState>();
                for path in paths {
                    state.grants.grant_dropped(path);
                }
            }
        })
        .manage(state)
        .invoke_handler(tauri::generate_handler![
            commands::catalogue,
            commands::workspace_summary,
            commands::choose_path,
            commands::create_workspace,
            commands::open_workspace,
            commands::recent_workspaces,
            commands::open_example,
            commands::preferences,
            commands::set_user_name,
            commands::assessment,
            commands::set_control,
            commands::set_controls,
            commands::history,
            commands::people,
            commands::person_work,
            commands::add_person,
            commands::actions,
            commands::add_action,
            commands::update_action,
            commands::snapshots,
            commands::take_snapshot,
            commands::compare_snapshots,
            commands::report,
            commands::charts,
            commands::write_board_report,
            commands::clause_states,
            commands::set_clause,
            commands::set_document,
            commands::evidence_page,
            commands::add_evidence_files,
            commands::import_evidence_folder,
            commands::cancel_operation,
            commands::add_evidence_link,
            commands::add_evidence_note,
            commands::update_evidence,
            commands::add_evidence_version,
            commands::remove_evidence,
            commands::export_evidence,
            commands::open_evidence,
            commands::evidence_text,
            commands::verify_evidence,
            commands::compact_workspace,
            commands::pack_check,
            commands::export_pack,
            commands::open_pack,
            commands::startup_pack,
            commands::open_board_report,
            commands::open_pack_file,
            risks::risk_register,
            risks::add_risk,
            risks::update_risk,
            risks::rerate_risk,
            risks::decide_risk,
            risks::accept_risks,
            risks::add_asset,
            risks::set_risk_method,
            risks::add_own_control,
            risks::update_own_control,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("annexa: the window could not start: {e}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    /// Names between `start` and the next `]`, as `"name"` strings or `commands::name` paths.
    fn names(text: &str, start: &str) -> BTreeSet<String> {
        let from = text.find(start).expect("marker") + start.len();
        let block = &text[from..from + text[from..].find(']').expect("end of list")];
        block
            .split(',')
            .map(|n| {
                n.trim()
                    .trim_matches('"')
                    .trim_start_matches("commands::")
                    .trim_start_matches("risks::")
                    .to_owned()
            })
            .filter(|n| !n.is_empty())
            .collect()
    }

    /// A command must be registered, declared to tauri-build and granted to the window, or
    /// the window cannot call it; this keeps the three lists equal.
    #[test]
    fn every_command_is_registered_declared_and_granted() {
        let dir = env!("CARGO_MANIFEST_DIR");
        let read = |f: &str| std::fs::read_to_string(format!("{dir}/{f}")).expect(f);
        let registered = names(&read("src/lib.rs"), "generate_handler![");
        let declared = names(&read("build.rs"), "const COMMANDS: &[&str] = &[");
        let capability: serde_json::Value =
            serde_json::from_str(&read("capabilities/default.json")).expect("capability json");
        let granted: BTreeSet<String> = capability["permissions"]
            .as_array()
            .expect("permissions")
            .iter()
            .map(|p| p.as_str().expect("string"))
            .filter(|p| !p.starts_with("core:"))
            .map(|p| p.trim_start_matches("allow-").replace('-', "_"))
            .collect();
        let defined: BTreeSet<String> = ["src/commands.rs", "src/risks.rs"]
            .iter()
            .flat_map(|f| {
                read(f)
                    .split("#[tauri::command(async)]\npub fn ")
                    .skip(1)
                    .map(|rest| rest[..rest.find('(').expect("(")].to_owned())
                    .collect::<Vec<_>>()
            })
            .collect();
        assert!(registered.len() > 10, "{registered:?}");
        assert_eq!(
            registered, declared,
            "generate_handler! and build.rs differ"
        );
        assert_eq!(
            registered, granted,
            "generate_handler! and the capability differ"
        );
        assert_eq!(
            registered, defined,
            "generate_handler! and the commands defined in commands.rs and risks.rs differ"
        );
    }
}
