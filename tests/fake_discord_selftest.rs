//! Proves the fake Discord in `support/fake_discord.rs` drives the real serenity client: READY
//! and a slash command reach an `EventHandler`, its reply reaches the fake's callback endpoint,
//! and shutting the client down closes the gateway connection. Also checks the fake's REST
//! answers deserialize in serenity, its interaction builders deserialize into serenity's
//! `Interaction`, and its gateway protocol (heartbeats, several shards, resume) by hand.

#[path = "support/fake_discord.rs"]
mod fake_discord;

use std::time::Duration;

use fake_discord::*;
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use serenity::all::{
    ApplicationId, ClientBuilder, CommandOptionType, Context, CreateCommand, CreateCommandOption,
    CreateInteractionResponse, CreateInteractionResponseMessage, EditInteractionResponse, EventHandler, GatewayIntents,
    GuildId, Http, HttpBuilder, Interaction, Ready,
};
use tokio::sync::mpsc;
use tokio::time::timeout;
use tokio_tungstenite::tungstenite::Message as WsMessage;

const STEP: Duration = Duration::from_secs(5);

/// What the handler saw.
enum Seen {
    Ready(Box<Ready>),
    Interaction(Box<Interaction>),
}

struct Handler {
    seen: mpsc::UnboundedSender<Seen>,
}

#[serenity::async_trait]
impl EventHandler for Handler {
    async fn ready(&self, _ctx: Context, ready: Ready) {
        let _ = self.seen.send(Seen::Ready(Box::new(ready)));
    }

    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        if let Interaction::Command(command) = &interaction {
            let reply = CreateInteractionResponse::Message(CreateInteractionResponseMessage::new().content("pong"));
            if let Err(error) = command.create_response(&ctx.http, reply).await {
                panic!("create_response failed: {error}");
            }
        }
        let _ = self.seen.send(Seen::Interaction(Box::new(interaction)));
    }
}

fn http_for(fake: &FakeDiscord) -> Http {
    let client = reqwest::Client::builder().no_proxy().build().expect("reqwest client");
    HttpBuilder::new(fake_token())
        .proxy(fake.rest_base())
        .ratelimiter_disabled(true)
        .client(client)
        .application_id(ApplicationId::new(DEFAULT_APP_ID))
        .build()
}

