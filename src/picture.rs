//! Pictures that go with some answers (a `/path` route, a `/ladder`): an SVG drawn from the
//! answer's data, rendered to PNG in-process by resvg with an embedded font (DejaVu Sans; its
//! licence is `assets/fonts/LICENSE-DejaVu.txt`), so no system font or external tool is needed.
//!
//! Drawn on an opaque card, so it reads the same in Discord's dark and light themes. Every
//! text in it is escaped for XML and cut to a length; a picture is at most [`MAX_BYTES`]. A
//! failed render is an error the caller drops: the text answer never depends on it.

use std::fmt;
use std::fmt::Write as _;
use std::sync::{Arc, LazyLock};

use resvg::{tiny_skia, usvg};

/// The largest picture sent (Discord takes far more; a chat picture needs far less).
pub const MAX_BYTES: usize = 1024 * 1024;

/// What to draw.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Sketch {
    /// Careers in a row joined by arrows: a route from the first to the last.
    Route {
        /// Career titles, first to last.
        steps: Vec<String>,
    },
    /// Progress: one bar per group (0–1 done).
    Progress {
        /// Above the bars.
        title: String,
        /// (group, share done).
        bars: Vec<(String, f32)>,
    },
    /// A career's ladder: levels bottom (entry) to top, each with its titles.
    Ladder {
        /// The career.
        career: String,
        /// (level, its titles), entry level first.
        levels: Vec<(String, Vec<String>)>,
    },
}

/// A rendered picture.
#[derive(Clone, PartialEq)]
pub struct Picture {
    /// File name for the attachment (`route.png`).
    pub file_name: String,
    /// PNG bytes.
    pub png: Vec<u8>,
    /// What it shows, in words (alt text).
    pub description: String,
}

impl fmt::Debug for Picture {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Picture")
            .field("file_name", &self.file_name)
            .field("bytes", &self.png.len())
            .field("description", &self.description)
            .finish()
    }
}

/// Why a picture could not be made.
#[derive(Debug)]
pub struct PictureError(pub String);

impl fmt::Display for PictureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "picture: {}", self.0)
    }
}

impl std::error::Error for PictureError {}

static FONT: &[u8] = include_bytes!("../assets/fonts/DejaVuSans.ttf");

/// Parsing options with the embedded font, made once.
static OPTIONS: LazyLock<usvg::Options<'static>> = LazyLock::new(|| {
    let mut fonts = usvg::fontdb::Database::new();
    fonts.load_font_data(FONT.to_vec());
    usvg::Options { font_family: "DejaVu Sans".to_string(), fontdb: Arc::new(fonts), ..usvg::Options::default() }
});

// Colours: a light card with dark text and Discord's blurple for boxes, legible on both themes.
const CARD: &str = "#f6f7f9";
const INK: &str = "#1f2328";
const MUTED: &str = "#57606a";
const BOX: &str = "#5865f2";
const BOX_INK: &str = "#ffffff";
const TRACK: &str = "#d8dee4";

const WIDTH: u32 = 960;

/// Draws and renders a sketch.
pub fn render(sketch: &Sketch) -> Result<Picture, PictureError> {
    let (svg, width, height, file_name, description) = match sketch {
        Sketch::Route { steps } => route(steps),
        Sketch::Ladder { career, levels } => ladder(career, levels),
        Sketch::Progress { title, bars } => progress(title, bars),
    };
    let tree = usvg::Tree::from_str(&svg, &OPTIONS).map_err(|e| PictureError(e.to_string()))?;
    let mut pixmap =
        tiny_skia::Pixmap::new(width, height).ok_or_else(|| PictureError(format!("no canvas of {width}×{height}")))?;
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    let png = pixmap.encode_png().map_err(|e| PictureError(e.to_string()))?;
    if png.len() > MAX_BYTES {
        return Err(PictureError(format!("{} bytes, more than {MAX_BYTES}", png.len())));
    }
    Ok(Picture { file_name, png, description })
}

/// Text for XML, cut to `max` characters.
fn escape(text: &str, max: usize) -> String {
    let mut cut: String = text.chars().filter(|c| !c.is_control()).take(max).collect();
    if text.chars().count() > max {
        cut.pop();
        cut.push('…');
    }
    let mut out = String::with_capacity(cut.len());
    for c in cut.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// Words of `text` in lines of at most `width` characters, at most `lines` lines.
fn wrap(text: &str, width: usize, lines: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        out.push(line);
    }
    if out.len() > lines {
        out.truncate(lines);
        if let Some(last) = out.last_mut() {
            last.push('…');
        }
    }
    out
}

fn open(svg: &mut String, width: u32, height: u32, title: &str) {
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="DejaVu Sans">"#
    );
    let _ = write!(svg, r#"<rect x="0" y="0" width="{width}" height="{height}" rx="18" fill="{CARD}"/>"#);
    let _ = write!(
        svg,
        r#"<text x="32" y="48" font-size="24" font-weight="bold" fill="{INK}">{}</text>"#,
        escape(title, 60)
    );
}

