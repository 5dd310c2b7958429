//! Rendering rows as an aligned table, CSV or JSON, the three formats every listing offers.
//!
//! A listing builds one [`Rows`] value (headers and cells) plus its JSON form; this module
//! decides how it looks, so every command formats the same way.

use std::io::{self, Write};

use clap::ValueEnum;
use serde::Serialize;

/// How a listing is written to standard output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Aligned columns for reading in a terminal.
    Table,
    /// RFC 4180 CSV with a header row, for spreadsheets.
    Csv,
    /// JSON for scripts: a listing is an array, a single thing (info, report, verify) an object.
    Json,
}

/// A listing's cells: one header row, then data rows of the same width.
#[derive(Debug, Default)]
pub struct Rows {
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

/// Writes a listing or a single thing to `out` in the chosen format: `table` as aligned
/// columns for people; `json` as JSON; and as CSV, the `csv` fields of `json`, so that CSV and
/// JSON can never name or spell a value differently (docs/cli-json.md).
pub fn write<T: Serialize>(
    out: &mut impl Write,
    format: Format,
    table: &Rows,
    json: &T,
    csv: &[&str],
) -> io::Result<()> {
    match format {
        Format::Table => write_table(out, table, table_width()),
        Format::Csv => write_csv(out, &serde_json::to_value(json)?, csv),
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, json)?;
            writeln!(out)
        }
    }
}

/// How wide a table may be: `COLUMNS` when set, else the terminal's width, else 80 (a pipe, a
/// file, a CI log).
fn table_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c >= 20)
        .or_else(|| {
            use std::io::IsTerminal;
            io::stdout()
                .is_terminal()
                .then(|| terminal_size::terminal_size().map(|(w, _)| usize::from(w.0)))
                .flatten()
        })
        .unwrap_or(80)
}

