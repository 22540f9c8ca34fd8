//! `/plan` and `/group`: a member's target career, their checklist from its document, and a
//! server's board of shared plans. Storage is [`crate::plans`]: this module decides what to
//! read and write there (`/plan` writes, `/group` only reads) and formats it; no SQL here. A
//! member sees their own plan and the plans shared in the same server; DMs have none.

use crate::catalog::checklists::{find_in, Checklist, ChecklistItem, Found};
use crate::content::{Lesson, Track};
use crate::plans::{track_prefix, PlanError, PlanStore};

use super::learn::{self, lesson_title};

use super::invocation::{Invocation, OptionValue};
use super::reply::Draft;
use super::token::{ConfirmAction, Confirmation};
use super::{CommandName, Context, Request};

/// What `/plan` does, by its `action` option.
pub const ACTIONS: &[&str] = &["show", "set", "done", "undo", "share", "forget"];

/// The terminal's server (it has no Discord server).
pub const LOCAL_GUILD: u64 = 0;

pub(crate) fn guild_key(guild: u64) -> String {
    if guild == LOCAL_GUILD {
        "local".to_string()
    } else {
        guild.to_string()
    }
}

fn unavailable(e: PlanError) -> Draft {
    if e.bad_row.is_some() {
        // Logged with its key where it was read; trying again will not help.
        return Draft::error(
            "Plan unreadable",
            "This plan's record in the database can't be read (it was changed outside the bot); nothing was changed. The bot's operator can find it with `careerbot db check`.",
        );
    }
    tracing::error!(error = %e, "plans database failed");
    Draft::error(
        "Plans are unavailable",
        "Plans can't be read or saved right now; nothing was changed. Try again in a moment.",
    )
}

/// Progress toward a career, the one definition `/plan` and `/group` share: the items of its
/// current checklist that are ticked, of all the checklist lists. A tick of an item the
/// document no longer lists counts for neither.
fn progress(checklist: &Checklist, ticked: impl Fn(&str) -> bool) -> (usize, usize) {
    checklist
        .groups
        .iter()
        .fold((0, 0), |(done, all), (_, items)| (done + ticked_in(items, &ticked), all + items.len()))
}

/// How many of a group's items are ticked.
fn ticked_in(items: &[ChecklistItem], ticked: impl Fn(&str) -> bool) -> usize {
    items.iter().filter(|i| ticked(&i.id)).count()
}

/// Where the member stands: server and member keys, or the answer that says why not.
fn member_and_store<'a>(ctx: &'a Context<'_>) -> Result<(&'a PlanStore, String, String), Box<Draft>> {
    let Some(plans) = ctx.store.plans() else {
        return Err(Box::new(Draft::error(
            "Plans are unavailable",
            "Plans can't be read or saved right now: the bot has no working database. Every other command works.",
        )));
    };
    let (Some(guild), Some(user)) = (ctx.caller.guild, ctx.caller.user) else {
        return Err(Box::new(Draft::error(
            "Plans live in servers",
            "Plans belong to a server: use `/plan` in one, not in DMs.",
        )));
    };
    Ok((plans, guild_key(guild), user.to_string()))
}

/// Answers `/plan`.
pub(crate) fn answer(ctx: &Context<'_>, request: &Request<'_>, invocation: &Invocation) -> Draft {
    let (plans, guild, member) = match member_and_store(ctx) {
        Ok(found) => found,
        Err(answer) => return *answer,
    };
    let action = invocation.text("action").unwrap_or("show").trim().to_lowercase();
    let result = match action.as_str() {
        "show" => show(plans, request, &guild, &member, invocation.user("member")),
        "set" => set(plans, request, &guild, &member, invocation),
        "done" | "undo" => tick(plans, request, &guild, &member, invocation, action == "done"),
        "share" => share(plans, &guild, &member, invocation),
        "forget" => forget(plans, &guild, &member, invocation),
        other => Ok(Draft::error(
            "No such action",
            format!("`/plan` does {}, not {}.", ACTIONS.join(", "), super::format::quoted(other)),
        )),
    };
    result.unwrap_or_else(unavailable)
}

type Answer = Result<Draft, crate::plans::PlanError>;

