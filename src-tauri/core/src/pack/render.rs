//! The human-readable files of a pack: `index.html`, the CSV and XLSX tables and `README.txt`,
//! all rendered from the same [`PackData`] so that they can never disagree.
//!
//! Everything a user typed reaches the HTML only through [`esc`] (text) or [`href`] (links),
//! and the page carries a CSP that forbids scripts, so a title like `<script>` stays text.

use std::fmt::Write as _;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

use super::{PackData, PackError, PackEvidence};
use crate::assessment::{Action, ControlAssessment};
use crate::catalogue::vocabulary::{EvidenceKind, Status};
use crate::store::WorkspaceError;
use crate::store::history::HistoryEntry;

/// A table: the same rows go to CSV and to XLSX.
pub(super) struct Table {
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

fn yes_no(v: Option<bool>) -> &'static str {
    match v {
        Some(true) => "Yes",
        Some(false) => "No",
        None => "Not decided",
    }
}

fn evidence_ref(e: &PackEvidence) -> String {
    match (&e.file, &e.url) {
        (Some(file), _) => file.clone(),
        (None, Some(url)) => format!("#{} {} <{url}>", e.id, e.title),
        (None, None) => format!("#{} {} (note)", e.id, e.title),
    }
}

fn evidence_refs(data: &PackData, ids: &[i64]) -> String {
    ids.iter()
        .filter_map(|id| data.evidence.iter().find(|e| e.id == *id))
        .map(evidence_ref)
        .collect::<Vec<_>>()
        .join("; ")
}

pub(super) fn soa_table(data: &PackData) -> Table {
    Table {
        headers: vec![
            "Control",
            "Title",
            "Theme",
            "Applicable",
            "Reasons for inclusion",
            "Risks",
            "Justification",
            "Implementation status",
            "Owner",
            "Evidence",
            "Last changed",
        ],
        rows: data
            .controls
            .iter()
            .map(|c| {
                vec![
                    c.id.clone(),
                    c.title.clone(),
                    c.theme.label().to_owned(),
                    yes_no(c.applicable).to_owned(),
                    c.reasons
                        .iter()
                        .map(|r| r.label())
                        .collect::<Vec<_>>()
                        .join("; "),
                    c.risks.join("; "),
                    c.justification.clone(),
                    c.status.label().to_owned(),
                    c.owner.clone().unwrap_or_default(),
                    evidence_refs(data, &c.evidence),
                    c.updated_at.clone().unwrap_or_default(),
                ]
            })
            .chain(super::risks::own_soa_rows(data))
            .collect(),
    }
}

pub(super) fn gap_table(
    data: &PackData,
    controls: &[ControlAssessment],
    actions: &[Action],
    today: &str,
) -> Table {
    Table {
        headers: vec![
            "Control",
            "Title",
            "Status",
            "Current state",
            "Gap",
            "Priority",
            "Owner",
            "Target date",
            "Late",
            "Actions",
        ],
        rows: controls
            .iter()
            .filter(|c| c.applicable != Some(false) && c.status != Status::Implemented)
            .map(|c| {
                let title = data
                    .controls
                    .iter()
                    .find(|p| p.id == c.id.prefixed())
                    .map(|p| p.title.clone())
                    .unwrap_or_default();
                vec![
                    c.id.prefixed(),
                    title,
                    c.status.label().to_owned(),
                    c.current_state.clone(),
                    c.gap.clone(),
                    c.priority.map(|p| p.label().to_owned()).unwrap_or_default(),
                    c.owner.clone().unwrap_or_default(),
                    c.target_date.clone().unwrap_or_default(),
                    if c.is_late(today) { "Yes" } else { "" }.to_owned(),
                    actions
                        .iter()
                        .filter(|a| a.controls.contains(&c.id))
                        .map(|a| format!("#{} {}", a.id, a.title))
                        .collect::<Vec<_>>()
                        .join("; "),
                ]
            })
            .collect(),
    }
}

