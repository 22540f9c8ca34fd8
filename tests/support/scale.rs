//! A larger library made of the real documents: every document of a content folder copied
//! under new numbers, titles, permalinks and file names (`27-SecOps_Engineer_5.md`, "527.
//! SecOps Engineer 5"), the way the project's 100x library generator does, so that tests and benches
//! measure real text at scale rather than random words. Front-matter aliases are dropped from
//! the copies (they would collide).
#![allow(dead_code)]

use std::path::Path;

/// Writes `copies` copies of every document in `src` into `dst` (copy 0 is the original), and
/// its other files (`synonyms.toml`) once. Returns the number of documents written.
pub fn scale_library(src: &Path, dst: &Path, copies: usize) -> usize {
    let mut names: Vec<String> = std::fs::read_dir(src)
        .unwrap_or_else(|e| panic!("{}: {e}", src.display()))
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !is_folder_file(n))
        .collect();
    names.sort();
    let mut written = 0;
    // Other files of the folder (`synonyms.toml`) once, as they are.
    for name in names.iter().filter(|n| !n.ends_with(".md")) {
        std::fs::copy(src.join(name), dst.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    names.retain(|n| n.ends_with(".md"));
    for name in &names {
        let text = std::fs::read_to_string(src.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        for copy in 0..copies {
            let (file, body) = if copy == 0 { (name.clone(), text.clone()) } else { renamed(name, &text, copy) };
            std::fs::write(dst.join(&file), body).unwrap_or_else(|e| panic!("{file}: {e}"));
            written += 1;
        }
    }
    written
}

fn is_folder_file(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    ["NOTICE", "README", "LICENSE"].iter().any(|p| upper.starts_with(p))
}

/// One copy: `title: "27. SecOps Engineer"` → `title: "527. SecOps Engineer 5"`, the permalink
/// gets `-5`, aliases are dropped, the file is `27-SecOps_Engineer_5.md`.
fn renamed(name: &str, text: &str, copy: usize) -> (String, String) {
    let mut out = String::with_capacity(text.len() + 64);
    let mut title_done = false;
    let mut permalink_done = false;
    for line in text.split_inclusive('\n') {
        let bare = line.trim_end_matches(['\n', '\r']);
        if !title_done && bare.starts_with("title:") {
            title_done = true;
            let value = bare["title:".len()..].trim().trim_matches('"');
            let title = match value.split_once(". ").filter(|(n, _)| n.parse::<u32>().is_ok()) {
                Some((number, rest)) => {
                    let number: usize = number.parse().unwrap_or(0);
                    format!("{}. {rest} {copy}", number + 100 * copy)
                }
                None => format!("{value} {copy}"),
            };
            out.push_str(&format!("title: \"{title}\"\n"));
        } else if !permalink_done && bare.starts_with("permalink:") {
            permalink_done = true;
            let value = bare["permalink:".len()..].trim().trim_matches('"').trim_end_matches('/');
            out.push_str(&format!("permalink: {value}-{copy}/\n"));
        } else if bare.starts_with("aliases:") {
            out.push('\n');
        } else {
            out.push_str(line);
        }
    }
    let stem = name.strip_suffix(".md").unwrap_or(name);
    (format!("{stem}_{copy}.md"), out)
}

/// Writes `copies` copies of every track of `src/tracks/` into `dst/tracks/` (copy 0 the
/// original; copy n as `<track>-n/`), the way the project's 100x generator copies them: every
/// page's title suffixed with the copy, the track's permalink prefix (its index's permalink)
/// suffixed wherever a page writes it, file names and relative links kept, so that lesson order
/// and index links work as in the original. Returns the number of pages written.
pub fn scale_tracks(src: &Path, dst: &Path, copies: usize) -> usize {
    let tracks = src.join("tracks");
    let Ok(entries) = std::fs::read_dir(&tracks) else { return 0 };
    let mut folders: Vec<std::path::PathBuf> =
        entries.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.is_dir()).collect();
    folders.sort();
    let mut written = 0;
    for folder in folders {
        let name = folder.file_name().unwrap().to_string_lossy().into_owned();
        let index = std::fs::read_to_string(folder.join("index.md")).unwrap_or_default();
        let prefix = index
            .lines()
            .find_map(|l| l.strip_prefix("permalink:"))
            .map(|p| p.trim().trim_matches('"').trim_end_matches('/').to_string())
            .filter(|p| !p.is_empty());
        for copy in 0..copies {
            let out = dst.join("tracks").join(if copy == 0 { name.clone() } else { format!("{name}-{copy}") });
            written += copy_pages(&folder, &out, copy, prefix.as_deref());
        }
    }
    written
}

/// The pages under `from` into `to`, as copy `copy` (see [`scale_tracks`]).
fn copy_pages(from: &Path, to: &Path, copy: usize, prefix: Option<&str>) -> usize {
    std::fs::create_dir_all(to).unwrap_or_else(|e| panic!("{}: {e}", to.display()));
    let mut written = 0;
    let mut entries: Vec<std::path::PathBuf> =
        std::fs::read_dir(from).unwrap().filter_map(|e| e.ok()).map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            written += copy_pages(&path, &to.join(&file), copy, prefix);
            continue;
        }
        let text = std::fs::read(&path).unwrap();
        let out = match (copy, String::from_utf8(text.clone())) {
            (0, _) | (_, Err(_)) => text,
            (_, Ok(text)) if file.ends_with(".md") => retitled(&text, copy, prefix).into_bytes(),
            (_, Ok(text)) => text.into_bytes(),
        };
        std::fs::write(to.join(&file), out).unwrap();
        written += usize::from(file.ends_with(".md"));
    }
    written
}

fn retitled(text: &str, copy: usize, prefix: Option<&str>) -> String {
    let text = match prefix {
        Some(prefix) => text.replace(prefix, &format!("{prefix}-{copy}")),
        None => text.to_string(),
    };
    let mut out = String::with_capacity(text.len() + 16);
    let mut titled = false;
    for line in text.split_inclusive('\n') {
        let bare = line.trim_end_matches(['\n', '\r']);
        if !titled && bare.starts_with("title:") {
            titled = true;
            let value = bare["title:".len()..].trim().trim_matches('"');
            out.push_str(&format!("title: \"{value} {copy}\"\n"));
        } else {
            out.push_str(line);
        }
    }
    out
}