/// Column widths that fit `width`: columns keep their natural width when everything fits;
/// otherwise the widest ones give way first, none below its header (or 10) unless even that
/// cannot fit.
fn fit_widths(natural: &[usize], headers: &[usize], width: usize) -> Vec<usize> {
    let gaps = 2 * natural.len().saturating_sub(1);
    let room = width.saturating_sub(gaps);
    if natural.iter().sum::<usize>() <= room {
        return natural.to_vec();
    }
    let least: Vec<usize> = natural
        .iter()
        .zip(headers)
        .map(|(&n, &h)| n.min(h.max(10)))
        .collect();
    let total = |cap: usize| -> usize {
        natural
            .iter()
            .zip(&least)
            .map(|(&n, &l)| n.min(cap.max(l)))
            .sum()
    };
    // The largest cap at which the table fits (or the least widths when nothing fits).
    let (mut lo, mut hi) = (0usize, natural.iter().copied().max().unwrap_or(0));
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if total(mid) <= room {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    natural
        .iter()
        .zip(&least)
        .map(|(&n, &l)| n.min(lo.max(l)))
        .collect()
}

/// A cell's text in lines of at most `width` characters, broken between words where it can.
fn wrap(text: &str, width: usize) -> Vec<String> {
    if text.chars().count() <= width || width == 0 {
        return vec![text.to_owned()];
    }
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let mut word = word.to_owned();
        loop {
            let used = line.chars().count();
            let len = word.chars().count();
            if used == 0 && len <= width {
                line = word;
                break;
            }
            if used > 0 && used + 1 + len <= width {
                line.push(' ');
                line.push_str(&word);
                break;
            }
            if used > 0 {
                lines.push(std::mem::take(&mut line));
                continue;
            }
            // A word longer than the column is cut where the column ends.
            let head: String = word.chars().take(width).collect();
            word = word.chars().skip(width).collect();
            lines.push(head);
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

fn write_table(out: &mut impl Write, rows: &Rows, width: usize) -> io::Result<()> {
    let mut lines: Vec<Vec<String>> = vec![rows.headers.iter().map(|h| h.to_uppercase()).collect()];
    lines.extend(
        rows.rows
            .iter()
            .map(|row| row.iter().map(|c| single_line(c)).collect()),
    );
    let mut natural = vec![0; rows.headers.len()];
    for line in &lines {
        for (w, cell) in natural.iter_mut().zip(line) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let headers: Vec<usize> = rows.headers.iter().map(|h| h.chars().count()).collect();
    let widths = fit_widths(&natural, &headers, width);
    for line in &lines {
        let cells: Vec<Vec<String>> = line
            .iter()
            .zip(&widths)
            .map(|(cell, &w)| wrap(cell, w))
            .collect();
        let height = cells.iter().map(Vec::len).max().unwrap_or(1);
        for k in 0..height {
            let mut text = String::new();
            for (i, cell) in cells.iter().enumerate() {
                if i > 0 {
                    text.push_str("  ");
                }
                let part = cell.get(k).map(String::as_str).unwrap_or("");
                text.push_str(part);
                text.extend(std::iter::repeat_n(
                    ' ',
                    widths[i].saturating_sub(part.chars().count()),
                ));
            }
            writeln!(out, "{}", text.trim_end())?;
        }
    }
    Ok(())
}

/// CSV of JSON: a header row of `columns` (JSON field names, `a.b` for field `b` of the
/// object in field `a`), then a row per element of an array (one row for a single object).
/// Values are raw: numbers and `true`/`false` as JSON writes them, `null` as an empty cell,
/// a list of values joined with `; `.
fn write_csv(out: &mut impl Write, json: &serde_json::Value, columns: &[&str]) -> io::Result<()> {
    use serde_json::Value;
    let header: Vec<String> = columns.iter().map(|h| csv_field(h)).collect();
    write!(out, "{}\r\n", header.join(","))?;
    let items: Vec<&Value> = match json {
        Value::Array(items) => items.iter().collect(),
        Value::Null => Vec::new(),
        one => vec![one],
    };
    for item in items {
        let cells: Vec<String> = columns
            .iter()
            .map(|path| csv_value(&path.split('.').fold(item.clone(), field)))
            .collect();
        write!(out, "{}\r\n", cells.join(","))?;
    }
    Ok(())
}

/// Field `key` of an object, or of each object of a list (`documents.id`: every document's id).
fn field(value: serde_json::Value, key: &str) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Object(mut o) => o.remove(key).unwrap_or(Value::Null),
        Value::Array(items) => Value::Array(items.into_iter().map(|v| field(v, key)).collect()),
        _ => Value::Null,
    }
}

/// One CSV cell for a JSON value.
fn csv_value(value: &serde_json::Value) -> String {
    use serde_json::Value;
    fn text(v: &Value) -> String {
        match v {
            Value::Null => String::new(),
            Value::String(s) => s.clone(),
            Value::Array(items) => items.iter().map(text).collect::<Vec<_>>().join("; "),
            other => other.to_string(),
        }
    }
    match value {
        Value::String(_) | Value::Array(_) => csv_field(&text(value)),
        Value::Object(_) => csv_field(&value.to_string()),
        other => text(other),
    }
}

/// One CSV field: quoted when it holds a comma, a quote or a line break (RFC 4180), and
/// defused wherever a spreadsheet would start a formula, at its start and after each `;` or
/// tab (the core's `text::csv_cell`, which the pack's CSV uses too).
pub fn csv_field(value: &str) -> String {
    annexa_core::text::csv_cell(value).into_owned()
}

/// Text from a workspace or a pack, made safe to show in a terminal: control characters
/// (escape sequences could repaint the screen to show "OK" over a failure), a carriage return
/// not followed by a line feed, the bidirectional controls that reorder what is seen
/// (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) and the line and paragraph
/// separators (U+2028, U+2029) are written as `\u001b`-style escapes. That form is also
/// JSON's, so JSON output stays valid and decodes to the original text.
pub fn terminal_safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_safe(&mut out, text, true);
    out
}

fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t' && c != '\r')
        || annexa_core::text::reorders_or_hides(c)
}