pub(super) fn actions_table(actions: &[Action]) -> Table {
    Table {
        headers: vec![
            "Id", "Title", "Controls", "Assignee", "Due", "Status", "Created",
        ],
        rows: actions
            .iter()
            .map(|a| {
                vec![
                    a.id.to_string(),
                    a.title.clone(),
                    a.controls
                        .iter()
                        .map(|c| c.prefixed())
                        .collect::<Vec<_>>()
                        .join("; "),
                    a.assignee.clone().unwrap_or_default(),
                    a.due_date.clone().unwrap_or_default(),
                    a.status.label().to_owned(),
                    a.created_at.clone(),
                ]
            })
            .collect(),
    }
}

/// The history with each change's id, its recorded hash and whether that hash matches (see
/// `history.rs` for how to recompute it), so the chain can be checked outside Annexa.
pub(super) fn history_table(
    history: &[HistoryEntry],
    chain: &std::collections::HashMap<i64, (Option<String>, bool)>,
) -> Table {
    Table {
        headers: vec![
            "At", "By", "What", "Which", "Field", "Before", "After", "Change", "SHA-256", "Chain",
        ],
        rows: history
            .iter()
            .map(|h| {
                let (hash, ok) = chain.get(&h.id).cloned().unwrap_or((None, false));
                let mut cells = h.cells();
                cells.push(h.id.to_string());
                cells.push(hash.unwrap_or_default());
                cells.push(if ok { "intact" } else { "BROKEN" }.to_owned());
                cells
            })
            .collect(),
    }
}

/// RFC 4180 CSV in UTF-8 with a byte-order mark and CRLF line ends, which Excel opens with
/// the right characters. A cell that a spreadsheet would run as a formula (it starts with
/// `=`, `+`, `-`, `@`, a tab or a carriage return, or a part of it after a `;` or a tab does)
/// gets a leading `'` there, the usual guard against formula injection
/// (`crate::text::csv_cell`); README.txt says so.
pub(super) fn csv(table: &Table) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    let line = |out: &mut String, cells: &mut dyn Iterator<Item = &str>| {
        let mut first = true;
        for cell in cells {
            if !first {
                out.push(',');
            }
            first = false;
            out.push_str(&crate::text::csv_cell(cell));
        }
        out.push_str("\r\n");
    };
    line(&mut out, &mut table.headers.iter().copied());
    for row in &table.rows {
        line(&mut out, &mut row.iter().map(String::as_str));
    }
    out.into_bytes()
}

/// The table as an Excel workbook: bold frozen header, filters, readable column widths. The
/// document's creation time is the pack's, so the bytes depend on the state only.
pub(super) fn xlsx(table: &Table, sheet: &str, created: &str) -> Result<Vec<u8>, PackError> {
    let err = |e: rust_xlsxwriter::XlsxError| WorkspaceError::Invalid {
        message: format!("could not write the spreadsheet {sheet}: {e}"),
    };
    let mut book = Workbook::new();
    let when = ExcelDateTime::parse_from_str(created.trim_end_matches('Z')).map_err(err)?;
    book.set_properties(
        &DocProperties::new()
            .set_title(sheet)
            .set_author("Annexa")
            .set_creation_datetime(&when),
    );
    let ws = book.add_worksheet();
    ws.set_name(sheet).map_err(err)?;
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    for (col, h) in table.headers.iter().enumerate() {
        let col = col as u16;
        ws.write_string_with_format(0, col, *h, &bold)
            .map_err(err)?;
        let longest = table
            .rows
            .iter()
            .map(|r| r[col as usize].chars().count())
            .chain([h.chars().count()])
            .max()
            .unwrap_or(10);
        ws.set_column_width(col, (longest.clamp(8, 60) + 2) as f64)
            .map_err(err)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            // Sheets hold at most 32,767 characters per cell.
            let cell: String = cell.chars().take(32_000).collect();
            ws.write_string_with_format(r as u32 + 1, c as u16, cell, &wrap)
                .map_err(err)?;
        }
    }
    ws.set_freeze_panes(1, 0).map_err(err)?;
    if !table.rows.is_empty() {
        ws.autofilter(
            0,
            0,
            table.rows.len() as u32,
            table.headers.len() as u16 - 1,
        )
        .map_err(err)?;
    }
    Ok(book.save_to_buffer().map_err(err)?)
}

