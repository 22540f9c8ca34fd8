//! `/plan` and `/group`: a member's target career, their checklist from its document, and a
//! server's board of shared plans. Storage is [`crate::plans`]: this module decides what to
//! read and write there (`/plan` writes, `/group` only reads) and formats it; no SQL here. A
//! member sees their own plan and the plans shared in the same server; DMs have none.

use crate::catalog::checklists::{find_in, Checklist, ChecklistItem, Found};
use crate::plans::{PlanError, PlanStore};

use super::invocation::{Invocation, OptionValue};
use super::reply::Draft;
use super::token::{ConfirmAction, Confirmation};
use super::{CommandName, Context, Request};

/// What `/plan` does, by its `action` option.
pub const ACTIONS: &[&str] = &["show", "set", "done", "undo", "share", "forget"];

/// The terminal's server (it has no Discord server).
pub const LOCAL_GUILD: u64 = 0;

fn guild_key(guild: u64) -> String {
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
    let Some(position) = library.position(&plan.career) else {
        return Ok(Draft::error(
            "Career gone",
            format!(
                "The plan's career `{}` is no longer in the library. Pick another: `/plan set career:…`.",
                plan.career
            ),
        ));
    };
    let doc = &library.documents[position];
    let groups = request.snapshot.checklist(position);
    let is_done = |item: &ChecklistItem| done.iter().any(|(id, _)| id == &item.id);
    // Titles show mentions as raw text: the member is named in the body instead.
    let mut draft = Draft::new(format!("{}: {}", if own { "Your plan" } else { "Shared plan" }, doc.title));
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
    let (all_done, all) = progress(groups, ticked);
    let mut bars = Vec::new();
    for (group, items) in &groups.groups {
        let n_done = ticked_in(items, ticked);
        bars.push((group.to_string(), n_done as f32 / items.len().max(1) as f32));
        let lines: Vec<String> =
            items.iter().map(|i| format!("{} {}", if is_done(i) { "✅" } else { "⬜" }, i.name)).collect();
        draft.text(format!(
            "**{group}** — {n_done}/{} ({}%)\n{}",
            items.len(),
            percent(n_done, items.len()),
            lines.join("\n")
        ));
    }
    let gone: Vec<&str> =
        done.iter().filter(|(id, _)| !groups.items().any(|(_, i)| &i.id == id)).map(|(_, n)| n.as_str()).collect();
    if !gone.is_empty() {
        draft.text(format!(
            "**Done, no longer in the document**\n{}",
            gone.iter().map(|n| format!("✅ {n}")).collect::<Vec<_>>().join("\n")
        ));
    }
    draft.notice = Some(format!(
        "{}% done overall ({all_done} of {all}) · {}",
        percent(all_done, all),
        if plan.shared { "shared with this server" } else { "private (`/plan share state:on` to share)" }
    ));
    draft.picture = Some(crate::picture::Sketch::Progress {
        title: format!("{} · {}% done", doc.title, percent(all_done, all)),
        bars,
    });
    Ok(draft)
}

fn percent(done: usize, of: usize) -> usize {
    (done * 100).checked_div(of).unwrap_or(0)
}

fn set(plans: &PlanStore, request: &Request<'_>, guild: &str, member: &str, invocation: &Invocation) -> Answer {
    let Some(typed) = invocation.text("career") else {
        return Ok(Draft::error("Which career?", "Say which: `/plan set career:secops`."));
    };
    let doc = match request.career(typed) {
        Ok(doc) => doc,
        Err(answer) => return Ok(*answer),
    };
    plans.set_target(guild, member, &doc.slug)?;
    let mut draft = Draft::new(format!("Target set: {}", doc.title));
    draft.text(format!(
        "Your plan here is now **{}**. Progress you made toward other careers is kept. See your checklist with `/plan`, tick items with `/plan done item:…`.",
        doc.title
    ));
    Ok(draft)
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
    if done {
        let rows: Vec<(String, String)> = found.iter().map(|(_, i)| (i.id.clone(), i.name.clone())).collect();
        plans.mark_done(guild, member, &rows)?;
    } else {
        plans.undo(guild, member, &found.iter().map(|(_, i)| i.id.clone()).collect::<Vec<_>>())?;
    }
    let mut draft = Draft::new(if found.is_empty() {
        "Nothing changed"
    } else if done {
        "Marked done"
    } else {
        "Marked not done"
    });
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
    let mut careers: Vec<&str> =
        all.rows.iter().map(|(_, c, _)| c.as_str()).filter(|c| only.as_deref().is_none_or(|o| o == *c)).collect();
    careers.dedup();
    let mut any = false;
    for career in &careers {
        let Some(position) = library.position(career) else { continue };
        let doc = &library.documents[position];
        let groups = request.snapshot.checklist(position);
        let mut lines = Vec::new();
        for (member, _, _) in all.rows.iter().filter(|(_, c, shared)| c == career && *shared) {
            let theirs = ticked.get(member.as_str());
            let (done, of) = progress(groups, |id| theirs.is_some_and(|t| t.contains(id)));
            lines.push(format!("<@{member}> — {}%", percent(done, of)));
        }
        if !lines.is_empty() {
            any = true;
            draft.text(format!("**{}**\n{}", doc.title, lines.join("\n")));
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
                    all.rows.iter().filter(|(_, x, _)| x == c).count()
                )
            })
            .collect();
        if !counts.is_empty() {
            draft.field("Plans per career (moderators)", counts.join("\n"));
        }
    }
    draft
}
