//! The one dispatcher: a serenity [`Interaction`] in, the response builder out. The gateway
//! and the HTTP endpoint both call [`Dispatcher::dispatch`], then send what it returns their
//! own way. A command the spec marks `deferred` (a reload) is answered "thinking…" at once and
//! comes back as a [`FollowUp`] that the transport runs afterwards and edits in.

use std::sync::Arc;
use std::time::Instant;

use serenity::builder::{
    AutocompleteChoice, CreateAutocompleteResponse, CreateInteractionResponse, CreateInteractionResponseMessage,
    EditInteractionResponse,
};
use serenity::model::application::{
    CommandDataOption, CommandDataOptionValue, CommandInteraction, ComponentInteraction, ComponentInteractionDataKind,
    Interaction,
};
use serenity::model::permissions::Permissions;

use super::cooldown::Cooldown;
use super::render;
use crate::commands::reply::Draft;
use crate::commands::spec::{spec, ValueSource};
use crate::commands::{self, Caller, CommandName, Context, Invocation, OptionValue, Reply};
use crate::metrics::Metrics;
use crate::snapshot::Store;

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

/// A deferred command's answer: the edit of the "thinking…" response (with the picture
/// attached, for serenity), the picture apart (for the HTTP mode's own multipart edit), and the
/// outcome for the log.
pub struct FollowedUp {
    /// The edit.
    pub edit: EditInteractionResponse,
    /// The rendered picture, when the answer has one and it rendered.
    pub picture: Option<crate::picture::Picture>,
    /// ok or error.
    pub outcome: &'static str,
}

fn invocation_name(invocation: &Invocation) -> &'static str {
    invocation.command.as_str()
}

/// A deferred command, answered after the "thinking…" response.
#[derive(Debug, Clone)]
pub struct FollowUp {
    /// The command to run.
    pub invocation: Invocation,
    /// Who asked.
    pub caller: Caller,
}

/// Turns interactions into answers. Shared by every shard and every HTTP request.
pub struct Dispatcher {
    store: Arc<Store>,
    settings: commands::Settings,
    moderator_roles: Vec<u64>,
    cooldown: Cooldown,
    metrics: Arc<Metrics>,
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
        Dispatcher { store, settings, moderator_roles, cooldown, metrics }
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

    /// Answers one interaction. Fast (no I/O); call it inline.
    pub fn dispatch(&self, interaction: &Interaction) -> Dispatched {
        match interaction {
            Interaction::Ping(_) => Dispatched {
                response: CreateInteractionResponse::Pong,
                follow_up: None,
                command: "ping".into(),
                outcome: "ok",
            },
            Interaction::Command(command) => self.command(command),
            Interaction::Autocomplete(autocomplete) => self.autocomplete(autocomplete),
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
                follow_up: Some(FollowUp { invocation, caller }),
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

    /// Runs a deferred command (blocking: call it on a blocking thread) and returns the edit
    /// of the "thinking…" response with the outcome for the log.
    pub fn follow_up(&self, follow_up: &FollowUp) -> FollowedUp {
        let reply = commands::execute(&self.context(follow_up.caller), &follow_up.invocation, 0);
        // A picture that fails to render is left out; the text answer goes all the same.
        let picture = reply.picture.as_ref().and_then(|sketch| match crate::picture::render(sketch) {
            Ok(picture) => Some(picture),
            Err(e) => {
                tracing::warn!(error = %e, command = invocation_name(&follow_up.invocation), "no picture");
                None
            }
        });
        FollowedUp {
            edit: render::edit(&reply, picture.as_ref()),
            picture,
            outcome: if reply.error { "error" } else { "ok" },
        }
    }

    fn autocomplete(&self, interaction: &CommandInteraction) -> Dispatched {
        let name = interaction.data.name.clone();
        let mut choices = Vec::new();
        // Autocomplete never runs a command: it reads the snapshot, and for `/plan` items the
        // member's own plan.
        if let (Some(command), Some(focused)) = (CommandName::parse(&name), interaction.data.autocomplete()) {
            let partial = lenient_invocation(command, &interaction.data.options);
            let user = interaction.user.id.get();
            let caller = self.caller(interaction.member.as_deref(), user, interaction.guild_id.map(|g| g.get()));
            choices = commands::complete_for(&self.context(caller), &partial, focused.name, focused.value)
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

    fn component(&self, interaction: &ComponentInteraction) -> Dispatched {
        let token = match &interaction.data.kind {
            ComponentInteractionDataKind::StringSelect { values }
                if interaction.data.custom_id == render::SECTION_MENU =>
            {
                values.first().cloned()
            }
            ComponentInteractionDataKind::Button => Some(interaction.data.custom_id.clone()),
            _ => None,
        };
        let Some(token) = token else {
            return self.refusal("component", "This control is not valid any more. Run the command again.");
        };
        let user = interaction.user.id.get();
        if let Err(wait) = self.cooldown.check(user, Instant::now()) {
            let mut dispatched = self
                .refusal("component", &format!("You're going a bit fast: try again in {} s.", wait.as_secs().max(1)));
            dispatched.outcome = "cooldown";
            return dispatched;
        }
        // Components never moderate: a page token cannot name /reload (turn_page refuses it),
        // and the caller is an ordinary member here whatever their permissions.
        let caller = Caller { moderator: false, user: Some(user), guild: interaction.guild_id.map(|g| g.get()) };
        let reply: Reply = commands::turn_page(&self.context(caller), &token);
        let owner = message_owner(interaction);
        let response = if reply.error {
            CreateInteractionResponse::Message(render::message(&reply))
        } else if owner.is_some_and(|o| o != user) {
            // Someone else's answer: they get their own private copy of that page.
            let mut copy = reply.clone();
            copy.private = true;
            copy.mention = None;
            CreateInteractionResponse::Message(render::message(&copy).content("Here is that page, just for you."))
        } else {
            CreateInteractionResponse::UpdateMessage(
                CreateInteractionResponseMessage::new()
                    .embed(render::embed(&reply))
                    .components(render::components(&reply))
                    .allowed_mentions(render::allowed_mentions(&reply)),
            )
        };
        Dispatched {
            response,
            follow_up: None,
            command: "component".into(),
            outcome: if reply.error { "error" } else { "ok" },
        }
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
