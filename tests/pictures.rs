//! Pictures decoded back: the right size, not blank, within the size limit, for what the
//! shipped library draws and for hostile text.

use std::path::Path;

use careerbot::commands::{self, Caller, Context, Settings};
use careerbot::content::{load_dir, LoadOptions};
use careerbot::picture::{draw, options, render, Sketch, Stop, MAX_BYTES};
use careerbot::snapshot::{self, Snapshot, Store};
use resvg::tiny_skia::Pixmap;

/// Decodes a PNG and checks it: width, at least two colours over a fair share of it.
fn check(png: &[u8]) -> Pixmap {
    assert!(png.len() <= MAX_BYTES, "{} bytes", png.len());
    let pixmap = Pixmap::decode_png(png).expect("a PNG");
    assert_eq!(pixmap.width(), 800);
    assert!(pixmap.height() >= 120);
    let pixels = pixmap.pixels();
    let first = pixels[pixels.len() / 2];
    let different = pixels.iter().filter(|p| **p != first).count();
    assert!(different > pixels.len() / 20, "not blank: {different} of {} pixels differ", pixels.len());
    pixmap
}

fn store() -> Store {
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let library = load_dir(&content, &LoadOptions::default()).expect("content/");
    let settings = snapshot::Settings {
        content_dir: content.clone(),
        index_dir: content.join("unused"),
        load: LoadOptions::default(),
    };
    Store::with_snapshot(Snapshot::in_memory(library).expect("index"), settings)
}

#[test]
fn path_and_ladder_answers_carry_pictures_that_decode() {
    let store = store();
    let settings = Settings::default();
    let ctx = Context { store: &store, settings: &settings, caller: Caller::default() };
    for line in ["/path secops cloud", "/ladder devops", "/ladder secops", "/path 31 14"] {
        let invocation = commands::parse_line(&store.snapshot(), line).unwrap();
        let reply = commands::execute(&ctx, &invocation, 0);
        let sketch = reply.picture.as_ref().unwrap_or_else(|| panic!("{line}: no picture"));
        let picture = render(sketch).unwrap_or_else(|e| panic!("{line}: {e}"));
        check(&picture.png);
        assert!(!picture.description.is_empty());
    }
    // Error answers and later pages carry none.
    let invocation = commands::parse_line(&store.snapshot(), "/path secopz cloud").unwrap();
    assert_eq!(commands::execute(&ctx, &invocation, 0).picture, None);
}

#[test]
fn hostile_text_is_drawn_as_text() {
    let long = "W".repeat(6_000);
    for text in [
        "<svg onload=\"x\">&amp;</text>",
        "İstanbul ǅemal ﬃ 👩‍👩‍👧 \u{202e}evil\u{202c} ＦＵＬＬ",
        long.as_str(),
        "",
        "\u{0}\u{7}",
    ] {
        let stop = |career: &str| Stop { career: career.to_string(), takes: vec![text.to_string(); 5] };
        for described in [true, false] {
            let route = Sketch::Route { stops: vec![stop(text), stop("Cloud Engineer"), stop(text)], described };
            check(&render(&route).unwrap_or_else(|e| panic!("{text:?}: {e}")).png);
            assert_legible(&route);
        }
        let levels = (0..12).map(|i| (format!("{text} {i}"), vec![text.to_string(); 30])).collect();
        let ladder =
            render(&Sketch::Ladder { career: text.to_string(), levels }).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        check(&ladder.png);
        assert_legible(&Sketch::Ladder {
            career: text.to_string(),
            levels: vec![(text.to_string(), vec![text.to_string(); 3])],
        });
        let bars = vec![(text.to_string(), 0.5), ("Certifications".to_string(), 1.0), ("Tools".to_string(), f32::NAN)];
        assert_legible(&Sketch::Progress { title: text.to_string(), bars });
    }
}