async fn next_seen(rx: &mut mpsc::UnboundedReceiver<Seen>) -> Seen {
    timeout(STEP, rx.recv()).await.expect("handler saw nothing in time").expect("handler channel closed")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serenity_client_round_trip() {
    let fake = FakeDiscord::start().await;
    let (seen_tx, mut seen) = mpsc::unbounded_channel();
    let mut client = timeout(
        STEP,
        ClientBuilder::new_with_http(http_for(&fake), GatewayIntents::empty()).event_handler(Handler { seen: seen_tx }),
    )
    .await
    .expect("client builder timed out")
    .expect("client builder failed");
    let shard_manager = client.shard_manager.clone();
    let http = client.http.clone();
    let running = tokio::spawn(async move { client.start().await });

    // Startup: serenity asked for the gateway URL, then identified on it.
    let gateway = fake.expect_request("GET /gateway", |r| r.matches("GET", "/api/v10/gateway")).await;
    assert_eq!(gateway.authorization.as_deref(), Some(format!("Bot {}", fake_token()).as_str()));
    let identifies = fake.wait_identified(1, STEP).await;
    let identify = &identifies[0];
    assert!(identify["token"].as_str().is_some_and(|t| t.ends_with(&fake_token())), "{identify}");
    assert_eq!(identify["shard"], json!([0, 1]));
    assert_eq!(identify["intents"], json!(0));
    assert_eq!(fake.connections()[0].path, "/?v=10");

    // READY reaches the handler.
    assert_eq!(fake.ready(DEFAULT_APP_ID, DEFAULT_BOT_ID).await, 1);
    match next_seen(&mut seen).await {
        Seen::Ready(ready) => {
            assert_eq!(ready.user.id.get(), DEFAULT_BOT_ID);
            assert_eq!(ready.application.id.get(), DEFAULT_APP_ID);
            assert_eq!(ready.shard.map(|s| s.total), Some(1));
        }
        Seen::Interaction(_) => panic!("interaction before READY"),
    }

    // A slash command reaches the handler with the member's permissions.
    let member = MemberSpec::moderator(DEFAULT_USER_ID).with_roles(&[42]);
    let interaction = slash_command("ping", json!([]), &member);
    fake.interaction(interaction.clone()).await;
    match next_seen(&mut seen).await {
        Seen::Interaction(got) => {
            let Interaction::Command(command) = *got else { panic!("not a command") };
            assert_eq!(command.data.name, "ping");
            assert_eq!(command.guild_id, Some(GuildId::new(DEFAULT_GUILD_ID)));
            assert_eq!(command.user.id.get(), DEFAULT_USER_ID);
            let member = command.member.expect("guild interaction has a member");
            assert_eq!(member.permissions.map(|p| p.bits()), Some(32));
            assert_eq!(member.roles.len(), 1);
        }
        Seen::Ready(_) => panic!("second READY"),
    }

    // The handler's reply arrives at the callback endpoint as type 4.
    let reply =
        fake.expect_request("the interaction callback", |r| r.matches("POST", &callback_path(&interaction))).await;
    assert_eq!(reply.status, 204);
    let body = reply.json().expect("JSON callback body");
    assert_eq!(body["type"], json!(4));
    assert_eq!(body["data"]["content"], json!("pong"));
    let token = interaction["token"].as_str().unwrap();
    assert_eq!(fake.webhook_message(token, "@original").unwrap()["content"], json!("pong"));

    // Like Discord, a second response to the same interaction is refused.
    let id = serenity::all::InteractionId::new(interaction["id"].as_str().unwrap().parse().unwrap());
    let twice = http.create_interaction_response(id, token, &CreateInteractionResponse::Acknowledge, Vec::new()).await;
    assert_eq!(discord_code(twice), Some(40060));

    // Shutting the client down closes the gateway connection and ends `start`.
    timeout(STEP, shard_manager.shutdown_all()).await.expect("shutdown_all timed out");
    fake.wait_closed(1, STEP).await;
    assert_eq!(fake.connections()[0].close_code, Some(1000));
    let result = timeout(STEP, running)
        .await
        .expect("client.start() did not return after shutdown_all")
        .expect("client task panicked");
    assert!(result.is_ok(), "{result:?}");
    fake.assert_no_problems();
    fake.shutdown().await;
}

#[tokio::test]
async fn rest_answers_deserialize_in_serenity() {
    let fake = FakeDiscord::start().await;
    let http = http_for(&fake);

    let me = http.get_current_user().await.expect("users/@me");
    assert_eq!(me.id.get(), DEFAULT_BOT_ID);
    assert!(me.bot);
    let app = http.get_current_application_info().await.expect("applications/@me");
    assert_eq!(app.id.get(), DEFAULT_APP_ID);
    let bot_gateway = http.get_bot_gateway().await.expect("gateway/bot");
    assert_eq!(bot_gateway.shards, 1);
    assert_eq!(bot_gateway.url, fake.gateway_url());

    // Global registration echoes ids, and a second PUT keeps them.
    let commands = vec![
        CreateCommand::new("career").description("Show a career path").add_option(
            CreateCommandOption::new(CommandOptionType::String, "path", "Which path")
                .required(true)
                .set_autocomplete(true),
        ),
        CreateCommand::new("reload")
            .description("Reload the content")
            .default_member_permissions(serenity::all::Permissions::MANAGE_GUILD),
    ];
    let registered = http.create_global_commands(&commands).await.expect("PUT global commands");
    assert_eq!(registered.len(), 2);
    assert_eq!(registered[0].application_id.get(), DEFAULT_APP_ID);
    assert_eq!(registered[1].default_member_permissions.map(|p| p.bits()), Some(32));
    let again = http.create_global_commands(&commands).await.unwrap();
    assert_eq!(again[0].id, registered[0].id);
    let listed = http.get_global_commands().await.expect("GET global commands");
    assert_eq!(listed.len(), 2);
    assert_eq!(fake.global_commands().len(), 2);

    // Guild registration, and Discord's own rules.
    let guild = GuildId::new(DEFAULT_GUILD_ID);
    let single = http
        .create_guild_command(guild, &CreateCommand::new("help").description("Help"))
        .await
        .expect("POST guild command");
    assert_eq!(single.guild_id, Some(guild));
    assert_eq!(http.get_guild_commands(guild).await.unwrap().len(), 1);
    let bad = http.create_global_commands(&vec![CreateCommand::new("Career").description("x")]).await;
    assert_eq!(discord_code(bad), Some(50035), "an uppercase name must be rejected");

    // Webhook messages: edit the original, then a follow-up.
    let edited = http
        .edit_original_interaction_response(
            "some-token",
            &EditInteractionResponse::new().content("edited").embed(serenity::all::CreateEmbed::new().title("Title")),
            Vec::new(),
        )
        .await
        .expect("PATCH @original");
    assert_eq!(edited.content, "edited");
    assert_eq!(edited.author.id.get(), DEFAULT_BOT_ID);
    assert_eq!(edited.embeds[0].title.as_deref(), Some("Title"));
    let followup = http
        .create_followup_message(
            "some-token",
            &serenity::all::CreateInteractionResponseFollowup::new().content("more"),
            Vec::new(),
        )
        .await
        .expect("POST follow-up");
    assert_eq!(followup.content, "more");

    // Unknown routes answer 404 and are recorded.
    let unknown = http.get_channel(serenity::all::ChannelId::new(5)).await;
    assert!(unknown.is_err());
    let recorded = fake.expect_request("the unknown route", |r| r.matches("GET", "/api/v10/channels/5")).await;
    assert_eq!(recorded.status, 404);
    assert!(fake.requests().iter().all(|r| r.authorization.as_deref() == Some(&format!("Bot {}", fake_token()))));
    fake.assert_no_problems();
}

/// The Discord error code of a failed serenity HTTP call.
fn discord_code<T: std::fmt::Debug>(result: serenity::Result<T>) -> Option<isize> {
    match result {
        Err(serenity::Error::Http(serenity::all::HttpError::UnsuccessfulRequest(response))) => {
            Some(response.error.code)
        }
        other => panic!("expected a Discord error, got {other:?}"),
    }
}

fn assert_interaction(json: &Value) -> Interaction {
    serde_json::from_value(json.clone()).unwrap_or_else(|e| panic!("not a serenity Interaction: {e}\n{json:#}"))
}

#[test]
fn builders_deserialize_into_serenity_interactions() {
    let options = json!([{ "name": "path", "type": 3, "value": "secops" }]);
    for member in [MemberSpec::default(), MemberSpec::admin(7), MemberSpec::dm(8)] {
        let Interaction::Command(command) = assert_interaction(&slash_command("career", options.clone(), &member))
        else {
            panic!("slash_command is not a command");
        };
        assert_eq!(command.user.id.get(), member.user_id);
        assert_eq!(command.guild_id.is_some(), member.guild_id.is_some());
        assert_eq!(command.data.options.len(), 1);
    }

    let focused = json!([{ "name": "path", "type": 3, "value": "sec", "focused": true }]);
    let Interaction::Autocomplete(auto) = assert_interaction(&autocomplete("career", focused, &MemberSpec::default()))
    else {
        panic!("autocomplete is not an autocomplete");
    };
    assert!(auto.data.autocomplete().is_some());

    let row = json!([{ "type": 1, "components": [
        { "type": 2, "style": 1, "label": "Next", "custom_id": "v1:page:2" }
    ] }]);
    let message = bot_message("page 1", row);
    let _: serenity::all::Message = serde_json::from_value(message.clone()).unwrap();
    let Interaction::Component(click) =
        assert_interaction(&component("v1:page:2", 2, &[], &MemberSpec::default(), message.clone()))
    else {
        panic!("component is not a component");
    };
    assert_eq!(click.data.custom_id, "v1:page:2");
    assert_eq!(click.message.components.len(), 1);
    let Interaction::Component(select) =
        assert_interaction(&component("v1:pick", 3, &["a", "b"], &MemberSpec::dm(9), message))
    else {
        panic!("component is not a component");
    };
    assert!(matches!(
        select.data.kind,
        serenity::all::ComponentInteractionDataKind::StringSelect { ref values } if values.len() == 2
    ));
}

#[test]
fn validation_catches_what_serenity_would_drop() {
    let mut interaction = slash_command("career", json!([]), &MemberSpec::default());
    assert!(validate_dispatch("INTERACTION_CREATE", &interaction).is_ok());
    interaction.as_object_mut().unwrap().remove("attachment_size_limit");
    let error = validate_dispatch("INTERACTION_CREATE", &interaction).unwrap_err();
    assert!(error.contains("attachment_size_limit"), "{error}");
    let error = validate_dispatch("READY", &json!({ "v": 10 })).unwrap_err();
    assert!(error.contains("READY"), "{error}");
    assert!(validate_dispatch("NOT_AN_EVENT", &json!({})).is_err());
    assert!(validate_frame(&json!({ "op": 0, "t": "RESUMED", "d": {} })).is_err()); // no `s`

    assert!(validate_command_payload(&json!({ "name": "career", "description": "Career" })).is_ok());
    for bad in [
        json!({ "name": "Career", "description": "x" }),
        json!({ "name": "career", "description": "" }),
        json!({ "name": "career", "description": "x", "options": [
            { "type": 3, "name": "a", "description": "a" },
            { "type": 3, "name": "b", "description": "b", "required": true },
        ] }),
    ] {
        assert!(validate_command_payload(&bad).is_err(), "{bad}");
    }
}

/// Drives the gateway by hand: two shards, heartbeats, per-shard dispatch, resume.
#[tokio::test]
async fn gateway_protocol_with_two_shards() {
    type Ws = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;
    async fn recv(ws: &mut Ws) -> Value {
        loop {
            let message = timeout(STEP, ws.next()).await.expect("frame in time").expect("stream open").expect("frame");
            if let WsMessage::Text(text) = message {
                return serde_json::from_str(&text).unwrap();
            }
        }
    }
    async fn send(ws: &mut Ws, frame: Value) {
        ws.send(WsMessage::Text(frame.to_string())).await.unwrap();
    }

    let fake = FakeDiscord::start().await;
    let url = format!("{}/?v=10", fake.gateway_url());
    let mut shards = Vec::new();
    for id in 0..2u64 {
        let (mut ws, _) = tokio_tungstenite::connect_async(url.as_str()).await.unwrap();
        let hello = recv(&mut ws).await;
        assert_eq!(hello["op"], json!(10));
        assert_eq!(hello["d"]["heartbeat_interval"], json!(HEARTBEAT_INTERVAL_MS));
        send(&mut ws, json!({ "op": 2, "d": { "token": "t", "intents": 0, "shard": [id, 2], "properties": {} } }))
            .await;
        shards.push(ws);
    }
    fake.wait_identified(2, STEP).await;
    assert_eq!(fake.ready(DEFAULT_APP_ID, DEFAULT_BOT_ID).await, 2);
    let mut sessions = Vec::new();
    for (id, ws) in shards.iter_mut().enumerate() {
        let ready = recv(ws).await;
        assert_eq!(ready["t"], json!("READY"));
        assert_eq!(ready["s"], json!(1));
        assert_eq!(ready["d"]["shard"], json!([id, 2]));
        sessions.push(ready["d"]["session_id"].as_str().unwrap().to_owned());
        send(ws, json!({ "op": 1, "d": 1 })).await;
        assert_eq!(recv(ws).await["op"], json!(11));
    }

    // A guild whose id maps to shard 1 gets its interaction on shard 1.
    let guild_on_shard_1 = (1u64 << 22) | 5;
    let member = MemberSpec::default().in_guild(guild_on_shard_1);
    let interaction = slash_command("help", json!([]), &member);
    assert_eq!(fake.interaction(interaction).await, 2);
    let frame = recv(&mut shards[1]).await;
    assert_eq!(frame["t"], json!("INTERACTION_CREATE"));
    assert_eq!(frame["s"], json!(2));
    fake.dispatch_to_shard(0, "RESUMED", json!({})).await;
    assert_eq!(recv(&mut shards[0]).await["t"], json!("RESUMED"));

    // A first response after the deadline is refused, like Discord's 3 s rule.
    fake.set_callback_deadline(Some(Duration::from_millis(1)));
    let late = slash_command("help", json!([]), &MemberSpec::dm(9));
    fake.interaction(late.clone()).await;
    assert_eq!(recv(&mut shards[0]).await["t"], json!("INTERACTION_CREATE"));
    tokio::time::sleep(Duration::from_millis(20)).await;
    let id = serenity::all::InteractionId::new(late["id"].as_str().unwrap().parse().unwrap());
    let token = late["token"].as_str().unwrap();
    let http = http_for(&fake);
    let reply = CreateInteractionResponse::Message(CreateInteractionResponseMessage::new());
    let result = http.create_interaction_response(id, token, &reply, Vec::new()).await;
    assert_eq!(discord_code(result), Some(10062));

    // Shard 0 drops and resumes on a new connection; an unknown session is refused.
    shards[0].close(None).await.unwrap();
    fake.wait_closed(1, STEP).await;
    let (mut resumed, _) = tokio_tungstenite::connect_async(url.as_str()).await.unwrap();
    recv(&mut resumed).await;
    send(&mut resumed, json!({ "op": 6, "d": { "token": "t", "session_id": sessions[0], "seq": 3 } })).await;
    let frame = recv(&mut resumed).await;
    assert_eq!(frame["t"], json!("RESUMED"));
    assert_eq!(frame["s"], json!(4));
    fake.dispatch("RESUMED", json!({})).await;
    assert_eq!(recv(&mut resumed).await["s"], json!(5));
    let (mut stranger, _) = tokio_tungstenite::connect_async(url.as_str()).await.unwrap();
    recv(&mut stranger).await;
    send(&mut stranger, json!({ "op": 6, "d": { "token": "t", "session_id": "nope", "seq": 1 } })).await;
    assert_eq!(recv(&mut stranger).await, json!({ "op": 9, "d": false, "s": null, "t": null }));

    // The fake closing its side is seen by the clients.
    fake.close_connections(4000);
    let closed = timeout(STEP, shards[1].next()).await.expect("close in time");
    assert!(matches!(closed, Some(Ok(WsMessage::Close(Some(f)))) if u16::from(f.code) == 4000));
    fake.assert_no_problems();
    fake.shutdown().await;
}
