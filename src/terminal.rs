//! The terminal front end: `careerbot ask` answers one invocation, `careerbot chat` is an
//! interactive session with history, tab completion (the same suggestions as Discord's
//! autocomplete) and `/next` `/prev` for pages. The terminal counts as a moderator.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use rustyline::completion::{Completer, Pair};
use rustyline::error::ReadlineError;
use rustyline::history::DefaultHistory;
use rustyline::{Context as LineContext, Editor, Helper, Highlighter, Hinter, Validator};

use crate::commands::{self, Caller, Context, Invocation, OptionValue, Reply, COMMANDS};
use crate::snapshot::Store;

/// How to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Colour and bold (a terminal).
    Ansi,
    /// Plain markdown (piped).
    Plain,
}

impl Style {
    /// Ansi on a terminal, plain when piped or when NO_COLOR is set.
    pub fn detect() -> Style {
        if std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
            Style::Ansi
        } else {
            Style::Plain
        }
    }
}

const BOLD: &str = "\x1b[1m";
const DIM: &str = "\x1b[2m";
const CYAN: &str = "\x1b[36m";
const BLUE: &str = "\x1b[34;4m";
const RESET: &str = "\x1b[0m";

/// Writes `text` to standard output. A reader that has gone (a broken pipe: `careerbot ask … |
/// head`) ends the process with success, as the shell's own tools do; any other failure to
/// write ends it with an error line. Used by [`outln!`] and [`out!`], never by the bot.
pub fn write_out(text: &str) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("careerbot: cannot write the answer: {e}");
        std::process::exit(1);
    }
}

/// A reply for a terminal: the title, every page (or only the shown one), the buttons as
/// links, the footer.
pub fn render(reply: &Reply, style: Style, all_pages: bool) -> String {
    let mut out = String::new();
    let paint = |code: &str, text: &str| match style {
        Style::Ansi => format!("{code}{text}{RESET}"),
        Style::Plain => text.to_string(),
    };
    if let Some(user) = reply.mention {
        out.push_str(&format!("(for member {user})\n"));
    }
    out.push_str(&paint(BOLD, &reply.title));
    out.push('\n');
    if let Some(url) = &reply.url {
        out.push_str(&paint(BLUE, url));
        out.push('\n');
    }
    out.push('\n');
    let pages: Vec<(usize, &String)> = if all_pages {
        reply.pages.iter().enumerate().collect()
    } else {
        reply.pages.get(reply.page).map(|p| vec![(reply.page, p)]).unwrap_or_default()
    };
    for (i, page) in pages {
        if all_pages && reply.pages.len() > 1 && i > 0 {
            out.push_str(&paint(DIM, &format!("── page {}/{} ──", i + 1, reply.pages.len())));
            out.push_str("\n\n");
        }
        out.push_str(&markdown(page, style));
        out.push_str("\n\n");
    }
    if reply.page == 0 || !all_pages {
        for field in &reply.fields {
            out.push_str(&format!("{}: {}   ", paint(BOLD, &field.name), field.value));
        }
        if !reply.fields.is_empty() {
            out.push_str("\n\n");
        }
    }
    for button in &reply.buttons {
        out.push_str(&format!("→ {}: {}\n", button.label, paint(BLUE, &button.url)));
    }
    for step in &reply.steps {
        out.push_str(&format!("→ {}: {}\n", step.label, paint(BLUE, &step.line)));
    }
    let footer = if all_pages { reply.footer.clone() } else { reply.footer_line() };
    if !footer.is_empty() {
        out.push_str(&paint(DIM, &footer));
        out.push('\n');
    }
    out
}

/// Markdown for a terminal: on ANSI, `**bold**` is bold, `` `code` `` cyan, code blocks
/// indented; plain keeps the markdown as it is.
fn markdown(text: &str, style: Style) -> String {
    if style == Style::Plain {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut in_code = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if in_code {
            out.push_str(&format!("  {CYAN}│{RESET} {line}\n"));
            continue;
        }
        out.push_str(&inline(line));
        out.push('\n');
    }
    out.trim_end().to_string()
}

