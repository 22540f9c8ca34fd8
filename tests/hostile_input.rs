//! Hostile input through the real dispatcher: interaction JSON as Discord (or someone forging
//! HTTP requests) could send it, deserialized with serenity's own types, answered by
//! [`Dispatcher::dispatch`], the response serialized as it goes on the wire.
//!
//! Every response is checked the same way ([`check`]): no panic; a refusal is a message (type 4)
//! only the asker sees (flag 64), autocomplete is type 8, a legit page turn is type 7;
//! `allowed_mentions.parse` is `[]`, no role may be pinged and `users` holds at most the member
//! named with `mention:`; no `@everyone`/`@here` outside code in any text Discord shows, and no
//! raw role or user mention echoed; every embed, component and choice within Discord's limits.
//! A content document added after the store was built is a tripwire: any reload would serve it
//! and change the version, and every case asserts that the version did not change.

#[path = "support/replies.rs"]
mod replies;

#[path = "support/fake_discord.rs"]
mod fake_discord;

use std::fs;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use careerbot::commands::reply::limits;
use careerbot::commands::token::PageToken;
use careerbot::commands::{CommandName, Invocation, OptionValue, Settings};
use careerbot::content::{load_dir, LoadOptions};
use careerbot::discord::cooldown::Cooldown;
use careerbot::discord::Dispatcher;
use careerbot::http::webhook::Webhooks;
use careerbot::http::{server, Endpoint, PublicKey};
use careerbot::metrics::Metrics;
use careerbot::snapshot::{self, Snapshot, Store};
use ed25519_dalek::{Signer, SigningKey};
use fake_discord::{autocomplete, bot_message, component, slash_command, MemberSpec, DEFAULT_BOT_ID, DEFAULT_USER_ID};
use replies::outside_code;
use serde_json::{json, Value};
use serenity::model::application::Interaction;
use tempfile::TempDir;

// ---------------------------------------------------------------------------------------------
// The bot under test

const SEED: &str = "27-SecOps_Engineer.md";
/// A member named with `mention:`.
const FRIEND: u64 = 424_242_424_242_424_242;
/// Embed colour of error answers (render.rs).
const ERROR_COLOUR: u64 = 0xd9534f;

struct Bot {
    dispatcher: Arc<Dispatcher>,
    store: Arc<Store>,
    version: String,
    _content: TempDir,
    _index: TempDir,
}

impl Bot {
    /// The seed document in a private content folder, served from memory, no cooldown.
    fn new() -> Bot {
        let content = TempDir::new().expect("tempdir");
        let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("content").join(SEED);
        fs::copy(seed, content.path().join(SEED)).expect("copy the seed");
        let index = TempDir::new().expect("tempdir");
        let library = load_dir(content.path(), &LoadOptions::default()).expect("seed loads");
        let settings = snapshot::Settings {
            content_dir: content.path().to_path_buf(),
            index_dir: index.path().to_path_buf(),
            load: LoadOptions::default(),
        };
        let store = Arc::new(Store::with_snapshot(Snapshot::in_memory(library).expect("index"), settings));
        let version = store.snapshot().version().to_string();
        // The tripwire: a reload from here on would swap this in and change the version.
        fs::write(
            content.path().join("28-Tripwire_Engineer.md"),
            "---\ntitle: \"28. Tripwire Engineer\"\n---\n# 28. Tripwire Engineer\n\n## Definition:\nReloaded!\n",
        )
        .expect("tripwire");
        let dispatcher = Arc::new(Dispatcher::new(
            Arc::clone(&store),
            Settings::default(),
            Vec::new(),
            Cooldown::new(0, Duration::from_secs(10)),
            Arc::new(Metrics::new()),
        ));
        Bot { dispatcher, store, version, _content: content, _index: index }
    }

    /// Deserializes like serenity, dispatches, serializes the response as it goes on the wire.
    fn send(&self, interaction: &Value) -> Sent {
        let parsed: Interaction = serde_json::from_value(interaction.clone())
            .unwrap_or_else(|e| panic!("serenity cannot read the interaction ({e}): {interaction}"));
        let dispatched = runtime().block_on(self.dispatcher.dispatch(&parsed));
        assert!(dispatched.follow_up.is_none(), "hostile input never reaches a follow-up (a reload): {interaction}");
        let body = serde_json::to_value(&dispatched.response).expect("the response serializes");
        assert_eq!(self.store.snapshot().version(), self.version, "nothing was reloaded by {interaction}");
        Sent { body, outcome: dispatched.outcome, sent: interaction.clone() }
    }

    /// Sends and checks.
    fn expect(&self, interaction: &Value, want: Want) -> Sent {
        let sent = self.send(interaction);
        check(&sent, want, mentioned_user(interaction));
        sent
    }
}

/// Drives `Dispatcher::dispatch` (async: autocomplete may wait on the plans database); one for
/// the whole test binary, never dropped (a runtime cannot be dropped inside an async test).
fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: std::sync::OnceLock<tokio::runtime::Runtime> = std::sync::OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().expect("runtime")
    })
}

/// One dispatched interaction.
struct Sent {
    body: Value,
    outcome: &'static str,
    sent: Value,
}

impl Sent {
    fn data(&self) -> &Value {
        &self.body["data"]
    }

    fn embed(&self) -> &Value {
        &self.body["data"]["embeds"][0]
    }

    fn description(&self) -> &str {
        self.embed()["description"].as_str().unwrap_or_default()
    }

    fn title(&self) -> &str {
        self.embed()["title"].as_str().unwrap_or_default()
    }

    /// The custom_id of the page button at `index` (0 previous, 1 next) of the first row.
    fn button(&self, index: usize) -> String {
        self.data()["components"][0]["components"][index]["custom_id"].as_str().unwrap_or_default().to_string()
    }
}

// ---------------------------------------------------------------------------------------------
// What every response must be

/// What a case expects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Want {
    /// An error or a refusal: a message only the asker sees, in the error colour.
    Refusal,
    /// An answer (type 4, not an error).
    Answer,
    /// Whichever, as long as it is one of the two (a search may or may not find something).
    AnswerOrRefusal,
    /// Autocomplete choices (type 8).
    Choices,
    /// The message updated in place (type 7): a legit page turn by the message's owner.
    Update,
}

