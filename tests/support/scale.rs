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
