//! Editing a deferred answer through Discord's webhook route
//! (`PATCH /webhooks/{application}/{token}/messages/@original`). The interaction token in the
//! path is the credential, so no bot token is needed and no `Authorization` header is sent: the
//! HTTP mode runs without `DISCORD_TOKEN`.

use serenity::builder::EditInteractionResponse;

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

    /// Replaces the original response of an interaction with `edit`.
    pub async fn edit_original(
        &self,
        application: u64,
        token: &str,
        edit: &EditInteractionResponse,
    ) -> Result<(), String> {
        // Tokens are URL-safe base64 and dots; anything else would change the path.
        if token.is_empty() || !token.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')) {
            return Err("the interaction token is not one Discord issues".into());
        }
        let url = format!("{}/api/v10/webhooks/{application}/{token}/messages/@original", self.base);
        let body = serde_json::to_vec(edit).map_err(|e| format!("cannot encode the edit: {e}"))?;
        let response = self
            .client
            .patch(url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body)
            .send()
            .await
            .map_err(|e| format!("the edit was not sent: {}", e.without_url()))?;
        match response.status() {
            status if status.is_success() => Ok(()),
            status => Err(format!("Discord answered the edit with {status}")),
        }
    }
}