fn check(sent: &Sent, want: Want, mention: Option<u64>) {
    let body = &sent.body;
    let what = &sent.sent;
    let kind = body["type"].as_u64();
    let data = &body["data"];
    let flags = data["flags"].as_u64().unwrap_or(0);
    let refused = matches!(sent.outcome, "error" | "refused" | "cooldown");
    match want {
        Want::Refusal => assert!(refused, "a refusal expected, got {} {body}\nfor {what}", sent.outcome),
        Want::Answer => assert!(!refused, "an answer expected, got {} {body}\nfor {what}", sent.outcome),
        Want::AnswerOrRefusal | Want::Choices | Want::Update => {}
    }
    match (want, kind) {
        (Want::Choices, Some(8)) => return check_choices(data, what),
        (Want::Update, Some(7)) => assert!(!refused && flags & 64 == 0, "{body}"),
        (Want::Refusal | Want::Answer | Want::AnswerOrRefusal, Some(4)) => {}
        _ => panic!("response type {kind:?} is not what {want:?} needs: {body}\nfor {what}"),
    }
    if refused {
        assert_eq!(flags & 64, 64, "a refusal is ephemeral: {body}\nfor {what}");
        assert_eq!(data["embeds"][0]["color"].as_u64(), Some(ERROR_COLOUR), "a refusal looks like one: {body}");
    }
    check_allowed_mentions(data, if refused { None } else { mention }, what);
    check_embeds(data, what);
    check_components(data, what);
    check_text(data, mention, what);
}

/// Nobody but the member named with `mention:` (on a successful answer) can be pinged.
fn check_allowed_mentions(data: &Value, mention: Option<u64>, what: &Value) {
    let allowed = &data["allowed_mentions"];
    assert_eq!(allowed["parse"], json!([]), "no @everyone, @here, roles or users by parsing: {allowed}\nfor {what}");
    assert!(allowed["roles"].as_array().is_none_or(|r| r.is_empty()), "{allowed}");
    assert_ne!(allowed["replied_user"], json!(true), "{allowed}");
    let users: Vec<u64> = allowed["users"]
        .as_array()
        .map(|u| u.iter().map(|id| id.as_str().and_then(|s| s.parse().ok()).expect("snowflake string")).collect())
        .unwrap_or_default();
    assert!(users.len() <= 1, "{allowed}");
    for user in &users {
        assert_eq!(Some(*user), mention, "only the member named with mention: may be pinged: {allowed}\nfor {what}");
    }
}

fn len(value: &Value) -> usize {
    value.as_str().map(limits::len).unwrap_or(0)
}

/// Embeds within Discord's limits.
fn check_embeds(data: &Value, what: &Value) {
    assert!(len(&data["content"]) <= limits::CONTENT, "content too long for {what}");
    let embeds = data["embeds"].as_array().cloned().unwrap_or_default();
    assert!(embeds.len() <= 10);
    let mut total = 0;
    for embed in &embeds {
        assert!(len(&embed["title"]) <= limits::TITLE, "title {} for {what}", embed["title"]);
        assert!(len(&embed["description"]) <= limits::DESCRIPTION, "description {}", len(&embed["description"]));
        assert!(len(&embed["footer"]["text"]) <= limits::FOOTER);
        let fields = embed["fields"].as_array().cloned().unwrap_or_default();
        assert!(fields.len() <= limits::FIELDS);
        for field in &fields {
            assert!((1..=limits::FIELD_NAME).contains(&len(&field["name"])), "{field}");
            assert!((1..=limits::FIELD_VALUE).contains(&len(&field["value"])), "{field}");
            total += len(&field["name"]) + len(&field["value"]);
        }
        total += len(&embed["title"]) + len(&embed["description"]) + len(&embed["footer"]["text"]);
        if let Some(url) = embed["url"].as_str() {
            assert!(url.starts_with("https://"), "{url}");
        }
        let description = embed["description"].as_str().unwrap_or_default();
        assert_eq!(description.matches("```").count() % 2, 0, "a code block left open: {description}\nfor {what}");
    }
    assert!(total <= limits::EMBED_TOTAL, "embeds total {total} for {what}");
}

/// Buttons, menus and their ids within Discord's limits.
fn check_components(data: &Value, what: &Value) {
    let rows = data["components"].as_array().cloned().unwrap_or_default();
    assert!(rows.len() <= 5, "{what}");
    for row in &rows {
        assert_eq!(row["type"], 1);
        let parts = row["components"].as_array().cloned().unwrap_or_default();
        assert!((1..=limits::BUTTONS_PER_ROW).contains(&parts.len()), "{row}");
        for part in &parts {
            if let Some(id) = part["custom_id"].as_str() {
                assert!((1..=limits::CUSTOM_ID).contains(&limits::len(id)), "custom_id {id:?} for {what}");
            }
            match part["type"].as_u64() {
                Some(2) => {
                    assert!(len(&part["label"]) <= limits::BUTTON_LABEL, "{part}");
                    if let Some(url) = part["url"].as_str() {
                        assert!(url.starts_with("https://") && limits::len(url) <= limits::BUTTON_URL, "{url}");
                    } else {
                        assert!(part["custom_id"].is_string(), "{part}");
                    }
                }
                Some(3) => {
                    let options = part["options"].as_array().cloned().unwrap_or_default();
                    assert!((1..=limits::SELECT_OPTIONS).contains(&options.len()), "{part}");
                    for option in &options {
                        assert!((1..=limits::SELECT_TEXT).contains(&len(&option["label"])), "{option}");
                        assert!((1..=limits::CUSTOM_ID).contains(&len(&option["value"])), "{option}");
                        assert!(len(&option["description"]) <= limits::SELECT_TEXT, "{option}");
                    }
                    assert!(len(&part["placeholder"]) <= 150);
                }
                other => panic!("unexpected component type {other:?}: {part}"),
            }
        }
    }
}

/// Autocomplete: at most 25 choices, names of 1–100 characters, values of at most 100.
fn check_choices(data: &Value, what: &Value) {
    let choices = data["choices"].as_array().unwrap_or_else(|| panic!("no choices array: {data}\nfor {what}"));
    assert!(choices.len() <= limits::CHOICES, "{} choices", choices.len());
    for choice in choices {
        let name = choice["name"].as_str().expect("a name");
        assert!((1..=limits::CHOICE_NAME).contains(&limits::len(name)), "choice name {name:?}");
        match &choice["value"] {
            Value::String(value) => assert!((1..=limits::CHOICE_NAME).contains(&limits::len(value)), "{choice}"),
            Value::Number(_) => {}
            other => panic!("choice value {other}"),
        }
    }
}