/// `**x**` → bold, `` `x` `` → cyan, `*x*` → dim (italics render poorly in many terminals).
fn inline(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 16);
    let mut rest = line;
    while !rest.is_empty() {
        let (marker, code) = if rest.starts_with("**") {
            ("**", BOLD)
        } else if rest.starts_with('`') {
            ("`", CYAN)
        } else if rest.starts_with('*') && !rest.starts_with("* ") {
            ("*", DIM)
        } else {
            let c = rest.chars().next().unwrap_or(' ');
            out.push(c);
            rest = &rest[c.len_utf8()..];
            continue;
        };
        match rest[marker.len()..].find(marker) {
            Some(end) if end > 0 => {
                out.push_str(code);
                out.push_str(&rest[marker.len()..marker.len() + end]);
                out.push_str(RESET);
                rest = &rest[marker.len() * 2 + end..];
            }
            _ => {
                out.push_str(marker);
                rest = &rest[marker.len()..];
            }
        }
    }
    out
}

/// The terminal's caller: a moderator.
/// The terminal: a moderator, one local member (id 1 unless `--member`) in the "local" server.
pub fn terminal_caller(member: Option<u64>) -> Caller {
    Caller { moderator: true, user: Some(member.unwrap_or(1)), guild: Some(crate::commands::plan::LOCAL_GUILD) }
}

/// `careerbot ask`: prints the reply, and writes its picture, if it has one, into `images`
/// (the path is printed, or named `image` in the JSON); returns the exit code (1 for an
/// unknown command or an error answer). A picture that cannot be made is a warning only.
pub fn ask(store: &Store, settings: &commands::Settings, caller: Caller, line: &str, json: bool, images: &Path) -> u8 {
    let invocation = match commands::parse_line(&store.snapshot(), line) {
        Ok(invocation) => invocation,
        Err(e) => {
            eprintln!("careerbot: {e}");
            return 1;
        }
    };
    let ctx = Context { store, settings, caller };
    let reply = commands::execute(&ctx, &invocation, 0);
    let image = reply.picture.as_ref().and_then(|sketch| match write_picture(sketch, images) {
        Ok(path) => Some(path),
        Err(e) => {
            eprintln!("careerbot: no picture: {e}");
            None
        }
    });
    if json {
        let mut value = serde_json::to_value(&reply).unwrap_or_default();
        if let (Some(object), Some(path)) = (value.as_object_mut(), &image) {
            object.insert("image".into(), serde_json::Value::String(path.display().to_string()));
        }
        match serde_json::to_string_pretty(&value) {
            Ok(text) => outln!("{text}"),
            Err(e) => {
                eprintln!("careerbot: cannot write JSON: {e}");
                return 2;
            }
        }
    } else {
        out!("{}", render(&reply, Style::detect(), true));
        if let Some(path) = &image {
            outln!("Picture: {}", path.display());
        }
    }
    u8::from(reply.error)
}

/// Renders a picture into `folder` (made if missing), named after this process so that two
/// `ask`s at once do not write over each other's.
fn write_picture(sketch: &crate::picture::Sketch, folder: &Path) -> Result<PathBuf, String> {
    let picture = crate::picture::render(sketch).map_err(|e| e.to_string())?;
    std::fs::create_dir_all(folder).map_err(|e| format!("{}: {e}", folder.display()))?;
    let path = folder.join(format!("{}-{}", std::process::id(), picture.file_name));
    std::fs::write(&path, &picture.png).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(path)
}

