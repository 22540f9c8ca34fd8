//! The accept loop both HTTP servers use: HTTP/1.1 with keep-alive on tokio, a timeout for
//! slow request headers, a cap on open connections, and a graceful stop: when `stop`
//! completes, accepting ends, every open connection finishes the request it is serving (new
//! requests on it are refused), and the loop returns once they are done or `grace` has passed.

use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;

use super::bytes_body::Body;

/// A client that has not sent its request headers after this long is dropped.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);

/// How a server runs.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Connections open at once; one more is answered 503 and closed.
    pub max_connections: usize,
    /// After the stop signal, how long in-flight requests may take to finish.
    pub grace: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_connections: 1024, grace: Duration::from_secs(5) }
    }
}

/// Serves `handler` on `listener` until `stop` completes, then lets in-flight requests finish
/// (at most `limits.grace`) and returns.
pub async fn run<H, F>(listener: TcpListener, handler: H, stop: impl Future<Output = ()>, limits: Limits)
where
    H: Fn(Request<Incoming>) -> F + Clone + Send + Sync + 'static,
    F: Future<Output = Response<Body>> + Send + 'static,
{
    tokio::pin!(stop);
    let open = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut stop => break,
        };
        let (stream, _) = match accepted {
            Ok(accepted) => accepted,
            Err(e) => {
                // Out of file descriptors and the like: pause instead of spinning.
                tracing::warn!(error = %e, "accept failed");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let Ok(permit) = Arc::clone(&open).try_acquire_owned() else {
            tokio::spawn(refuse(stream));
            continue;
        };
        let handler = handler.clone();
        let service = service_fn(move |request| {
            let handler = handler.clone();
            async move { Ok::<_, Infallible>(handler(request).await) }
        });
        let connection = http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(HEADER_TIMEOUT)
            .serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            let _ = connection.await;
            drop(permit);
        });
    }
    drop(listener);
    if tokio::time::timeout(limits.grace, graceful.shutdown()).await.is_err() {
        tracing::warn!(grace_ms = limits.grace.as_millis() as u64, "requests still open at shutdown were cut");
    }
}

/// Past the connection cap: a short 503 and a close, rather than a connection left hanging.
async fn refuse(mut stream: TcpStream) {
    tracing::debug!("connection refused: too many open connections");
    let answer =
        b"HTTP/1.1 503 Service Unavailable\r\nretry-after: 1\r\ncontent-length: 0\r\nconnection: close\r\n\r\n";
    let _ = tokio::time::timeout(Duration::from_secs(1), async {
        let _ = stream.write_all(answer).await;
        let _ = stream.shutdown().await;
    })
    .await;
}
