//! Pictures that go with some answers (a `/path` route, a `/ladder`, a track's map): an SVG drawn from the
//! answer's data, rendered to PNG in-process by resvg with an embedded font (DejaVu Sans; its
//! licence is `assets/fonts/LICENSE-DejaVu.txt`), so no system font or external tool is needed.
//!
//! Drawn on an opaque dark card (Discord's own dark greys), so it sits in the dark theme and
//! stays legible in the light one. Text is at least 1/40 of the picture's width (legible in
//! the inline preview), wrapped at word (or `/` and `-`) boundaries rather than cut, and kept
//! inside its column; [`draw`] says where each text may go, and tests measure the rendered text
//! against it. Every text is escaped for XML; a picture is at most [`MAX_BYTES`]. A failed
//! render is an error the caller drops: the text answer never depends on it.

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
    /// Careers joined by arrows, top to bottom: a route from the first to the last, each arrow
    /// with what the move takes.
    Route {
        /// The careers, first to last.
        stops: Vec<Stop>,
        /// Whether the library describes the route; if not, the one arrow is dashed and says so.
        described: bool,
    },
    /// Progress: one bar per group (0–1 done).
    Progress {
        /// Above the bars.
        title: String,
        /// (group, share done).
        bars: Vec<(String, f32)>,
    },
    /// A study track's map: each module a row of its lessons, those done ticked.
    TrackMap {
        /// The track's title.
        track: String,
        /// The modules, in order (one nameless group for a track without modules).
        modules: Vec<MapModule>,
    },
    /// A career's ladder: levels bottom (entry) to top, each with its titles.
    Ladder {
        /// The career.
        career: String,
        /// (level, its titles), entry level first.
        levels: Vec<(String, Vec<String>)>,
    },
}

/// One module of a [`Sketch::TrackMap`].
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct MapModule {
    /// What the module is called ("Back-end Design and Development"); empty for a track
    /// without modules.
    pub name: String,
    /// Its lessons in order: (number, done).
    pub lessons: Vec<(String, bool)>,
}

/// One career on a route and what moving to it takes (its key certifications or skills).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Stop {
    /// The career's title.
    pub career: String,
    /// What the move to it takes; empty for the start.
    pub takes: Vec<String>,
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

// Colours: Discord's dark theme (the chat is #313338; a card a shade darker), its blurple for
// boxes, light text.
const CARD: &str = "#232428";
const INK: &str = "#f2f3f5";
const MUTED: &str = "#b5bac1";
const BOX: &str = "#5865f2";
const BOX_INK: &str = "#ffffff";
const TRACK: &str = "#404249";

const WIDTH: u32 = 800;
const MARGIN: u32 = 32;
/// The smallest text: 1/40 of the width.
const TEXT: u32 = WIDTH / 40;
const LABEL: u32 = 22;
const HEADING: u32 = 28;
/// Baseline to baseline.
const LINE: u32 = 28;
/// Most lines one text wraps to before it ends with "…".
const MOST_LINES: usize = 8;

/// Where a drawn text may go: tests render the picture and check its text stays there.
#[derive(Debug, Clone, PartialEq)]
pub struct TextSpan {
    /// The SVG id of the text element.
    pub id: String,
    /// Leftmost and rightmost x it may reach.
    pub left: f32,
    /// See `left`.
    pub right: f32,
    /// Its font size in pixels.
    pub size: u32,
}

/// A sketch drawn as SVG, before rendering.
pub struct Drawing {
    /// The SVG.
    pub svg: String,
    /// Its size in pixels.
    pub width: u32,
    /// See `width`.
    pub height: u32,
    /// File name for the attachment.
    pub file_name: String,
    /// What it shows, in words (alt text).
    pub description: String,
    /// Every text drawn and where it may go.
    pub texts: Vec<TextSpan>,
}