/// Every text of a drawing, rendered with the embedded font: inside the column it was given,
/// at least 1/40 of the picture's width, and the card dark (Discord's dark theme).
fn assert_legible(sketch: &Sketch) {
    let drawing = draw(sketch);
    let tree = resvg::usvg::Tree::from_str(&drawing.svg, options()).expect("the SVG parses");
    assert!(!drawing.texts.is_empty());
    let mut measured = 0;
    for span in &drawing.texts {
        assert!(span.size * 40 >= drawing.width, "{}: text of {} px on {} px", span.id, span.size, drawing.width);
        // A text with no glyph to draw (empty, or only characters the font lacks) is dropped.
        let Some(node) = tree.node_by_id(&span.id) else { continue };
        measured += 1;
        let Some(bounds) = node.abs_bounding_box().into() else { continue };
        let bounds: resvg::usvg::Rect = bounds;
        assert!(
            bounds.left() >= span.left - 1.0 && bounds.right() <= span.right + 1.0,
            "{}: text from {} to {} outside {}..{} in {}",
            span.id,
            bounds.left(),
            bounds.right(),
            span.left,
            span.right,
            drawing.description
        );
    }
    assert!(measured > 0, "no text measured in {}", drawing.description);
    let picture = render(sketch).unwrap();
    let pixmap = check(&picture.png);
    let card = pixmap.pixel(8, pixmap.height() / 2).unwrap();
    let luminance = 0.2126 * card.red() as f32 + 0.7152 * card.green() as f32 + 0.0722 * card.blue() as f32;
    assert!(luminance < 64.0, "the card is light ({luminance}) on Discord's dark theme");
}

#[test]
fn every_picture_the_library_draws_is_legible_and_keeps_its_text_inside() {
    let store = store();
    let settings = Settings::default();
    let ctx = Context { store: &store, settings: &settings, caller: Caller::default() };
    let snapshot = store.snapshot();
    let careers: Vec<String> = snapshot
        .library
        .documents
        .iter()
        .filter(|d| d.kind == careerbot::content::Kind::Career)
        .map(|d| d.slug.clone())
        .collect();
    let mut drawn = 0;
    for (i, slug) in careers.iter().enumerate() {
        let other = &careers[(i * 7 + 3) % careers.len()];
        for line in [format!("/ladder {slug}"), format!("/path {slug} {other}")] {
            let invocation = commands::parse_line(&snapshot, &line).unwrap();
            let reply = commands::execute(&ctx, &invocation, 0);
            if let Some(sketch) = &reply.picture {
                assert_legible(sketch);
                drawn += 1;
            } else {
                // Every /path draws (a route, or the gap when there is none); only a career
                // without a ladder draws no ladder.
                assert!(line.starts_with("/ladder") && reply.error, "{line}: no picture");
            }
        }
    }
    assert!(drawn >= careers.len() * 2 - 2, "only {drawn} pictures");
}

/// Every track's map (`/learn <track>`) is legible on the dark card, keeps each lesson's number
/// inside its cell and draws every lesson; the member's ticked lessons are the filled cells.
#[test]
fn every_track_map_is_legible_and_ticks_what_the_member_did() {
    use careerbot::commands::learn::track_map_of;
    let store = store();
    let snapshot = store.snapshot();
    for track in &snapshot.library.tracks {
        let done: std::collections::HashSet<String> =
            track.lessons.iter().step_by(3).map(|l| format!("tracks/{}/{}", track.slug, l.stem)).collect();
        let sketch = track_map_of(track, &done);
        assert_legible(&sketch);
        let Sketch::TrackMap { modules, .. } = &sketch else { panic!("{sketch:?}") };
        let cells: Vec<&(String, bool)> = modules.iter().flat_map(|m| &m.lessons).collect();
        assert_eq!(cells.len(), track.lessons.len(), "{}", track.slug);
        assert_eq!(cells.iter().filter(|(_, ticked)| *ticked).count(), done.len(), "{}", track.slug);
        let drawing = draw(&sketch);
        assert!(drawing.svg.contains("✓ "), "{}: ticks drawn", track.slug);
        if !track.modules.is_empty() {
            assert!(modules.iter().all(|m| !m.name.is_empty()), "{}: every module named", track.slug);
        }
    }
    // As members get it: `/learn <track>` carries the map.
    let settings = Settings::default();
    let ctx = Context { store: &store, settings: &settings, caller: Caller::default() };
    let reply = commands::execute(&ctx, &commands::parse_line(&snapshot, "/learn full stack").unwrap(), 0);
    assert!(matches!(reply.picture, Some(Sketch::TrackMap { .. })), "{:?}", reply.picture);
}
