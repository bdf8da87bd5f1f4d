//! `pledgewatch healthcheck`: asks a running server's `/healthz` or `/readyz` and exits 0
//! on 200, 1 otherwise, for a container's `HEALTHCHECK` (which has no curl to call).

use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use std::net::SocketAddr;
use std::time::Duration;

/// Where the probe connects: the bound address, with an unspecified one (0.0.0.0, as in a
/// container) replaced by the loopback address of the same family.
pub fn probe_address(bind: SocketAddr) -> SocketAddr {
    let ip = match bind.ip() {
        std::net::IpAddr::V4(v4) if v4.is_unspecified() => std::net::Ipv4Addr::LOCALHOST.into(),
        std::net::IpAddr::V6(v6) if v6.is_unspecified() => std::net::Ipv6Addr::LOCALHOST.into(),
        ip => ip,
    };
    SocketAddr::new(ip, bind.port())
}

/// GETs `path` from `address` within `timeout`; Ok with the status and body, or a message
/// saying why there was no answer.
pub async fn probe(
    address: SocketAddr,
    path: &str,
    timeout: Duration,
) -> anyhow::Result<(u16, String)> {
    tokio::time::timeout(timeout, ask(address, path))
        .await
        .map_err(|_| {
            anyhow::anyhow!(
                "no answer from {address} within {} s",
                timeout.as_secs_f32()
            )
        })?
}

async fn ask(address: SocketAddr, path: &str) -> anyhow::Result<(u16, String)> {
    let stream = tokio::net::TcpStream::connect(address)
        .await
        .map_err(|e| anyhow::anyhow!("cannot connect to {address}: {e}"))?;
    let (mut sender, connection) =
        hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream)).await?;
    let connection = tokio::spawn(connection);
    let request = hyper::Request::get(path)
        .header(hyper::header::HOST, address.to_string())
        .body(Empty::<Bytes>::new())?;
    let response = sender.send_request(request).await?;
    let status = response.status().as_u16();
    let body = response.into_body().collect().await?.to_bytes();
    connection.abort();
    Ok((status, String::from_utf8_lossy(&body).into_owned()))
}