/// Autocomplete for `item:` from the member's own plan: the items not done yet for `done`, the
/// done ones for `undo`; the last of several comma-separated items is the one being typed.
/// `None` when there is no plan to read (no database, no server, no target): the caller then
/// offers the items of the career named in the command, if any.
pub(crate) fn item_choices(ctx: &Context<'_>, invocation: &Invocation, typed: &str) -> Option<Vec<(String, String)>> {
    let (plans, guild, member) = member_and_store(ctx).ok()?;
    let (plan, done) = plans.plan_and_done(&guild, &member).ok()??;
    let snapshot = ctx.store.snapshot();
    let position = snapshot.library.position(&plan.career)?;
    let undoing = invocation.text("action").is_some_and(|a| a.trim().eq_ignore_ascii_case("undo"));
    let is_done = |item: &ChecklistItem| done.iter().any(|(id, _)| id == &item.id);
    Some(typed_items(snapshot.checklist(position), |i| is_done(i) == undoing, typed))
}

/// Autocomplete for `lesson:` from the member's own track: the lessons not done yet for
/// `done`, the done ones for `undo`, matching what is typed after the last comma, as (name,
/// value) with the lessons typed before kept in the value.
pub(crate) fn lesson_choices(ctx: &Context<'_>, invocation: &Invocation, typed: &str) -> Option<Vec<(String, String)>> {
    let (plans, guild, member) = member_and_store(ctx).ok()?;
    let (plan, done) = plans.plan_and_done(&guild, &member).ok()??;
    let snapshot = ctx.store.snapshot();
    let track = snapshot.library.track(plan.track.as_deref()?)?;
    let undoing = invocation.text("action").is_some_and(|a| a.trim().eq_ignore_ascii_case("undo"));
    let (before, last) = typed.rsplit_once(',').map_or(("", typed), |(b, l)| (b, l));
    let last = last.trim().to_lowercase();
    let choices = track
        .lessons
        .iter()
        .filter(|l| done.iter().any(|(id, _)| *id == lesson_item(track, l)) == undoing)
        .filter(|l| last.is_empty() || l.number.starts_with(&last) || lesson_title(l).to_lowercase().contains(&last))
        .map(|l| {
            let value = if before.is_empty() { l.number.clone() } else { format!("{before}, {}", l.number) };
            (format!("{} {}", l.number, lesson_title(l)), value)
        })
        .collect();
    Some(choices)
}

/// The items kept by `keep` whose name holds what is typed after the last comma, as (name,
/// value). The value is the item's id, so a choice ticks exactly that item (Python under Skills,
/// not also under Tools), after the items typed before it ("Docker, ansi" → "Docker, <id of
/// Ansible>"); the name says the group when another item has the same name.
pub(crate) fn typed_items(
    checklist: &Checklist,
    keep: impl Fn(&ChecklistItem) -> bool,
    typed: &str,
) -> Vec<(String, String)> {
    let (before, last) = typed.rsplit_once(',').map_or(("", typed), |(b, l)| (b, l));
    let last = crate::catalog::keys::fold(last);
    let all = || checklist.items();
    all()
        .filter(|(_, i)| keep(i) && crate::catalog::keys::fold(&i.name).contains(&last))
        .map(|(group, i)| {
            let shared_name = all().filter(|(_, other)| other.name == i.name).count() > 1;
            let name = if shared_name { format!("{} ({group})", i.name) } else { i.name.clone() };
            let with_before = |v: &str| if before.is_empty() { v.to_string() } else { format!("{before}, {v}") };
            // A value too long for Discord falls back to the name (which ticks every item of it).
            let value = Some(with_before(&i.id))
                .filter(|v| super::reply::limits::len(v) <= super::reply::limits::CHOICE_VALUE)
                .unwrap_or_else(|| with_before(&i.name));
            (name, value)
        })
        .collect()
}

fn no_plan(whose: &str) -> Draft {
    Draft::error("No plan yet", format!("{whose} no target career here. Set one: `/plan set career:secops`."))
}