/// Draws and renders a sketch.
pub fn render(sketch: &Sketch) -> Result<Picture, PictureError> {
    let Drawing { svg, width, height, file_name, description, .. } = draw(sketch);
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

/// The SVG of a sketch, with where each of its texts may go.
pub fn draw(sketch: &Sketch) -> Drawing {
    match sketch {
        Sketch::Route { stops, described } => route(stops, *described),
        Sketch::Ladder { career, levels } => ladder(career, levels),
        Sketch::Progress { title, bars } => progress(title, bars),
        Sketch::TrackMap { track, modules } => track_map(track, modules),
    }
}

/// The SVG parsing options the pictures are rendered with (the embedded font), for tests that
/// measure the text.
pub fn options() -> &'static usvg::Options<'static> {
    &OPTIONS
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

/// The embedded font's advances at 1 px per em, and its character map.
static METRICS: LazyLock<Option<(skrifa::charmap::Charmap<'static>, skrifa::metrics::GlyphMetrics<'static>)>> =
    LazyLock::new(|| {
        use skrifa::MetadataProvider as _;
        let font = skrifa::FontRef::new(FONT).ok()?;
        Some((
            font.charmap(),
            font.glyph_metrics(skrifa::instance::Size::new(1.0), skrifa::instance::LocationRef::default()),
        ))
    });

/// How wide `text` is drawn at `size` pixels, from the font's own advances (bold is drawn
/// from the same face, a little wider to be safe).
fn text_width(text: &str, size: u32, bold: bool) -> f32 {
    let em = match &*METRICS {
        Some((charmap, metrics)) => text
            .chars()
            .map(|c| {
                let glyph = charmap.map(c).unwrap_or_default();
                metrics.advance_width(glyph).unwrap_or(0.6)
            })
            .sum::<f32>(),
        None => text.chars().count() as f32 * 0.7,
    };
    em * size as f32 * if bold { 1.06 } else { 1.0 }
}

/// Words of `text` in lines that `fits`, at most `lines` lines (the last then ends "…"). A
/// word too wide for a line breaks after a `/` or `-` in it, else where it must.
fn wrap(text: &str, fits: &dyn Fn(&str) -> bool, lines: usize) -> Vec<String> {
    let mut pieces: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        let mut rest = word;
        while !fits(rest) {
            // The longest head that fits (at least one character), cut after a `/` or `-` in it
            // when there is one.
            let mut end = rest.chars().next().map_or(rest.len(), char::len_utf8);
            for (at, c) in rest.char_indices().skip(1) {
                if !fits(&rest[..at + c.len_utf8()]) {
                    break;
                }
                end = at + c.len_utf8();
            }
            if end >= rest.len() {
                break;
            }
            let cut = rest[..end].rfind(['/', '-']).map(|at| at + 1).filter(|&at| at > 1).unwrap_or(end);
            pieces.push(rest[..cut].to_string());
            rest = &rest[cut..];
        }
        if !rest.is_empty() {
            pieces.push(rest.to_string());
        }
    }
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    for piece in pieces {
        let joined = if line.is_empty() || line.ends_with(['/', '-']) {
            format!("{line}{piece}")
        } else {
            format!("{line} {piece}")
        };
        if !line.is_empty() && !fits(&joined) {
            out.push(std::mem::replace(&mut line, piece));
        } else {
            line = joined;
        }
    }
    if !line.is_empty() {
        out.push(line);
    }
    if out.len() > lines {
        out.truncate(lines.max(1));
        if let Some(last) = out.last_mut() {
            while !last.is_empty() && !fits(&format!("{last}…")) {
                last.pop();
            }
            last.push('…');
        }
    }
    out
}

/// [`wrap`] for text of `size` pixels in a column `pixels` wide.
fn wrap_to(text: &str, pixels: u32, size: u32, bold: bool, lines: usize) -> Vec<String> {
    // Far more than any picture shows: a hostile 1 MB title costs no more than this.
    let text = match text.char_indices().nth(4000) {
        Some((at, _)) => &text[..at],
        None => text,
    };
    wrap(text, &|line| text_width(line, size, bold) <= pixels as f32, lines)
}

/// How a text is drawn.
#[derive(Clone, Copy)]
struct Style {
    size: u32,
    bold: bool,
    fill: &'static str,
}

const TITLE_STYLE: Style = Style { size: HEADING, bold: true, fill: INK };
const BOX_STYLE: Style = Style { size: LABEL, bold: true, fill: BOX_INK };
const BODY_STYLE: Style = Style { size: TEXT, bold: false, fill: INK };
const QUIET_STYLE: Style = Style { size: TEXT, bold: false, fill: MUTED };

/// An SVG being drawn, keeping where each text may go.
struct Canvas {
    svg: String,
    texts: Vec<TextSpan>,
}

impl Canvas {
    fn new(height: u32, title: &str) -> Canvas {
        let mut canvas = Canvas { svg: String::new(), texts: Vec::new() };
        let _ = write!(
            canvas.svg,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" font-family="DejaVu Sans">"#
        );
        let _ = write!(canvas.svg, r#"<rect x="0" y="0" width="{WIDTH}" height="{height}" rx="18" fill="{CARD}"/>"#);
        canvas.lines((MARGIN, 48), WIDTH - MARGIN, TITLE_STYLE, &wrap_to(title, WIDTH - 2 * MARGIN, HEADING, true, 1));
        canvas
    }

    /// Lines of text from baseline `y`, starting at `x` and staying left of `right`.
    fn lines(&mut self, (x, y): (u32, u32), right: u32, Style { size, bold, fill }: Style, lines: &[String]) {
        for (k, line) in lines.iter().enumerate() {
            let id = format!("t{}", self.texts.len());
            let weight = if bold { r#" font-weight="bold""# } else { "" };
            let _ = write!(
                self.svg,
                r#"<text id="{id}" x="{x}" y="{}" font-size="{size}"{weight} fill="{fill}">{}</text>"#,
                y + k as u32 * LINE,
                escape(line, 200)
            );
            self.texts.push(TextSpan { id, left: x as f32, right: right as f32, size });
        }
    }

    fn footer(&mut self, height: u32, text: &str) {
        self.lines((MARGIN, height - 20), WIDTH - MARGIN, QUIET_STYLE, &[text.to_string()]);
    }

    fn finish(mut self, width: u32, height: u32, file_name: &str, description: String) -> Drawing {
        self.svg.push_str("</svg>");
        Drawing { svg: self.svg, width, height, file_name: file_name.to_string(), description, texts: self.texts }
    }
}

/// A route, top to bottom: each career a box, each arrow with what the move takes.
fn route(stops: &[Stop], described: bool) -> Drawing {
    let stops: Vec<&Stop> = stops.iter().take(5).collect();
    let box_width = 360;
    let takes_x = MARGIN + 80;
    let names: Vec<Vec<String>> = stops.iter().map(|s| wrap_to(&s.career, box_width - 28, LABEL, true, 3)).collect();
    let takes: Vec<Vec<String>> = stops
        .iter()
        .enumerate()
        .map(|(i, stop)| {
            let mut text =
                if stop.takes.is_empty() { String::new() } else { format!("Takes: {}", stop.takes.join(", ")) };
            if i > 0 && !described {
                text = format!("The library describes no route. {}", text.replace("Takes:", "Asks for:"));
            }
            if i == 0 {
                Vec::new()
            } else {
                wrap_to(&text, WIDTH - MARGIN - takes_x, TEXT, false, 4)
            }
        })
        .collect();
    let box_height = |i: usize| 24 + names[i].len().max(1) as u32 * LINE;
    let gap_height = |i: usize| (takes[i].len() as u32 * LINE + 24).max(64);
    let height =
        76 + (0..stops.len()).map(box_height).sum::<u32>() + (1..stops.len()).map(gap_height).sum::<u32>() + 64;
    let mut canvas = Canvas::new(height, if described { "Route" } else { "No described route" });
    let mut y = 76;
    for i in 0..stops.len() {
        if i > 0 {
            let gap = gap_height(i);
            let x = MARGIN + 40;
            let dash = if described { "" } else { r#" stroke-dasharray="8 7""# };
            let _ = write!(
                canvas.svg,
                r#"<path d="M{x} {} L{x} {}" stroke="{MUTED}" stroke-width="3"{dash} fill="none"/><path d="M{} {} L{x} {} L{} {}" stroke="{MUTED}" stroke-width="3" fill="none"/>"#,
                y + 6,
                y + gap - 8,
                x - 8,
                y + gap - 16,
                y + gap - 7,
                x + 8,
                y + gap - 16
            );
            let top = y + (gap - takes[i].len() as u32 * LINE) / 2 + 20;
            canvas.lines((takes_x, top), WIDTH - MARGIN, BODY_STYLE, &takes[i]);
            y += gap;
        }
        let height = box_height(i);
        let _ = write!(
            canvas.svg,
            r#"<rect x="{MARGIN}" y="{y}" width="{box_width}" height="{height}" rx="12" fill="{BOX}"/>"#
        );
        canvas.lines((MARGIN + 14, y + 36), MARGIN + box_width - 14, BOX_STYLE, &names[i]);
        y += height;
    }
    let steps = stops.len().saturating_sub(1);
    canvas.footer(
        height,
        &if described {
            format!("{steps} step{} · careerbot", if steps == 1 { "" } else { "s" })
        } else {
            "no described route · careerbot".to_string()
        },
    );
    let description = format!(
        "{}: {}",
        if described { "Route" } else { "No described route" },
        stops
            .iter()
            .map(|s| if s.takes.is_empty() {
                s.career.clone()
            } else {
                format!("{} (takes {})", s.career, s.takes.join(", "))
            })
            .collect::<Vec<_>>()
            .join(" → ")
    );
    canvas.finish(WIDTH, height, "route.png", description)
}

fn progress(title: &str, bars: &[(String, f32)]) -> Drawing {
    let bars: Vec<&(String, f32)> = bars.iter().take(8).collect();
    let label_width = 260;
    let labels: Vec<Vec<String>> = bars.iter().map(|(g, _)| wrap_to(g, label_width, TEXT, false, 2)).collect();
    let row = |i: usize| (labels[i].len().max(1) as u32 * LINE + 20).max(56);
    let height = 80 + (0..bars.len()).map(row).sum::<u32>() + 60;
    let mut canvas = Canvas::new(height, title);
    let bar_x = MARGIN + label_width + 16;
    let full = WIDTH - MARGIN - bar_x - 80;
    let mut y = 76;
    for (i, (_, share)) in bars.iter().enumerate() {
        let share = if share.is_finite() { share.clamp(0.0, 1.0) } else { 0.0 };
        canvas.lines((MARGIN, y + 26), MARGIN + label_width, BODY_STYLE, &labels[i]);
        let _ =
            write!(canvas.svg, r#"<rect x="{bar_x}" y="{}" width="{full}" height="32" rx="8" fill="{TRACK}"/>"#, y + 4);
        let filled = (full as f32 * share).round() as u32;
        if filled > 0 {
            let _ = write!(
                canvas.svg,
                r#"<rect x="{bar_x}" y="{}" width="{filled}" height="32" rx="8" fill="{BOX}"/>"#,
                y + 4
            );
        }
        canvas.lines((bar_x + full + 12, y + 28), WIDTH - MARGIN + 16, BODY_STYLE, &[format!("{:.0}%", share * 100.0)]);
        y += row(i);
    }
    canvas.footer(height, "careerbot");
    let description = format!(
        "{title}: {}",
        bars.iter().map(|(g, s)| format!("{g} {:.0}%", s * 100.0)).collect::<Vec<_>>().join(", ")
    );
    canvas.finish(WIDTH, height, "progress.png", description)
}

/// A lesson's cell on a track map: wide enough for "✓ 2.3.10" at the smallest text size.
const CELL_WIDTH: u32 = 108;
const CELL_HEIGHT: u32 = 40;
const CELL_GAP: u32 = 8;
/// Lessons drawn at most: a track of hundreds is summed up past them in the footer.
const MOST_CELLS: usize = 160;

/// A track's modules, each its name over a grid of its lessons: done ones filled and ticked,
/// the rest dark with their number.
fn track_map(track: &str, modules: &[MapModule]) -> Drawing {
    let per_line = ((WIDTH - 2 * MARGIN + CELL_GAP) / (CELL_WIDTH + CELL_GAP)).max(1) as usize;
    let (mut left, mut shown) = (MOST_CELLS, Vec::new());
    for module in modules {
        if left == 0 {
            break;
        }
        let lessons: Vec<&(String, bool)> = module.lessons.iter().take(left).collect();
        left -= lessons.len();
        let name = wrap_to(&module.name, WIDTH - 2 * MARGIN, LABEL, true, 2);
        shown.push((name, lessons));
    }
    let rows = |n: usize| n.div_ceil(per_line) as u32;
    let block = |(name, lessons): &(Vec<String>, Vec<&(String, bool)>)| {
        name.len() as u32 * LINE + 8 + rows(lessons.len()) * (CELL_HEIGHT + CELL_GAP) + 16
    };
    let height = 76 + shown.iter().map(block).sum::<u32>() + 52;
    let total: usize = modules.iter().map(|m| m.lessons.len()).sum();
    let done: usize = modules.iter().flat_map(|m| &m.lessons).filter(|(_, done)| *done).count();
    // The share first: a long track title is cut at the picture's edge.
    let share = (done * 100).checked_div(total).unwrap_or(0);
    let mut canvas = Canvas::new(height, &format!("{share}% done · {track}"));
    let mut y = 76;
    for (name, lessons) in &shown {
        canvas.lines((MARGIN, y + 22), WIDTH - MARGIN, Style { size: LABEL, bold: true, fill: INK }, name);
        y += name.len() as u32 * LINE + 8;
        for (k, (number, done)) in lessons.iter().enumerate() {
            let x = MARGIN + (k % per_line) as u32 * (CELL_WIDTH + CELL_GAP);
            let top = y + (k / per_line) as u32 * (CELL_HEIGHT + CELL_GAP);
            let (fill, style, label) = if *done {
                (BOX, Style { size: TEXT, bold: true, fill: BOX_INK }, format!("✓ {number}"))
            } else {
                (TRACK, Style { size: TEXT, bold: false, fill: INK }, number.clone())
            };
            let _ = write!(
                canvas.svg,
                r#"<rect x="{x}" y="{top}" width="{CELL_WIDTH}" height="{CELL_HEIGHT}" rx="8" fill="{fill}"/>"#
            );
            let label = wrap_to(&label, CELL_WIDTH - 16, TEXT, style.bold, 1);
            canvas.lines((x + 8, top + 27), x + CELL_WIDTH - 8, style, &label);
        }
        y += rows(lessons.len()) * (CELL_HEIGHT + CELL_GAP) + 16;
    }
    let drawn: usize = shown.iter().map(|(_, l)| l.len()).sum();
    let more = if drawn < total { format!(" · {} more not drawn", total - drawn) } else { String::new() };
    canvas.footer(height, &format!("✓ done: {done} of {total} lessons{more} · careerbot"));
    let description = format!(
        "{track} track map: {}",
        modules
            .iter()
            .map(|m| {
                let done = m.lessons.iter().filter(|(_, d)| *d).count();
                let name = if m.name.is_empty() { "lessons" } else { m.name.as_str() };
                format!("{name} {done} of {} done", m.lessons.len())
            })
            .collect::<Vec<_>>()
            .join(", ")
    );
    canvas.finish(WIDTH, height, "track-map.png", description)
}

fn ladder(career: &str, levels: &[(String, Vec<String>)]) -> Drawing {
    let levels: Vec<&(String, Vec<String>)> = levels.iter().take(8).collect();
    let label_width = 280;
    let titles_x = MARGIN + label_width + 24;
    let names: Vec<Vec<String>> = levels.iter().map(|(l, _)| wrap_to(l, label_width - 28, LABEL, true, 3)).collect();
    let titles: Vec<Vec<String>> = levels
        .iter()
        .map(|(_, t)| wrap_to(&t.join(", "), WIDTH - MARGIN - titles_x, TEXT, false, MOST_LINES))
        .collect();
    let row = |i: usize| names[i].len().max(titles[i].len()).max(1) as u32 * LINE + 24;
    let height = 76 + (0..levels.len()).map(|i| row(i) + 10).sum::<u32>() + 60;
    let mut canvas = Canvas::new(height, &format!("{career} · career ladder"));
    // Entry level at the bottom: the ladder is climbed upwards.
    let mut y = 76;
    for i in (0..levels.len()).rev() {
        let h = row(i);
        let _ = write!(
            canvas.svg,
            r#"<rect x="{MARGIN}" y="{y}" width="{label_width}" height="{h}" rx="10" fill="{BOX}"/>"#
        );
        canvas.lines((MARGIN + 14, y + 34), MARGIN + label_width - 14, BOX_STYLE, &names[i]);
        canvas.lines((titles_x, y + 34), WIDTH - MARGIN, BODY_STYLE, &titles[i]);
        y += h + 10;
    }
    canvas.footer(height, "careerbot");
    let description =
        format!("{career} career ladder: {}", levels.iter().map(|(l, _)| l.as_str()).collect::<Vec<_>>().join(", "));
    canvas.finish(WIDTH, height, "ladder.png", description)
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
        let chars = |n: usize| move |line: &str| line.chars().count() <= n;
        assert_eq!(wrap("Site Reliability Engineer", &chars(11), 3), ["Site", "Reliability", "Engineer"]);
        assert_eq!(wrap("a b c d", &chars(2), 2), ["a", "b…"]);
        assert_eq!(wrap("Management/Leadership Level", &chars(12), 3), ["Management/", "Leadership", "Level"]);
        assert_eq!(wrap("Principal/Architect Level", &chars(20), 3), ["Principal/Architect", "Level"]);
        assert_eq!(wrap("Supercalifragilistic", &chars(8), 5), ["Supercal", "ifragili", "stic"]);
    }

    #[test]
    fn widths_come_from_the_font() {
        // W is far wider than i in DejaVu Sans; a text's width grows with its size.
        assert!(text_width("WWWW", 20, false) > 2.0 * text_width("iiii", 20, false));
        assert!((text_width("Engineer", 40, false) - 2.0 * text_width("Engineer", 20, false)).abs() < 0.01);
    }
}
