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
    /// A JSON array, for scripts.
    Json,
}

/// A listing's cells: one header row, then data rows of the same width.
#[derive(Debug, Default)]
pub struct Rows {
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<String>>,
}

/// Writes `rows` (table, CSV) or `json` (JSON) to `out` in the chosen format.
pub fn write<T: Serialize>(
    out: &mut impl Write,
    format: Format,
    rows: &Rows,
    json: &T,
) -> io::Result<()> {
    match format {
        Format::Table => write_table(out, rows),
        Format::Csv => write_csv(out, rows),
        Format::Json => {
            serde_json::to_writer_pretty(&mut *out, json)?;
            writeln!(out)
        }
    }
}

fn write_table(out: &mut impl Write, rows: &Rows) -> io::Result<()> {
    let mut lines: Vec<Vec<String>> = vec![rows.headers.iter().map(|h| h.to_uppercase()).collect()];
    lines.extend(
        rows.rows
            .iter()
            .map(|row| row.iter().map(|c| single_line(c)).collect()),
    );
    let mut widths = vec![0; rows.headers.len()];
    for line in &lines {
        for (w, cell) in widths.iter_mut().zip(line) {
            *w = (*w).max(cell.chars().count());
        }
    }
    for line in &lines {
        let mut text = String::new();
        for (i, cell) in line.iter().enumerate() {
            if i > 0 {
                text.push_str("  ");
            }
            text.push_str(cell);
            text.extend(std::iter::repeat_n(
                ' ',
                widths[i].saturating_sub(cell.chars().count()),
            ));
        }
        writeln!(out, "{}", text.trim_end())?;
    }
    Ok(())
}

fn write_csv(out: &mut impl Write, rows: &Rows) -> io::Result<()> {
    let header: Vec<String> = rows.headers.iter().map(|h| csv_field(h)).collect();
    write!(out, "{}\r\n", header.join(","))?;
    for row in &rows.rows {
        let cells: Vec<String> = row.iter().map(|c| csv_field(c)).collect();
        write!(out, "{}\r\n", cells.join(","))?;
    }
    Ok(())
}

/// Quotes a CSV field when it holds a separator, a quote or a line break (RFC 4180), and
/// defuses a leading `=`, `+`, `-` or `@` so that a spreadsheet never runs it as a formula.
pub fn csv_field(value: &str) -> String {
    let defused;
    let value = if value.starts_with(['=', '+', '-', '@']) {
        defused = format!("'{value}");
        defused.as_str()
    } else {
        value
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_owned()
    }
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
        write(&mut out, Format::Table, &rows, &()).expect("write");
        let text = String::from_utf8(out).expect("utf8");
        assert_eq!(text, "ID      TITLE\nA.5.1   Policies\nA.8.34  X\n");
    }
}
