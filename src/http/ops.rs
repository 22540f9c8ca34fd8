//! Operations endpoints on their own address (both serve modes): `GET /healthz` and
//! `GET /metrics`. Kept off the interactions port so they are never exposed to Discord's side.

use std::sync::{Arc, OnceLock};

use hyper::body::Incoming;
use hyper::header::{HeaderValue, CONTENT_TYPE};
use hyper::{Method, Request, Response, StatusCode};

use super::bytes_body::{full, Body};
use crate::metrics::Metrics;
use crate::snapshot::Store;

/// What the ops endpoints read. The store is set once content serves; before that `/healthz`
/// answers 503.
#[derive(Debug)]
pub struct OpsState {
    store: OnceLock<Arc<Store>>,
    metrics: Arc<Metrics>,
}

impl OpsState {
    /// Nothing serving yet.
    pub fn new(metrics: Arc<Metrics>) -> OpsState {
        OpsState { store: OnceLock::new(), metrics }
    }

    /// Content serves from now on.
    pub fn serving(&self, store: Arc<Store>) {
        let _ = self.store.set(store);
    }

    fn refresh(&self) -> Option<(String, usize)> {
        let snapshot = self.store.get()?.snapshot();
        let documents = snapshot.library.documents.len();
        self.metrics.content(snapshot.version(), documents);
        Some((snapshot.version().to_string(), documents))
    }

    /// Handles one request.
    pub async fn handle(self: Arc<Self>, request: Request<Incoming>) -> Response<Body> {
        if request.method() != Method::GET && request.method() != Method::HEAD {
            return respond(StatusCode::METHOD_NOT_ALLOWED, "text/plain", "GET only".into());
        }
        match request.uri().path() {
            "/healthz" => match self.refresh() {
                Some((version, documents)) => respond(
                    StatusCode::OK,
                    "application/json",
                    serde_json::json!({ "status": "ok", "version": version, "documents": documents }).to_string(),
                ),
                None => respond(StatusCode::SERVICE_UNAVAILABLE, "application/json", r#"{"status":"starting"}"#.into()),
            },
            "/metrics" => {
                self.refresh();
                respond(
                    StatusCode::OK,
                    "application/openmetrics-text; version=1.0.0; charset=utf-8",
                    self.metrics.render(),
                )
            }
            _ => respond(StatusCode::NOT_FOUND, "text/plain", "not found".into()),
        }
    }
}

fn respond(status: StatusCode, content_type: &'static str, body: String) -> Response<Body> {
    let mut response = Response::new(full(body));
    *response.status_mut() = status;
    response.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}