fn show(plans: &PlanStore, request: &Request<'_>, guild: &str, member: &str, other: Option<u64>) -> Answer {
    let (whom, own) = match other.map(|id| id.to_string()) {
        Some(id) if id != member => (id, false),
        _ => (member.to_string(), true),
    };
    let Some((plan, done)) = plans.plan_and_done(guild, &whom)? else {
        return Ok(if own {
            no_plan("You have")
        } else {
            Draft::error("Not shared", "That member's plan is not shared.")
        });
    };
    if !own && !plan.shared {
        return Ok(Draft::error("Not shared", "That member's plan is not shared."));
    }
    let library = &request.snapshot.library;
    let career = match plan.career.as_str() {
        "" => None,
        slug => match library.position(slug) {
            Some(position) => Some(position),
            None => {
                return Ok(Draft::error(
                    "Career gone",
                    format!(
                        "The plan's career `{}` is no longer in the library. Pick another: `/plan set career:…`.",
                        plan.career
                    ),
                ))
            }
        },
    };
    let track = plan.track.as_deref().map(|slug| (slug, library.track(slug)));
    if career.is_none() && track.is_none() {
        return Ok(if own { no_plan("You have") } else { Draft::error("Not shared", "That member has no plan here.") });
    }
    let names: Vec<&str> = career
        .map(|p| library.documents[p].title.as_str())
        .into_iter()
        .chain(track.and_then(|(_, t)| t).map(Track::title))
        .collect();
    // Titles show mentions as raw text: the member is named in the body instead.
    let mut draft = Draft::new(format!("{}: {}", if own { "Your plan" } else { "Shared plan" }, names.join(" · ")));
    if !own {
        draft.text(format!("<@{whom}>'s plan"));
    }
    // Every page answers the question page 1 did: the same member's plan, sharing checked again.
    let mut replay = Invocation::new(CommandName::Plan).with("action", OptionValue::String("show".into()));
    if let (false, Some(id)) = (own, other) {
        replay.set("member", OptionValue::User(id));
    }
    draft.replay = Some(replay);
    let ticked = |id: &str| done.iter().any(|(done, _)| done == id);
    let mut summary = Vec::new();
    if let Some(position) = career {
        let doc = &library.documents[position];
        let groups = request.snapshot.checklist(position);
        let (all_done, all) = progress(groups, ticked);
        let mut bars = Vec::new();
        for (group, items) in &groups.groups {
            let n_done = ticked_in(items, ticked);
            bars.push((group.to_string(), n_done as f32 / items.len().max(1) as f32));
            let lines: Vec<String> =
                items.iter().map(|i| format!("{} {}", if ticked(&i.id) { "✅" } else { "⬜" }, i.name)).collect();
            draft.text(format!(
                "**{group}** — {n_done}/{} ({}%)\n{}",
                items.len(),
                percent(n_done, items.len()),
                lines.join("\n")
            ));
        }
        let prefix = format!("{}/", doc.slug);
        let gone: Vec<&str> = done
            .iter()
            .filter(|(id, _)| id.starts_with(&prefix) && !groups.items().any(|(_, i)| &i.id == id))
            .map(|(_, n)| n.as_str())
            .collect();
        done_elsewhere(&mut draft, "Done, no longer in the document", &gone);
        summary.push((format!("{}% done overall ({all_done} of {all})", percent(all_done, all)), all_done, all));
        draft.picture = Some(crate::picture::Sketch::Progress {
            title: format!("{} · {}% done", doc.title, percent(all_done, all)),
            bars,
        });
    }
    match track {
        Some((_, Some(track))) => {
            if career.is_some() {
                draft.text(format!("📚 **Track: {}**", track.title()));
            }
            let (lessons_done, lessons, bars) = track_checklist(&mut draft, track, &done);
            summary.push((
                format!("{}% of the track ({lessons_done} of {lessons} lessons)", percent(lessons_done, lessons)),
                lessons_done,
                lessons,
            ));
            if draft.picture.is_none() {
                draft.picture = Some(crate::picture::Sketch::Progress {
                    // The % first: a long track title is cut at the picture's edge.
                    title: format!("{}% done · {}", percent(lessons_done, lessons), track.title()),
                    bars,
                });
            }
        }
        Some((slug, None)) => {
            draft.text(format!(
                "The track `{slug}` is no longer in the library; `/plan set track:…` picks another, and what you ticked is kept."
            ));
        }
        None => {}
    }
    let share = if plan.shared { "shared with this server" } else { "private (`/plan share state:on` to share)" };
    let said: Vec<String> = match summary.as_slice() {
        // With a career and a track, each says what its % is of.
        [(_, a, b), (track, ..)] => vec![format!("{}% of the career ({a} of {b})", percent(*a, *b)), track.clone()],
        one => one.iter().map(|(text, ..)| text.clone()).collect(),
    };
    draft.notice = Some(format!("{} · {share}", said.join(" · ")));
    Ok(draft)
}

