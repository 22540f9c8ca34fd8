//! The one dispatcher: a serenity [`Interaction`] in, the response builder out. The gateway
//! and the HTTP endpoint both call [`Dispatcher::dispatch`], then send what it returns their
//! own way. What may take longer than Discord's 3 s is acknowledged at once and done after, as
//! a [`FollowUp`] the transport hands to [`Dispatcher::finish`] (`super::follow_up`): a command
//! the spec marks `deferred` (a reload, a picture, anything that reads or writes the members'
//! database) is answered "thinking…"; a page turn of such a command and a confirmation button
//! are acknowledged as a deferred update of their message. Autocomplete cannot be deferred:
//! when it reads the members' database it gets a time budget and a bound on reads at once.

use std::sync::Arc;
use std::time::{Duration, Instant};

use serenity::builder::{
    AutocompleteChoice, CreateAutocompleteResponse, CreateInteractionResponse, CreateInteractionResponseFollowup,
    CreateInteractionResponseMessage, EditInteractionResponse,
};
use serenity::model::application::{
    CommandDataOption, CommandDataOptionValue, CommandInteraction, ComponentInteraction, ComponentInteractionDataKind,
    Interaction,
};
use serenity::model::permissions::Permissions;
use tokio::sync::Semaphore;

use super::cooldown::Cooldown;
use super::render;
use crate::commands::reply::Draft;
use crate::commands::spec::{spec, ValueSource};
use crate::commands::{self, Button, Caller, Choice, CommandName, Context, Invocation, OptionValue, Reply};
use crate::metrics::Metrics;
use crate::snapshot::Store;

/// How long an autocomplete that reads the members' database may wait for it; past that it
/// answers with what the snapshot alone offers. Discord drops an answer after 3 s.
pub const AUTOCOMPLETE_BUDGET: Duration = Duration::from_millis(1000);
/// Autocomplete reads of the members' database at once, per process; one more answers at
/// once without the database. A slow database then holds at most this many blocking threads.
const AUTOCOMPLETE_READS_AT_ONCE: usize = 4;

/// What to send for one interaction, and what to do after.
pub struct Dispatched {
    /// The interaction response (within Discord's 3 s).
    pub response: CreateInteractionResponse,
    /// Work that edits the response afterwards.
    pub follow_up: Option<FollowUp>,
    /// For the log line: command name (or "component", "autocomplete", "ping").
    pub command: String,
    /// For the log line: ok, error, refused, cooldown, deferred.
    pub outcome: &'static str,
}

/// A deferred answer, done: how it reaches Discord (the picture attached to an edit, for
/// serenity), the picture apart (for the HTTP mode's own multipart edit), and the outcome.
pub struct FollowedUp {
    /// What to send.
    pub delivery: Delivery,
    /// The rendered picture, when the answer has one and it rendered.
    pub picture: Option<crate::picture::Picture>,
    /// ok or error.
    pub outcome: &'static str,
}

/// How a deferred answer reaches Discord.
pub enum Delivery {
    /// Replaces the original response: the "thinking…", or the message the button is on.
    Edit(EditInteractionResponse),
    /// A new private message; the message the button is on stays as it was (a page that could
    /// not be shown, say, is not replaced by an apology).
    Message(CreateInteractionResponseFollowup),
}

/// Work acknowledged now and done after.
#[derive(Debug, Clone)]
pub struct FollowUp {
    work: Work,
    caller: Caller,
}

#[derive(Debug, Clone)]
enum Work {
    /// A deferred command: its answer replaces "thinking…".
    Command(Invocation),
    /// A component pressed (a page of a command that is deferred, a confirmation), read again
    /// by the core when it runs. `in_place`: acknowledged as a deferred update of the
    /// presser's own message, which the answer replaces; otherwise a private "thinking…" that
    /// becomes the presser's own copy of that page.
    Press { custom_id: String, in_place: bool },
}

impl FollowUp {
    fn name(&self) -> &'static str {
        match &self.work {
            Work::Command(invocation) => invocation.command.as_str(),
            Work::Press { .. } => "component",
        }
    }
}

