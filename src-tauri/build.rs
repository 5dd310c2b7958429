//! Lets tauri-build generate the app's context (config, capabilities, icons) at compile time,
//! and declares Annexa's own commands so that each must be granted in `capabilities/`.

/// Every command in `src/commands.rs`. A command missing here cannot be called by the window.
const COMMANDS: &[&str] = &[
    "catalogue",
    "workspace_summary",
    "choose_path",
    "create_workspace",
    "open_workspace",
    "recent_workspaces",
    "open_example",
    "preferences",
    "set_user_name",
    "assessment",
    "set_control",
    "set_controls",
    "history",
    "people",
    "person_work",
    "add_person",
    "actions",
    "add_action",
    "update_action",
    "snapshots",
    "take_snapshot",
    "compare_snapshots",
    "report",
    "charts",
    "write_board_report",
    "clause_states",
    "set_clause",
    "set_document",
    "evidence_page",
    "add_evidence_files",
    "import_evidence_folder",
    "cancel_operation",
    "add_evidence_link",
    "add_evidence_note",
    "update_evidence",
    "add_evidence_version",
    "remove_evidence",
    "export_evidence",
    "open_evidence",
    "evidence_text",
    "verify_evidence",
    "compact_workspace",
    "pack_check",
    "export_pack",
    "open_pack",
    "startup_pack",
    "open_board_report",
    "open_pack_file",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri-build failed");
}