/// What was ticked but the content no longer lists, under its heading (nothing when none).
fn done_elsewhere(draft: &mut Draft, heading: &str, gone: &[&str]) {
    if !gone.is_empty() {
        draft.text(format!("**{heading}**\n{}", gone.iter().map(|n| format!("✅ {n}")).collect::<Vec<_>>().join("\n")));
    }
}

/// The progress items of `track`'s lessons the asking member ticked in this server; none when
/// there is no member, server or database, or it cannot be read (the map is then unticked).
pub(crate) fn lessons_done(ctx: &Context<'_>, track: &Track) -> std::collections::HashSet<String> {
    let Ok((plans, guild, member)) = member_and_store(ctx) else { return Default::default() };
    match plans.done(&guild, &member, &track_prefix(&track.slug)) {
        Ok(done) => done.into_iter().map(|(item, _)| item).collect(),
        Err(e) => {
            tracing::warn!(error = %e, "the lessons ticked could not be read for the track map");
            Default::default()
        }
    }
}

/// The progress item of a lesson: `tracks/<track>/<path>`, stable across reloads.
pub fn lesson_item(track: &Track, lesson: &Lesson) -> String {
    format!("{}{}", track_prefix(&track.slug), lesson.stem)
}

/// A lesson as its tick shows it: "`2.3` Crafting Your Winning Online Profile".
fn lesson_line(lesson: &Lesson) -> String {
    format!("`{}` {}", lesson.number, lesson_title(lesson))
}

/// A track's lessons as a checklist, module by module with % each: (done, all, bars).
fn track_checklist(draft: &mut Draft, track: &Track, done: &[(String, String)]) -> (usize, usize, Vec<(String, f32)>) {
    let is_done = |lesson: &Lesson| done.iter().any(|(id, _)| *id == lesson_item(track, lesson));
    let mut groups: Vec<(String, Vec<&Lesson>)> = Vec::new();
    for lesson in &track.lessons {
        let name = lesson
            .module
            .and_then(|m| track.modules.get(m))
            .map_or_else(|| track.title().to_string(), |m| m.title.clone());
        match groups.last_mut() {
            Some((last, lessons)) if *last == name => lessons.push(lesson),
            _ => groups.push((name, vec![lesson])),
        }
    }
    let mut bars = Vec::new();
    let (mut all_done, mut all) = (0, 0);
    for (name, lessons) in &groups {
        let n_done = lessons.iter().filter(|l| is_done(l)).count();
        all_done += n_done;
        all += lessons.len();
        // "Beginner Level: Taking Your First Steps …" is "Beginner Level" on a bar.
        let short = name.split_once(": ").map_or(name.as_str(), |(head, _)| head);
        bars.push((short.to_string(), n_done as f32 / lessons.len().max(1) as f32));
        let lines: Vec<String> =
            lessons.iter().map(|l| format!("{} {}", if is_done(l) { "✅" } else { "⬜" }, lesson_line(l))).collect();
        draft.text(format!(
            "**{name}** — {n_done}/{} ({}%)\n{}",
            lessons.len(),
            percent(n_done, lessons.len()),
            lines.join("\n")
        ));
    }
    let prefix = track_prefix(&track.slug);
    let gone: Vec<&str> = done
        .iter()
        .filter(|(id, _)| id.starts_with(&prefix) && !track.lessons.iter().any(|l| lesson_item(track, l) == *id))
        .map(|(_, n)| n.as_str())
        .collect();
    done_elsewhere(draft, "Done, no longer in the track", &gone);
    (all_done, all, bars)
}

fn percent(done: usize, of: usize) -> usize {
    (done * 100).checked_div(of).unwrap_or(0)
}

/// Words that stop following a track (`/plan set track:off`).
const NO_TRACK: &[&str] = &["off", "none", "stop", "no"];

