//! YAML front matter: the block between two `---` lines at the top of a document.

use serde_yaml::Value;

use super::Kind;

/// A document's text cut in two.
pub(super) struct Split<'a> {
    /// `None`: no front matter. `Some(Err(line))`: opened at `line` and never closed.
    pub front_matter: Option<Result<&'a str, usize>>,
    /// 1-based file line of the first YAML line.
    pub first_line_of_yaml: usize,
    /// The markdown after the front matter.
    pub body: &'a str,
    /// 1-based file line where `body` starts.
    pub body_first_line: usize,
}

/// Cuts the front matter off. `text` has `\n` line endings and no BOM.
pub(super) fn split(text: &str) -> Split<'_> {
    let no_front_matter = Split { front_matter: None, first_line_of_yaml: 0, body: text, body_first_line: 1 };
    let Some(rest) = text.strip_prefix("---") else { return no_front_matter };
    let Some(rest) = rest.trim_start_matches([' ', '\t']).strip_prefix('\n') else {
        return no_front_matter; // `----` or `--- text`: a rule, not front matter
    };
    let mut offset = 0;
    for (index, line) in rest.split_inclusive('\n').enumerate() {
        let bare = line.trim_end();
        if bare == "---" || bare == "..." {
            return Split {
                front_matter: Some(Ok(&rest[..offset])),
                first_line_of_yaml: 2,
                body: &rest[offset + line.len()..],
                body_first_line: index + 3,
            };
        }
        offset += line.len();
    }
    Split { front_matter: Some(Err(1)), first_line_of_yaml: 2, body: "", body_first_line: 1 }
}

/// The front-matter keys careerbot reads; others (`layout`, …) are ignored.
#[derive(Debug, Default)]
pub(super) struct FrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    pub permalink: Option<String>,
    pub lang: Option<String>,
    pub kind: Option<Kind>,
    pub aliases: Vec<String>,
}

type Warnings = Vec<(usize, String)>;

/// Parses the YAML. An error is `(file line, message)`.
pub(super) fn parse(raw: &str, first_line: usize) -> Result<(FrontMatter, Warnings), (usize, String)> {
    let value: Value = serde_yaml::from_str(raw).map_err(|e| {
        let message = e.to_string();
        // Reader errors (a control character, …) come with line 0 and a byte offset instead:
        // "… at position 42". Count the lines up to the offset, or the error would name the
        // first YAML line whatever line holds the bad character.
        let line = match position_of(&message) {
            Some(offset) => {
                raw.as_bytes()[..offset.min(raw.len())].iter().filter(|&&b| b == b'\n').count() + first_line
            }
            None => e.location().map(|l| l.line() + first_line - 1).unwrap_or(first_line),
        };
        (line, format!("invalid YAML front matter: {}", strip_location(&message)))
    })?;
    let mut warnings = Vec::new();
    let map = match value {
        Value::Mapping(map) => map,
        Value::Null => return Ok((FrontMatter::default(), warnings)),
        _ => return Err((first_line, "front matter must be a YAML mapping (key: value lines)".into())),
    };
    // Line of a key, for warnings: the first YAML line that starts with it.
    let line_of = |key: &str| {
        raw.lines().position(|l| l.trim_start().starts_with(&format!("{key}:"))).map_or(first_line, |i| i + first_line)
    };
    let mut fm = FrontMatter::default();
    let text = |key: &str, warnings: &mut Warnings| match map.get(key) {
        None | Some(Value::Null) => None,
        Some(value) => match scalar(value) {
            Some(s) => Some(s),
            None => {
                warnings.push((line_of(key), format!("front matter '{key}' should be text; ignored")));
                None
            }
        },
    };
    fm.title = text("title", &mut warnings).filter(|t| !t.trim().is_empty());
    fm.description = text("description", &mut warnings);
    fm.permalink = text("permalink", &mut warnings);
    fm.lang = text("lang", &mut warnings);
    if let Some(kind) = text("kind", &mut warnings) {
        match kind.trim().to_ascii_lowercase().as_str() {
            "career" => fm.kind = Some(Kind::Career),
            "guide" => fm.kind = Some(Kind::Guide),
            other => warnings.push((
                line_of("kind"),
                format!("front matter kind '{other}' is neither 'career' nor 'guide'; guessed instead"),
            )),
        }
    }
    match map.get("aliases") {
        None | Some(Value::Null) => {}
        Some(Value::Sequence(items)) => {
            for item in items {
                match scalar(item) {
                    Some(alias) if !alias.trim().is_empty() => fm.aliases.push(alias.trim().to_string()),
                    _ => warnings.push((line_of("aliases"), "an alias is not text; ignored".into())),
                }
            }
        }
        Some(value) => match scalar(value) {
            Some(alias) => fm.aliases.extend(alias.split(',').map(|a| a.trim().to_string()).filter(|a| !a.is_empty())),
            None => warnings.push((line_of("aliases"), "aliases should be a list of names; ignored".into())),
        },
    }
    Ok((fm, warnings))
}

fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// serde_yaml appends " at line X column Y" (or " at position N"); we report the file line
/// ourselves.
fn strip_location(message: &str) -> &str {
    match message.find(" at line ").or_else(|| message.find(" at position ")) {
        Some(i) => &message[..i],
        None => message,
    }
}

/// The byte offset of a libyaml reader error: "… at position 42".
fn position_of(message: &str) -> Option<usize> {
    let at = message.find(" at position ")?;
    let digits: String = message[at + " at position ".len()..].chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_counts_lines() {
        let s = split("---\ntitle: x\n---\n# Hi\n");
        assert_eq!(s.front_matter, Some(Ok("title: x\n")));
        assert_eq!(s.body, "# Hi\n");
        assert_eq!(s.body_first_line, 4);
    }

    #[test]
    fn unclosed_front_matter_is_reported() {
        assert_eq!(split("---\ntitle: x\n# Hi\n").front_matter, Some(Err(1)));
    }

    #[test]
    fn a_horizontal_rule_is_not_front_matter() {
        assert!(split("----\ntext").front_matter.is_none());
    }

    #[test]
    fn a_control_character_is_reported_on_its_own_line() {
        let err = parse("title: x\ndescription: \"a \x07 bell\"\n", 2).unwrap_err();
        assert_eq!(err.0, 3, "{err:?}");
        assert!(!err.1.contains("position"), "{err:?}");
    }

    #[test]
    fn yaml_error_names_the_file_line() {
        let err = parse("title: \"x\"\ndescription: [unclosed\n", 2).unwrap_err();
        assert!(err.0 >= 3, "{err:?}");
        assert!(err.1.starts_with("invalid YAML front matter"), "{err:?}");
    }
}
