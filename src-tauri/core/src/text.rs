//! Text that leaves Annexa for someone else's screen or spreadsheet: which characters change
//! how text reads without being seen, and the guard that keeps a CSV cell from running as a
//! formula. The CLI's output, the pack's CSV and HTML and the names of files in a pack all
//! apply these same rules, so one place holds them.

use std::borrow::Cow;

/// True for a character that reorders or breaks what is shown around it while being
/// invisible itself: the bidirectional controls (U+061C, U+200E, U+200F, U+202A–U+202E,
/// U+2066–U+2069), which can make `evil` read as `live` or move a file's real extension out
/// of sight, and the line and paragraph separators (U+2028, U+2029), which break a line where
/// no line feed is seen.
pub fn reorders_or_hides(c: char) -> bool {
    matches!(
        c,
        '\u{061C}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// The characters that make a spreadsheet read a cell as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// One CSV field (RFC 4180), safe for a spreadsheet: a cell that starts like a formula gets a
/// leading `'`, the usual guard, and so does every part of it after a `;` or a tab, since a
/// spreadsheet that splits on those would see each part as a cell of its own
/// (`x;=1+1;y` becomes `x;'=1+1;y`; Excel and LibreOffice split on `;` in many European
/// locales). A part after a comma needs no guard: such a field is quoted, and a reader that
/// splits on commas honours the quotes. Fields holding a comma, a quote or a line break are
/// quoted.
pub fn csv_cell(value: &str) -> Cow<'_, str> {
    let guarded = guard_formulas(value);
    if guarded.contains([',', '"', '\n', '\r']) {
        Cow::Owned(format!("\"{}\"", guarded.replace('"', "\"\"")))
    } else {
        guarded
    }
}

fn guard_formulas(value: &str) -> Cow<'_, str> {
    let starts_formula = |s: &str| s.starts_with(FORMULA_STARTS);
    let breaks_then_formula = value
        .match_indices([';', '\t'])
        .any(|(i, sep)| starts_formula(&value[i + sep.len()..]));
    if !starts_formula(value) && !breaks_then_formula {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len() + 4);
    if starts_formula(value) {
        out.push('\'');
    }
    let mut rest = value;
    while let Some(i) = rest.find([';', '\t']) {
        let sep_len = rest[i..].chars().next().map_or(1, char::len_utf8);
        out.push_str(&rest[..i + sep_len]);
        rest = &rest[i + sep_len..];
        if starts_formula(rest) {
            out.push('\'');
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// A stored time (`2026-12-07T22:40:30.123Z`, UTC) as a person reads it, for pages that
/// cannot know the reader's time zone (the pack's `index.html` runs no script):
/// `7 December 2026, 22:40 UTC`. A date alone reads `7 December 2026`; anything else is
/// returned as it is.
pub fn readable_utc(stored: &str) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let b = stored.as_bytes();
    let digits = |r: std::ops::Range<usize>| {
        stored
            .get(r)
            .filter(|s| s.bytes().all(|c| c.is_ascii_digit()))
            .and_then(|s| s.parse::<usize>().ok())
    };
    let date = (b.len() >= 10 && b[4] == b'-' && b[7] == b'-')
        .then(|| Some((digits(0..4)?, digits(5..7)?, digits(8..10)?)))
        .flatten()
        .filter(|&(_, m, d)| (1..=12).contains(&m) && (1..=31).contains(&d));
    let Some((y, m, d)) = date else {
        return stored.to_owned();
    };
    let day = format!("{d} {} {y}", MONTHS[m - 1]);
    if b.len() == 10 {
        return day;
    }
    let time = (b.len() >= 16 && matches!(b[10], b'T' | b' ') && b[13] == b':')
        .then(|| Some((digits(11..13)?, digits(14..16)?)))
        .flatten()
        .filter(|&(h, min)| h < 24 && min < 60);
    match time {
        Some((h, min)) if stored.ends_with('Z') => format!("{day}, {h:02}:{min:02} UTC"),
        _ => stored.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &str) {
        assert_eq!(csv_cell(input), expected, "{input:?}");
    }

    #[test]
    fn stored_times_read_as_words_and_anything_else_stays_as_it_is() {
        assert_eq!(
            readable_utc("2026-12-07T22:40:30.123Z"),
            "7 December 2026, 22:40 UTC"
        );
        assert_eq!(
            readable_utc("2027-01-05T08:03:00Z"),
            "5 January 2027, 08:03 UTC"
        );
        assert_eq!(readable_utc("2027-03-31"), "31 March 2027");
        for kept in [
            "",
            "never",
            "2026-13-01",
            "2026-12-07T25:00:00Z",
            "2026-12-07T22:40",
        ] {
            assert_eq!(readable_utc(kept), kept);
        }
    }

    #[test]
    fn csv_cells_never_start_a_formula_in_any_part() {
        check("plain", "plain");
        check("", "");
        check("=1+1", "'=1+1");
        check("@SUM(A1)", "'@SUM(A1)");
        check("-2", "'-2");
        check("a,b", "\"a,b\"");
        check("say \"hi\"", "\"say \"\"hi\"\"\"");
        check("x;=1+1;y", "x;'=1+1;y");
        check("=a;+b;c", "'=a;'+b;c");
        check("x;;=y", "x;;'=y");
        check("a\t=b", "a\t'=b");
        check("a\t\t=b", "a\t'\t'=b");
        check("x;y", "x;y");
        check("x; =y", "x; =y");
        check("a,=b", "\"a,=b\"");
        check("a;=b,c", "\"a;'=b,c\"");
        check("line\n=two", "\"line\n=two\"");
        check("ends;", "ends;");
        check("café;=ö;-", "café;'=ö;'-");
    }

    #[test]
    fn the_characters_that_reorder_text_are_caught() {
        for c in [
            '\u{202E}', '\u{202A}', '\u{2066}', '\u{2069}', '\u{200F}', '\u{200E}', '\u{061C}',
            '\u{2028}', '\u{2029}',
        ] {
            assert!(reorders_or_hides(c), "{:04x}", u32::from(c));
        }
        for c in ['a', 'é', 'ש', 'ا', '\u{200D}', ' ', '\u{00A0}'] {
            assert!(!reorders_or_hides(c), "{:04x}", u32::from(c));
        }
    }
}