/// Turns interactions into answers. Shared by every shard and every HTTP request.
pub struct Dispatcher {
    store: Arc<Store>,
    settings: commands::Settings,
    moderator_roles: Vec<u64>,
    cooldown: Cooldown,
    metrics: Arc<Metrics>,
    /// Autocomplete reads of the members' database in progress.
    plan_reads: Arc<Semaphore>,
}

impl Dispatcher {
    /// A dispatcher over a store.
    pub fn new(
        store: Arc<Store>,
        settings: commands::Settings,
        moderator_roles: Vec<u64>,
        cooldown: Cooldown,
        metrics: Arc<Metrics>,
    ) -> Self {
        let plan_reads = Arc::new(Semaphore::new(AUTOCOMPLETE_READS_AT_ONCE));
        Dispatcher { store, settings, moderator_roles, cooldown, metrics, plan_reads }
    }

    /// The store answers are read from (the members' database with it).
    pub fn store(&self) -> &Arc<Store> {
        &self.store
    }

    /// The one log line and metric of an answered interaction, with its final outcome.
    pub fn record(&self, command: &str, guild: Option<u64>, outcome: &str, took: Duration) {
        self.metrics.interaction(command, outcome, took);
        tracing::info!(command, guild, latency_ms = took.as_secs_f64() * 1000.0, outcome, "interaction");
    }

    /// Forgets idle members of the cooldown once per window, forever (run it as a task).
    pub async fn sweep_cooldowns(self: Arc<Self>) {
        self.cooldown.sweep_every().await;
    }

    /// The metrics every transport records into.
    pub fn metrics(&self) -> &Arc<Metrics> {
        &self.metrics
    }