fn set(plans: &PlanStore, request: &Request<'_>, guild: &str, member: &str, invocation: &Invocation) -> Answer {
    let (typed_career, typed_track) = (invocation.text("career"), invocation.text("track"));
    let typed_lang = invocation.text("lang");
    if typed_career.is_none() && typed_track.is_none() && typed_lang.is_none() {
        return Ok(Draft::error(
            "Which career or track?",
            "Say which: `/plan set career:secops`, a study track: `/plan set track:freelancing`, or the language lessons show in: `/plan set lang:si`.",
        ));
    }
    let lang = match typed_lang.map(|typed| (typed, learn::language(typed))) {
        Some((_, Some(code))) => Some(code),
        Some((typed, None)) => {
            return Ok(Draft::error(
                "No such language",
                format!(
                    "Lessons are in English (`en`), and some in Sinhala (`si`) and Tamil (`ta`); not {}.",
                    super::format::quoted(typed)
                ),
            ))
        }
        None => None,
    };
    // Both are read before either is written: a typo in one changes nothing.
    let doc = match typed_career.map(|typed| request.career(typed)) {
        Some(Ok(doc)) => Some(doc),
        Some(Err(answer)) => return Ok(*answer),
        None => None,
    };
    let tracks = &request.snapshot.library.tracks;
    let track: Option<Option<&Track>> = match typed_track {
        None => None,
        Some(typed) if NO_TRACK.contains(&typed.trim().to_lowercase().as_str()) => Some(None),
        Some(typed) => match learn::find_track(tracks, typed) {
            learn::Found::One(i) => Some(Some(&tracks[i])),
            learn::Found::Several(ids) => {
                let names: Vec<String> = ids.iter().map(|&i| format!("`{}`", tracks[i].slug)).collect();
                return Ok(Draft::error(
                    "Which track?",
                    format!("{} fits {}: name one.", super::format::quoted(typed), names.join(" or ")),
                ));
            }
            learn::Found::Nothing(_) => {
                return Ok(Draft::error(
                    "No such track",
                    format!("No track matches {}. `/learn` lists them.", super::format::quoted(typed)),
                ))
            }
        },
    };
    let mut lines = Vec::new();
    if let Some(code) = lang {
        plans.set_language(guild, member, (code != "en").then_some(code))?;
        lines.push(match code {
            "en" => "`/learn` and `/define` show lessons in English here.".to_string(),
            code => format!(
                "`/learn` and `/define` show lessons in {} here where a lesson has a translation, in English where not; `lang:en` on a command shows the English one.",
                learn::language_name(code)
            ),
        });
    }
    if let Some(doc) = doc {
        plans.set_target(guild, member, &doc.slug)?;
        lines.push(format!(
            "Your target career here is now **{}**. Progress you made toward other careers is kept. See your checklist with `/plan`, tick items with `/plan done item:…`.",
            doc.title
        ));
    }
    match track {
        Some(Some(track)) => {
            plans.set_track(guild, member, Some(&track.slug))?;
            let first = track.lessons.first().map(|l| l.number.as_str()).unwrap_or("1");
            lines.push(format!(
                "You now follow **{}** ({} lessons). Read it with `/learn {}`, tick lessons with `/plan done lesson:{first}`.",
                track.title(),
                track.lessons.len(),
                track.slug
            ));
        }
        Some(None) => {
            plans.set_track(guild, member, None)?;
            lines.push("You follow no track here now; the lessons you ticked are kept.".to_string());
        }
        None => {}
    }
    let title = match (doc, track) {
        (Some(doc), Some(Some(track))) => format!("Target set: {} · {}", doc.title, track.title()),
        (Some(doc), _) => format!("Target set: {}", doc.title),
        (None, Some(Some(track))) => format!("Track set: {}", track.title()),
        (None, Some(None)) => "Track dropped".to_string(),
        (None, None) => "Language set".to_string(),
    };
    let mut draft = Draft::new(title);
    draft.text(lines.join("\n\n"));
    Ok(draft)
}

/// Ticks (`done`) or unticks the items (id, name) of a member's plan, in one statement, and
/// starts the answer that says so.
fn save_ticks(plans: &PlanStore, (guild, member): (&str, &str), rows: &[(String, String)], done: bool) -> Answer {
    if done {
        plans.mark_done(guild, member, rows)?;
    } else {
        plans.undo(guild, member, &rows.iter().map(|(id, _)| id.clone()).collect::<Vec<_>>())?;
    }
    Ok(Draft::new(match (rows.is_empty(), done) {
        (true, _) => "Nothing changed",
        (false, true) => "Marked done",
        (false, false) => "Marked not done",
    }))
}

