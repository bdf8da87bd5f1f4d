//! The benchmark's baseline: axum serving fixed bodies of given sizes, so that a page's
//! throughput can be read as a fraction of what the same stack does with no work at all.
//! Usage: pledgewatch-baseline ADDRESS PATH=BYTES [PATH=BYTES ...]

use axum::Router;
use axum::body::Bytes;
use axum::http::header;
use axum::routing::get;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let address = args
        .next()
        .ok_or_else(|| anyhow::anyhow!("usage: pledgewatch-baseline ADDRESS PATH=BYTES ..."))?;
    let mut router = Router::new();
    for spec in args {
        let (path, size) = spec
            .split_once('=')
            .ok_or_else(|| anyhow::anyhow!("{spec}: expected PATH=BYTES"))?;
        let body = Bytes::from(vec![b'x'; size.parse()?]);
        router = router.route(
            path,
            get(move || {
                let body = body.clone();
                async move { ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], body) }
            }),
        );
    }
    let listener = tokio::net::TcpListener::bind(&address).await?;
    axum::serve(listener, router).await?;
    Ok(())
}
