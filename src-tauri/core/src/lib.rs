//! Annexa's domain core: the bundled ISO/IEC 27001:2022 catalogue and the workspace store.
//!
//! This crate is the one place where Annexa's behaviour lives. The desktop shell and the
//! `annexa` command line are thin adapters over it, so it must never depend on tauri or on
//! anything that needs a display (a test in `tests/boundary.rs` enforces that).

pub mod assessment;
pub mod board;
pub mod catalogue;
pub mod charts;
pub mod error;
pub mod evidence;
pub mod pack;
pub mod preferences;
pub mod risks;
pub mod store;
pub mod text;
pub mod wire;

pub use catalogue::Catalogue;
pub use error::{ErrorKind, ErrorPayload};
pub use store::Workspace;

/// The version of the Annexa programs, shared by the window, the CLI and written files.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