pub(super) fn readme(data: &PackData) -> String {
    format!(
        "Audit pack of {org}\r\n\
         Made by Annexa {tool} (catalogue {cat}) from the state of {created}.\r\n\
         \r\n\
         Open index.html in any web browser: it needs no network and no program. It holds the\r\n\
         Statement of Applicability, each control with its owner, status, justification and\r\n\
         evidence (linked to the files under evidence/), and clauses 4 to 10.\r\n\
         \r\n\
         Files\r\n\
         - statement-of-applicability.csv / .xlsx   the Statement of Applicability\r\n\
         - gap-register.csv / .xlsx                 controls not yet implemented, with their gaps\r\n\
         - risk-register.csv / .xlsx                every risk: rating, owner, treatment, decisions\r\n\
         - actions.csv, history.csv                 the treatment plan and every recorded change\r\n\
         - pack.json                                all of the above as data\r\n\
         - evidence/<control>/                      each evidence file once, under the first\r\n\
           control (or clause) it proves\r\n\
         - manifest.json                            every other file with its size and SHA-256\r\n\
         - manifest.sha256                          the SHA-256 of manifest.json\r\n\
         \r\n\
         CSV files are UTF-8 with a byte-order mark. A cell that starts with = + - or @ is\r\n\
         written with a leading ' so that a spreadsheet shows it as text and never runs it.\r\n\
         \r\n\
         Checking the pack\r\n\
         - With Annexa:  annexa verify PACK.zip   (or File > Open audit pack in the app)\r\n\
         - Without it, after unzipping:  sha256sum -c manifest.sha256  then compare each file\r\n\
           listed in manifest.json with  sha256sum <file>.\r\n\
         The SHA-256 of manifest.json is the pack's fingerprint. Ask the sender for it through\r\n\
         another channel: if it matches, no file in the pack was changed since it was made.\r\n\
         {signed}\
         \r\n\
         The history\r\n\
         history.csv gives every change its number (Change), the SHA-256 recorded with it and\r\n\
         whether that still matches (Chain). Each hash covers the change and the hash of the\r\n\
         change before it, so one edited, inserted or removed outside Annexa shows as BROKEN.\r\n\
         The bytes hashed: the previous change's hash in hex (nothing for the first), then for\r\n\
         each cell of Change, At, By, What, Which, Field, Before and After: its UTF-8 length as\r\n\
         8 bytes little-endian, then its UTF-8 bytes (a cell that starts with ' for a\r\n\
         spreadsheet's sake is hashed without it). {chain}\r\n",
        org = plain_text(&data.organisation),
        chain = match &data.history {
            Some(h) if h.chain_intact => format!(
                "When this pack was made the chain was intact over all {} changes.",
                h.changes
            ),
            Some(h) => format!(
                "When this pack was made the chain was BROKEN at {} of {} changes.",
                h.broken, h.changes
            ),
            None => String::new(),
        },
        tool = data.tool_version,
        cat = data.catalogue_version,
        created = data.created,
        signed = match &data.signer {
            Some(s) => format!(
                "\r\n\
                 Signed\r\n\
                 The manifest is signed by {} with key ID {} (Ed25519, minisign's format):\r\n\
                 manifest.json.minisig is the signature, signer.pub the key that made it. Check it\r\n\
                 against the public key the organisation gave you, not the one in the pack:\r\n\
                 - With Annexa:  annexa verify PACK.zip --trusted-key KEY.pub\r\n\
                 - With minisign, after unzipping:  minisign -Vm manifest.json -p KEY.pub\r\n",
                plain_text(&s.name),
                s.key_id
            ),
            None => String::new(),
        },
    )
}

