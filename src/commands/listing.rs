//! `/careers`, `/help` and `/reload`.

use std::fmt::Write;

use crate::content::Kind;
use crate::search::disk::IndexAction;
use crate::snapshot::{ReloadOutcome, ReloadReport, Trigger};

use super::invocation::Invocation;
use super::reply::Draft;
use super::spec::COMMANDS;
use super::{Caller, CommandName, Context, Request};

/// Answers `/careers`: every document, numbered, careers and guides apart.
pub(crate) fn careers(request: &Request<'_>) -> Draft {
    let library = &request.snapshot.library;
    let mut draft = Draft::new("Careers and guides");
    draft.replay = Some(Invocation::new(CommandName::Careers));
    if library.documents.is_empty() {
        draft.text("No documents are loaded. A moderator can add them to the content folder and `/reload`.");
        return draft;
    }
    for (kind, heading) in [(Kind::Career, "Careers"), (Kind::Guide, "Guides")] {
        let docs: Vec<_> = library.documents.iter().filter(|d| d.kind == kind).collect();
        if docs.is_empty() {
            continue;
        }
        let mut text = format!("**{heading}** ({})\n", docs.len());
        // Written in place: a large library lists thousands.
        for doc in docs {
            if let Some(n) = doc.number {
                let _ = write!(text, "`{n:>2}` ");
            }
            let _ = writeln!(text, "{} — `{}`", doc.title, doc.slug);
        }
        draft.text(text);
    }
    draft.text("Open one with `/career <name or number>`.");
    draft.field("Careers", library.documents.iter().filter(|d| d.kind == Kind::Career).count().to_string());
    draft.field("Guides", library.documents.iter().filter(|d| d.kind == Kind::Guide).count().to_string());
    draft
}

/// Answers `/help`.
pub(crate) fn help() -> Draft {
    let mut draft = Draft::new("careerbot: career paths in tech");
    draft.replay = Some(Invocation::new(CommandName::Help));
    draft.text("Ask about a career, its certifications, or anything in the career guides. Every answer takes `private:true` (only you see it) and `mention:@member` (point it at someone).");
    for spec in COMMANDS {
        let moderators = if spec.moderator_only { " (moderators)" } else { "" };
        let examples = spec.examples.iter().map(|e| format!("`{e}`")).collect::<Vec<_>>().join(" · ");
        draft.text(format!("**/{}**{moderators} — {}\n{}\n{examples}", spec.name, spec.description, spec.help));
    }
    draft
}

/// Answers `/reload`: moderators only; the report says what changed or why nothing did.
pub(crate) fn reload(ctx: &Context<'_>) -> Draft {
    let Caller { moderator, user, guild } = ctx.caller;
    if !moderator {
        tracing::warn!(user, guild, outcome = "refused", "reload");
        return Draft::error(
            "Moderators only",
            "Reloading content needs the Manage Server permission or a moderator role. The content is unchanged.",
        );
    }
    let trigger = match user {
        Some(_) => Trigger::Command { user, guild },
        None => Trigger::Terminal,
    };
    report(&ctx.store.reload(trigger))
}

/// The reload report as an answer.
pub fn report(report: &ReloadReport) -> Draft {
    let title = match &report.outcome {
        ReloadOutcome::Swapped => "Content reloaded",
        ReloadOutcome::Unchanged => "Content unchanged",
        ReloadOutcome::Rejected => "Reload refused: the new content has errors",
        ReloadOutcome::Failed(_) => "Reload failed",
    };
    let mut draft = Draft::new(title);
    let mut summary = match &report.outcome {
        ReloadOutcome::Swapped => {
            format!("Now serving version `{}` (was `{}`).", report.version, report.previous_version)
        }
        ReloadOutcome::Unchanged => {
            format!("The files are the same as what is serving (version `{}`).", report.version)
        }
        ReloadOutcome::Rejected => format!(
            "Nothing changed: version `{}` keeps serving. Fix the errors below and reload again.",
            report.version
        ),
        ReloadOutcome::Failed(why) => format!("{why}\nNothing changed: version `{}` keeps serving.", report.version),
    };
    summary.push_str(&format!(
        "\n{} documents ({} careers, {} guides), in {} ms.",
        report.documents,
        report.careers,
        report.documents - report.careers,
        report.took.as_millis()
    ));
    match &report.index {
        Some(IndexAction::Reused) => summary.push_str("\nIndex: reused (already built for this content)."),
        Some(IndexAction::Built { reason }) => summary.push_str(&format!("\nIndex: built ({reason}).")),
        Some(IndexAction::InMemory { reason }) => {
            summary.push_str(&format!("\nIndex: **in memory only** ({reason}); it is rebuilt at every start."))
        }
        None => {}
    }
    for warning in &report.index_warnings {
        summary.push_str(&format!("\n⚠ {}", super::format::escape_markdown(warning)));
    }
    draft.text(summary);
    for (label, slugs) in [("Added", &report.added), ("Removed", &report.removed), ("Changed", &report.changed)] {
        if !slugs.is_empty() {
            draft.text(format!(
                "**{label}:** {}",
                slugs.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
            ));
        }
    }
    if !report.problems.is_empty() {
        const SHOWN: usize = 20;
        let mut text = String::from("**Problems**\n");
        for problem in report.problems.iter().take(SHOWN) {
            text.push_str(
                &format!(
                    "`{}:{}` {:?}: {}\n",
                    problem.file,
                    problem.line,
                    problem.severity,
                    super::format::escape_markdown(&problem.message)
                )
                .replace("Error:", "error:")
                .replace("Warning:", "warning:"),
            );
        }
        if report.problems.len() > SHOWN {
            text.push_str(&format!("…and {} more (`careerbot check` lists them all).", report.problems.len() - SHOWN));
        }
        draft.text(text);
    }
    draft.field("Added", report.added.len().to_string());
    draft.field("Removed", report.removed.len().to_string());
    draft.field("Changed", report.changed.len().to_string());
    draft
}
