//! The OS dialogs (GTK's file chooser and a message box), opened from Rust only.
//!
//! Annexa opens them itself rather than through a dialog plugin because of what a file chooser
//! left alive does to a workspace: GTK's chooser watches the folder it shows, and whenever a
//! file there changes it opens that file to guess its type, then closes it. Closing any
//! descriptor of a file drops every POSIX lock the process holds on it, and those locks are how
//! SQLite keeps the window and the CLI from writing over each other. A chooser that is never
//! freed (the plugin's, through rfd, was not) kept watching the workspace's folder after it
//! closed, so each change the window made to the workspace dropped the window's own locks
//! mid-write, and a CLI that read at that moment rolled the window's change back as if it had
//! crashed. Here each dialog is dropped, and with it its folder watch, as soon as it answers.

use std::path::{Path, PathBuf};

use tauri::Manager;

/// What a file dialog is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    File,
    Files,
    Folder,
    Save,
}

/// A file dialog to open.
#[derive(Debug, Clone)]
pub struct FileDialog {
    pub title: String,
    pub pick: Pick,
    /// A filter's name and the extensions it shows (without the dot).
    pub filter: Option<(String, Vec<String>)>,
    pub folder: Option<PathBuf>,
    pub file_name: Option<String>,
}

/// Runs `show` on the main thread (where GTK lives) and waits for its answer. Must not be
/// called on the main thread (commands are async, so they never are).
fn on_main_thread<R: tauri::Runtime, T: Send + 'static>(
    app: &tauri::AppHandle<R>,
    show: impl FnOnce(Option<gtk::ApplicationWindow>) -> T + Send + 'static,
) -> Option<T> {
    let (tx, rx) = std::sync::mpsc::channel();
    let handle = app.clone();
    app.run_on_main_thread(move || {
        let parent = handle
            .get_webview_window("main")
            .and_then(|w| w.gtk_window().ok());
        let _ = tx.send(show(parent));
    })
    .ok()?;
    rx.recv().ok()
}

/// Shows the file dialog and returns what the user chose: nothing when they cancel.
pub fn choose<R: tauri::Runtime>(app: &tauri::AppHandle<R>, dialog: FileDialog) -> Vec<PathBuf> {
    on_main_thread(app, move |parent| run_file_dialog(parent.as_ref(), &dialog)).unwrap_or_default()
}

fn run_file_dialog(parent: Option<&gtk::ApplicationWindow>, d: &FileDialog) -> Vec<PathBuf> {
    use gtk::prelude::*;
    let action = match d.pick {
        Pick::File | Pick::Files => gtk::FileChooserAction::Open,
        Pick::Folder => gtk::FileChooserAction::SelectFolder,
        Pick::Save => gtk::FileChooserAction::Save,
    };
    // GTK's own button labels (None), which follow the desktop's language.
    let chooser = gtk::FileChooserNative::new(Some(&d.title), parent, action, None, None);
    chooser.set_select_multiple(d.pick == Pick::Files);
    if d.pick == Pick::Save {
        chooser.set_do_overwrite_confirmation(true);
    }
    if let Some((name, extensions)) = &d.filter {
        let filter = gtk::FileFilter::new();
        filter.set_name(Some(name));
        for e in extensions {
            filter.add_pattern(&format!("*.{e}"));
        }
        chooser.add_filter(filter);
    }
    if let Some(folder) = &d.folder {
        chooser.set_current_folder(folder);
    }
    if let Some(name) = &d.file_name {
        let full = d.folder.as_deref().unwrap_or(Path::new("")).join(name);
        if d.pick == Pick::Save && !full.exists() {
            // A new file: its name is typed in, in the folder shown.
            chooser.set_current_name(name);
        } else {
            // One that exists (or a folder) is selected, so Open or Save takes it as it is.
            chooser.set_filename(&full);
        }
    }
    let chosen = if chooser.run() == gtk::ResponseType::Accept {
        chooser.filenames()
    } else {
        Vec::new()
    };
    chooser.destroy();
    // `chooser` is dropped here: the last reference goes, and GTK frees the dialog with its
    // folder watch (see the module's note).
    chosen
}

/// Asks a question in a warning box with two buttons, `yes` (the default, so Return answers
/// it) and `no`; true when `yes` is pressed, false for `no`, Escape or closing the box.
pub fn ask<R: tauri::Runtime>(
    app: &tauri::AppHandle<R>,
    title: &str,
    message: &str,
    yes: &str,
    no: &str,
) -> bool {
    let (title, message, yes, no) = (
        title.to_owned(),
        message.to_owned(),
        yes.to_owned(),
        no.to_owned(),
    );
    on_main_thread(app, move |parent| {
        use gtk::prelude::*;
        let dialog = gtk::MessageDialog::new(
            parent.as_ref(),
            gtk::DialogFlags::MODAL | gtk::DialogFlags::DESTROY_WITH_PARENT,
            gtk::MessageType::Warning,
            gtk::ButtonsType::None,
            &title,
        );
        dialog.set_title(&title);
        dialog.set_secondary_text(Some(&message));
        dialog.add_button(&yes, gtk::ResponseType::Ok);
        dialog.add_button(&no, gtk::ResponseType::Cancel);
        dialog.set_default_response(gtk::ResponseType::Ok);
        let answer = dialog.run() == gtk::ResponseType::Ok;
        // Closing sends the box a delete event, which a dialog answers by destroying itself
        // once the main loop is back.
        dialog.close();
        answer
    })
    .unwrap_or(false)
}