/// Text for a plain-text file that someone may `cat` in a terminal: control characters (which
/// could drive the terminal) are written as `\u001b`-style escapes.
fn plain_text(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() {
                format!("\\u{:04x}", u32::from(c))
            } else {
                c.to_string()
            }
        })
        .collect()
}

pub(crate) use crate::charts::esc;

/// A relative link to a file in the pack: every byte outside the unreserved set is
/// percent-encoded, so `#`, `%`, `?` and spaces in titles cannot break or redirect it.
pub(crate) fn href(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// An external link only for web and mail addresses (the ones the window opens too); any
/// other address, such as a `file:` link to a share the auditor cannot reach, is shown as text.
fn external_link(url: &str, text: &str) -> String {
    if crate::evidence::openable_link(url).is_ok() {
        format!(
            "<a href=\"{}\" rel=\"noreferrer noopener\">{}</a>",
            esc(url),
            esc(text)
        )
    } else {
        format!("{} <span class=\"muted\">({})</span>", esc(text), esc(url))
    }
}

fn size_text(n: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if n < 1024 {
        return format!("{n} B");
    }
    let mut v = n as f64;
    let mut unit = "B";
    for u in UNITS {
        if v < 1024.0 {
            break;
        }
        v /= 1024.0;
        unit = u;
    }
    format!("{v:.1} {unit}")
}

fn status_class(s: Status) -> &'static str {
    match s {
        Status::Implemented => "ok",
        Status::PartiallyImplemented | Status::Planned => "part",
        Status::NotImplemented => "no",
        Status::NotAssessed => "none",
    }
}

