//! The audit and review reports on the web, for the quality manager and the reader: a page per
//! audit of an office, and the management-review input of a period. Both are read from the
//! register with the same code as the CLI ([`review::inputs`], [`review::compute`],
//! [`stats::compute`]) and written by the same writers ([`review::write`]); an office's quality
//! manager sees their office's audits only, a bureau-wide one and the reader every office's.

use super::{App, Me, Scope, forbidden, html, me, not_found, pages, refuse, server_error};
use crate::model::{Date, Say, Text};
use crate::register::decisions::MANAGEMENT_REVIEW;
use crate::register::users::Role;
use crate::register::{AuditRecord, FindingRecord, Mode, Record, RegisterError, stats, with};
use crate::review::{self, Period};
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use pages::{L, t};
use std::collections::HashMap;

/// The roles that read reports; the others answer 403, as the dashboard does.
fn may_read_reports(m: &Me) -> bool {
    matches!(m.user.role, Role::QualityManager | Role::Reader)
}

/// The user behind a report request, or the answer that refuses it.
async fn reader(app: &App, headers: &HeaderMap) -> Result<Me, Response> {
    let m = me(app, headers).await?;
    if may_read_reports(&m) {
        Ok(m)
    } else {
        Err(forbidden(&m))
    }
}

/// The audits of the register the user answers for (management reviews are not audits).
fn audits_in(all: Vec<AuditRecord>, scope: &Scope) -> Vec<AuditRecord> {
    all.into_iter()
        .filter(|a| a.source != MANAGEMENT_REVIEW)
        .filter(|a| {
            scope
                .office()
                .is_none_or(|o| a.office_code.eq_ignore_ascii_case(o))
        })
        .collect()
}

/// `/reports`: the audits in scope, each a link to its page, and the review's period form.
pub(super) async fn index(State(app): State<App>, headers: HeaderMap) -> Response {
    let m = match reader(&app, &headers).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let scope = Scope::of(&m.user);
    let res = app
        .pool
        .run(|s| with(s, Mode::Read, |tx| tx.audits()))
        .await;
    match res {
        Ok(all) => {
            let audits = audits_in(all, &scope);
            let period = year_to_date(app.today());
            html(
                StatusCode::OK,
                pages::reports(m.pair(), &audits, &scope, period),
            )
        }
        Err(e) => server_error(&app, m.lang(), &e),
    }
}

/// One audit of one office as the register holds it now.
pub struct AuditReport {
    pub audit: AuditRecord,
    /// Every finding of the audit, with its action when the policy raised one.
    pub findings: Vec<(FindingRecord, Option<Record>)>,
    /// The figures of `actions stats` over the audit's actions.
    pub figures: stats::Figures,
    pub today: Date,
}

/// `/reports/audits/{audit}/{office}`: outside the user's offices, or no such audit: 404.
pub(super) async fn audit(
    State(app): State<App>,
    headers: HeaderMap,
    UrlPath((audit_id, office)): UrlPath<(String, String)>,
) -> Response {
    let m = match reader(&app, &headers).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let scope = Scope::of(&m.user);
    if scope
        .office()
        .is_some_and(|o| !o.eq_ignore_ascii_case(&office))
    {
        return not_found(&m);
    }
    let today = app.today();
    let res = app
        .pool
        .run(move |s| {
            with(s, Mode::Read, |tx| {
                let audits = tx.audits()?;
                let Some(audit) = audits
                    .iter()
                    .find(|a| {
                        a.audit_id == audit_id
                            && a.office_code == office
                            && a.source != MANAGEMENT_REVIEW
                    })
                    .cloned()
                else {
                    return Ok(None);
                };
                let records: Vec<Record> = tx
                    .records_of(Some(&audit.office_code), None)?
                    .into_iter()
                    .filter(|r| r.finding.audit_id == audit.audit_id)
                    .collect();
                let figures = stats::compute(&records, &audits, today).overall;
                let mut by_id: HashMap<String, Record> = records
                    .into_iter()
                    .map(|r| (r.finding.id.clone(), r))
                    .collect();
                let findings = tx
                    .findings_of(&audit.audit_id, &audit.office_code)?
                    .into_iter()
                    .map(|f| {
                        let r = by_id.remove(&f.id);
                        (f, r)
                    })
                    .collect();
                Ok(Some(AuditReport {
                    audit,
                    findings,
                    figures,
                    today,
                }))
            })
        })
        .await;
    match res {
        Ok(Some(rep)) => html(StatusCode::OK, pages::audit_report(m.pair(), &rep)),
        Ok(None) => not_found(&m),
        Err(e) => server_error(&app, m.lang(), &e),
    }
}

