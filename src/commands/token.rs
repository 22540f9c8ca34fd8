//! What a button may run: the custom ids of the components the bot sends, and the one decision
//! of what pressing one does ([`Button::read`]). Security relevant: whoever presses a button
//! runs it as themselves, and anyone may press a button of a public message.
//!
//! Two kinds, told apart by their prefix:
//! - a [`PageToken`] (`cb1|…`) replays the invocation that made page 1 and shows another page
//!   of it. Only invocations that read are replayed ([`replayable`]): never `/reload`, and
//!   `/plan` only as `show`, so a button can never write. Any process can serve it, after a
//!   restart too; it is checked again (sharing included) on every press.
//! - a [`Confirmation`] (`cbc1|…`) runs one destructive action ("Delete my plan data") for the
//!   member who asked for it and nobody else.

use super::invocation::{Invocation, OptionValue};
use super::reply::limits;
use super::spec::{spec, CommandName, ValueSource};

/// What a page button carries: enough to answer "next page" in any process, after a restart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageToken {
    /// Content version the page was cut from.
    pub version: String,
    /// Page to show (0-based).
    pub page: usize,
    /// The command to run again.
    pub invocation: Invocation,
}

/// Pages a reply has at most: a token names no page past these (a megabyte of one document's
/// certifications once made 1,407, and its last page could not be turned to).
pub const MOST_PAGES: usize = 1000;

/// Why a token was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenError {
    /// Not a token of ours, cut short, or altered.
    Invalid,
    /// One of ours in form, but for something a button never runs (a write, `/reload`).
    NotReplayable(CommandName),
}

const TOKEN_PREFIX: &str = "cb1";
const CONFIRM_PREFIX: &str = "cbc1";

/// May a button run this invocation again? Only what reads: `/reload` never, and `/plan` only
/// as `show` (another member's plan too: sharing is checked again on each press). Every
/// command is named here, with no catch-all, so a new command is a decision made here.
pub fn replayable(invocation: &Invocation) -> bool {
    match invocation.command {
        CommandName::Reload => false,
        CommandName::Plan => {
            let action = invocation.text("action").map(|a| a.trim().to_lowercase());
            matches!(action.as_deref(), None | Some("show"))
                && invocation.options.iter().all(|(name, _)| matches!(name.as_str(), "action" | "member"))
        }
        CommandName::Career
        | CommandName::Certs
        | CommandName::Prompt
        | CommandName::Search
        | CommandName::Careers
        | CommandName::Group
        | CommandName::Match
        | CommandName::Compare
        | CommandName::Path
        | CommandName::Ladder
        | CommandName::Learn
        | CommandName::Define
        | CommandName::Help => true,
    }
}

impl PageToken {
    /// `cb1|<version>|<page>|<command>|<name=value>…|<check>`, or `None` when longer than the
    /// 100 characters Discord allows. `private` and `mention` stay with the message.
    pub fn encode(&self) -> Option<String> {
        let mut body = format!("{TOKEN_PREFIX}|{}|{}|{}", self.version, self.page, self.invocation.command.as_str());
        for (name, value) in &self.invocation.options {
            if name == "private" || name == "mention" {
                continue;
            }
            let text = match value {
                OptionValue::User(id) => id.to_string(),
                other => other.to_string(),
            };
            body.push('|');
            body.push_str(name);
            body.push('=');
            body.push_str(&escape(&text));
        }
        let token = format!("{body}|{}", check(&body));
        (token.len() <= limits::CUSTOM_ID).then_some(token)
    }

    /// Reads a token; anything not made by [`PageToken::encode`] is [`TokenError::Invalid`].
    /// This is the form only: [`Button::read`] also decides whether a button may run it.
    pub fn decode(token: &str) -> Result<PageToken, TokenError> {
        if token.len() > limits::CUSTOM_ID {
            return Err(TokenError::Invalid);
        }
        let (body, sum) = token.rsplit_once('|').ok_or(TokenError::Invalid)?;
        if check(body) != sum {
            return Err(TokenError::Invalid);
        }
        let mut parts = body.split('|');
        if parts.next() != Some(TOKEN_PREFIX) {
            return Err(TokenError::Invalid);
        }
        let version = parts
            .next()
            .filter(|v| !v.is_empty() && v.chars().all(|c| c.is_ascii_hexdigit()))
            .ok_or(TokenError::Invalid)?;
        let page: usize =
            parts.next().and_then(|p| p.parse().ok()).filter(|&p| p < MOST_PAGES).ok_or(TokenError::Invalid)?;
        let command = parts.next().and_then(CommandName::parse).ok_or(TokenError::Invalid)?;
        let spec = spec(command);
        let mut invocation = Invocation::new(command);
        for part in parts {
            let (name, raw) = part.split_once('=').ok_or(TokenError::Invalid)?;
            // `encode` leaves `private` and `mention` out: a token carrying them is not ours.
            if name == "private" || name == "mention" {
                return Err(TokenError::Invalid);
            }
            let option = spec.option(name).ok_or(TokenError::Invalid)?;
            let text = unescape(raw).ok_or(TokenError::Invalid)?;
            let value = option.accept(OptionValue::String(text), ValueSource::Text).map_err(|_| TokenError::Invalid)?;
            invocation.set(option.name, value);
        }
        Ok(PageToken { version: version.to_string(), page, invocation })
    }
}

/// A destructive action a confirmation button runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfirmAction {
    /// `/plan forget confirm:true`: delete what the bot keeps about the member in the server
    /// the button is pressed in.
    ForgetPlan,
}