fn tick(
    plans: &PlanStore,
    request: &Request<'_>,
    guild: &str,
    member: &str,
    invocation: &Invocation,
    done: bool,
) -> Answer {
    let Some((plan, ticked)) = plans.plan_and_done(guild, member)? else {
        return Ok(no_plan("You have"));
    };
    if let Some(typed) = invocation.text("lesson") {
        return tick_lessons(plans, request, (guild, member), &plan, typed, done);
    }
    if plan.career.is_empty() {
        return Ok(Draft::error(
            "No target career",
            "You follow a track here, no career: tick its lessons with `/plan done lesson:…`, or set a career with `/plan set career:…`.",
        ));
    }
    let library = &request.snapshot.library;
    let Some(position) = library.position(&plan.career) else {
        return Ok(Draft::error("Career gone", "Your plan's career is no longer in the library."));
    };
    let doc = &library.documents[position];
    let groups = request.snapshot.checklist(position);
    let mut items: Vec<(&str, ChecklistItem)> = groups.items().map(|(group, i)| (group, i.clone())).collect();
    if !done {
        // What was ticked before the document dropped it can be unticked too.
        let gone = ticked.iter().filter(|(id, _)| !items.iter().any(|(_, i)| &i.id == id)).collect::<Vec<_>>();
        for (id, name) in gone {
            items.push(("no longer in the document", ChecklistItem { id: id.clone(), name: name.clone() }));
        }
    }
    let typed = invocation.text("item").unwrap_or_default();
    let (mut found, mut unknown, mut unclear): (Vec<(&str, &ChecklistItem)>, Vec<String>, Vec<String>) =
        Default::default();
    for wanted in typed.split(',').map(str::trim).filter(|w| !w.is_empty()).take(50) {
        match find_in(items.iter().map(|(group, item)| (*group, item)), wanted) {
            Found::Items(meant) => {
                // Named twice ("Ansible, ansible"): once in the answer.
                for item in meant {
                    if !found.iter().any(|f| f.1.id == item.1.id) {
                        found.push(item);
                    }
                }
            }
            Found::OneOf(names) => unclear.push(format!(
                "{} could be {}: name one.",
                super::format::quoted(wanted),
                names.iter().map(|n| super::format::quoted(n)).collect::<Vec<_>>().join(" or ")
            )),
            Found::Nothing => unknown.push(wanted.to_string()),
        }
    }
    if found.is_empty() && unclear.is_empty() {
        return Ok(Draft::error(
            "No such item",
            format!(
                "Nothing on your {} checklist matches {}. `/plan` lists them.",
                doc.title,
                super::format::quoted(typed)
            ),
        ));
    }
    let rows: Vec<(String, String)> = found.iter().map(|(_, i)| (i.id.clone(), i.name.clone())).collect();
    let mut draft = save_ticks(plans, (guild, member), &rows, done)?;
    // One line a name; a name several groups list says which ("Python — Skills, Tools").
    let mut lines: Vec<(String, Vec<&str>)> = Vec::new();
    for (group, item) in &found {
        match lines.iter_mut().find(|(name, _)| *name == item.name) {
            Some((_, groups)) => groups.push(group),
            None => lines.push((item.name.clone(), vec![group])),
        }
    }
    let mark = if done { "✅" } else { "⬜" };
    let lines: Vec<String> = lines
        .iter()
        .map(|(name, groups)| match groups.as_slice() {
            [_] => format!("{mark} {name}"),
            several => format!("{mark} {name} — {}", several.join(", ")),
        })
        .collect();
    if !lines.is_empty() {
        draft.text(lines.join("\n"));
    }
    for line in unclear {
        draft.text(line);
    }
    if !unknown.is_empty() {
        let unknown: Vec<String> = unknown.iter().map(|u| super::format::quoted(u)).collect();
        draft.text(format!("Not on your checklist: {}", unknown.join(", ")));
    }
    Ok(draft)
}