/// Every text Discord shows: message content, embed title, description, field names and
/// values, footer; with code left out of the markdown ones.
fn shown_text(data: &Value) -> Vec<(&'static str, String)> {
    let mut texts = vec![("content", data["content"].as_str().unwrap_or_default().to_string())];
    for embed in data["embeds"].as_array().into_iter().flatten() {
        texts.push(("title", embed["title"].as_str().unwrap_or_default().to_string()));
        texts.push(("description", outside_code(embed["description"].as_str().unwrap_or_default())));
        texts.push(("footer", embed["footer"]["text"].as_str().unwrap_or_default().to_string()));
        for field in embed["fields"].as_array().into_iter().flatten() {
            texts.push(("field name", field["name"].as_str().unwrap_or_default().to_string()));
            texts.push(("field value", outside_code(field["value"].as_str().unwrap_or_default())));
        }
    }
    texts
}

/// Raw mentions `<@…>`, `<@!…>`, `<@&…>` in a text.
fn raw_mentions(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("<@") {
        let tail = &rest[at + 2..];
        let end = tail.find('>').unwrap_or(tail.len());
        let inner = &tail[..end];
        let body = inner.trim_start_matches(['!', '&']);
        if !body.is_empty() && body.chars().all(|c| c.is_ascii_digit()) {
            out.push(format!("<@{inner}>"));
        }
        rest = tail;
    }
    out
}