/// Appends `text` to `out` with [`terminal_safe`]'s escapes. A `\r` at the very end is kept as
/// it is only when `last` is false (the caller holds it until it sees what follows).
fn push_safe(out: &mut String, text: &str, last: bool) {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            match chars.peek() {
                Some('\n') => out.push('\r'),
                None if !last => out.push('\r'),
                _ => out.push_str("\\u000d"),
            }
        } else if needs_escape(c) {
            out.push_str(&format!("\\u{:04x}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
}

/// Standard output with [`terminal_safe`] applied to everything written through it, so that
/// no command can forget it. Bytes that are not UTF-8 are shown as `\xNN`; a UTF-8 sequence
/// or a `\r\n` split across two writes is held until it is whole.
#[derive(Debug)]
pub struct TerminalSafe<W: Write> {
    inner: W,
    pending: Vec<u8>,
}

impl<W: Write> TerminalSafe<W> {
    pub fn new(inner: W) -> Self {
        TerminalSafe {
            inner,
            pending: Vec::new(),
        }
    }

    /// Escapes what is pending, keeping back an incomplete sequence or a final `\r` unless
    /// `last`.
    fn drain(&mut self, last: bool) -> String {
        let mut out = String::new();
        let mut start = 0;
        while start < self.pending.len() {
            let rest = &self.pending[start..];
            let (good, bad) = match std::str::from_utf8(rest) {
                Ok(_) => (rest.len(), None),
                Err(e) => (e.valid_up_to(), e.error_len()),
            };
            let text = std::str::from_utf8(&rest[..good]).unwrap_or_default();
            let whole = bad.is_some() || good == rest.len() && last;
            let keep_cr = !whole && good == rest.len() && text.ends_with('\r');
            let shown = if keep_cr {
                &text[..text.len() - 1]
            } else {
                text
            };
            push_safe(&mut out, shown, true);
            start += shown.len();
            match bad {
                Some(n) => {
                    for b in &self.pending[start..start + n] {
                        out.push_str(&format!("\\x{b:02x}"));
                    }
                    start += n;
                }
                None if last && start < self.pending.len() => {
                    // An incomplete sequence at the very end.
                    for b in &self.pending[start..] {
                        out.push_str(&format!("\\x{b:02x}"));
                    }
                    start = self.pending.len();
                }
                None => break,
            }
        }
        self.pending.drain(..start);
        out
    }
}

impl<W: Write> Write for TerminalSafe<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        let text = self.drain(false);
        self.inner.write_all(text.as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        let text = self.drain(true);
        self.inner.write_all(text.as_bytes())?;
        self.inner.flush()
    }
}

impl<W: Write> Drop for TerminalSafe<W> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

/// What a change did to a list of links, for the line that reports it: `; now also VERB A, B;
/// no longer VERB C` (empty when nothing moved), so that no option drops a link unsaid.
pub fn link_changes<T: PartialEq>(
    before: &[T],
    after: &[T],
    show: impl Fn(&T) -> String,
    verb: &str,
) -> String {
    let names = |from: &[T], missing_in: &[T]| {
        from.iter()
            .filter(|t| !missing_in.contains(t))
            .map(&show)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (added, dropped) = (names(after, before), names(before, after));
    let mut line = String::new();
    if !added.is_empty() {
        line.push_str(&format!("; now also {verb} {added}"));
    }
    if !dropped.is_empty() {
        line.push_str(&format!("; no longer {verb} {dropped}"));
    }
    line
}

/// A table cell stays on one line: line breaks become spaces.
fn single_line(cell: &str) -> String {
    cell.split(['\r', '\n'])
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &str) {
        assert_eq!(csv_field(input), expected, "csv_field({input:?})");
    }

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        check("plain", "plain");
        check("a,b", "\"a,b\"");
        check("say \"hi\"", "\"say \"\"hi\"\"\"");
        check("two\nlines", "\"two\nlines\"");
        check("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"");
        check("-1", "'-1");
        // Parts after a `;` or a tab, which a spreadsheet in many European locales reads as
        // cells of their own.
        check("x;=1+1;y", "x;'=1+1;y");
        check("a\t@b", "a\t'@b");
    }

    fn through_terminal_safe(chunks: &[&[u8]]) -> String {
        let mut out = Vec::new();
        {
            let mut w = TerminalSafe::new(&mut out);
            for c in chunks {
                w.write_all(c).expect("write");
            }
        }
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn terminal_output_escapes_control_characters() {
        let org = "Acme\x1b[2K\x1b[1A\rOK \u{9b}31m \u{202e}fdp.exe\u{7f}";
        let expected = "Acme\\u001b[2K\\u001b[1A\\u000dOK \\u009b31m \\u202efdp.exe\\u007f";
        assert_eq!(terminal_safe(org), expected);
        assert_eq!(through_terminal_safe(&[org.as_bytes()]), expected);
        // Line ends, tabs and ordinary text pass; CSV's CRLF survives even when split.
        assert_eq!(through_terminal_safe(&[b"a\tb\r", b"\nc\n"]), "a\tb\r\nc\n");
        // A UTF-8 character split across writes is whole again; bytes that are not UTF-8 show.
        let euro = "€".as_bytes();
        assert_eq!(
            through_terminal_safe(&[&euro[..1], &euro[1..], b"\xff!"]),
            "€\\xff!"
        );
        assert_eq!(through_terminal_safe(&[b"end\r"]), "end\\u000d");
        // Line and paragraph separators break lines unseen; marks and isolates reorder.
        assert_eq!(
            terminal_safe("a\u{2028}b\u{2029}c\u{200f}d\u{2067}e"),
            "a\\u2028b\\u2029c\\u200fd\\u2067e"
        );
        assert_eq!(through_terminal_safe(&[&euro[..2]]), "\\xe2\\x82");
    }

    #[test]
    fn json_through_terminal_safe_stays_valid_and_decodes_to_the_original() {
        let value = serde_json::json!({"organisation": "Evil\u{1b}]0;title\u{7}\u{9b}\u{202e}x"});
        let mut out = Vec::new();
        {
            let mut w = TerminalSafe::new(&mut out);
            write(&mut w, Format::Json, &Rows::default(), &value, &[]).expect("write");
        }
        let text = String::from_utf8(out).expect("utf-8");
        assert!(!text.chars().any(needs_escape), "{text:?}");
        let back: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        assert_eq!(back, value);
    }

    #[test]
    fn long_tables_wrap_within_the_width_and_keep_every_word() {
        let documents: Vec<String> = (1..=30).map(|i| format!("document-{i}")).collect();
        let rows = Rows {
            headers: vec!["measure", "value"],
            rows: vec![
                vec!["missing documents".into(), documents.join(" ")],
                vec!["readiness".into(), "50%".into()],
                vec!["a-very-long-unbroken-word".into(), "x".repeat(150)],
            ],
        };
        for width in [80, 40] {
            let mut out = Vec::new();
            write_table(&mut out, &rows, width).expect("write");
            let text = String::from_utf8(out).expect("utf8");
            for line in text.lines() {
                assert!(line.chars().count() <= width, "{width}: {line:?}");
            }
            for d in &documents {
                assert!(
                    text.split_whitespace().any(|w| w == d),
                    "{d} kept at {width}"
                );
            }
            assert_eq!(
                text.matches('x').count(),
                150,
                "long words are cut, not lost"
            );
        }
        // When everything fits, nothing moves.
        let mut out = Vec::new();
        write_table(&mut out, &rows, 1000).expect("write");
        assert_eq!(String::from_utf8(out).expect("utf8").lines().count(), 4);
    }

    #[test]
    fn csv_is_the_json_with_raw_values() {
        let value = serde_json::json!([
            {"id": "A.5.1", "size": 10, "late": false, "owner": null,
             "controls": ["A.5.1", "A.8.2"], "person": {"name": "=Ana, \"CISO\""},
             "docs": [{"id": "x", "present": true}, {"id": "y", "present": false}]},
            {"id": "A.8.2", "size": 0, "late": true, "owner": "Bo", "controls": [],
             "person": {"name": "Bo"}, "docs": []}
        ]);
        let mut out = Vec::new();
        let columns = [
            "id",
            "size",
            "late",
            "owner",
            "controls",
            "person.name",
            "missing",
            "docs.id",
            "docs.present",
        ];
        write(&mut out, Format::Csv, &Rows::default(), &value, &columns).expect("write");
        assert_eq!(
            String::from_utf8(out).expect("utf8"),
            "id,size,late,owner,controls,person.name,missing,docs.id,docs.present\r\n\
             A.5.1,10,false,,A.5.1; A.8.2,\"'=Ana, \"\"CISO\"\"\",,x; y,true; false\r\n\
             A.8.2,0,true,Bo,,Bo,,,\r\n"
        );
        // A single thing is one row; an empty listing still has its header.
        let mut out = Vec::new();
        let one = serde_json::json!({"ok": true});
        write(&mut out, Format::Csv, &Rows::default(), &one, &["ok"]).expect("write");
        assert_eq!(String::from_utf8(out).expect("utf8"), "ok\r\ntrue\r\n");
        let mut out = Vec::new();
        let none: Vec<u8> = Vec::new();
        write(&mut out, Format::Csv, &Rows::default(), &none, &["id"]).expect("write");
        assert_eq!(String::from_utf8(out).expect("utf8"), "id\r\n");
    }

    #[test]
    fn table_columns_line_up() {
        let rows = Rows {
            headers: vec!["id", "title"],
            rows: vec![
                vec!["A.5.1".into(), "Policies".into()],
                vec!["A.8.34".into(), "X".into()],
            ],
        };
        let mut out = Vec::new();
        write(&mut out, Format::Table, &rows, &(), &[]).expect("write");
        let text = String::from_utf8(out).expect("utf8");
        assert_eq!(text, "ID      TITLE\nA.5.1   Policies\nA.8.34  X\n");
    }
}
