//! CSV exports, streamed: pledges in the columns an import reads (filtered like the list),
//! and every follow-up with its changes and evidence, read from the database in batches;
//! RFC 4180, or with `?format=excel-fr` semicolons and a byte-order mark.

use crate::csv_format::{
    Dialect, FOLLOW_UP_COLUMNS, PLEDGE_COLUMNS, PLEDGE_STATE_COLUMNS, pledge_cells, protect,
};
use crate::dto::follow_up::{change_json, follow_up_json};
use crate::error::{AppError, PageResult};
use crate::query;
use crate::state::AppState;
use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, Uri, header};
use axum::response::{IntoResponse, Response};
use domain::input::PledgeInput;
use futures_util::stream::{self, StreamExt};

const CSV: &str = "text/csv; charset=utf-8; header=present";
const ROWS_PER_CHUNK: usize = 250;
const FOLLOW_UPS_PER_BATCH: u64 = 1000;

/// The dialect asked for with `format`; a bad value is refused naming the field.
fn dialect(pairs: &[(String, String)]) -> Result<Dialect, AppError> {
    let value = pairs
        .iter()
        .rev()
        .find(|(k, _)| k == "format")
        .map(|(_, v)| v.as_str());
    Dialect::parse(value).map_err(|message| AppError::BadRequest {
        field: "format".into(),
        message,
    })
}

fn encode_rows(dialect: Dialect, rows: &[Vec<String>]) -> Result<Bytes, std::io::Error> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .delimiter(dialect.delimiter())
        .from_writer(Vec::new());
    for row in rows {
        w.write_record(row.iter().map(|c| protect(c).into_owned()))?;
    }
    w.into_inner()
        .map(Bytes::from)
        .map_err(|e| std::io::Error::other(e.to_string()))
}

/// The first chunk: the dialect's preamble (a byte-order mark or nothing) and the header.
fn head_chunk(dialect: Dialect, columns: &[&[&str]]) -> Result<Bytes, std::io::Error> {
    let header: Vec<String> = columns
        .iter()
        .flat_map(|c| c.iter().map(|s| (*s).to_owned()))
        .collect();
    let row = encode_rows(dialect, &[header])?;
    let mut out = dialect.preamble().as_bytes().to_vec();
    out.extend_from_slice(&row);
    Ok(Bytes::from(out))
}

fn attachment(name: &'static str, etag: Option<&str>, body: Body) -> Response {
    let mut response = (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(CSV)),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
                    .unwrap_or(HeaderValue::from_static("attachment")),
            ),
        ],
        body,
    )
        .into_response();
    if let Some(tag) = etag.and_then(|t| HeaderValue::from_str(t).ok()) {
        response.headers_mut().insert(header::ETAG, tag);
    }
    response
}

#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct FormatParam {
    /// `csv` (default: RFC 4180, commas) or `excel-fr` (semicolons and a UTF-8
    /// byte-order mark, for spreadsheets in French and other comma-decimal locales).
    format: Option<String>,
}

/// Pledges as CSV, filtered and sorted like the list (all pages).
#[utoipa::path(get, path = "/export/pledges.csv", tag = "exports", params(crate::routes::api::ListParams, FormatParam),
    responses((status = 200, content_type = "text/csv"), (status = 400, description = "A filter value or the format is invalid")))]
