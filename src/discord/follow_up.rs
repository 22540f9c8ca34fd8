//! What happens after an acknowledgement, written once for both transports: the deferred work
//! runs on a blocking thread, its answer goes to Discord through the transport's
//! [`Deliver`], and the interaction is logged and counted with its final outcome.

use std::future::Future;
use std::sync::Arc;
use std::time::Instant;

use serenity::builder::{CreateInteractionResponseFollowup, EditInteractionResponse};
use tokio::sync::Semaphore;

use super::dispatch::{Delivery, Dispatcher, FollowUp};
use crate::picture::Picture;

/// A transport's way of sending a deferred answer for one interaction.
pub trait Deliver: Send + Sync {
    /// Replaces the original response ("thinking…", or the message a button is on), with the
    /// picture as its attachment when there is one.
    fn edit_original(
        &self,
        edit: &EditInteractionResponse,
        picture: Option<&Picture>,
    ) -> impl Future<Output = Result<(), String>> + Send;

    /// Posts a new message after the response.
    fn send_message(
        &self,
        message: &CreateInteractionResponseFollowup,
    ) -> impl Future<Output = Result<(), String>> + Send;
}

/// The interaction a follow-up belongs to, for its log line.
#[derive(Debug, Clone)]
pub struct Logged {
    /// Command name (or "component").
    pub command: String,
    /// Server id.
    pub guild: Option<u64>,
    /// When the interaction arrived.
    pub started: Instant,
}

impl Dispatcher {
    /// Runs `follow_up` (after a slot of `slots`, when given: the work waits its turn, the
    /// acknowledgement did not), sends its answer through `deliver`, and logs the interaction
    /// with its final outcome. Returns that outcome.
    pub async fn finish(
        self: Arc<Self>,
        follow_up: FollowUp,
        deliver: &impl Deliver,
        slots: Option<Arc<Semaphore>>,
        logged: Logged,
    ) -> &'static str {
        // Never closed, so a slot always comes.
        let slot = match slots {
            Some(slots) => slots.acquire_owned().await.ok(),
            None => None,
        };
        let dispatcher = Arc::clone(&self);
        let finished = tokio::task::spawn_blocking(move || dispatcher.follow_up(&follow_up)).await;
        drop(slot);
        let outcome = match finished {
            Ok(done) => {
                let sent = match &done.delivery {
                    Delivery::Edit(edit) => deliver.edit_original(edit, done.picture.as_ref()).await,
                    Delivery::Message(message) => deliver.send_message(message).await,
                };
                match sent {
                    Ok(()) => done.outcome,
                    Err(e) => {
                        tracing::warn!(error = %e, "could not send a deferred answer");
                        "edit-failed"
                    }
                }
            }
            Err(e) => {
                tracing::error!(error = %e, "follow-up work failed");
                "failed"
            }
        };
        self.record(&logged.command, logged.guild, outcome, logged.started.elapsed());
        outcome
    }
}