    fn context(&self, caller: Caller) -> Context<'_> {
        Context { store: &self.store, settings: &self.settings, caller }
    }

    /// Answers one interaction within Discord's 3 s: never waits on the members' database
    /// (deferred work comes back as [`Dispatched::follow_up`]) except for autocomplete, which
    /// waits at most [`AUTOCOMPLETE_BUDGET`]. Commands that answer at once are run here, on
    /// the snapshot (CPU only).
    pub async fn dispatch(&self, interaction: &Interaction) -> Dispatched {
        match interaction {
            Interaction::Ping(_) => Dispatched {
                response: CreateInteractionResponse::Pong,
                follow_up: None,
                command: "ping".into(),
                outcome: "ok",
            },
            Interaction::Command(command) => self.command(command),
            Interaction::Autocomplete(autocomplete) => self.autocomplete(autocomplete).await,
            Interaction::Component(component) => self.component(component),
            _ => self.refusal("other", "This kind of interaction is not supported."),
        }
    }

    fn refusal(&self, command: &str, text: &str) -> Dispatched {
        let reply = Draft::error("Sorry", text).finish(0, self.store.snapshot().version(), &self.settings.attribution);
        Dispatched {
            response: CreateInteractionResponse::Message(render::message(&reply)),
            follow_up: None,
            command: command.to_string(),
            outcome: "refused",
        }
    }

    /// Who is asking, and may they moderate: Manage Server or Administrator in the member's
    /// computed permissions, or a configured moderator role. Outside a server, never.
    fn caller(&self, member: Option<&serenity::model::guild::Member>, user: u64, guild: Option<u64>) -> Caller {
        let moderator = member.is_some_and(|m| {
            let permissions = m.permissions.unwrap_or_else(Permissions::empty);
            permissions.contains(Permissions::MANAGE_GUILD)
                || permissions.contains(Permissions::ADMINISTRATOR)
                || m.roles.iter().any(|r| self.moderator_roles.contains(&r.get()))
        });
        Caller { moderator: moderator && guild.is_some(), user: Some(user), guild }
    }

    fn command(&self, interaction: &CommandInteraction) -> Dispatched {
        let name = interaction.data.name.clone();
        let user = interaction.user.id.get();
        let caller = self.caller(interaction.member.as_deref(), user, interaction.guild_id.map(|g| g.get()));
        let invocation = match invocation(&interaction.data.name, &interaction.data.options) {
            Ok(invocation) => invocation,
            Err(text) => return self.refusal(&name, &text),
        };
        if let Err(wait) = self.cooldown.check(user, Instant::now()) {
            let text = format!("You're going a bit fast: try again in {} s.", wait.as_secs().max(1));
            let mut dispatched = self.refusal(&name, &text);
            dispatched.outcome = "cooldown";
            return dispatched;
        }
        let spec = spec(invocation.command);
        let refused = spec.moderator_only && !caller.moderator;
        if spec.deferred && !refused {
            let private = commands::answers_privately(&invocation, &caller);
            return Dispatched {
                response: CreateInteractionResponse::Defer(CreateInteractionResponseMessage::new().ephemeral(private)),
                follow_up: Some(FollowUp { work: Work::Command(invocation), caller }),
                command: name,
                outcome: "deferred",
            };
        }
        let reply = commands::execute(&self.context(caller), &invocation, 0);
        Dispatched {
            response: CreateInteractionResponse::Message(render::message(&reply)),
            follow_up: None,
            command: name,
            outcome: match (refused, reply.error) {
                (true, _) => "refused",
                (false, true) => "error",
                (false, false) => "ok",
            },
        }
    }

    /// Does a follow-up's work (blocking: call it on a blocking thread) and returns what to
    /// send, with the outcome for the log.
    pub fn follow_up(&self, follow_up: &FollowUp) -> FollowedUp {
        let ctx = self.context(follow_up.caller);
        match &follow_up.work {
            Work::Command(invocation) => {
                let reply = commands::execute(&ctx, invocation, 0);
                // A picture that fails to render is left out; the text answer goes all the same.
                let picture = reply.picture.as_ref().and_then(|sketch| match crate::picture::render(sketch) {
                    Ok(picture) => Some(picture),
                    Err(e) => {
                        tracing::warn!(error = %e, command = follow_up.name(), "no picture");
                        None
                    }
                });
                FollowedUp {
                    delivery: Delivery::Edit(render::edit(&reply, picture.as_ref())),
                    picture,
                    outcome: outcome(&reply),
                }
            }
            Work::Press { custom_id, in_place } => {
                let reply = commands::press(&ctx, custom_id);
                let delivery = match (in_place, reply.error) {
                    (true, false) => Delivery::Edit(render::page_edit(&reply)),
                    (true, true) => Delivery::Message(render::private_message(&reply)),
                    (false, false) => Delivery::Edit(render::edit(&private_copy(&reply), None).content(PRIVATE_COPY)),
                    (false, true) => Delivery::Edit(render::edit(&reply, None)),
                };
                FollowedUp { delivery, picture: None, outcome: outcome(&reply) }
            }
        }
    }

    async fn autocomplete(&self, interaction: &CommandInteraction) -> Dispatched {
        let name = interaction.data.name.clone();
        let mut choices = Vec::new();
        // Autocomplete never runs a command: it reads the snapshot, and for `/plan` items the
        // member's own plan.
        if let (Some(command), Some(focused)) = (CommandName::parse(&name), interaction.data.autocomplete()) {
            let partial = lenient_invocation(command, &interaction.data.options);
            let user = interaction.user.id.get();
            let caller = self.caller(interaction.member.as_deref(), user, interaction.guild_id.map(|g| g.get()));
            let found = if commands::completion_reads_plans(&partial, focused.name) {
                self.complete_from_plans(caller, partial, focused.name, focused.value).await
            } else {
                commands::complete_for(&self.context(caller), &partial, focused.name, focused.value)
            };
            choices = found
                .into_iter()
                .map(|c| match c.value {
                    OptionValue::Integer(n) => AutocompleteChoice::new(c.name, n),
                    other => AutocompleteChoice::new(c.name, other.to_string()),
                })
                .collect();
        }
        Dispatched {
            response: CreateInteractionResponse::Autocomplete(CreateAutocompleteResponse::new().set_choices(choices)),
            follow_up: None,
            command: format!("{name} (autocomplete)"),
            outcome: "ok",
        }
    }

    /// Suggestions that read the members' database, bounded: at most
    /// [`AUTOCOMPLETE_READS_AT_ONCE`] reads at once and [`AUTOCOMPLETE_BUDGET`] of waiting; past
    /// either, what the snapshot alone offers (for `/plan` items without a career: nothing).
    /// A read that runs out of time finishes on its blocking thread, holding its slot.
    async fn complete_from_plans(
        &self,
        caller: Caller,
        partial: Invocation,
        focused: &str,
        typed: &str,
    ) -> Vec<Choice> {
        let without_database = || commands::complete(&self.store.snapshot(), &partial, focused, typed);
        let Ok(slot) = Arc::clone(&self.plan_reads).try_acquire_owned() else {
            return without_database();
        };
        let (store, settings) = (Arc::clone(&self.store), self.settings.clone());
        let (invocation, focused_name, typed_text) = (partial.clone(), focused.to_string(), typed.to_string());
        let read = tokio::task::spawn_blocking(move || {
            let _slot = slot;
            let ctx = Context { store: &store, settings: &settings, caller };
            commands::complete_for(&ctx, &invocation, &focused_name, &typed_text)
        });
        match tokio::time::timeout(AUTOCOMPLETE_BUDGET, read).await {
            Ok(Ok(choices)) => choices,
            Ok(Err(e)) => {
                tracing::error!(error = %e, "autocomplete from plans failed");
                without_database()
            }
            Err(_) => {
                tracing::warn!(budget_ms = AUTOCOMPLETE_BUDGET.as_millis() as u64, "plans too slow for autocomplete");
                without_database()
            }
        }
    }

    fn component(&self, interaction: &ComponentInteraction) -> Dispatched {
        let custom_id = match &interaction.data.kind {
            ComponentInteractionDataKind::StringSelect { values }
                if interaction.data.custom_id == render::SECTION_MENU =>
            {
                values.first().cloned()
            }
            ComponentInteractionDataKind::Button => Some(interaction.data.custom_id.clone()),
            _ => None,
        };
        let Some(custom_id) = custom_id else {
            return self.refusal("component", "This control is not valid any more. Run the command again.");
        };
        let user = interaction.user.id.get();
        if let Err(wait) = self.cooldown.check(user, Instant::now()) {
            let mut dispatched = self
                .refusal("component", &format!("You're going a bit fast: try again in {} s.", wait.as_secs().max(1)));
            dispatched.outcome = "cooldown";
            return dispatched;
        }
        // Components never moderate: no button runs /reload (the core refuses it), and the
        // caller is an ordinary member here whatever their permissions.
        let caller = Caller { moderator: false, user: Some(user), guild: interaction.guild_id.map(|g| g.get()) };
        let owner = message_owner(interaction);
        let own_message = owner.is_none_or(|o| o == user);
        // Read without I/O: what the button is decides whether its work waits for Discord's
        // acknowledgement. A page of a command the spec defers (it reads the members'
        // database, or draws) and a confirmation (it writes) are done after it: `Some(in_place)`,
        // in place a deferred update of the presser's own message, otherwise a private
        // "thinking…" that becomes their own copy.
        let deferred = match Button::read(&custom_id) {
            Ok(Button::Page(token)) if spec(token.invocation.command).deferred => Some(own_message),
            // The owner's own confirmation message; anyone else is refused below, at once.
            Ok(Button::Confirm(confirmation)) if confirmation.owner == user => Some(true),
            _ => None,
        };
        if let Some(in_place) = deferred {
            let response = if in_place {
                CreateInteractionResponse::Acknowledge
            } else {
                CreateInteractionResponse::Defer(CreateInteractionResponseMessage::new().ephemeral(true))
            };
            return Dispatched {
                response,
                follow_up: Some(FollowUp { work: Work::Press { custom_id, in_place }, caller }),
                command: "component".into(),
                outcome: "deferred",
            };
        }
        let reply: Reply = commands::press(&self.context(caller), &custom_id);
        let response = if reply.error {
            CreateInteractionResponse::Message(render::message(&reply))
        } else if !own_message {
            // Someone else's answer: they get their own private copy of that page.
            CreateInteractionResponse::Message(render::message(&private_copy(&reply)).content(PRIVATE_COPY))
        } else {
            CreateInteractionResponse::UpdateMessage(
                CreateInteractionResponseMessage::new()
                    .embed(render::embed(&reply))
                    .components(render::components(&reply))
                    .allowed_mentions(render::allowed_mentions(&reply)),
            )
        };
        Dispatched { response, follow_up: None, command: "component".into(), outcome: outcome(&reply) }
    }
}