pub async fn pledges_csv(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    Query(pairs): Query<Vec<(String, String)>>,
) -> PageResult<Response> {
    let q = query::parse(&pairs)?;
    let dialect = dialect(&pairs)?;
    let snapshot = state.model.current();
    let etag = snapshot.etag_for(&uri.to_string());
    if super::conditional::fresh(&headers, &etag) {
        return Ok(super::conditional::cached(&headers, &etag, CSV, ""));
    }
    let order: Vec<domain::Slug> = snapshot
        .catalog
        .search(&q.filter, q.sort)
        .into_iter()
        .map(|(p, _)| p.slug.clone())
        .collect();
    let head =
        stream::once(async move { head_chunk(dialect, &[PLEDGE_COLUMNS, PLEDGE_STATE_COLUMNS]) });
    // One chunk of pledges is read, written and sent at a time, so memory stays flat
    // however large the tracker.
    let chunks: Vec<Vec<domain::Slug>> = order
        .chunks(ROWS_PER_CHUNK)
        .map(<[domain::Slug]>::to_vec)
        .collect();
    let db = state.db.clone();
    let rows = stream::iter(chunks).then(move |slugs| {
        let db = db.clone();
        let snapshot = snapshot.clone();
        async move {
            let stored = db.pledges_by_slug(&slugs).await.map_err(|e| {
                tracing::error!(error = %persistence::chain(&e), "pledge export failed mid-stream");
                std::io::Error::other("export failed")
            })?;
            let rows: Vec<Vec<String>> = stored
                .iter()
                .map(|s| {
                    let state = &s.record.state;
                    let schedule = snapshot
                        .catalog
                        .get(s.record.pledge.slug())
                        .map(|(_, d)| d.schedule.code())
                        .unwrap_or("");
                    let mut cells = pledge_cells(&PledgeInput::from(&s.record.pledge));
                    cells.extend([
                        state.delivery.code().to_owned(),
                        state.strength.code().to_owned(),
                        state
                            .effective_progress()
                            .map(|p| p.percent().to_string())
                            .unwrap_or_default(),
                        schedule.to_owned(),
                        s.verified.to_string(),
                        state.follow_ups.to_string(),
                        state
                            .last_follow_up_on
                            .map(|d| d.to_string())
                            .unwrap_or_default(),
                    ]);
                    cells
                })
                .collect();
            encode_rows(dialect, &rows)
        }
    });
    let body = Body::from_stream(head.chain(rows));
    Ok(attachment("pledges.csv", Some(&etag), body))
}

/// Every follow-up, oldest first, with its changes and evidence as JSON cells.
#[utoipa::path(get, path = "/export/follow-ups.csv", tag = "exports", params(FormatParam),
    responses((status = 200, content_type = "text/csv"), (status = 400, description = "The format is unknown")))]
pub async fn follow_ups_csv(
    State(state): State<AppState>,
    headers: HeaderMap,
    uri: Uri,
    Query(pairs): Query<Vec<(String, String)>>,
) -> PageResult<Response> {
    let dialect = dialect(&pairs)?;
    let snapshot = state.model.current();
    let etag = snapshot.etag_for(&uri.to_string());
    if super::conditional::fresh(&headers, &etag) {
        return Ok(super::conditional::cached(&headers, &etag, CSV, ""));
    }
    let db = state.db.clone();
    let head = stream::once(async move { head_chunk(dialect, &[FOLLOW_UP_COLUMNS]) });
    let batches = stream::unfold(Some(0), move |after| {
        let db = db.clone();
        async move {
            let after = after?;
            match db.follow_ups_after(after, FOLLOW_UPS_PER_BATCH).await {
                Ok(batch) if batch.is_empty() => None,
                Ok(batch) => {
                    let last = batch.last().map(|e| e.id);
                    let rows: Vec<Vec<String>> = batch
                        .iter()
                        .map(|e| {
                            let j = follow_up_json(e);
                            vec![
                                e.id.to_string(),
                                j.pledge,
                                j.recorded_at,
                                j.occurred_on,
                                j.author,
                                j.note.unwrap_or_default(),
                                serde_json::to_string(
                                    &e.follow_up
                                        .changes
                                        .iter()
                                        .map(change_json)
                                        .collect::<Vec<_>>(),
                                )
                                .unwrap_or_default(),
                                serde_json::to_string(&j.evidence).unwrap_or_default(),
                            ]
                        })
                        .collect();
                    Some((encode_rows(dialect, &rows), last))
                }
                Err(e) => {
                    tracing::error!(error = %persistence::chain(&e), "follow-up export failed mid-stream");
                    Some((Err(std::io::Error::other("export failed")), None))
                }
            }
        }
    });
    Ok(attachment(
        "follow-ups.csv",
        Some(&etag),
        Body::from_stream(head.chain(batches)),
    ))
}
