//! The desktop app's entry point; everything else is in the library so tests can reach it.

// Keeps a console window from opening next to the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    annexa_app_lib::run();
}
