//! Pictures decoded back: the right size, not blank, within the size limit, for what the
//! shipped library draws and for hostile text.

use std::path::Path;

use careerbot::commands::{self, Caller, Context, Settings};
use careerbot::content::{load_dir, LoadOptions};
use careerbot::picture::{render, Sketch, MAX_BYTES};
use careerbot::snapshot::{self, Snapshot, Store};
use resvg::tiny_skia::Pixmap;

/// Decodes a PNG and checks it: width, at least two colours over a fair share of it.
fn check(png: &[u8]) -> Pixmap {
    assert!(png.len() <= MAX_BYTES, "{} bytes", png.len());
    let pixmap = Pixmap::decode_png(png).expect("a PNG");
    assert_eq!(pixmap.width(), 960);
    assert!(pixmap.height() >= 200);
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
    for line in ["/path secops cloud", "/ladder devops", "/ladder secops"] {
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
        let route = render(&Sketch::Route { steps: vec![text.to_string(), "Cloud Engineer".into(), text.to_string()] })
            .unwrap_or_else(|e| panic!("{text:?}: {e}"));
        check(&route.png);
        let levels = (0..12).map(|i| (format!("{text} {i}"), vec![text.to_string(); 30])).collect();
        let ladder =
            render(&Sketch::Ladder { career: text.to_string(), levels }).unwrap_or_else(|e| panic!("{text:?}: {e}"));
        check(&ladder.png);
    }
}
