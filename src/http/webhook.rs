//! Editing a deferred answer through Discord's webhook route
//! (`PATCH /webhooks/{application}/{token}/messages/@original`). The interaction token in the
//! path is the credential, so no bot token is needed and no `Authorization` header is sent: the
//! HTTP mode runs without `DISCORD_TOKEN`.

use serenity::builder::{CreateInteractionResponseFollowup, EditInteractionResponse};

use crate::picture::Picture;

/// A `multipart/form-data` body: the JSON payload and one PNG. Written by hand (two parts)
/// rather than with reqwest's `multipart` feature and its MIME-guessing dependencies.
fn multipart(json: &[u8], picture: &Picture) -> (String, Vec<u8>) {
    // Made from the picture's own hash: the JSON cannot hold it, and a PNG holding its own
    // hash is out of reach.
    let boundary = format!("careerbot-{}", blake3::hash(&picture.png).to_hex());
    let file_name: String =
        picture.file_name.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')).collect();
    let mut body = Vec::with_capacity(json.len() + picture.png.len() + 512);
    body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"payload_json\"\r\nContent-Type: application/json\r\n\r\n").as_bytes());
    body.extend_from_slice(json);
    body.extend_from_slice(
        format!("\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"files[0]\"; filename=\"{file_name}\"\r\nContent-Type: image/png\r\n\r\n").as_bytes(),
    );
    body.extend_from_slice(&picture.png);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// Discord's API, unless `DISCORD_API_BASE` points elsewhere.
const DISCORD: &str = "https://discord.com";

/// The client for webhook edits.
#[derive(Debug, Clone)]
pub struct Webhooks {
    client: reqwest::Client,
    base: String,
}

impl Webhooks {
    /// Edits go to `api_base` (a proxy or test double, proxy variables ignored) or to Discord.
    pub fn new(api_base: Option<&str>) -> Result<Webhooks, String> {
        let builder = reqwest::Client::builder().timeout(std::time::Duration::from_secs(10));
        let builder = if api_base.is_some() { builder.no_proxy() } else { builder };
        let client = builder.build().map_err(|e| format!("HTTP client: {e}"))?;
        Ok(Webhooks { client, base: api_base.unwrap_or(DISCORD).trim_end_matches('/').to_string() })
    }

    /// Replaces the original response of an interaction with `edit`, with `picture` as its
    /// attachment when there is one (a multipart body: the edit as `payload_json`, the PNG as
    /// `files[0]`, which the edit's `attachments` entry 0 names).
    pub async fn edit_original(
        &self,
        application: u64,
        token: &str,
        edit: &EditInteractionResponse,
        picture: Option<&Picture>,
    ) -> Result<(), String> {
        let url = format!("{}/messages/@original", self.route(application, token)?);
        let json = serde_json::to_vec(edit).map_err(|e| format!("cannot encode the edit: {e}"))?;
        let (content_type, body) = match picture {
            None => ("application/json".to_string(), json),
            Some(picture) => multipart(&json, picture),
        };
        self.send(self.client.patch(url), content_type, body, "the edit").await
    }

    /// Posts a follow-up message after the response (`POST /webhooks/{application}/{token}`).
    pub async fn send_followup(
        &self,
        application: u64,
        token: &str,
        message: &CreateInteractionResponseFollowup,
    ) -> Result<(), String> {
        let url = self.route(application, token)?;
        let json = serde_json::to_vec(message).map_err(|e| format!("cannot encode the follow-up: {e}"))?;
        self.send(self.client.post(url), "application/json".to_string(), json, "the follow-up").await
    }

    fn route(&self, application: u64, token: &str) -> Result<String, String> {
        // Tokens are URL-safe base64 and dots; anything else would change the path.
        if token.is_empty() || !token.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')) {
            return Err("the interaction token is not one Discord issues".into());
        }
        Ok(format!("{}/api/v10/webhooks/{application}/{token}", self.base))
    }

    async fn send(
        &self,
        request: reqwest::RequestBuilder,
        content_type: String,
        body: Vec<u8>,
        what: &str,
    ) -> Result<(), String> {
        let response = request
            .header(reqwest::header::CONTENT_TYPE, content_type)
            .body(body)
            .send()
            .await
            .map_err(|e| format!("{what} was not sent: {}", e.without_url()))?;
        match response.status() {
            status if status.is_success() => Ok(()),
            status => Err(format!("Discord answered {what} with {status}")),
        }
    }
}