/// `/plan done|undo lesson:…`: lessons of the member's track, by number, title words or typos,
/// several separated by commas; the answer names the next lesson left to do.
fn tick_lessons(
    plans: &PlanStore,
    request: &Request<'_>,
    (guild, member): (&str, &str),
    plan: &crate::plans::Plan,
    typed: &str,
    done: bool,
) -> Answer {
    let library = &request.snapshot.library;
    let Some(slug) = plan.track.as_deref() else {
        return Ok(Draft::error(
            "No track",
            "You follow no study track here. Pick one with `/plan set track:…` (`/learn` lists them).",
        ));
    };
    let Some(track) = library.track(slug) else {
        return Ok(Draft::error("Track gone", format!("Your track `{slug}` is no longer in the library.")));
    };
    let (mut found, mut unknown, mut unclear): (Vec<&Lesson>, Vec<String>, Vec<String>) = Default::default();
    for wanted in typed.split(',').map(str::trim).filter(|w| !w.is_empty()).take(50) {
        match learn::find_lesson(track, wanted) {
            learn::Found::One(i) => {
                if !found.iter().any(|l| l.id == track.lessons[i].id) {
                    found.push(&track.lessons[i]);
                }
            }
            learn::Found::Several(ids) => unclear.push(format!(
                "{} could be {}: name one by its number.",
                super::format::quoted(wanted),
                ids.iter().take(5).map(|&i| lesson_line(&track.lessons[i])).collect::<Vec<_>>().join(" or ")
            )),
            learn::Found::Nothing(_) => unknown.push(super::format::quoted(wanted)),
        }
    }
    if found.is_empty() && unclear.is_empty() {
        return Ok(Draft::error(
            "No such lesson",
            format!(
                "{} has no lesson {}. `/learn {}` shows its outline, with each lesson's number.",
                track.title(),
                super::format::quoted(typed),
                track.slug
            ),
        ));
    }
    let rows: Vec<(String, String)> =
        found.iter().map(|l| (lesson_item(track, l), format!("{} {}", l.number, lesson_title(l)))).collect();
    let mut draft = save_ticks(plans, (guild, member), &rows, done)?;
    let mark = if done { "✅" } else { "⬜" };
    if !found.is_empty() {
        draft.text(found.iter().map(|l| format!("{mark} {}", lesson_line(l))).collect::<Vec<_>>().join("\n"));
    }
    for line in unclear {
        draft.text(line);
    }
    if !unknown.is_empty() {
        draft.text(format!("Not lessons of {}: {}", track.title(), unknown.join(", ")));
    }
    // What is left: the first lesson in order not done, counting what was just ticked.
    let ticked_now = plans.done(guild, member, &track_prefix(&track.slug))?;
    let left = track.lessons.iter().find(|l| !ticked_now.iter().any(|(id, _)| *id == lesson_item(track, l)));
    match left {
        Some(next) => draft.text(format!("Next: {} · `/learn {} {}`", lesson_line(next), track.slug, next.number)),
        None => draft.text(format!("Every lesson of {} is done. 🎉", track.title())),
    };
    Ok(draft)
}

fn share(plans: &PlanStore, guild: &str, member: &str, invocation: &Invocation) -> Answer {
    let on = match invocation.text("state").map(|s| s.trim().to_lowercase()) {
        Some(s) if s == "on" || s == "yes" || s == "true" => true,
        Some(s) if s == "off" || s == "no" || s == "false" => false,
        _ => return Ok(Draft::error("On or off?", "Say `/plan share state:on` or `/plan share state:off`.")),
    };
    if !plans.share(guild, member, on)? {
        return Ok(no_plan("You have"));
    }
    let mut draft = Draft::new(if on { "Plan shared" } else { "Plan private" });
    draft.text(if on {
        "Members of this server can now see your plan (`/plan member:@you`) and you appear on `/group`."
    } else {
        "Only you see your plan now; you no longer appear on `/group`."
    });
    Ok(draft)
}

fn forget(plans: &PlanStore, guild: &str, member: &str, invocation: &Invocation) -> Answer {
    if !invocation.flag("confirm") {
        let mut draft = Draft::new("Delete your plan data?");
        draft.text("This deletes your target and every item you ticked in this server. It cannot be undone. Press the button, or run `/plan forget confirm:true`.");
        // A button only for this member (a page token never writes).
        draft.confirm = member.parse().ok().map(|owner| {
            ("Delete my plan data".to_string(), Confirmation { action: ConfirmAction::ForgetPlan, owner })
        });
        return Ok(draft);
    }
    let (plan_rows, items) = plans.forget(guild, member)?;
    let mut draft = Draft::new("Deleted");
    draft.text(format!("Deleted what the bot kept about you in this server: {plan_rows} plan, {items} ticked items."));
    Ok(draft)
}