/// What someone pressing a button of another member's answer is shown above their copy.
const PRIVATE_COPY: &str = "Here is that page, just for you.";

/// A page for someone other than the member who asked: private, pointed at nobody.
fn private_copy(reply: &Reply) -> Reply {
    let mut copy = reply.clone();
    copy.private = true;
    copy.mention = None;
    copy
}

fn outcome(reply: &Reply) -> &'static str {
    if reply.error {
        "error"
    } else {
        "ok"
    }
}

/// Who ran the command whose message holds the component.
fn message_owner(interaction: &ComponentInteraction) -> Option<u64> {
    use serenity::model::application::MessageInteractionMetadata;
    let message = &interaction.message;
    match message.interaction_metadata.as_deref() {
        Some(MessageInteractionMetadata::Command(meta)) => Some(meta.user.id.get()),
        Some(MessageInteractionMetadata::Component(meta)) => Some(meta.user.id.get()),
        _ =>
        {
            #[allow(deprecated)]
            message.interaction.as_ref().map(|i| i.user.id.get())
        }
    }
}

/// A slash command's options as an invocation, checked against the spec (Discord enforces
/// types, but servers can send anything over HTTP and registrations can lag behind).
pub fn invocation(name: &str, options: &[CommandDataOption]) -> Result<Invocation, String> {
    let command = CommandName::parse(name)
        .ok_or_else(|| format!("There is no command /{name} (any more). `/help` lists them."))?;
    let spec = spec(command);
    let mut invocation = Invocation::new(command);
    for option in options {
        let Some(option_spec) = spec.option(&option.name) else {
            return Err(format!(
                "/{} has no option '{}'. Its options: {}.",
                spec.name,
                option.name,
                spec.options.iter().map(|o| o.name).collect::<Vec<_>>().join(", ")
            ));
        };
        let value = match &option.value {
            CommandDataOptionValue::String(s) => OptionValue::String(s.clone()),
            CommandDataOptionValue::Integer(n) => OptionValue::Integer(*n),
            CommandDataOptionValue::Boolean(b) => OptionValue::Boolean(*b),
            CommandDataOptionValue::User(id) => OptionValue::User(id.get()),
            _ => return Err(format!("Option '{}' takes {}.", option_spec.name, option_spec.kind.expected())),
        };
        let value = option_spec.accept(value, ValueSource::Typed).map_err(|e| e.to_string())?;
        invocation.set(option_spec.name, value);
    }
    if let Some(missing) = spec.options.iter().find(|o| o.required && invocation.get(o.name).is_none()) {
        return Err(format!("/{} needs the option '{}'.", spec.name, missing.name));
    }
    Ok(invocation)
}

/// The options typed so far, for autocomplete: whatever parses, focused values included.
fn lenient_invocation(command: CommandName, options: &[CommandDataOption]) -> Invocation {
    let spec = spec(command);
    let mut invocation = Invocation::new(command);
    for option in options {
        let Some(option_spec) = spec.option(&option.name) else { continue };
        let value = match &option.value {
            CommandDataOptionValue::String(s) => OptionValue::String(s.clone()),
            CommandDataOptionValue::Integer(n) => OptionValue::Integer(*n),
            CommandDataOptionValue::Boolean(b) => OptionValue::Boolean(*b),
            CommandDataOptionValue::User(id) => OptionValue::User(id.get()),
            CommandDataOptionValue::Autocomplete { value, .. } => OptionValue::String(value.clone()),
            _ => continue,
        };
        invocation.set(option_spec.name, value);
    }
    invocation
}
