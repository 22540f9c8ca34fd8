//! A [`Reply`] as serenity builders: one embed, page buttons, link buttons, the section menu,
//! safe mentions.

use serenity::builder::{
    CreateActionRow, CreateAllowedMentions, CreateAttachment, CreateButton, CreateEmbed, CreateEmbedFooter,
    CreateInteractionResponseFollowup, CreateInteractionResponseMessage, CreateSelectMenu, CreateSelectMenuKind,
    CreateSelectMenuOption, EditInteractionResponse,
};
use serenity::model::application::ButtonStyle;
use serenity::model::id::UserId;

use crate::commands::reply::limits;
use crate::commands::Reply;
use crate::picture::Picture;

/// custom_id of the section menu; the chosen option's value is a page token.
pub const SECTION_MENU: &str = "cb:sections";
/// custom_ids of page buttons that cannot be pressed (first or last page).
pub const DISABLED_PREV: &str = "cb:disabled:prev";
/// See [`DISABLED_PREV`].
pub const DISABLED_NEXT: &str = "cb:disabled:next";

const COLOUR: u32 = 0x2b9a8f;
const ERROR_COLOUR: u32 = 0xd9534f;

/// The embed of the shown page.
pub fn embed(reply: &Reply) -> CreateEmbed {
    let mut embed = CreateEmbed::new().title(&reply.title).description(reply.text()).colour(if reply.error {
        ERROR_COLOUR
    } else {
        COLOUR
    });
    if let Some(url) = &reply.url {
        embed = embed.url(url);
    }
    if reply.page == 0 {
        for field in &reply.fields {
            embed = embed.field(&field.name, &field.value, field.inline);
        }
    }
    let footer = reply.footer_line();
    if !footer.is_empty() {
        embed = embed.footer(CreateEmbedFooter::new(footer));
    }
    embed
}

/// Page buttons, link buttons, step buttons (previous and next lesson), a confirmation and the
/// section menu, each a row (Discord allows five; no reply has more than four).
pub fn components(reply: &Reply) -> Vec<CreateActionRow> {
    let mut rows = Vec::new();
    if reply.pages.len() > 1 {
        let button = |token: &Option<String>, disabled_id: &str, label: &str| match token {
            Some(token) => CreateButton::new(token).label(label).style(ButtonStyle::Secondary),
            None => CreateButton::new(disabled_id).label(label).style(ButtonStyle::Secondary).disabled(true),
        };
        rows.push(CreateActionRow::Buttons(vec![
            button(&reply.prev, DISABLED_PREV, "◀ Previous"),
            button(&reply.next, DISABLED_NEXT, "Next ▶"),
        ]));
    }
    let links: Vec<CreateButton> = reply
        .buttons
        .iter()
        .take(limits::BUTTONS_PER_ROW)
        .map(|b| CreateButton::new_link(&b.url).label(&b.label))
        .collect();
    if !links.is_empty() {
        rows.push(CreateActionRow::Buttons(links));
    }
    if !reply.steps.is_empty() {
        rows.push(CreateActionRow::Buttons(
            reply
                .steps
                .iter()
                .map(|step| CreateButton::new(&step.token).label(&step.label).style(ButtonStyle::Primary))
                .collect(),
        ));
    }
    if let Some(confirm) = &reply.confirm {
        rows.push(CreateActionRow::Buttons(vec![CreateButton::new(&confirm.token)
            .label(&confirm.label)
            .style(ButtonStyle::Danger)]));
    }
    if !reply.menu.is_empty() {
        let options = reply
            .menu
            .iter()
            .map(|m| CreateSelectMenuOption::new(&m.label, &m.token).description(&m.description))
            .collect();
        let menu = CreateSelectMenu::new(SECTION_MENU, CreateSelectMenuKind::String { options })
            .placeholder("Open a section…");
        rows.push(CreateActionRow::SelectMenu(menu));
    }
    rows
}

/// Mentions: nobody, except the member the answer is pointed at.
pub fn allowed_mentions(reply: &Reply) -> CreateAllowedMentions {
    let users: Vec<UserId> = reply.mention.filter(|&id| id != 0).map(UserId::new).into_iter().collect();
    CreateAllowedMentions::new().empty_roles().everyone(false).users(users).replied_user(false)
}

/// "Suggested for @member" above the embed, when the answer is pointed at someone.
pub fn content(reply: &Reply) -> String {
    reply.mention.map(|id| format!("Suggested for <@{id}>")).unwrap_or_default()
}

/// A whole message for an interaction response.
pub fn message(reply: &Reply) -> CreateInteractionResponseMessage {
    CreateInteractionResponseMessage::new()
        .content(content(reply))
        .embed(embed(reply))
        .components(components(reply))
        .allowed_mentions(allowed_mentions(reply))
        .ephemeral(reply.private || reply.error)
}

/// The same message as an edit of a deferred response, with its picture attached and shown
/// in the embed (`attachment://…`) when there is one.
pub fn edit(reply: &Reply, picture: Option<&Picture>) -> EditInteractionResponse {
    let mut embed = embed(reply);
    let mut edit = EditInteractionResponse::new()
        .content(content(reply))
        .components(components(reply))
        .allowed_mentions(allowed_mentions(reply));
    if let Some(picture) = picture {
        embed = embed.image(format!("attachment://{}", picture.file_name));
        let description = crate::commands::reply::truncate(&picture.description, ATTACHMENT_DESCRIPTION);
        edit = edit
            .new_attachment(CreateAttachment::bytes(picture.png.clone(), &picture.file_name).description(description));
    }
    edit.embed(embed)
}

/// Another page in place of the message a button is on (after a deferred update): the embed
/// and its buttons; the message's text above it (a "Suggested for") stays.
pub fn page_edit(reply: &Reply) -> EditInteractionResponse {
    EditInteractionResponse::new()
        .embed(embed(reply))
        .components(components(reply))
        .allowed_mentions(allowed_mentions(reply))
}

/// A reply as a new message only the presser sees, after a deferred update (an error, when
/// the page it was to replace stays).
pub fn private_message(reply: &Reply) -> CreateInteractionResponseFollowup {
    CreateInteractionResponseFollowup::new()
        .embed(embed(reply))
        .components(components(reply))
        .allowed_mentions(allowed_mentions(reply))
        .ephemeral(true)
}

/// Longest attachment description (alt text) Discord takes.
const ATTACHMENT_DESCRIPTION: usize = 1024;
