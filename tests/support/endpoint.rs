//! The HTTP interactions endpoint served on loopback for a test.
#![allow(dead_code)]

use std::sync::Arc;

use careerbot::http::{server, Endpoint};

/// Serves `endpoint` on 127.0.0.1 (a free port) for the rest of the test; returns its
/// interactions URL.
pub async fn serve(endpoint: Arc<Endpoint>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1:0");
    let url = format!("http://{}/interactions", listener.local_addr().expect("local address"));
    tokio::spawn(server::run(
        listener,
        move |r| Arc::clone(&endpoint).handle(r),
        std::future::pending(),
        server::Limits::default(),
    ));
    url
}
