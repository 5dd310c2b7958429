//! What the window shows of evidence outside IPC: the `evidence:` URL scheme that serves a
//! stored file to an `<img>` or PDF frame, and the notification of expiring evidence at start.

use annexa_core::ErrorPayload;
use tauri::http::{Response, StatusCode, header};

use crate::AppState;
use crate::commands::LimitedBuffer;

/// The largest file the preview pane loads; bigger ones are opened in their own application.
pub const PREVIEW_LIMIT: u64 = 64 * 1024 * 1024;

/// Media types the preview may load; anything else (HTML, SVG with scripts, …) is refused so
/// that stored content can never run as part of the app.
const PREVIEWABLE: &[&str] = &[
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "image/bmp",
    "application/pdf",
];

fn plain(status: StatusCode, text: &str) -> Response<Vec<u8>> {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "text/plain; charset=utf-8")
        .body(text.as_bytes().to_vec())
        .unwrap_or_default()
}

/// Answers `evidence://localhost/<sha256>` with the stored bytes.
pub fn respond(state: &AppState, path: &str) -> Response<Vec<u8>> {
    let sha = path.trim_start_matches('/');
    if sha.len() != 64 || !sha.bytes().all(|b| b.is_ascii_hexdigit()) {
        return plain(StatusCode::BAD_REQUEST, "not a stored file's SHA-256");
    }
    let mut guard = crate::commands::lock(&state.workspace);
    let Ok(ws) = &mut *guard else {
        return plain(StatusCode::NOT_FOUND, "no workspace is open");
    };
    let (size, media) = match ws.content_info(sha) {
        Ok(Some(info)) => info,
        Ok(None) => return plain(StatusCode::NOT_FOUND, "no such stored file"),
        Err(e) => return plain(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    };
    if !PREVIEWABLE.contains(&media.as_str()) {
        return plain(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "no preview for this type",
        );
    }
    if size > PREVIEW_LIMIT {
        return plain(StatusCode::PAYLOAD_TOO_LARGE, "too large to preview");
    }
    let mut buf = LimitedBuffer::new(PREVIEW_LIMIT as usize);
    if let Err(e) = ws.copy_content(sha, &mut buf) {
        return plain(
            StatusCode::INTERNAL_SERVER_ERROR,
            &ErrorPayload::from(e).message,
        );
    }
    Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, media)
        .header("X-Content-Type-Options", "nosniff")
        .header(
            header::CACHE_CONTROL,
            "private, max-age=31536000, immutable",
        )
        .body(buf.data)
        .unwrap_or_default()
}

/// At start, tells the user through the desktop's notifications (no mail server) of evidence
/// that has expired or expires within the warning window. A desktop without a notification
/// service simply shows nothing; the dashboard lists the same evidence.
pub fn notify_expiring(state: &AppState) {
    let summary = {
        let guard = crate::commands::lock(&state.workspace);
        let Ok(ws) = &*guard else {
            return;
        };
        let (Ok(today), Ok(org)) = (ws.today(), ws.organisation()) else {
            return;
        };
        let days = annexa_core::assessment::EXPIRY_WARNING_DAYS;
        let Ok(list) = ws.expiring_evidence(&today, days) else {
            return;
        };
        let expired = list.iter().filter(|e| e.is_expired(&today)).count();
        let soon = list.len() - expired;
        if list.is_empty() {
            return;
        }
        let mut parts = Vec::new();
        if expired > 0 {
            parts.push(format!("{expired} expired"));
        }
        if soon > 0 {
            parts.push(format!("{soon} expiring within {days} days"));
        }
        format!(
            "{}: {} piece(s) of evidence {}.",
            org.name,
            list.len(),
            parts.join(", ")
        )
    };
    let _ = notify_rust::Notification::new()
        .appname("Annexa")
        .summary("Evidence needs renewing")
        .body(&summary)
        .show();
}