/// No mass mention anywhere it would show as one; no echoed role or user mention; the only
/// raw mention is the `mention:` member, in the content line.
fn check_text(data: &Value, mention: Option<u64>, what: &Value) {
    for (place, text) in shown_text(data) {
        for word in ["@everyone", "@here"] {
            assert!(!text.contains(word), "'{word}' shown as it is in the {place}: {text:?}\nfor {what}");
        }
        for found in raw_mentions(&text) {
            let allowed = place == "content" && mention.is_some_and(|m| found == format!("<@{m}>"));
            assert!(allowed, "a raw mention {found} in the {place}: {text:?}\nfor {what}");
        }
        if place != "title" {
            // Direction overrides would reorder the rest of the message.
            assert!(!text.contains(['\u{202e}', '\u{202d}', '\u{2066}', '\u{2067}', '\u{2068}']), "{text:?}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Building interactions

fn member() -> MemberSpec {
    MemberSpec::new(DEFAULT_USER_ID)
}

fn opt(name: &str, kind: u8, value: Value) -> Value {
    json!({ "name": name, "type": kind, "value": value })
}

/// A string option.
fn s(name: &str, value: &str) -> Value {
    opt(name, 3, json!(value))
}

/// An integer option.
fn int(name: &str, value: i64) -> Value {
    opt(name, 4, json!(value))
}

/// A slash command from the default member.
fn command(name: &str, options: Vec<Value>) -> Value {
    slash_command(name, Value::Array(options), &member())
}

/// A slash command pointed at [`FRIEND`] with `mention:` (resolved as Discord sends it).
fn command_for_friend(name: &str, mut options: Vec<Value>) -> Value {
    options.push(opt("mention", 6, json!(FRIEND.to_string())));
    let mut interaction = command(name, options);
    interaction["data"]["resolved"] = json!({ "users": { FRIEND.to_string(): {
        "id": FRIEND.to_string(), "username": "friend", "discriminator": "0", "global_name": null, "avatar": null
    } } });
    interaction
}

/// The `mention:` user of a slash command, if any.
fn mentioned_user(interaction: &Value) -> Option<u64> {
    interaction["data"]["options"]
        .as_array()?
        .iter()
        .find(|o| o["name"] == "mention" && o["type"] == 6)
        .and_then(|o| o["value"].as_str())
        .and_then(|v| v.parse().ok())
}

/// An autocomplete interaction: `done` options as typed, `focused` (name, type, typed text).
fn complete(name: &str, mut done: Vec<Value>, focused: (&str, u8, &str)) -> Value {
    done.push(json!({ "name": focused.0, "type": focused.1, "value": focused.2, "focused": true }));
    autocomplete(name, Value::Array(done), &member())
}

/// The bot's message holding a component, answered to `owner`.
fn message_of(owner: &MemberSpec) -> Value {
    let mut message = bot_message("", json!([]));
    message["interaction_metadata"] =
        json!({ "id": "1", "type": 2, "user": owner.user_json(), "authorizing_integration_owners": {} });
    message
}

/// A button press on the default member's own message.
fn press(custom_id: &str) -> Value {
    component(custom_id, 2, &[], &member(), message_of(&member()))
}

/// A choice in the section menu on the default member's own message.
fn choose(value: &str) -> Value {
    component("cb:sections", 3, &[value], &member(), message_of(&member()))
}

/// A valid page token (checksum and all) for an invocation on the bot's current content.
fn token(bot: &Bot, invocation: Invocation, page: usize) -> String {
    PageToken { version: bot.version.clone(), page, invocation }.encode().expect("fits in a custom_id")
}

/// Text options of every command, with a valid value for the others where one is needed.
fn every_text_option(hostile: &str) -> Vec<(&'static str, Vec<Value>)> {
    vec![
        ("career", vec![s("name", hostile)]),
        ("career", vec![s("name", "secops"), s("section", hostile)]),
        ("certs", vec![s("career", hostile)]),
        ("certs", vec![s("career", "secops"), s("group", hostile)]),
        ("prompt", vec![s("career", hostile)]),
        ("prompt", vec![s("topic", hostile)]),
        ("prompt", vec![s("career", "secops"), s("topic", hostile)]),
        ("prompt", vec![s("career", "secops"), int("number", 3), s("context", hostile)]),
        ("search", vec![s("query", hostile)]),
        ("search", vec![s("query", "kubernetes"), s("career", hostile)]),
    ]
}

/// Sends `hostile` in every text option of every command, as is and pointed at a friend.
fn in_every_text_option(bot: &Bot, hostile: &str) {
    for (name, options) in every_text_option(hostile) {
        bot.expect(&command(name, options.clone()), Want::AnswerOrRefusal);
        let sent = bot.expect(&command_for_friend(name, options), Want::AnswerOrRefusal);
        if sent.outcome == "ok" {
            assert_eq!(sent.data()["content"], format!("Suggested for <@{FRIEND}>"));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Query syntax and long, invisible, reordering or pictographic text

const QUERY_SYNTAX: &[&str] = &[
    "title:x",
    "a AND OR",
    "\"unbalanced",
    "(((",
    "*",
    "-x",
    ")))",
    "+",
    "kubernetes~2",
    "boost^3",
    "[a TO z]",
    "{a TO z}",
    "NOT",
    "AND OR NOT",
    "career:secops-engineer",
    "\"\"",
    ":",
    "\\",
    "?*?",
    "a:b:c:d",
];

#[test]
fn search_query_syntax_is_taken_as_words() {
    let bot = Bot::new();
    for query in QUERY_SYNTAX {
        let sent = bot.expect(&command("search", vec![s("query", query)]), Want::AnswerOrRefusal);
        assert_ne!(sent.title(), "Search failed", "{query}: the index took it as syntax");
    }
    // A real word still finds its passage whatever syntax surrounds it.
    for query in ["(((kubernetes", "title:kubernetes", "-kubernetes", "kubernetes AND OR"] {
        let sent = bot.expect(&command("search", vec![s("query", query)]), Want::Answer);
        assert!(sent.description().to_lowercase().contains("kubernetes"), "{query}");
    }
}

#[test]
fn query_syntax_in_names_sections_and_groups() {
    let bot = Bot::new();
    for hostile in QUERY_SYNTAX {
        in_every_text_option(&bot, hostile);
    }
}

#[test]
fn six_thousand_characters_in_every_text_option() {
    let bot = Bot::new();
    let words: String = (0..1000).map(|i| format!("w{i:04} ")).collect::<String>().chars().take(6000).collect();
    assert_eq!(words.chars().count(), 6000);
    in_every_text_option(&bot, &words);
    in_every_text_option(&bot, &"x".repeat(6000));
    // The context of one prompt: the whole of it is shown, in a code block cut into pages.
    let context = format!("@everyone {}", "y".repeat(6000));
    let sent = bot.expect(
        &command("prompt", vec![s("career", "secops"), int("number", 3), s("context", &context)]),
        Want::Answer,
    );
    assert!(sent.description().starts_with("```"), "{}", sent.description());
    assert!(sent.data()["components"].as_array().is_none_or(|rows| rows.is_empty()), "too long for LLM buttons");
}

#[test]
fn zero_width_and_direction_characters() {
    let bot = Bot::new();
    for hostile in [
        "sec\u{200b}ops",
        "\u{202e}spoces",
        "\u{202e}@everyone\u{202c}",
        "\u{2066}secops\u{2069}",
        "\u{feff}secops",
        "\u{200b}\u{200c}\u{200d}\u{2060}",
        "secops\u{0000}\u{0007}\u{001b}[31m",
        "\u{2028}\u{2029}\n\r\t",
    ] {
        in_every_text_option(&bot, hostile);
    }
}

#[test]
fn emoji_in_every_text_option() {
    let bot = Bot::new();
    for hostile in ["🚀", "👩‍💻🏳️‍🌈👍🏽", "secops 🚀", &"🧑‍🚀".repeat(200), "🇱🇰 kubernetes 🔐"]
    {
        in_every_text_option(&bot, hostile);
    }
}

// ---------------------------------------------------------------------------------------------
// Mentions

#[test]
fn everyone_here_role_and_user_mentions_in_every_text_option() {
    let bot = Bot::new();
    for hostile in [
        "@everyone",
        "@here",
        "<@&123456789012345678>",
        "<@123456789012345678>",
        "<@!123456789012345678>",
        "@everyone secops",
        "secops @here kubernetes",
        "@@everyone@here",
        "＠everyone",
    ] {
        in_every_text_option(&bot, hostile);
    }
    // Echoed text is neutralised, not only left unpinged.
    let sent = bot.expect(&command("career", vec![s("name", "@everyone")]), Want::Refusal);
    assert!(sent.description().contains("'@\u{200b}everyone'"), "{}", sent.description());
    let sent = bot.expect(&command("search", vec![s("query", "@here kubernetes")]), Want::Answer);
    assert!(sent.title().contains("@\u{200b}here"), "{}", sent.title());
}

#[test]
fn mention_pings_only_that_member_and_only_on_an_answer() {
    let bot = Bot::new();
    let sent = bot.expect(&command_for_friend("career", vec![s("name", "secops")]), Want::Answer);
    assert_eq!(sent.data()["allowed_mentions"]["users"], json!([FRIEND.to_string()]));
    let sent = bot.expect(&command_for_friend("career", vec![s("name", "nothing-like-it")]), Want::Refusal);
    assert_eq!(sent.data()["content"], "", "an error points at nobody");
    assert!(sent.data()["allowed_mentions"]["users"].as_array().is_none_or(|u| u.is_empty()));
}

#[test]
fn odd_mention_targets() {
    let bot = Bot::new();
    for target in [DEFAULT_BOT_ID, DEFAULT_USER_ID, u64::MAX, 1] {
        let mut interaction = command("careers", vec![opt("mention", 6, json!(target.to_string()))]);
        interaction["data"]["resolved"] = json!({});
        let sent = bot.expect(&interaction, Want::Answer);
        assert_eq!(sent.data()["allowed_mentions"]["users"], json!([target.to_string()]));
    }
    // A user id of 0 is not a snowflake: serenity refuses the interaction (the HTTP endpoint
    // then answers with a private apology, see `unreadable_interactions_get_a_private_apology`).
    let zero = command("careers", vec![opt("mention", 6, json!("0"))]);
    assert!(serde_json::from_value::<Interaction>(zero).is_err());
}

// ---------------------------------------------------------------------------------------------
// Markdown and code-block breakouts

const BREAKOUTS: &[&str] = &[
    "```",
    "``` @everyone",
    "secops```\n# Heading\n```",
    "**bold** __under__ ~~strike~~",
    "||spoiler|| secops",
    "> quote\n>>> block quote",
    "\\",
    "\\\\`\\`",
    "`inline`",
    "[link](javascript:alert(1))",
    "[link](https://evil.example)",
    "# Heading\n## Sub",
    "- list\n1. item",
    "<t:0:R> <#123> <:emoji:123>",
    "*",
];

#[test]
fn code_block_breakouts_in_career_names() {
    let bot = Bot::new();
    for hostile in BREAKOUTS {
        let sent = bot.expect(&command("career", vec![s("name", hostile)]), Want::Refusal);
        let shown = outside_code(sent.description());
        assert!(!shown.contains("](javascript:") && !shown.contains("](https://evil"), "{shown}");
        assert!(!sent.description().contains("\n# "), "no heading injected: {}", sent.description());
    }
}

#[test]
fn markdown_breakouts_in_sections_and_groups() {
    let bot = Bot::new();
    for hostile in BREAKOUTS {
        for options in
            [vec![s("name", "secops"), s("section", hostile)], vec![s("career", "secops"), s("group", hostile)]]
        {
            let name = if options[0]["name"] == "name" { "career" } else { "certs" };
            let sent = bot.expect(&command(name, options), Want::AnswerOrRefusal);
            assert!(!outside_code(sent.description()).contains("](javascript:"), "{}", sent.description());
        }
    }
}

#[test]
fn markdown_breakouts_in_search_queries() {
    let bot = Bot::new();
    for hostile in BREAKOUTS {
        let sent = bot.expect(&command("search", vec![s("query", hostile)]), Want::AnswerOrRefusal);
        assert!(!outside_code(sent.description()).contains("](javascript:"), "{}", sent.description());
        let with_word = format!("{hostile} kubernetes");
        bot.expect(&command("search", vec![s("query", &with_word)]), Want::AnswerOrRefusal);
    }
}

#[test]
fn code_block_breakouts_in_prompt_context_stay_inside_the_block() {
    let bot = Bot::new();
    for hostile in BREAKOUTS {
        let sent = bot.expect(
            &command("prompt", vec![s("career", "secops"), int("number", 2), s("context", hostile)]),
            Want::Answer,
        );
        let description = sent.description();
        assert!(description.starts_with("```\n"), "{description}");
        // "About me: …" is inside the one code block, whatever the context holds.
        assert!(description.contains("About me:"), "{description}");
        assert!(!outside_code(description).contains("About me:"), "the context broke out: {description}");
        assert_eq!(description.matches("```").count(), 2, "one block, opened and closed once: {description}");
    }
}

#[test]
fn markdown_breakouts_in_prompt_topics() {
    let bot = Bot::new();
    for hostile in BREAKOUTS {
        bot.expect(&command("prompt", vec![s("topic", hostile)]), Want::AnswerOrRefusal);
        bot.expect(&command("prompt", vec![s("career", "secops"), s("topic", hostile)]), Want::AnswerOrRefusal);
    }
}

// ---------------------------------------------------------------------------------------------
// Unknown careers and sections, prompt numbers out of range

#[test]
fn an_unknown_career_is_a_private_refusal() {
    let bot = Bot::new();
    for name in ["underwater-basket-weaving", "28", "0", "-1", "999999999999", "secopz"] {
        let sent = bot.expect(&command("career", vec![s("name", name)]), Want::Refusal);
        assert_eq!(sent.title(), "No such career", "{name}");
    }
}

#[test]
fn an_unknown_section_is_a_private_refusal() {
    let bot = Bot::new();
    // (`responsibilities/../x` would open Responsibilities: one letter from its key, a typo.)
    for section in ["hobbies", "0", "999", "../../etc/passwd", "../../../zzz"] {
        let sent = bot.expect(&command("career", vec![s("name", "secops"), s("section", section)]), Want::Refusal);
        assert_eq!(sent.title(), "No such section", "{section}");
        assert!(sent.description().contains("Try one of: `role`"), "{}", sent.description());
    }
}

fn prompt_number_is_refused(number: i64) {
    let bot = Bot::new();
    for options in [
        vec![s("career", "secops"), int("number", number)],
        vec![s("career", "secops"), int("number", number), s("context", "@everyone")],
    ] {
        let sent = bot.expect(&command("prompt", options), Want::Refusal);
        assert_eq!(sent.title(), "No such prompt", "{number}");
        assert!(sent.description().contains(&format!("has prompts 1–10; {number} is not")), "{}", sent.description());
    }
}

#[test]
fn prompt_number_zero() {
    prompt_number_is_refused(0);
}

#[test]
fn prompt_number_minus_one() {
    prompt_number_is_refused(-1);
}

#[test]
fn prompt_number_999999() {
    prompt_number_is_refused(999_999);
}

#[test]
fn prompt_number_i64_max_and_min() {
    prompt_number_is_refused(i64::MAX);
    prompt_number_is_refused(i64::MIN);
}

#[test]
fn a_prompt_number_given_as_text_is_read_or_refused() {
    let bot = Bot::new();
    // Discord sends integers as numbers; a string is read when it is a whole number.
    let sent = bot.expect(&command("prompt", vec![s("career", "secops"), s("number", " 3 ")]), Want::Answer);
    assert!(sent.title().starts_with("Prompt 3 · "), "{}", sent.title());
    for text in ["abc", "3.5", "1e3", "99999999999999999999999", "", "٣"] {
        let sent = bot.expect(&command("prompt", vec![s("career", "secops"), s("number", text)]), Want::Refusal);
        assert!(sent.description().contains("takes a whole number"), "{text}: {}", sent.description());
    }
}

// ---------------------------------------------------------------------------------------------
// Page tokens: forged, truncated, altered, empty; as buttons and as menu values

fn hostile_tokens(bot: &Bot) -> Vec<String> {
    let good = token(
        bot,
        Invocation::new(CommandName::Career)
            .with("name", OptionValue::String("secops-engineer".into()))
            .with("section", OptionValue::String("responsibilities".into())),
        1,
    );
    let altered_page = good.replacen("|1|", "|2|", 1);
    let altered_check = {
        let mut t = good.clone();
        let last = t.pop().unwrap();
        t.push(if last == '0' { '1' } else { '0' });
        t
    };
    vec![
        String::new(),
        " ".into(),
        "cb1".into(),
        "cb1|||||".into(),
        "cb1|zz|0|career|name=secops|0000".into(),
        "cb1|deadbeef|0|career|name=secops-engineer|0000".into(),
        "cb2|deadbeef|0|career|name=secops-engineer".into(),
        good[..good.len() - 3].to_string(),
        good[..good.len() / 2].to_string(),
        altered_page,
        altered_check,
        good.replace("career", "carer"),
        format!("{good}|extra"),
        "x".repeat(101),
        "é".repeat(50),
        "cb1|deadbeef|999999999999999999999|career|name=secops|0000".into(),
        "cb:disabled:prev".into(),
        "cb:disabled:next".into(),
        "cb:sections".into(),
        "@everyone".into(),
        "<@&123456789012345678>".into(),
    ]
}

#[test]
fn forged_page_tokens_on_buttons_are_refused() {
    let bot = Bot::new();
    for forged in hostile_tokens(&bot) {
        let sent = bot.expect(&press(&forged), Want::Refusal);
        assert_eq!(sent.title(), "This button has expired", "{forged:?}");
    }
}

#[test]
fn forged_page_tokens_in_the_section_menu_are_refused() {
    let bot = Bot::new();
    for forged in hostile_tokens(&bot) {
        let sent = bot.expect(&choose(&forged), Want::Refusal);
        assert_eq!(sent.title(), "This button has expired", "{forged:?}");
    }
}

#[test]
fn a_menu_without_values_or_under_a_foreign_id_is_refused() {
    let bot = Bot::new();
    let good = token(&bot, Invocation::new(CommandName::Careers), 0);
    for interaction in [
        component("cb:sections", 3, &[], &member(), message_of(&member())),
        component("someone:else", 3, &[&good], &member(), message_of(&member())),
        component("cb:sections", 5, &[&DEFAULT_USER_ID.to_string()], &member(), message_of(&member())),
        component("cb:sections", 6, &["123456789012345678"], &member(), message_of(&member())),
    ] {
        let sent = bot.expect(&interaction, Want::Refusal);
        assert!(sent.description().contains("not valid any more"), "{}", sent.description());
    }
    // Many values: the first is the one chosen.
    let many: Vec<String> = std::iter::once(good.clone()).chain((0..30).map(|i| format!("junk{i}"))).collect();
    let refs: Vec<&str> = many.iter().map(String::as_str).collect();
    bot.expect(&component("cb:sections", 3, &refs, &member(), message_of(&member())), Want::Update);
}

#[test]
fn a_legit_page_turn_updates_the_message() {
    let bot = Bot::new();
    let first =
        bot.expect(&command("career", vec![s("name", "secops"), s("section", "responsibilities")]), Want::Answer);
    let next = first.button(1);
    let second = bot.expect(&press(&next), Want::Update);
    assert!(second.embed()["footer"]["text"].as_str().unwrap_or_default().contains("Page 2/"));
    let back = bot.expect(&press(&second.button(0)), Want::Update);
    assert_eq!(back.description(), first.description());
    // The section menu under an overview opens its section in place.
    let overview = bot.expect(&command("career", vec![s("name", "secops")]), Want::Answer);
    let rows = overview.data()["components"].as_array().unwrap().clone();
    let menu = rows.iter().find_map(|r| r["components"][0]["options"].as_array().cloned()).expect("a section menu");
    let value = menu[0]["value"].as_str().unwrap();
    bot.expect(&choose(value), Want::Update);
}

#[test]
fn a_token_from_older_content_shows_the_current_content() {
    let bot = Bot::new();
    let old = PageToken {
        version: "0badc0de".into(),
        page: 3,
        invocation: Invocation::new(CommandName::Career).with("name", OptionValue::String("secops-engineer".into())),
    }
    .encode()
    .unwrap();
    let sent = bot.expect(&press(&old), Want::Update);
    assert!(sent.description().starts_with("*The content was updated since this message"), "{}", sent.description());
    // A token naming a career that is gone is an error, not a panic.
    let gone = PageToken {
        version: "0badc0de".into(),
        page: 0,
        invocation: Invocation::new(CommandName::Career).with("name", OptionValue::String("gone-engineer".into())),
    }
    .encode()
    .unwrap();
    bot.expect(&press(&gone), Want::Refusal);
}

// ---------------------------------------------------------------------------------------------
// Options of the wrong type, unknown options and commands

#[test]
fn an_integer_where_text_goes_is_refused() {
    let bot = Bot::new();
    for (name, options) in [
        ("career", vec![int("name", 27)]),
        ("search", vec![int("query", 1)]),
        ("prompt", vec![s("career", "secops"), int("number", 1), int("context", 5)]),
        ("career", vec![opt("name", 5, json!(true))]),
        ("career", vec![opt("name", 10, json!(27.5))]),
        ("career", vec![opt("name", 6, json!("123456789012345678"))]),
        ("career", vec![opt("name", 8, json!("123456789012345678"))]),
    ] {
        let sent = bot.expect(&command(name, options), Want::Refusal);
        assert!(sent.description().contains("takes text"), "{}", sent.description());
    }
}

#[test]
fn other_wrong_types_are_refused() {
    let bot = Bot::new();
    for (options, says) in [
        (vec![s("career", "secops"), opt("number", 10, json!(2.0))], "takes a whole number"),
        (vec![s("career", "secops"), opt("number", 5, json!(true))], "takes a whole number"),
        (vec![s("career", "secops"), opt("private", 3, json!("true"))], "takes true or false"),
        (vec![s("career", "secops"), opt("mention", 3, json!("<@123>"))], "takes a member"),
        (vec![s("career", "secops"), opt("mention", 4, json!(123))], "takes a member"),
    ] {
        let sent = bot.expect(&command("prompt", options), Want::Refusal);
        assert!(sent.description().contains(says), "{}", sent.description());
    }
}

#[test]
fn an_unknown_option_name_is_refused() {
    let bot = Bot::new();
    for option in [s("nmae", "secops"), s("", "x"), s("@everyone", "x"), s(&"o".repeat(500), "x"), int("page", 3)] {
        let sent = bot.expect(&command("career", vec![s("name", "secops"), option]), Want::Refusal);
        assert!(sent.description().contains("has no option"), "{}", sent.description());
    }
}

#[test]
fn an_unknown_command_name_is_refused() {
    let bot = Bot::new();
    for name in ["carer", "", "sudo", "@everyone", "reload2", "../career", &"c".repeat(300)] {
        let sent = bot.expect(&command(name, vec![]), Want::Refusal);
        assert!(sent.description().contains("There is no command"), "{name}: {}", sent.description());
    }
}

#[test]
fn sub_commands_and_unknown_option_types_are_refused() {
    let bot = Bot::new();
    for option in [
        json!({ "name": "name", "type": 1, "options": [s("name", "secops")] }),
        json!({ "name": "name", "type": 2, "options": [] }),
        json!({ "name": "name", "type": 99, "value": "secops" }),
        json!({ "name": "name", "type": 11, "value": "123456789012345678" }),
    ] {
        bot.expect(&command("career", vec![option]), Want::Refusal);
    }
}

#[test]
fn a_missing_required_option_is_refused() {
    let bot = Bot::new();
    for (name, options) in
        [("career", vec![]), ("career", vec![s("section", "skills")]), ("search", vec![s("career", "secops")])]
    {
        let sent = bot.expect(&command(name, options), Want::Refusal);
        assert!(sent.description().contains("needs the option"), "{}", sent.description());
    }
    // `career` is optional for /certs, but a group belongs to a career.
    let sent = bot.expect(&command("certs", vec![s("group", "x")]), Want::Refusal);
    assert!(sent.description().contains("name the career too"), "{}", sent.description());
    // Present but blank is as good as missing.
    for blank in ["", "   ", "\u{200b}"] {
        bot.expect(&command("career", vec![s("name", blank)]), Want::Refusal);
        bot.expect(&command("search", vec![s("query", blank)]), Want::Refusal);
    }
}

#[test]
fn private_false_does_not_make_an_error_public() {
    let bot = Bot::new();
    let sent =
        bot.expect(&command("career", vec![s("name", "nothing"), opt("private", 5, json!(false))]), Want::Refusal);
    assert_eq!(sent.data()["flags"].as_u64().unwrap() & 64, 64);
    let sent = bot.expect(&command("careers", vec![opt("private", 5, json!(true))]), Want::Answer);
    assert_eq!(sent.data()["flags"].as_u64().unwrap() & 64, 64, "private:true");
}

// ---------------------------------------------------------------------------------------------
// Someone else's message, other interaction kinds, no member at all

#[test]
fn a_page_turn_on_another_members_message_is_a_private_copy() {
    let bot = Bot::new();
    let owner = MemberSpec::new(DEFAULT_USER_ID + 1);
    let next = token(
        &bot,
        Invocation::new(CommandName::Career)
            .with("name", OptionValue::String("secops-engineer".into()))
            .with("section", OptionValue::String("responsibilities".into())),
        1,
    );
    let section = token(
        &bot,
        Invocation::new(CommandName::Career)
            .with("name", OptionValue::String("secops-engineer".into()))
            .with("section", OptionValue::String("skills".into())),
        0,
    );
    // The owner named by interaction_metadata, and by the older `interaction` field.
    let mut legacy = bot_message("", json!([]));
    legacy["interaction"] = json!({ "id": "1", "type": 2, "name": "career", "user": owner.user_json() });
    for message in [message_of(&owner), legacy] {
        for interaction in [
            component(&next, 2, &[], &member(), message.clone()),
            component("cb:sections", 3, &[&section], &member(), message.clone()),
        ] {
            let sent = bot.expect(&interaction, Want::Answer);
            assert_eq!(sent.body["type"], 4, "a new message; the owner's message is not updated");
            assert_eq!(sent.data()["flags"].as_u64().unwrap() & 64, 64, "only the clicker sees it");
            assert_eq!(sent.data()["content"], "Here is that page, just for you.");
            assert!(sent.data()["allowed_mentions"]["users"].as_array().is_none_or(|u| u.is_empty()));
        }
    }
    // The owner's own click updates in place.
    bot.expect(&component(&next, 2, &[], &owner, message_of(&owner)), Want::Update);
}

#[test]
fn a_modal_submission_is_refused() {
    let bot = Bot::new();
    let mut modal = slash_command("career", json!([]), &member());
    modal["type"] = json!(5);
    modal["data"] = json!({ "custom_id": "cb:modal", "components": [] });
    let sent = bot.expect(&modal, Want::Refusal);
    assert!(sent.description().contains("not supported"), "{}", sent.description());
}

/// The brief expected an interaction with neither `member` nor `user` not to deserialize, but
/// serenity 0.12 marks `user` `#[serde(default)]`: it reads as user id 1 (the default
/// snowflake), not a member, in no server. It is answered like any DM: no moderation, no ping.
#[test]
fn an_interaction_without_member_or_user_reads_as_the_default_user() {
    let bot = Bot::new();
    let strip = |mut interaction: Value| {
        let map = interaction.as_object_mut().unwrap();
        map.remove("member");
        map.remove("user");
        map.remove("guild_id");
        interaction
    };
    let career = strip(command("career", vec![s("name", "secops")]));
    match serde_json::from_value::<Interaction>(career.clone()).expect("serenity reads it") {
        Interaction::Command(c) => assert_eq!((c.user.id.get(), c.member.is_none()), (1, true)),
        other => panic!("{other:?}"),
    }
    bot.expect(&career, Want::Answer);
    bot.expect(&strip(command("reload", vec![])), Want::Refusal);
    bot.expect(&strip(press("cb1|junk")), Want::Refusal);
    bot.expect(&strip(complete("career", vec![], ("name", 3, "sec"))), Want::Choices);
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The same interactions through the real HTTP endpoint (signed, on 127.0.0.1): one without
/// member or user is answered like above; one serenity cannot read gets a private apology
/// (commands, components) or no choices (autocomplete), never a ping.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unreadable_interactions_get_a_private_apology() {
    let bot = Bot::new();
    let key = SigningKey::from_bytes(&[11u8; 32]);
    let public = PublicKey::from_hex(&hex(key.verifying_key().as_bytes())).unwrap();
    // Nothing here defers, so this REST client (to a closed port) is never used.
    let rest = Webhooks::new(Some("http://127.0.0.1:9")).unwrap();
    let endpoint = Arc::new(Endpoint::new(Arc::clone(&bot.dispatcher), public, rest));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/interactions", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let served = tokio::spawn(server::run(
        listener,
        move |r| Arc::clone(&endpoint).handle(r),
        async move {
            let _ = stopped.await;
        },
        server::Limits::default(),
    ));
    let client = reqwest::Client::builder().no_proxy().timeout(Duration::from_secs(10)).build().unwrap();
    let post = |body: Value| {
        let body = body.to_string();
        let timestamp =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs().to_string();
        let signature = hex(&key.sign(format!("{timestamp}{body}").as_bytes()).to_bytes());
        let request = client
            .post(&url)
            .header("X-Signature-Ed25519", signature)
            .header("X-Signature-Timestamp", timestamp)
            .header("content-type", "application/json")
            .body(body);
        async move {
            let response = request.send().await.unwrap();
            assert_eq!(response.status(), 200);
            serde_json::from_str::<Value>(&response.text().await.unwrap()).unwrap()
        }
    };

    let mut no_one = command("career", vec![s("name", "@everyone")]);
    no_one.as_object_mut().unwrap().remove("member");
    no_one.as_object_mut().unwrap().remove("guild_id");
    let body = post(no_one.clone()).await;
    check(&Sent { body, outcome: "error", sent: no_one }, Want::Refusal, None);

    let mut bad_user = command("career", vec![s("name", "secops")]);
    bad_user["member"]["user"]["id"] = json!("not a snowflake");
    let mut bad_component = press("cb1|junk");
    bad_component["data"]["component_type"] = json!("button");
    let mut bad_autocomplete = complete("career", vec![], ("name", 3, "sec"));
    bad_autocomplete["data"]["options"][0]["value"] = json!({ "nested": true });
    for unreadable in [bad_user, bad_component] {
        assert!(serde_json::from_value::<Interaction>(unreadable.clone()).is_err(), "{unreadable}");
        let body = post(unreadable).await;
        assert_eq!(body["type"], 4, "{body}");
        assert_eq!(body["data"]["flags"], 64, "{body}");
        assert_eq!(body["data"]["allowed_mentions"]["parse"], json!([]), "{body}");
    }
    assert!(serde_json::from_value::<Interaction>(bad_autocomplete.clone()).is_err());
    assert_eq!(post(bad_autocomplete).await, json!({ "type": 8, "data": { "choices": [] } }));
    assert_eq!(bot.store.snapshot().version(), bot.version);
    let _ = stop.send(());
    let _ = tokio::time::timeout(Duration::from_secs(5), served).await;
}

// ---------------------------------------------------------------------------------------------
// Autocomplete and /reload

#[test]
fn autocomplete_with_hostile_text() {
    let bot = Bot::new();
    let hostile: Vec<String> = QUERY_SYNTAX
        .iter()
        .chain(BREAKOUTS)
        .map(|s| s.to_string())
        .chain([
            "@everyone".into(),
            "<@&123456789012345678>".into(),
            "\u{202e}sec".into(),
            "sec\u{200b}".into(),
            "🚀".into(),
            "x".repeat(6000),
            String::new(),
            "-1".into(),
            "99999999999999999999".into(),
        ])
        .collect();
    for typed in &hostile {
        for interaction in [
            complete("career", vec![], ("name", 3, typed)),
            complete("career", vec![s("name", "secops")], ("section", 3, typed)),
            complete("career", vec![s("name", typed)], ("section", 3, "")),
            complete("certs", vec![s("career", "secops")], ("group", 3, typed)),
            complete("prompt", vec![s("career", "secops")], ("number", 4, typed)),
            complete("prompt", vec![s("career", typed)], ("number", 4, "1")),
            complete("search", vec![s("query", "x")], ("career", 3, typed)),
            complete("search", vec![], ("query", 3, typed)),
        ] {
            bot.expect(&interaction, Want::Choices);
        }
    }
    // Sanity: the same path suggests for ordinary text.
    let sent = bot.expect(&complete("career", vec![], ("name", 3, "sec")), Want::Choices);
    assert_eq!(sent.data()["choices"][0]["value"], "secops-engineer");
}

#[test]
fn autocomplete_never_reloads() {
    let bot = Bot::new();
    let admin = MemberSpec::admin(DEFAULT_USER_ID);
    for interaction in [
        complete("reload", vec![], ("force", 3, "yes")),
        autocomplete("reload", json!([{ "name": "private", "type": 5, "value": "true", "focused": true }]), &admin),
        autocomplete("reload", json!([{ "name": "x", "type": 3, "value": "", "focused": true }]), &admin),
        complete("nonexistent", vec![], ("name", 3, "sec")),
    ] {
        let sent = bot.expect(&interaction, Want::Choices);
        assert_eq!(sent.data()["choices"], json!([]), "{}", interaction);
    }
    // An option named reload is ignored like any unknown option: the sections are suggested.
    let sent = bot
        .expect(&complete("career", vec![s("name", "secops"), s("reload", "now")], ("section", 3, "")), Want::Choices);
    assert!(!sent.data()["choices"].as_array().unwrap().is_empty());
}

#[test]
fn a_page_token_naming_reload_never_reloads() {
    let bot = Bot::new();
    let reload = token(&bot, Invocation::new(CommandName::Reload), 0);
    let admin = MemberSpec::admin(DEFAULT_USER_ID);
    for interaction in [
        press(&reload),
        choose(&reload),
        component(&reload, 2, &[], &admin, message_of(&admin)),
        component("cb:sections", 3, &[&reload], &admin, message_of(&admin)),
    ] {
        let sent = bot.expect(&interaction, Want::Refusal);
        assert_eq!(sent.title(), "Not a button", "{}", sent.description());
    }
}

#[test]
fn reload_by_a_member_or_from_a_dm_is_refused() {
    let bot = Bot::new();
    for interaction in [
        command("reload", vec![]),
        slash_command("reload", json!([]), &MemberSpec::dm(DEFAULT_USER_ID).with_permissions("8")),
        slash_command("reload", json!([]), &MemberSpec::new(DEFAULT_USER_ID).with_roles(&[777])),
        command_for_friend("reload", vec![]),
        command("reload", vec![s("force", "true")]),
    ] {
        bot.expect(&interaction, Want::Refusal);
    }
}
