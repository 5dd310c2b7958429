//! A4 pages as lists of drawing operations, text measured with the built-in font so that it
//! wraps and breaks pages where it really ends, then written as PDF by krilla. Coordinates are
//! points from the page's top left, as in SVG.

use std::sync::OnceLock;

use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::{DateTime, Metadata};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, TextDirection};
use skrifa::MetadataProvider;
use skrifa::instance::{LocationRef, Size};

pub const PAGE_W: f32 = 595.0;
pub const PAGE_H: f32 = 842.0;
pub const MARGIN: f32 = 48.0;
/// Where the body ends: the footer sits below.
pub const BOTTOM: f32 = PAGE_H - 56.0;
pub const CONTENT_W: f32 = PAGE_W - 2.0 * MARGIN;

pub type Colour = [u8; 3];
pub const INK: Colour = [0x1f, 0x29, 0x33];
pub const MUTED: Colour = [0x5b, 0x66, 0x75];
pub const RULE: Colour = [0xd5, 0xda, 0xe1];
pub const ACCENT: Colour = [0x3b, 0x7d, 0xd8];

/// `#rrggbb` as a colour (black for anything else).
pub fn hex(s: &str) -> Colour {
    let byte = |i: usize| {
        s.get(i..i + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .unwrap_or(0)
    };
    [byte(1), byte(3), byte(5)]
}

/// One thing drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Op {
    /// Text whose baseline starts at (x, y).
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        colour: Colour,
        text: String,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        colour: Colour,
    },
    Line {
        points: Vec<(f32, f32)>,
        width: f32,
        colour: Colour,
    },
    Dot {
        x: f32,
        y: f32,
        r: f32,
        colour: Colour,
    },
}

impl Op {
    /// The text drawn, if this is text.
    #[cfg(test)]
    pub fn text(&self) -> Option<&str> {
        match self {
            Op::Text { text, .. } => Some(text),
            _ => None,
        }
    }
}

fn regular() -> &'static [u8] {
    dejavu::sans::regular()
}

fn bold() -> &'static [u8] {
    dejavu::sans::bold()
}

/// How wide `text` is at `size` points in the built-in font (advance widths, no kerning).
pub fn width(text: &str, size: f32, bold_face: bool) -> f32 {
    let data = if bold_face { bold() } else { regular() };
    let Ok(font) = skrifa::FontRef::new(data) else {
        return text.chars().count() as f32 * size * 0.6;
    };
    let charmap = font.charmap();
    let metrics = font.glyph_metrics(Size::new(size), LocationRef::default());
    text.chars()
        .map(|c| {
            charmap
                .map(c)
                .and_then(|g| metrics.advance_width(g))
                .unwrap_or(size * 0.6)
        })
        .sum()
}

/// `text` broken into lines no wider than `max` (a word longer than a line is cut).
pub fn wrap(text: &str, size: f32, bold_face: bool, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if width(&candidate, size, bold_face) <= max {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // A word wider than the line is cut where it fills it.
            let mut rest = word.to_owned();
            while width(&rest, size, bold_face) > max {
                let mut cut = String::new();
                for c in rest.chars() {
                    cut.push(c);
                    if width(&cut, size, bold_face) > max {
                        cut.pop();
                        break;
                    }
                }
                if cut.is_empty() {
                    break;
                }
                rest = rest[cut.len()..].to_owned();
                lines.push(cut);
            }
            line = rest;
        }
        lines.push(line);
    }
    lines
}

/// `text` cut with an ellipsis to fit `max`.
pub fn fit(text: &str, size: f32, bold_face: bool, max: f32) -> String {
    if width(text, size, bold_face) <= max {
        return text.to_owned();
    }
    let mut out = String::new();
    for c in text.chars() {
        out.push(c);
        if width(&format!("{out}…"), size, bold_face) > max {
            out.pop();
            break;
        }
    }
    format!("{}…", out.trim_end())
}

/// Pages being filled from the top, a new one begun when something does not fit.
#[derive(Debug)]
pub struct Layout {
    pub pages: Vec<Vec<Op>>,
    /// Where the next thing goes on the current page.
    pub y: f32,
}

impl Layout {
    pub fn new() -> Layout {
        Layout {
            pages: vec![Vec::new()],
            y: MARGIN,
        }
    }