/// From the first of January of `today`'s year to `today`: the period a review page opens on.
fn year_to_date(today: Date) -> Period {
    let from = Date::from_ymd(today.ymd().0, 1, 1).unwrap_or(today);
    Period { from, to: today }
}

/// The period of a review request (`from`, `to`; either missing: the year to date), or the
/// page that says what is wrong with it.
fn period_of(m: &Me, q: &HashMap<String, String>, today: Date) -> Result<Period, Response> {
    let default = year_to_date(today);
    let date = |name: &str, or: Date| -> Result<Date, Response> {
        match q.get(name).map(|v| v.trim()).filter(|v| !v.is_empty()) {
            None => Ok(or),
            Some(v) => v.parse::<Date>().map_err(|_| {
                let text = t(L.bad_date, m.lang()).replace("{value}", v);
                refuse(m, StatusCode::BAD_REQUEST, &text)
            }),
        }
    };
    let from = date("from", default.from)?;
    let to = date("to", default.to)?;
    if from > to {
        let text = Text::new(Say::PeriodBackwards)
            .with("from", from)
            .with("to", to)
            .render(m.lang());
        return Err(refuse(m, StatusCode::BAD_REQUEST, &text));
    }
    Ok(Period { from, to })
}

/// The review of `period` over the user's offices, as `isoaudit review` computes it (no
/// indicators: those come from a file the web does not have).
async fn review_of(app: &App, m: &Me, period: Period) -> Result<review::Review, Response> {
    let office = Scope::of(&m.user).office().map(str::to_string);
    app.pool
        .run(move |s| {
            let (findings, records, audits) =
                with(s, Mode::Read, |tx| review::inputs(tx, office.as_deref()))?;
            Ok::<_, RegisterError>(review::compute(
                &findings,
                &records,
                &audits,
                period,
                period.previous(),
                Vec::new(),
                Vec::new(),
            ))
        })
        .await
        .map_err(|e| server_error(app, m.lang(), &e))
}

/// `/reports/review?from=…&to=…`: the management-review input as a page.
pub(super) async fn review_page(
    State(app): State<App>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let m = match reader(&app, &headers).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let period = match period_of(&m, &q, app.today()) {
        Ok(p) => p,
        Err(r) => return r,
    };
    match review_of(&app, &m, period).await {
        Ok(r) => {
            let body = review::write::html(&r, m.lang());
            let scope = Scope::of(&m.user);
            html(
                StatusCode::OK,
                pages::review(m.pair(), &scope, period, &body),
            )
        }
        Err(r) => r,
    }
}

/// `/reports/review.xlsx?from=…&to=…`: the workbook `isoaudit review` writes, as a download.
pub(super) async fn review_workbook(
    State(app): State<App>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let m = match reader(&app, &headers).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let period = match period_of(&m, &q, app.today()) {
        Ok(p) => p,
        Err(r) => return r,
    };
    let r = match review_of(&app, &m, period).await {
        Ok(r) => r,
        Err(r) => return r,
    };
    let lang = m.lang();
    let bytes =
        match review::write::workbook(&r, lang).and_then(|mut wb| crate::xlsx::to_bytes(&mut wb)) {
            Ok(b) => b,
            Err(e) => {
                let e = RegisterError::Invalid(format!("cannot build the review workbook: {e}"));
                return server_error(&app, lang, &e);
            }
        };
    super::xlsx_download(
        bytes,
        "attachment; filename=\"management-review-input.xlsx\"",
    )
}