impl ConfirmAction {
    fn as_str(self) -> &'static str {
        match self {
            ConfirmAction::ForgetPlan => "forget",
        }
    }

    /// The invocation it runs, for its owner.
    pub fn invocation(self) -> Invocation {
        match self {
            ConfirmAction::ForgetPlan => Invocation::new(CommandName::Plan)
                .with("action", OptionValue::String("forget".into()))
                .with("confirm", OptionValue::Boolean(true)),
        }
    }
}

/// A confirmation button: one action, for one member (the one who was asked to confirm).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Confirmation {
    /// What it does.
    pub action: ConfirmAction,
    /// The only member it runs for.
    pub owner: u64,
}

impl Confirmation {
    /// `cbc1|<action>|<owner>|<check>`.
    pub fn encode(&self) -> String {
        let body = format!("{CONFIRM_PREFIX}|{}|{}", self.action.as_str(), self.owner);
        format!("{body}|{}", check(&body))
    }

    /// Reads what [`Confirmation::encode`] wrote; anything else is [`TokenError::Invalid`].
    pub fn decode(token: &str) -> Result<Confirmation, TokenError> {
        let (body, sum) = token.rsplit_once('|').ok_or(TokenError::Invalid)?;
        if token.len() > limits::CUSTOM_ID || check(body) != sum {
            return Err(TokenError::Invalid);
        }
        let mut parts = body.split('|');
        if parts.next() != Some(CONFIRM_PREFIX) {
            return Err(TokenError::Invalid);
        }
        let action = match parts.next() {
            Some("forget") => ConfirmAction::ForgetPlan,
            _ => return Err(TokenError::Invalid),
        };
        let owner = parts.next().and_then(|o| o.parse::<u64>().ok()).ok_or(TokenError::Invalid)?;
        if parts.next().is_some() {
            return Err(TokenError::Invalid);
        }
        Ok(Confirmation { action, owner })
    }
}

/// What pressing a component does, decided from its custom id alone (no I/O).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Button {
    /// Show a page of an answer that only reads.
    Page(PageToken),
    /// Run a confirmed action, for its owner only.
    Confirm(Confirmation),
}

impl Button {
    /// The button a custom id (or a section menu value) stands for. A page token for a write
    /// or `/reload` is [`TokenError::NotReplayable`]: no button runs those.
    pub fn read(custom_id: &str) -> Result<Button, TokenError> {
        if custom_id.starts_with(CONFIRM_PREFIX) {
            return Confirmation::decode(custom_id).map(Button::Confirm);
        }
        let token = PageToken::decode(custom_id)?;
        if !replayable(&token.invocation) {
            return Err(TokenError::NotReplayable(token.invocation.command));
        }
        Ok(Button::Page(token))
    }
}

/// Four hex digits of BLAKE3: catches a cut or altered token (it is not a secret).
fn check(body: &str) -> String {
    blake3::hash(body.as_bytes()).to_hex()[..4].to_string()
}

fn escape(text: &str) -> String {
    text.replace('%', "%25").replace('|', "%7C")
}

fn unescape(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('%') {
        out.push_str(&rest[..at]);
        match rest.get(at..at + 3) {
            Some("%25") => out.push('%'),
            Some("%7C") => out.push('|'),
            _ => return None,
        }
        rest = &rest[at + 3..];
    }
    out.push_str(rest);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(options: &[(&str, OptionValue)]) -> Invocation {
        options.iter().fold(Invocation::new(CommandName::Plan), |inv, (name, value)| inv.with(name, value.clone()))
    }

    #[test]
    fn only_invocations_that_read_are_replayed() {
        let text = |s: &str| OptionValue::String(s.into());
        assert!(replayable(&plan(&[])));
        assert!(replayable(&plan(&[("action", text(" Show ")), ("member", OptionValue::User(22))])));
        for writes in [
            plan(&[("action", text("set")), ("career", text("secops"))]),
            plan(&[("action", text("done")), ("item", text("Terraform"))]),
            plan(&[("action", text("share")), ("state", text("on"))]),
            plan(&[("action", text("forget")), ("confirm", OptionValue::Boolean(true))]),
            plan(&[("confirm", OptionValue::Boolean(true))]),
            Invocation::new(CommandName::Reload),
        ] {
            assert!(!replayable(&writes), "{writes:?}");
            let token = PageToken { version: "ab12".into(), page: 0, invocation: writes.clone() };
            let encoded = token.encode().expect("fits");
            assert_eq!(PageToken::decode(&encoded), Ok(token), "the form is still read");
            assert_eq!(Button::read(&encoded), Err(TokenError::NotReplayable(writes.command)), "{writes:?}");
        }
        assert!(replayable(&Invocation::new(CommandName::Group)));
    }

    #[test]
    fn a_confirmation_round_trips_and_refuses_alterations() {
        let confirm = Confirmation { action: ConfirmAction::ForgetPlan, owner: 1_234_567_890_123_456_789 };
        let encoded = confirm.encode();
        assert!(encoded.len() <= limits::CUSTOM_ID);
        assert_eq!(Button::read(&encoded), Ok(Button::Confirm(confirm)));
        let other_owner = encoded.replace("1234567890123456789", "1234567890123456788");
        assert_eq!(Button::read(&other_owner), Err(TokenError::Invalid));
        for forged in ["cbc1", "cbc1|forget|1", "cbc1|share|1|0000", &encoded[..encoded.len() - 1]] {
            assert_eq!(Button::read(forged), Err(TokenError::Invalid), "{forged}");
        }
    }
}