    pub fn push(&mut self, op: Op) {
        if let Some(page) = self.pages.last_mut() {
            page.push(op);
        }
    }

    /// Begins a new page unless `height` more fits on this one; true when it began one.
    pub fn room(&mut self, height: f32) -> bool {
        if self.y + height <= BOTTOM {
            return false;
        }
        self.pages.push(Vec::new());
        self.y = MARGIN;
        true
    }

    pub fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, colour: Colour, text: &str) {
        self.push(Op::Text {
            x,
            y,
            size,
            bold,
            colour,
            text: text.to_owned(),
        });
    }

    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, colour: Colour) {
        if w > 0.0 && h > 0.0 {
            self.push(Op::Rect { x, y, w, h, colour });
        }
    }

    /// A section heading, kept on the page with at least `keep` of what follows.
    pub fn heading(&mut self, text: &str, keep: f32) {
        self.y += 10.0;
        self.room(24.0 + keep);
        self.y += 14.0;
        self.text(MARGIN, self.y, 14.0, true, INK, text);
        self.y += 6.0;
        self.rect(MARGIN, self.y, CONTENT_W, 0.8, RULE);
        self.y += 12.0;
    }

    /// Wrapped text across the content width.
    pub fn paragraph(&mut self, text: &str, size: f32, colour: Colour) {
        let leading = size * 1.4;
        for line in wrap(text, size, false, CONTENT_W) {
            self.room(leading);
            self.y += size;
            self.text(MARGIN, self.y, size, false, colour, &line);
            self.y += leading - size;
        }
    }

    /// A table: a bold header row, then rows whose cells wrap within their column; the header
    /// is repeated on each new page. `widths` are fractions of the content width.
    pub fn table(&mut self, headers: &[&str], widths: &[f32], rows: &[Vec<String>]) {
        let size = 9.0;
        let leading = 12.0;
        let xs: Vec<f32> = widths
            .iter()
            .scan(MARGIN, |x, w| {
                let at = *x;
                *x += w * CONTENT_W;
                Some(at)
            })
            .collect();
        let header = |l: &mut Layout| {
            l.rect(MARGIN, l.y, CONTENT_W, leading + 6.0, [0xee, 0xf1, 0xf5]);
            for (i, h) in headers.iter().enumerate() {
                let w = widths[i] * CONTENT_W - 6.0;
                l.text(
                    xs[i] + 3.0,
                    l.y + 12.0,
                    size,
                    true,
                    INK,
                    &fit(h, size, true, w),
                );
            }
            l.y += leading + 6.0;
        };
        self.room(2.0 * (leading + 6.0));
        header(self);
        for row in rows {
            let cells: Vec<Vec<String>> = row
                .iter()
                .enumerate()
                .map(|(i, c)| wrap(c, size, false, widths[i] * CONTENT_W - 6.0))
                .collect();
            let lines = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let h = lines as f32 * leading + 6.0;
            if self.room(h) {
                header(self);
            }
            for (i, cell) in cells.iter().enumerate() {
                for (n, line) in cell.iter().enumerate() {
                    let y = self.y + 12.0 + n as f32 * leading;
                    self.text(xs[i] + 3.0, y, size, false, INK, line);
                }
            }
            self.y += h;
            self.rect(MARGIN, self.y - 0.5, CONTENT_W, 0.5, RULE);
        }
    }
}

/// The built-in fonts, loaded once.
fn fonts() -> Option<&'static (Font, Font)> {
    static FONTS: OnceLock<Option<(Font, Font)>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let r = Font::new(regular().into(), 0)?;
            let b = Font::new(bold().into(), 0)?;
            Some((r, b))
        })
        .as_ref()
}

fn paint(c: Colour) -> krilla::paint::Paint {
    rgb::Color::new(c[0], c[1], c[2]).into()
}

fn fill(c: Colour) -> Fill {
    Fill {
        paint: paint(c),
        opacity: NormalizedF32::ONE,
        rule: Default::default(),
    }
}

/// The date `YYYY-MM-DD` as a PDF date (midnight UTC).
fn pdf_date(day: &str) -> Option<DateTime> {
    let part = |r: std::ops::Range<usize>| day.get(r).and_then(|s| s.parse::<u16>().ok());
    let (y, m, d) = (part(0..4)?, part(5..7)?, part(8..10)?);
    Some(
        DateTime::new(y)
            .month(u8::try_from(m).ok()?)
            .day(u8::try_from(d).ok()?),
    )
}