const STYLE: &str = "
:root{color-scheme:light;--ink:#1b1f24;--muted:#5b6470;--line:#d8dde3;--ok:#1f7a3f;--part:#9a6700;--no:#b42318}
*{box-sizing:border-box}
body{font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:var(--ink);margin:0 auto;max-width:1100px;padding:24px}
h1{margin:0 0 4px;font-size:26px}h2{margin-top:40px;border-bottom:2px solid var(--ink);padding-bottom:4px}
h3{margin:0 0 6px;font-size:17px}
.muted{color:var(--muted)}
nav{position:sticky;top:0;background:#fff;padding:8px 0;border-bottom:1px solid var(--line);z-index:1}
nav a{margin-right:16px}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}
th{background:#f3f5f7}
.cards{display:flex;gap:12px;flex-wrap:wrap}
.card{border:1px solid var(--line);border-radius:6px;padding:10px 14px;min-width:140px}
.card b{display:block;font-size:24px}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(320px,1fr));gap:12px;margin-top:16px}
figure{margin:0;border:1px solid var(--line);border-radius:6px;padding:10px 14px;break-inside:avoid}
figcaption{font-weight:600;margin-bottom:6px}figure svg{display:block;max-width:100%;height:auto}
article{border:1px solid var(--line);border-radius:6px;padding:12px 16px;margin:12px 0}
article:target{outline:3px solid #3b82f6}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:6px 0}
dt{color:var(--muted)}dd{margin:0;white-space:pre-wrap}
.ok{color:var(--ok)}.part{color:var(--part)}.no{color:var(--no)}.none{color:var(--muted)}
code{font-size:12px;word-break:break-all}
ul.ev{margin:6px 0;padding-left:20px}
.note{white-space:pre-wrap;border-left:3px solid var(--line);padding-left:8px}
@media print{nav{display:none}a{color:inherit;text-decoration:none}article{break-inside:avoid}body{max-width:none;padding:0}}
";

/// The pack's front page: one static HTML file, no script, no external resource.
pub(super) fn index_html(
    data: &PackData,
    charts: &[crate::charts::Chart],
    risk_charts: &[crate::charts::Chart],
) -> String {
    let mut h = String::with_capacity(256 * 1024);
    let org = esc(&data.organisation);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <title>Audit pack: {org}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
    );
    let _ = write!(
        h,
        "<header>\n<h1>{org}</h1>\n<p class=\"muted\">ISO/IEC 27001:2022 audit pack</p>\n<dl>\
         <dt>Scope</dt><dd>{}</dd>\
         <dt>State as of</dt><dd>{}</dd>\
         {}\
         <dt>Target date</dt><dd>{}</dd>\
         <dt>Made with</dt><dd>Annexa {}, catalogue {}</dd>\
         {}{}\
         </dl>\n</header>\n",
        esc(if data.scope.is_empty() {
            "(not stated)"
        } else {
            &data.scope
        }),
        esc(&crate::text::readable_utc(&data.created)),
        data.snapshot
            .as_ref()
            .map(|s| format!("<dt>Snapshot</dt><dd>{}</dd>", esc(s)))
            .unwrap_or_default(),
        esc(data.target_date.as_deref().unwrap_or("(none)")),
        esc(&data.tool_version),
        esc(&data.catalogue_version),
        selection_text(data),
        data.signer
            .as_ref()
            .map(|s| format!(
                "<dt>Signed by</dt><dd>{}, key ID <code>{}</code>. Check it against the public \
                 key the organisation gave you: <code>annexa verify PACK.zip --trusted-key \
                 KEY.pub</code>, or after unzipping <code>minisign -Vm manifest.json -x \
                 manifest.json.minisig -p KEY.pub</code>.</dd>",
                esc(&s.name),
                esc(&s.key_id)
            ))
            .unwrap_or_default(),
    );
    h.push_str(
        "<nav><a href=\"#summary\">Summary</a><a href=\"#soa\">Statement of Applicability</a>\
         <a href=\"#controls\">Controls</a><a href=\"#clauses\">Clauses 4–10</a>\
         <a href=\"#risks\">Risks</a><a href=\"#evidence\">Evidence</a>\
         <a href=\"#files\">Files</a></nav>\n",
    );
    let r = &data.readiness;
    let files = data.evidence.iter().filter(|e| e.file.is_some()).count();
    let _ = write!(
        h,
        "<section id=\"summary\">\n<h2>Summary</h2>\n<div class=\"cards\">\
         <div class=\"card\"><b>{}%</b>readiness (undecided controls count as not ready)</div>\
         <div class=\"card\"><b>{}</b>applicable of {} controls</div>\
         <div class=\"card\"><b>{}</b>implemented</div>\
         <div class=\"card\"><b>{}</b>partially implemented</div>\
         <div class=\"card\"><b>{}</b>excluded</div>\
         <div class=\"card\"><b>{}</b>not decided</div>\
         <div class=\"card\"><b>{}</b>pieces of evidence ({} files)</div>\
         </div>\n<div class=\"charts\">{}</div>\n</section>\n",
        r.percent,
        r.applicable,
        r.controls,
        r.implemented,
        r.partially_implemented,
        r.excluded,
        r.undecided,
        data.evidence.len(),
        files,
        charts
            .iter()
            .map(|c| format!(
                "<figure><figcaption>{}</figcaption>{}<p class=\"muted\">{}</p></figure>",
                esc(&c.title),
                c.svg,
                esc(&c.summary)
            ))
            .collect::<String>()
    );
    h.push_str(
        "<section id=\"soa\">\n<h2>Statement of Applicability</h2>\n<table>\n<thead><tr>\
         <th>Control</th><th>Title</th><th>Applicable</th><th>Status</th><th>Owner</th>\
         <th>Evidence</th></tr></thead>\n<tbody>\n",
    );
    for c in &data.controls {
        let _ = writeln!(
            h,
            "<tr><td><a href=\"#{id}\">{id}</a></td><td>{}</td><td>{}</td>\
             <td class=\"{}\">{}</td><td>{}</td><td>{}</td></tr>",
            esc(&c.title),
            yes_no(c.applicable),
            status_class(c.status),
            c.status.label(),
            esc(c.owner.as_deref().unwrap_or("")),
            c.evidence.len(),
            id = esc(&c.id),
        );
    }
    super::risks::own_soa_html(&mut h, data);
    h.push_str("</tbody>\n</table>\n</section>\n<section id=\"controls\">\n<h2>Controls</h2>\n");
    for c in &data.controls {
        let _ = write!(
            h,
            "<article id=\"{id}\">\n<h3>{id} {}</h3>\n<dl>\
             <dt>Theme</dt><dd>{}</dd>\
             <dt>Applicable</dt><dd>{}</dd>\
             <dt>Reasons</dt><dd>{}</dd>\
             {}\
             <dt>Justification</dt><dd>{}</dd>\
             <dt>Status</dt><dd class=\"{}\">{}</dd>\
             <dt>Owner</dt><dd>{}</dd>\
             <dt>Last changed</dt><dd>{}</dd>\
             </dl>\n",
            esc(&c.title),
            c.theme.label(),
            yes_no(c.applicable),
            esc(&c
                .reasons
                .iter()
                .map(|r| r.label())
                .collect::<Vec<_>>()
                .join(", ")),
            if c.risks.is_empty() {
                String::new()
            } else {
                format!(
                    "<dt>Risks it treats</dt><dd>{}</dd>",
                    esc(&c.risks.join(", "))
                )
            },
            esc(&c.justification),
            status_class(c.status),
            c.status.label(),
            esc(c.owner.as_deref().unwrap_or("(nobody)")),
            esc(&c
                .updated_at
                .as_deref()
                .map_or_else(|| "never".to_owned(), crate::text::readable_utc)),
            id = esc(&c.id),
        );
        evidence_list(&mut h, data, &c.evidence);
        h.push_str("</article>\n");
    }
    super::risks::own_control_articles(&mut h, data);
    h.push_str("</section>\n<section id=\"clauses\">\n<h2>Clauses 4–10</h2>\n");
    for c in &data.clauses {
        let _ = write!(
            h,
            "<article id=\"clause-{id}\">\n<h3>{id} {}</h3>\n<dl>\
             <dt>Status</dt><dd class=\"{}\">{}</dd><dt>Owner</dt><dd>{}</dd>\
             <dt>Notes</dt><dd>{}</dd></dl>\n",
            esc(&c.title),
            status_class(c.status),
            c.status.label(),
            esc(c.owner.as_deref().unwrap_or("(nobody)")),
            esc(&c.notes),
            id = esc(&c.id),
        );
        if !c.documents.is_empty() {
            h.push_str("<p>Mandatory documents:</p><ul>");
            for d in &c.documents {
                let _ = write!(
                    h,
                    "<li>{} <span class=\"{}\">{}</span></li>",
                    esc(&d.title),
                    if d.present { "ok" } else { "no" },
                    if d.present { "present" } else { "missing" }
                );
            }
            h.push_str("</ul>\n");
        }
        evidence_list(&mut h, data, &c.evidence);
        h.push_str("</article>\n");
    }
    h.push_str("</section>\n");
    super::risks::risks_section(&mut h, data, risk_charts);
    h.push_str(
        "<section id=\"evidence\">\n<h2>Evidence</h2>\n<table>\n<thead><tr>\
         <th>#</th><th>Title</th><th>Proves</th><th>Status</th><th>Valid until</th>\
         <th>Provided by</th></tr></thead>\n<tbody>\n",
    );
    for e in &data.evidence {
        let proves: Vec<String> = e
            .targets
            .iter()
            .map(|t| {
                let anchor = if t.starts_with("A.") {
                    t.clone()
                } else {
                    format!("clause-{t}")
                };
                format!("<a href=\"#{}\">{}</a>", esc(&anchor), esc(t))
            })
            .collect();
        let _ = writeln!(
            h,
            "<tr id=\"evidence-{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            e.id,
            e.id,
            evidence_link(e),
            proves.join(", "),
            e.status.label(),
            esc(e.expires_on.as_deref().unwrap_or("")),
            esc(e.provided_by.as_deref().unwrap_or("")),
        );
    }
    h.push_str(
        "</tbody>\n</table>\n</section>\n<section id=\"files\">\n<h2>Files</h2>\n<ul>\
         <li><a href=\"statement-of-applicability.xlsx\">Statement of Applicability (Excel)</a> · \
         <a href=\"statement-of-applicability.csv\">CSV</a></li>\
         <li><a href=\"gap-register.xlsx\">Gap register (Excel)</a> · \
         <a href=\"gap-register.csv\">CSV</a></li>\
         <li><a href=\"risk-register.xlsx\">Risk register and treatment plan (Excel)</a> · \
         <a href=\"risk-register.csv\">CSV</a></li>\
         <li><a href=\"actions.csv\">Actions (CSV)</a></li>\
         <li><a href=\"history.csv\">History of changes (CSV)</a>",
    );
    h.push_str(&match &data.history {
        Some(hist) if hist.chain_intact => format!(
            " · hash chain intact over all {} recorded changes",
            hist.changes
        ),
        Some(hist) => format!(
            " · <strong>hash chain BROKEN at {} of {} recorded changes</strong> (edited outside \
             Annexa; see the Chain column)",
            hist.broken, hist.changes
        ),
        None => String::new(),
    });
    h.push_str(
        "</li>\
         <li><a href=\"manifest.json\">Manifest: every file with its SHA-256</a></li>\
         <li><a href=\"README.txt\">How to check this pack</a></li></ul>\n</section>\n",
    );
    h.push_str("</body>\n</html>\n");
    h
}

