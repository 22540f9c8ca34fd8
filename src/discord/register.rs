//! Slash-command registration from the command spec. Discord is asked what it has first; the
//! commands are only sent when they differ, so restarts do not churn registrations.

use serde_json::{json, Value};
use serenity::builder::{CreateCommand, CreateCommandOption};
use serenity::http::Http;
use serenity::model::application::{Command, CommandOptionType};
use serenity::model::id::GuildId;
use serenity::model::permissions::Permissions;

use crate::commands::spec::{OptionType, COMMANDS};

/// The slash commands, built from the spec.
pub fn commands() -> Vec<CreateCommand> {
    COMMANDS
        .iter()
        .map(|spec| {
            let mut command = CreateCommand::new(spec.name).description(spec.description);
            for option in spec.options {
                let kind = match option.kind {
                    OptionType::String => CommandOptionType::String,
                    OptionType::Integer => CommandOptionType::Integer,
                    OptionType::Boolean => CommandOptionType::Boolean,
                    OptionType::User => CommandOptionType::User,
                };
                let mut built = CreateCommandOption::new(kind, option.name, option.description)
                    .required(option.required)
                    .set_autocomplete(option.completion.is_some());
                if let Some(min) = option.min {
                    built = built.min_int_value(min as u64);
                }
                if let (Some(max), OptionType::String) = (option.max_length, option.kind) {
                    built = built.max_length(max);
                }
                command = command.add_option(built);
            }
            if spec.moderator_only {
                // Hidden from members by default; server admins may change that, so the bot
                // checks permissions on every call as well.
                command = command.default_member_permissions(Permissions::MANAGE_GUILD).dm_permission(false);
            }
            command
        })
        .collect()
}

/// The parts of a command definition that matter, in one canonical shape, so the JSON we send
/// and the JSON Discord returns compare equal when they mean the same.
fn canonical(command: &Value) -> Value {
    let text = |v: &Value, key: &str| v.get(key).and_then(Value::as_str).unwrap_or_default().to_string();
    let flag = |v: &Value, key: &str| v.get(key).and_then(Value::as_bool).unwrap_or(false);
    let options: Vec<Value> = command
        .get("options")
        .and_then(Value::as_array)
        .map(|options| {
            options
                .iter()
                .map(|o| {
                    json!({
                        "type": o.get("type").cloned().unwrap_or(Value::Null),
                        "name": text(o, "name"),
                        "description": text(o, "description"),
                        "required": flag(o, "required"),
                        "autocomplete": flag(o, "autocomplete"),
                        "min_value": o.get("min_value").and_then(Value::as_f64),
                        "max_length": o.get("max_length").and_then(Value::as_u64),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    let permissions = match command.get("default_member_permissions") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    json!({
        "name": text(command, "name"),
        "description": text(command, "description"),
        "options": options,
        "default_member_permissions": permissions,
        "dm_permission": command.get("dm_permission").and_then(Value::as_bool).unwrap_or(true),
    })
}

fn canonical_set(commands: &[Value]) -> Vec<Value> {
    let mut out: Vec<Value> = commands.iter().map(canonical).collect();
    out.sort_by_key(|c| c["name"].as_str().unwrap_or_default().to_string());
    out
}

/// True when Discord's commands already match ours.
pub fn same(existing: &[Command], wanted: &[CreateCommand]) -> bool {
    let existing: Vec<Value> = existing.iter().filter_map(|c| serde_json::to_value(c).ok()).collect();
    let wanted: Vec<Value> = wanted.iter().filter_map(|c| serde_json::to_value(c).ok()).collect();
    canonical_set(&existing) == canonical_set(&wanted)
}

/// What registration did, for the log.
#[derive(Debug, PartialEq, Eq)]
pub enum Registered {
    /// Commands were sent.
    Updated,
    /// Discord already had them.
    Unchanged,
}

impl Registered {
    /// One word for logs and metrics.
    pub fn as_str(&self) -> &'static str {
        match self {
            Registered::Updated => "updated",
            Registered::Unchanged => "unchanged",
        }
    }
}

/// Registers the commands in each guild of `guild_ids`, or globally when there are none.
pub async fn register(http: &Http, guild_ids: &[u64]) -> Result<Vec<(Option<u64>, Registered)>, serenity::Error> {
    let wanted = commands();
    let mut done = Vec::new();
    if guild_ids.is_empty() {
        let existing = Command::get_global_commands(http).await?;
        if same(&existing, &wanted) {
            done.push((None, Registered::Unchanged));
        } else {
            Command::set_global_commands(http, wanted.clone()).await?;
            done.push((None, Registered::Updated));
        }
    }
    for &guild in guild_ids {
        let guild_id = GuildId::new(guild);
        let existing = guild_id.get_commands(http).await?;
        if same(&existing, &wanted) {
            done.push((Some(guild), Registered::Unchanged));
        } else {
            guild_id.set_commands(http, wanted.clone()).await?;
            done.push((Some(guild), Registered::Updated));
        }
    }
    Ok(done)
}