/// Writes `pages` as a PDF titled `title`, dated `day`, each page with a footer.
pub fn pdf(pages: &[Vec<Op>], title: &str, day: &str) -> Result<Vec<u8>, String> {
    let (regular, bold) = fonts().ok_or("the built-in font did not load")?;
    let mut document = Document::new();
    let mut metadata = Metadata::new()
        .title(title.to_owned())
        .creator(format!("Annexa {}", crate::VERSION))
        .producer(format!("Annexa {}", crate::VERSION))
        .language("en".to_owned());
    if let Some(date) = pdf_date(day) {
        metadata = metadata.creation_date(date);
    }
    document.set_metadata(metadata);
    let total = pages.len();
    for (number, ops) in pages.iter().enumerate() {
        let settings = PageSettings::from_wh(PAGE_W, PAGE_H).ok_or("bad page size")?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        let footer = [
            Op::Rect {
                x: MARGIN,
                y: PAGE_H - 40.0,
                w: CONTENT_W,
                h: 0.6,
                colour: RULE,
            },
            Op::Text {
                x: MARGIN,
                y: PAGE_H - 26.0,
                size: 8.0,
                bold: false,
                colour: MUTED,
                text: fit(title, 8.0, false, CONTENT_W - 80.0),
            },
            Op::Text {
                x: PAGE_W - MARGIN - width(&format!("Page {} of {total}", number + 1), 8.0, false),
                y: PAGE_H - 26.0,
                size: 8.0,
                bold: false,
                colour: MUTED,
                text: format!("Page {} of {total}", number + 1),
            },
        ];
        for op in ops.iter().chain(footer.iter()) {
            match op {
                Op::Text {
                    x,
                    y,
                    size,
                    bold: b,
                    colour,
                    text,
                } => {
                    surface.set_fill(Some(fill(*colour)));
                    surface.set_stroke(None);
                    let font = if *b { bold.clone() } else { regular.clone() };
                    surface.draw_text(
                        Point::from_xy(*x, *y),
                        font,
                        *size,
                        text,
                        false,
                        TextDirection::Auto,
                    );
                }
                Op::Rect { x, y, w, h, colour } => {
                    let Some(rect) = Rect::from_xywh(*x, *y, *w, *h) else {
                        continue;
                    };
                    let mut pb = PathBuilder::new();
                    pb.push_rect(rect);
                    if let Some(path) = pb.finish() {
                        surface.set_fill(Some(fill(*colour)));
                        surface.set_stroke(None);
                        surface.draw_path(&path);
                    }
                }
                Op::Line {
                    points,
                    width: w,
                    colour,
                } => {
                    let mut pb = PathBuilder::new();
                    for (i, (x, y)) in points.iter().enumerate() {
                        if i == 0 {
                            pb.move_to(*x, *y);
                        } else {
                            pb.line_to(*x, *y);
                        }
                    }
                    if let Some(path) = pb.finish() {
                        surface.set_fill(None);
                        surface.set_stroke(Some(Stroke {
                            paint: paint(*colour),
                            width: *w,
                            ..Stroke::default()
                        }));
                        surface.draw_path(&path);
                    }
                }
                Op::Dot { x, y, r, colour } => {
                    // A circle from four cubic curves (k: the usual control-point distance).
                    let k = 0.552_284_8 * r;
                    let mut pb = PathBuilder::new();
                    pb.move_to(x + r, *y);
                    pb.cubic_to(x + r, y + k, x + k, y + r, *x, y + r);
                    pb.cubic_to(x - k, y + r, x - r, y + k, x - r, *y);
                    pb.cubic_to(x - r, y - k, x - k, y - r, *x, y - r);
                    pb.cubic_to(x + k, y - r, x + r, y - k, x + r, *y);
                    pb.close();
                    if let Some(path) = pb.finish() {
                        surface.set_fill(Some(fill(*colour)));
                        surface.set_stroke(None);
                        surface.draw_path(&path);
                    }
                }
            }
        }
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|e| format!("{e:?}"))
}