fn selection_text(data: &PackData) -> String {
    let s = &data.selection;
    let mut parts = Vec::new();
    if !s.themes.is_empty() {
        parts.push(format!(
            "themes {}",
            s.themes
                .iter()
                .map(|t| t.label())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if !s.controls.is_empty() {
        parts.push(format!("controls {}", s.controls.join(", ")));
    }
    if s.approved_only {
        parts.push("approved evidence only".to_owned());
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("<dt>Selection</dt><dd>{}</dd>", esc(&parts.join("; ")))
    }
}

fn evidence_link(e: &PackEvidence) -> String {
    match (&e.kind, &e.file, &e.url) {
        // A browser runs the scripts inside SVG, HTML and XML files, with access to the
        // pack's other files: such evidence is listed with its place in the pack, never linked.
        (_, Some(file), _) if !crate::evidence::opens_as_document(file) => format!(
            "{} <span class=\"muted\">(not linked, because a browser would run any script in \
             it: open <code>{}</code> with a viewer you trust)</span>",
            esc(&e.title),
            esc(file)
        ),
        (_, Some(file), _) => format!("<a href=\"{}\">{}</a>", esc(&href(file)), esc(&e.title)),
        (EvidenceKind::Link, _, Some(url)) => external_link(url, &e.title),
        _ => esc(&e.title),
    }
}

fn evidence_list(h: &mut String, data: &PackData, ids: &[i64]) {
    if ids.is_empty() {
        h.push_str("<p class=\"muted\">No evidence in this pack.</p>\n");
        return;
    }
    h.push_str("<ul class=\"ev\">\n");
    for e in ids
        .iter()
        .filter_map(|id| data.evidence.iter().find(|e| e.id == *id))
    {
        let _ = write!(h, "<li>{}", evidence_link(e));
        let _ = write!(h, " <span class=\"muted\">({}", e.status.label());
        if let Some(until) = &e.expires_on {
            let _ = write!(h, ", until {}", esc(until));
        }
        if let Some(size) = e.size {
            let _ = write!(h, ", {}", size_text(size));
        }
        h.push_str(")</span>");
        if let Some(sha) = &e.sha256 {
            let _ = write!(h, "<br><code>SHA-256 {}</code>", esc(sha));
        }
        if e.kind == EvidenceKind::Link
            && let Some(url) = &e.url
        {
            let _ = write!(h, "<br><code>{}</code>", esc(url));
        }
        if !e.description.is_empty() {
            let _ = write!(h, "<br>{}", esc(&e.description));
        }
        if !e.body.is_empty() {
            let _ = write!(h, "<div class=\"note\">{}</div>", esc(&e.body));
        }
        h.push_str("</li>\n");
    }
    h.push_str("</ul>\n");
}