fn route(steps: &[String]) -> (String, u32, u32, String, String) {
    let steps: Vec<&String> = steps.iter().take(5).collect();
    let n = steps.len().max(1) as u32;
    let gap = 48;
    let box_width = (WIDTH - 64 - gap * (n - 1)) / n;
    let height = 240;
    let mut svg = String::new();
    open(&mut svg, WIDTH, height, "Route");
    for (i, step) in steps.iter().enumerate() {
        let x = 32 + i as u32 * (box_width + gap);
        let _ = write!(svg, r#"<rect x="{x}" y="80" width="{box_width}" height="110" rx="12" fill="{BOX}"/>"#);
        let chars = (box_width as usize / 11).max(6);
        let lines = wrap(step, chars, 3);
        let top = 135 - (lines.len() as i32 - 1) * 12;
        for (k, line) in lines.iter().enumerate() {
            let _ = write!(
                svg,
                r#"<text x="{}" y="{}" font-size="18" text-anchor="middle" fill="{BOX_INK}">{}</text>"#,
                x + box_width / 2,
                top + k as i32 * 24,
                escape(line, chars + 1)
            );
        }
        if i + 1 < steps.len() {
            let (from, to) = (x + box_width + 6, x + box_width + gap - 6);
            let _ = write!(
                svg,
                r#"<path d="M{from} 135 L{} 135 M{} 127 L{to} 135 L{} 143" stroke="{INK}" stroke-width="3" fill="none"/>"#,
                to - 1,
                to - 9,
                to - 9
            );
        }
    }
    let _ = write!(
        svg,
        r#"<text x="32" y="222" font-size="14" fill="{MUTED}">{} step{} · careerbot</text></svg>"#,
        n.saturating_sub(1),
        if n == 2 { "" } else { "s" }
    );
    let description = format!("Route: {}", steps.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(" → "));
    (svg, WIDTH, height, "route.png".to_string(), description)
}

fn progress(title: &str, bars: &[(String, f32)]) -> (String, u32, u32, String, String) {
    let bars: Vec<&(String, f32)> = bars.iter().take(8).collect();
    let row = 48;
    let height = 96 + bars.len().max(1) as u32 * row + 24;
    let mut svg = String::new();
    open(&mut svg, WIDTH, height, title);
    let full = WIDTH - 32 - 260 - 120;
    for (i, (group, share)) in bars.iter().enumerate() {
        let y = 80 + i as u32 * row;
        let share = if share.is_finite() { share.clamp(0.0, 1.0) } else { 0.0 };
        let _ = write!(svg, r#"<text x="32" y="{}" font-size="17" fill="{INK}">{}</text>"#, y + 24, escape(group, 24));
        let _ = write!(svg, r#"<rect x="260" y="{y}" width="{full}" height="32" rx="8" fill="{TRACK}"/>"#);
        let filled = (full as f32 * share).round() as u32;
        if filled > 0 {
            let _ = write!(svg, r#"<rect x="260" y="{y}" width="{filled}" height="32" rx="8" fill="{BOX}"/>"#);
        }
        let _ = write!(
            svg,
            r#"<text x="{}" y="{}" font-size="17" fill="{INK}">{:.0}%</text>"#,
            260 + full + 16,
            y + 24,
            share * 100.0
        );
    }
    let _ = write!(svg, r#"<text x="32" y="{}" font-size="14" fill="{MUTED}">careerbot</text></svg>"#, height - 16);
    let description = format!(
        "{title}: {}",
        bars.iter().map(|(g, s)| format!("{g} {:.0}%", s * 100.0)).collect::<Vec<_>>().join(", ")
    );
    (svg, WIDTH, height, "progress.png".to_string(), description)
}

fn ladder(career: &str, levels: &[(String, Vec<String>)]) -> (String, u32, u32, String, String) {
    let levels: Vec<&(String, Vec<String>)> = levels.iter().take(7).collect();
    let row = 76;
    let height = 96 + levels.len().max(1) as u32 * row + 24;
    let mut svg = String::new();
    open(&mut svg, WIDTH, height, &format!("{career} · career ladder"));
    // Entry level at the bottom: the ladder is climbed upwards, each rung indented less.
    for (i, (level, titles)) in levels.iter().enumerate() {
        let from_top = (levels.len() - 1 - i) as u32;
        let y = 80 + from_top * row;
        let indent = 32;
        let _ = write!(svg, r#"<rect x="{indent}" y="{y}" width="220" height="{}" rx="10" fill="{BOX}"/>"#, row - 12);
        for (k, line) in wrap(level, 18, 2).iter().enumerate() {
            let _ = write!(
                svg,
                r#"<text x="{}" y="{}" font-size="17" font-weight="bold" fill="{BOX_INK}">{}</text>"#,
                indent + 14,
                y + 28 + k as u32 * 22,
                escape(line, 20)
            );
        }
        let titles = titles.join(", ");
        for (k, line) in wrap(&titles, 62, 2).iter().enumerate() {
            let _ = write!(
                svg,
                r#"<text x="{}" y="{}" font-size="16" fill="{INK}">{}</text>"#,
                indent + 240,
                y + 28 + k as u32 * 22,
                escape(line, 64)
            );
        }
    }
    let _ = write!(svg, r#"<text x="32" y="{}" font-size="14" fill="{MUTED}">careerbot</text></svg>"#, height - 16);
    let description =
        format!("{career} career ladder: {}", levels.iter().map(|(l, _)| l.as_str()).collect::<Vec<_>>().join(", "));
    (svg, WIDTH, height, "ladder.png".to_string(), description)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_cut() {
        assert_eq!(escape("<a & 'b'>", 50), "&lt;a &amp; &apos;b&apos;&gt;");
        assert_eq!(escape("abcdef", 4), "abc…");
    }

    #[test]
    fn wrapping_keeps_words_whole() {
        assert_eq!(wrap("Site Reliability Engineer", 10, 3), ["Site", "Reliability", "Engineer"]);
        assert_eq!(wrap("a b c d", 1, 2), ["a", "b…"]);
    }
}