/// Answers `/group [career]`: the members who share their plan, by career, with their %
/// (counted as `/plan` counts it), in pages; moderators also see how many plans each career
/// has, without names (their answer is private: see [`super::answers_privately`]).
pub(crate) fn group(ctx: &Context<'_>, request: &Request<'_>, invocation: &Invocation) -> Draft {
    let (plans, guild, _) = match member_and_store(ctx) {
        Ok(found) => found,
        Err(answer) => return *answer,
    };
    let only = match invocation.text("career").map(|typed| request.career(typed)) {
        Some(Ok(doc)) => Some(doc.slug.clone()),
        Some(Err(answer)) => return *answer,
        None => None,
    };
    let (all, progress_rows) = match plans.plans_in(&guild).and_then(|all| Ok((all, plans.shared_progress_in(&guild)?)))
    {
        Ok(read) => read,
        Err(e) => return unavailable(e),
    };
    let mut ticked: std::collections::HashMap<&str, std::collections::HashSet<&str>> = Default::default();
    for (member, item) in &progress_rows.rows {
        ticked.entry(member.as_str()).or_default().insert(item.as_str());
    }
    let library = &request.snapshot.library;
    let mut draft = Draft::new("Study group");
    let mut replay = Invocation::new(CommandName::Group);
    if let Some(slug) = &only {
        replay = replay.with("career", OptionValue::String(slug.clone()));
    }
    draft.replay = Some(replay);
    let mut careers: Vec<&str> = all
        .rows
        .iter()
        .map(|r| r.career.as_str())
        .filter(|c| !c.is_empty() && only.as_deref().is_none_or(|o| o == *c))
        .collect();
    careers.dedup();
    let mut any = false;
    for career in &careers {
        let Some(position) = library.position(career) else { continue };
        let doc = &library.documents[position];
        let groups = request.snapshot.checklist(position);
        let mut lines = Vec::new();
        for row in all.rows.iter().filter(|r| r.career == *career && r.shared) {
            let theirs = ticked.get(row.member.as_str());
            let (done, of) = progress(groups, |id| theirs.is_some_and(|t| t.contains(id)));
            lines.push(format!("<@{}> — {}%", row.member, percent(done, of)));
        }
        if !lines.is_empty() {
            any = true;
            draft.text(format!("**{}**\n{}", doc.title, lines.join("\n")));
        }
    }
    // The tracks followed, after the careers (all of them unless one career was asked for).
    let mut followed: Vec<&str> = all.rows.iter().filter_map(|r| r.track.as_deref()).collect();
    followed.sort_unstable();
    followed.dedup();
    for slug in followed.iter().filter(|_| only.is_none()) {
        let Some(track) = library.track(slug) else { continue };
        let mut lines = Vec::new();
        for row in all.rows.iter().filter(|r| r.track.as_deref() == Some(*slug) && r.shared) {
            let theirs = ticked.get(row.member.as_str());
            let done = track
                .lessons
                .iter()
                .filter(|l| theirs.is_some_and(|t| t.contains(lesson_item(track, l).as_str())))
                .count();
            lines.push(format!(
                "<@{}> — {}% ({done} of {} lessons)",
                row.member,
                percent(done, track.lessons.len()),
                track.lessons.len()
            ));
        }
        if !lines.is_empty() {
            any = true;
            draft.text(format!("**{}** (track)\n{}", track.title(), lines.join("\n")));
        }
    }
    if !any {
        draft.text("No one here shares a plan yet. Share yours with `/plan share state:on`.");
    }
    let unreadable = all.bad.len() + progress_rows.bad.len();
    if unreadable > 0 {
        // Logged with their keys where they were read.
        let rows = if unreadable == 1 { "row" } else { "rows" };
        draft.notice = Some(format!("Left out: {unreadable} saved {rows} that can't be read."));
    }
    if ctx.caller.moderator {
        let counts: Vec<String> = careers
            .iter()
            .map(|c| {
                format!(
                    "{}: {}",
                    library.get(c).map_or(*c, |d| d.title.as_str()),
                    all.rows.iter().filter(|r| r.career == *c).count()
                )
            })
            .collect();
        if !counts.is_empty() {
            draft.field("Plans per career (moderators)", counts.join("\n"));
        }
        let per_track: Vec<String> = followed
            .iter()
            .map(|t| {
                let count = all.rows.iter().filter(|r| r.track.as_deref() == Some(*t)).count();
                format!("{}: {count}", library.track(t).map_or(*t, Track::title))
            })
            .collect();
        if !per_track.is_empty() && only.is_none() {
            draft.field("Followers per track (moderators)", per_track.join("\n"));
        }
    }
    draft
}