/// `careerbot chat`: reads invocations until end of input or `/quit`.
pub fn chat(store: &Store, settings: &commands::Settings, caller: Caller) -> Result<(), ReadlineError> {
    let ctx = Context { store, settings, caller };
    let mut editor: Editor<LineHelper<'_>, DefaultHistory> = Editor::new()?;
    editor.set_helper(Some(LineHelper { store }));
    let history = std::env::var_os("HOME").map(|home| std::path::PathBuf::from(home).join(".careerbot_history"));
    if let Some(path) = &history {
        let _ = editor.load_history(path);
    }
    let style = Style::detect();
    outln!("careerbot chat: type /help, Tab completes, /next and /prev turn pages, /quit leaves.");
    let mut last: Option<Reply> = None;
    loop {
        let line = match editor.readline("careerbot> ") {
            Ok(line) => line,
            Err(ReadlineError::Interrupted) => continue,
            Err(ReadlineError::Eof) => break,
            Err(e) => return Err(e),
        };
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        let _ = editor.add_history_entry(trimmed);
        let reply = match trimmed {
            "/quit" | "/exit" | "quit" | "exit" => break,
            "/next" | "/prev" => {
                let token =
                    last.as_ref().and_then(|r| if trimmed == "/next" { r.next.clone() } else { r.prev.clone() });
                match token {
                    Some(token) => commands::turn_page(&ctx, &token),
                    None => {
                        outln!("No {} page.", if trimmed == "/next" { "next" } else { "previous" });
                        continue;
                    }
                }
            }
            _ => match commands::parse_line(&store.snapshot(), trimmed) {
                Ok(invocation) => commands::execute(&ctx, &invocation, 0),
                Err(e) => {
                    outln!("{e}");
                    continue;
                }
            },
        };
        out!("{}", render(&reply, style, false));
        if reply.next.is_some() {
            outln!("(/next for more)");
        }
        last = Some(reply);
    }
    if let Some(path) = &history {
        let _ = editor.save_history(path);
    }
    Ok(())
}

/// Tab completion for `careerbot chat`.
#[derive(Helper, Highlighter, Hinter, Validator)]
struct LineHelper<'a> {
    store: &'a Store,
}

impl Completer for LineHelper<'_> {
    type Candidate = Pair;

    fn complete(&self, line: &str, pos: usize, _: &LineContext<'_>) -> rustyline::Result<(usize, Vec<Pair>)> {
        let before = &line[..pos];
        let start = before.rfind(char::is_whitespace).map_or(0, |i| i + 1);
        Ok((start, completions(self.store, &before[..start], &before[start..])))
    }
}

/// Candidates for the word being typed, given the line before it.
pub fn completions(store: &Store, before: &str, word: &str) -> Vec<Pair> {
    let pair = |display: String, replacement: String| Pair { display, replacement };
    if before.trim().is_empty() {
        let typed = word.trim_start_matches('/');
        return COMMANDS
            .iter()
            .filter(|c| c.name.starts_with(typed))
            .map(|c| pair(format!("/{}", c.name), format!("/{} ", c.name)))
            .collect();
    }
    let Ok((partial, next_positional)) = Invocation::parse_partial(before) else { return Vec::new() };
    let spec = commands::spec::spec(partial.command);
    let (option, typed, prefix) = match word.split_once(':') {
        Some((name, value)) => match spec.option(name) {
            Some(option) => (Some(option), value, format!("{name}:")),
            None => return Vec::new(),
        },
        None => (next_positional, word, String::new()),
    };
    let mut out = Vec::new();
    if prefix.is_empty() {
        out.extend(
            spec.options
                .iter()
                .filter(|o| partial.get(o.name).is_none() && o.name.starts_with(word))
                .map(|o| pair(format!("{}:", o.name), format!("{}:", o.name))),
        );
    }
    if let Some(option) = option {
        let snapshot = store.snapshot();
        for choice in commands::complete(&snapshot, &partial, option.name, typed) {
            let value = match &choice.value {
                OptionValue::String(s) if s.contains(char::is_whitespace) => format!("\"{s}\""),
                other => other.to_string(),
            };
            out.push(pair(choice.name, format!("{prefix}{value} ")));
        }
    }
    out
}
