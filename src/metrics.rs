//! Prometheus metrics: interactions by command and outcome, their latency, reloads by outcome,
//! documents loaded and the content version. Rendered as text by the ops endpoint.

use prometheus_client::encoding::text::encode;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;
use std::sync::Mutex;
use std::time::Duration;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct InteractionLabels {
    command: String,
    outcome: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabels {
    outcome: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct VersionLabels {
    version: String,
}

/// All of careerbot's metrics. Cheap to update from any thread.
pub struct Metrics {
    registry: Registry,
    interactions: Family<InteractionLabels, Counter>,
    latency: Histogram,
    reloads: Family<OutcomeLabels, Counter>,
    reload_duration: Histogram,
    registrations: Family<OutcomeLabels, Counter>,
    documents: Gauge,
    content: Family<VersionLabels, Gauge>,
    current_version: Mutex<String>,
}

impl std::fmt::Debug for Metrics {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Metrics")
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

impl Metrics {
    /// Registers every metric.
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("careerbot");
        let interactions = Family::<InteractionLabels, Counter>::default();
        registry.register("interactions", "Interactions answered, by command and outcome", interactions.clone());
        // 0.25 ms … 4 s: commands answer in well under a millisecond, Discord allows 3 s.
        let latency =
            Histogram::new([0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 4.0]);
        registry.register(
            "interaction_duration_seconds",
            "Time from receiving an interaction to answering it",
            latency.clone(),
        );
        let reloads = Family::<OutcomeLabels, Counter>::default();
        registry.register("reloads", "Content reloads, by outcome", reloads.clone());
        // 1 ms … 30 s: an unchanged folder answers in milliseconds, a large rebuild in seconds.
        let reload_duration = Histogram::new([0.001, 0.005, 0.025, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0]);
        registry.register(
            "reload_duration_seconds",
            "Time a reload took, whatever its outcome",
            reload_duration.clone(),
        );
        let registrations = Family::<OutcomeLabels, Counter>::default();
        registry.register(
            "command_registrations",
            "Slash-command registrations at start, by outcome (updated, unchanged, failed)",
            registrations.clone(),
        );
        let documents = Gauge::default();
        registry.register("documents", "Documents serving", documents.clone());
        let content = Family::<VersionLabels, Gauge>::default();
        registry.register("content_version", "The content version serving (value 1)", content.clone());
        Metrics {
            registry,
            interactions,
            latency,
            reloads,
            reload_duration,
            registrations,
            documents,
            content,
            current_version: Mutex::new(String::new()),
        }
    }

    /// Counts one interaction.
    pub fn interaction(&self, command: &str, outcome: &str, took: Duration) {
        // Bound the label values: a forged command name must not grow the metric without end.
        let command =
            if command.len() <= 40 && command.chars().all(|c| c.is_ascii_alphanumeric() || " ()-_".contains(c)) {
                command
            } else {
                "other"
            };
        self.interactions.get_or_create(&InteractionLabels { command: command.into(), outcome: outcome.into() }).inc();
        self.latency.observe(took.as_secs_f64());
    }

    /// Counts one reload and how long it took.
    pub fn reload(&self, outcome: &str, took: Duration) {
        self.reloads.get_or_create(&OutcomeLabels { outcome: outcome.into() }).inc();
        self.reload_duration.observe(took.as_secs_f64());
    }

    /// Counts one slash-command registration (per server, or the global one).
    pub fn registration(&self, outcome: &str) {
        self.registrations.get_or_create(&OutcomeLabels { outcome: outcome.into() }).inc();
    }

    /// Records what is serving now.
    pub fn content(&self, version: &str, documents: usize) {
        self.documents.set(documents as i64);
        let mut current = self.current_version.lock().unwrap_or_else(|p| p.into_inner());
        if *current != version {
            if !current.is_empty() {
                self.content.get_or_create(&VersionLabels { version: current.clone() }).set(0);
                self.content.remove(&VersionLabels { version: current.clone() });
            }
            self.content.get_or_create(&VersionLabels { version: version.into() }).set(1);
            *current = version.to_string();
        }
    }

    /// The text exposition format.
    pub fn render(&self) -> String {
        let mut out = String::new();
        if encode(&mut out, &self.registry).is_err() {
            out.clear();
        }
        out
    }
}
