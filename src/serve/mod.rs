//! `isoaudit serve`: the register as web pages for the people of the bureau.
//!
//! axum on tokio: axum is the tokio project's own web framework (small, no macros needed, one
//! of the most used and best kept in Rust), and tokio is what it and hyper run on. Pages are
//! rendered on the server (maud, escaping by default); there is no script.
//!
//! Every change goes through the very workflow functions the CLI's `actions` commands call
//! ([`workflow::apply_edit`], [`workflow::apply_verify`], …, then [`workflow::save`]), in one
//! write transaction, with the logged-in user as the actor: the CLI and the web can work on the
//! same register at once. Authorisation is decided here, on the server, for every request and
//! every object: an action outside the user's office or department answers 404, exactly as a
//! missing one.

pub mod auth;
pub mod pages;
pub mod pool;
pub mod reports;

use crate::model::{Date, Lang};
use crate::register::attachments::{self, Attachment};
use crate::register::users::{self, Role, User};
use crate::register::workflow::{self, Edit, Verification, days_overdue};
use crate::register::{
    self, ActionStatus, Actor, Event, Mode, Record, RegisterError, Store, Verdict, stats, with,
};
use auth::{Auth, LOGIN_COOKIE, SESSION_COOKIE, Session};
use axum::Router;
use axum::extract::{
    ConnectInfo, DefaultBodyLimit, Form, Multipart, Path as UrlPath, Query, State,
};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use pages::{L, t};
use pool::Pool;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// The longest text a form field may carry.
const MAX_FIELD_CHARS: usize = 4000;

/// How the server runs.
pub struct Config {
    pub register: PathBuf,
    /// A TLS proxy stands in front: cookies are Secure, the client address comes from it.
    pub behind_proxy: bool,
    pub session: Duration,
    /// The date to act on; `None`: the system date at each request.
    pub today: Option<Date>,
    /// Where the server reports what went wrong on its side (the terminal, through the printer).
    pub log: fn(&str),
    /// The largest evidence file accepted, in bytes.
    pub max_upload: usize,
}

/// Open the register the server works on. The one place `serve` opens it, so that another
/// backend's opener can be put here.
pub fn open_register(path: &Path) -> Result<Box<dyn Store>, RegisterError> {
    register::open(path, false)
}

#[derive(Clone)]
struct App {
    /// Reads: several connections side by side (WAL lets them read while a write commits).
    pool: Pool,
    /// Writes: one connection, since SQLite takes writes one at a time anyway; kept apart so
    /// that a write waiting for the lock never holds up a page that only reads.
    writer: Pool,
    auth: Arc<Auth>,
    cfg: Arc<Config>,
}

impl App {
    fn today(&self) -> Date {
        self.cfg.today.unwrap_or_else(|| {
            let secs = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs() as i64)
                .unwrap_or(0);
            Date::from_unix_seconds(secs)
        })
    }
}

/// The router over the register at `cfg.register`, with `workers` register connections.
pub fn router(cfg: Config, workers: usize) -> Result<Router, RegisterError> {
    let pool = Pool::new(&cfg.register, workers, open_register)?;
    let writer = Pool::new(&cfg.register, 1, open_register)?;
    // Room for the form's other fields and the multipart framing around the file.
    let max_body = cfg.max_upload.saturating_add(64 * 1024);
    let app = App {
        pool,
        writer,
        auth: Arc::new(Auth::new(cfg.session)),
        cfg: Arc::new(cfg),
    };
    Ok(Router::new()
        .route("/", get(home))
        .route("/login", get(login_page).post(login))
        .route("/logout", post(logout))
        .route("/lang", post(set_lang))
        .route("/password", get(password_page).post(change_password))
        .route("/todo", get(todo))
        .route("/actions", get(list))
        .route("/actions/{id}", get(show))
        .route(
            "/actions/{id}/attach",
            post(attach).layer(DefaultBodyLimit::max(max_body)),
        )
        .route("/actions/{id}/files/{seq}", get(download))
        .route("/actions/{id}/{verb}", post(act))
        .route("/dashboard", get(dashboard))
        .route("/export", get(export))
        .route("/reports", get(reports::index))
        .route("/reports/audits/{audit}/{office}", get(reports::audit))
        .route("/reports/review", get(reports::review_page))
        .route("/reports/review.xlsx", get(reports::review_workbook))
        // Browsers ask for it on every site; an empty answer keeps a 404 out of their console.
        .route("/favicon.ico", get(|| async { StatusCode::NO_CONTENT }))
        .fallback(not_found_anon)
        .layer(axum::middleware::map_response(security_headers))
        .with_state(app))
}

/// Serve `router` on `listener` until `shutdown` resolves.
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

/// Headers on every answer: no script, no framing, no sniffing, no caching of private pages.
async fn security_headers(mut res: Response) -> Response {
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

fn html(status: StatusCode, body: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        body,
    )
        .into_response()
}

fn redirect(to: &str) -> Response {
    let mut r = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(to) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|p| p.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

fn set_cookie(app: &App, name: &str, value: &str, max_age: u64) -> HeaderValue {
    let secure = if app.cfg.behind_proxy { "; Secure" } else { "" };
    // Tokens are hex, so the header is always valid.
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// The logged-in user of a request.
struct Me {
    user: User,
    session: Session,
    token: String,
}

impl Me {
    fn pair(&self) -> (&User, &str) {
        (&self.user, &self.session.csrf)
    }
    fn lang(&self) -> Lang {
        self.user.lang()
    }
}

/// The request's session and its user, still enabled, who has chosen their own password;
/// otherwise the answer (to the login page, or to the page that asks for a new password).
async fn me(app: &App, headers: &HeaderMap) -> Result<Me, Response> {
    let m = session_user(app, headers).await?;
    if m.user.must_change {
        return Err(redirect("/password"));
    }
    Ok(m)
}

/// The request's session and its user, still enabled; otherwise the answer (to the login page).
async fn session_user(app: &App, headers: &HeaderMap) -> Result<Me, Response> {
    let Some(token) = cookie(headers, SESSION_COOKIE) else {
        return Err(redirect("/login"));
    };
    let Some(session) = app.auth.session(&token) else {
        return Err(redirect("/login"));
    };
    let name = session.user.clone();
    let user = app
        .pool
        .run(move |s| with(s, Mode::Read, |tx| tx.user(&name)))
        .await
        .map_err(|e| server_error(app, Lang::Zh, &e))?;
    match user {
        Some(u) if !u.disabled => Ok(Me {
            user: u,
            session,
            token,
        }),
        _ => {
            app.auth.end(&token);
            Err(redirect("/login"))
        }
    }
}

/// A workbook as a download; `disposition` names the file in ASCII (a header value must be).
fn xlsx_download(bytes: Vec<u8>, disposition: &'static str) -> Response {
    let mut r = (StatusCode::OK, bytes).into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static(disposition),
    );
    r
}

fn server_error(app: &App, lang: Lang, e: &RegisterError) -> Response {
    (app.cfg.log)(&format!("error: {e}"));
    html(
        StatusCode::INTERNAL_SERVER_ERROR,
        pages::message(lang, None, t(L.refused, lang), t(L.error, lang)),
    )
}

fn refuse(me: &Me, status: StatusCode, text: &str) -> Response {
    let lang = me.lang();
    html(
        status,
        pages::message(lang, Some(me.pair()), t(L.refused, lang), text),
    )
}

fn not_found(me: &Me) -> Response {
    refuse(me, StatusCode::NOT_FOUND, t(L.not_found, me.lang()))
}

fn forbidden(me: &Me) -> Response {
    refuse(me, StatusCode::FORBIDDEN, t(L.forbidden, me.lang()))
}

async fn not_found_anon() -> Response {
    html(
        StatusCode::NOT_FOUND,
        pages::message(
            Lang::Zh,
            None,
            t(L.refused, Lang::Zh),
            t(L.not_found, Lang::Zh),
        ),
    )
}

/// What a user answers for: their office (or all) and, for a department owner, the department;
/// for an auditor, the findings they raised.
pub struct Scope {
    office: String,
    department: Option<String>,
    /// The auditor's name as findings carry it: an auditor sees the actions of those only.
    auditor: Option<String>,
}

impl Scope {
    fn of(u: &User) -> Scope {
        Scope {
            office: u.office.clone(),
            department: (u.role == Role::DeptOwner).then(|| u.department.clone()),
            auditor: (u.role == Role::Auditor).then(|| u.finding_name().to_string()),
        }
    }

    fn office(&self) -> Option<&str> {
        (!self.office.is_empty()).then_some(self.office.as_str())
    }

    /// Whether the action `r` is within the scope.
    fn covers(&self, r: &Record) -> bool {
        register::store::in_scope(r, self.office(), self.department.as_deref())
            && self
                .auditor
                .as_deref()
                .is_none_or(|n| users::names_auditor(&r.finding.auditor, n))
    }

    fn label(&self, lang: Lang) -> String {
        if self.office.is_empty() {
            t(L.everything, lang).to_string()
        } else {
            self.office.clone()
        }
    }
}

/// Whether `u` may open the action `r` at all. Readers see the dashboard only.
fn may_see(u: &User, r: &Record) -> bool {
    u.role != Role::Reader && Scope::of(u).covers(r)
}

fn allowed(u: &User, r: &Record) -> pages::Allowed {
    let s = r.action.status;
    let owner = u.role == Role::DeptOwner;
    let qm = u.role == Role::QualityManager;
    let live = !s.is_final();
    pages::Allowed {
        update: (owner || qm) && live,
        change_due: qm && live,
        implement: (owner || qm) && s == ActionStatus::Planned,
        verify: (qm || u.role == Role::Auditor) && s == ActionStatus::Implemented,
        close: qm && s == ActionStatus::Verified,
        cancel: qm && live,
        request_extension: owner && matches!(s, ActionStatus::Open | ActionStatus::Planned),
        approve_extension: qm && live,
        attach: may_attach(u.role) && live,
    }
}

/// The roles that may attach evidence to an action they see.
fn may_attach(role: Role) -> bool {
    matches!(role, Role::DeptOwner | Role::Auditor | Role::QualityManager)
}

/// The roles that may post `verb` at all (the state of the action decides the rest).
fn role_may(role: Role, verb: &str) -> bool {
    match verb {
        "update" | "implement" => matches!(role, Role::DeptOwner | Role::QualityManager),
        "extension" => role == Role::DeptOwner,
        "verify" => matches!(role, Role::Auditor | Role::QualityManager),
        "close" | "cancel" | "approve" => role == Role::QualityManager,
        _ => false,
    }
}

/// The extension asked for and not yet answered: the last request after which the due date
/// did not change.
fn pending_extension(history: &[Event]) -> Option<pages::Pending> {
    let mut p = None;
    for e in history {
        match e.field.as_str() {
            EXTENSION_FIELD => {
                p = Some(pages::Pending {
                    date: e.new.clone().unwrap_or_default(),
                    by: e.by.clone(),
                    reason: e.note.clone(),
                })
            }
            "due" => p = None,
            _ => {}
        }
    }
    p
}

/// The history field of an extension request (`old`: the due date then, `new`: the one asked).
const EXTENSION_FIELD: &str = "extension_request";

async fn home(State(app): State<App>, headers: HeaderMap) -> Response {
    match me(&app, &headers).await {
        Ok(m) if m.user.role == Role::Reader => redirect("/dashboard"),
        Ok(_) => redirect("/todo"),
        Err(r) => r,
    }
}

async fn login_page(State(app): State<App>, Query(q): Query<HashMap<String, String>>) -> Response {
    let lang = if q.get("lang").map(String::as_str) == Some("en") {
        Lang::En
    } else {
        Lang::Zh
    };
    login_form(&app, lang, StatusCode::OK, None)
}

fn login_form(app: &App, lang: Lang, status: StatusCode, msg: Option<&str>) -> Response {
    let token = match auth::token() {
        Ok(t) => t,
        Err(e) => return server_error(app, lang, &e),
    };
    let mut r = html(status, pages::login(lang, &token, msg));
    r.headers_mut().append(
        header::SET_COOKIE,
        set_cookie(app, LOGIN_COOKIE, &token, 3600),
    );
    r
}

/// The client's address: the socket's, or behind a proxy the last address it added.
fn client_addr(app: &App, peer: SocketAddr, headers: &HeaderMap) -> String {
    if app.cfg.behind_proxy
        && let Some(fwd) = headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(str::trim)
            .filter(|v| !v.is_empty())
    {
        return fwd.to_string();
    }
    peer.ip().to_string()
}

async fn login(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    let lang = Lang::Zh;
    let form_token = f.get("token").map(String::as_str).unwrap_or("");
    let cookie_token = cookie(&headers, LOGIN_COOKIE).unwrap_or_default();
    if form_token.is_empty() || !auth::same(form_token, &cookie_token) {
        return login_form(
            &app,
            lang,
            StatusCode::FORBIDDEN,
            Some(t(L.login_expired, lang)),
        );
    }
    let name = f
        .get("user")
        .map(|s| s.trim().to_string())
        .unwrap_or_default();
    let password = f.get("password").cloned().unwrap_or_default();
    let addr = client_addr(&app, peer, &headers);
    if let Some(wait) = app.auth.throttled(&name, &addr) {
        let msg = t(L.throttled, lang).replace("{s}", &wait.to_string());
        let mut r = login_form(&app, lang, StatusCode::TOO_MANY_REQUESTS, Some(&msg));
        r.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(wait));
        return r;
    }
    let lookup = name.clone();
    let user = match app
        .pool
        .run(move |s| with(s, Mode::Read, |tx| tx.user(&lookup)))
        .await
    {
        Ok(u) => u,
        Err(e) => return server_error(&app, lang, &e),
    };
    let hash = user
        .as_ref()
        .filter(|u| !u.disabled)
        .map(|u| u.password_hash.clone());
    // Hashing is slow on purpose: off the reactor. An unknown or disabled name is checked
    // against a dummy hash so that it takes as long as a known one.
    let ok = tokio::task::spawn_blocking(move || match hash {
        Some(h) => users::verify_password(&password, &h),
        None => {
            users::verify_password(&password, users::dummy_hash());
            false
        }
    })
    .await
    .unwrap_or(false);
    if !ok {
        app.auth.failed(&name, &addr);
        return login_form(
            &app,
            lang,
            StatusCode::UNAUTHORIZED,
            Some(t(L.bad_login, lang)),
        );
    }
    app.auth.succeeded(&name);
    let (token, _) = match app.auth.start(&name) {
        Ok(s) => s,
        Err(e) => return server_error(&app, lang, &e),
    };
    let mut r = redirect("/");
    let h = r.headers_mut();
    h.append(
        header::SET_COOKIE,
        set_cookie(&app, SESSION_COOKIE, &token, app.cfg.session.as_secs()),
    );
    h.append(header::SET_COOKIE, set_cookie(&app, LOGIN_COOKIE, "", 0));
    r
}

/// The session's CSRF token was sent back with the form.
fn csrf_ok(me: &Me, f: &HashMap<String, String>) -> bool {
    f.get("csrf")
        .is_some_and(|c| auth::same(c, &me.session.csrf))
}

async fn logout(
    State(app): State<App>,
    headers: HeaderMap,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    let m = match session_user(&app, &headers).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    if !csrf_ok(&m, &f) {
        return refuse(&m, StatusCode::FORBIDDEN, t(L.bad_form, m.lang()));
    }
    app.auth.end(&m.token);
    let mut r = redirect("/login");
    r.headers_mut()
        .append(header::SET_COOKIE, set_cookie(&app, SESSION_COOKIE, "", 0));
    r
}

/// The form for a new password: for everyone, and the only page for a user whose password is
/// an initial one.
async fn password_page(State(app): State<App>, headers: HeaderMap) -> Response {
    match session_user(&app, &headers).await {
        Ok(m) => html(StatusCode::OK, pages::password(m.pair(), None)),
        Err(r) => r,
    }
}

/// A new password: the current one (throttled as logins are), the new one twice, the session's
/// token. Then the user's pages open.
async fn change_password(
    State(app): State<App>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    let m = match session_user(&app, &headers).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let lang = m.lang();
    if !csrf_ok(&m, &f) {
        return refuse(&m, StatusCode::FORBIDDEN, t(L.bad_form, lang));
    }
    let again = |status: StatusCode, msg: &str| html(status, pages::password(m.pair(), Some(msg)));
    let addr = client_addr(&app, peer, &headers);
    if let Some(wait) = app.auth.throttled(&m.user.name, &addr) {
        let msg = t(L.throttled, lang).replace("{s}", &wait.to_string());
        return again(StatusCode::TOO_MANY_REQUESTS, &msg);
    }
    let get = |k: &str| f.get(k).cloned().unwrap_or_default();
    let (current, new, repeat) = (get("current"), get("new"), get("again"));
    if new != repeat {
        return again(
            StatusCode::UNPROCESSABLE_ENTITY,
            t(L.passwords_differ, lang),
        );
    }
    if new.chars().count() < users::MIN_PASSWORD_CHARS || new.chars().count() > MAX_FIELD_CHARS {
        let msg = t(L.password_short, lang).replace("{n}", &users::MIN_PASSWORD_CHARS.to_string());
        return again(StatusCode::UNPROCESSABLE_ENTITY, &msg);
    }
    if new == current {
        return again(StatusCode::UNPROCESSABLE_ENTITY, t(L.password_same, lang));
    }
    let stored = m.user.password_hash.clone();
    // Hashing is slow on purpose: off the reactor.
    let hashed = tokio::task::spawn_blocking(move || {
        if users::verify_password(&current, &stored) {
            users::hash_password(&new).map(Some)
        } else {
            Ok(None)
        }
    })
    .await
    .unwrap_or_else(|_| {
        Err(RegisterError::Invalid(
            "the password could not be hashed".into(),
        ))
    });
    let hash = match hashed {
        Ok(Some(h)) => h,
        Ok(None) => {
            app.auth.failed(&m.user.name, &addr);
            return again(StatusCode::UNAUTHORIZED, t(L.wrong_current, lang));
        }
        Err(e) => return server_error(&app, lang, &e),
    };
    let name = m.user.name.clone();
    let res = app
        .writer
        .run(move |s| {
            with(s, Mode::Write, |tx| {
                // Re-read inside the write so a concurrent `users disable` is not undone.
                let Some(mut cur) = tx.user(&name)? else {
                    return Ok(());
                };
                cur.password_hash = hash;
                cur.must_change = false;
                tx.put_user(&cur)
            })
        })
        .await;
    match res {
        Ok(()) => {
            app.auth.succeeded(&m.user.name);
            redirect("/")
        }
        Err(e) => server_error(&app, lang, &e),
    }
}

async fn set_lang(
    State(app): State<App>,
    headers: HeaderMap,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    let m = match me(&app, &headers).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    if !csrf_ok(&m, &f) {
        return refuse(&m, StatusCode::FORBIDDEN, t(L.bad_form, m.lang()));
    }
    let Some(lang) = f.get("lang").and_then(|l| Lang::from_key(l)) else {
        return refuse(&m, StatusCode::BAD_REQUEST, t(L.forbidden, m.lang()));
    };
    let mut u = m.user.clone();
    u.lang = lang.key().to_string();
    let name = u.name.clone();
    let res = app
        .writer
        .run(move |s| {
            with(s, Mode::Write, |tx| {
                // Re-read inside the write so a concurrent `users disable` is not undone.
                let Some(mut cur) = tx.user(&name)? else {
                    return Ok(());
                };
                cur.lang = u.lang.clone();
                tx.put_user(&cur)
            })
        })
        .await;
    match res {
        Ok(()) => redirect("/"),
        Err(e) => server_error(&app, m.lang(), &e),
    }
}

/// Every record the user answers for, with the register's audits (for the dashboard).
async fn records_in_scope(app: &App, m: &Me) -> Result<Vec<Record>, Response> {
    let scope = Scope::of(&m.user);
    app.pool
        .run(move |s| {
            with(s, Mode::Read, |tx| {
                let mut rs = tx.records_of(scope.office(), scope.department.as_deref())?;
                // The office's and department's filter is the register's; the auditor's is here.
                rs.retain(|r| scope.covers(r));
                Ok(rs)
            })
        })
        .await
        .map_err(|e| server_error(app, m.lang(), &e))
}

async fn todo(State(app): State<App>, headers: HeaderMap) -> Response {
    let m = match me(&app, &headers).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    if m.user.role == Role::Reader {
        return redirect("/dashboard");
    }
    let records = match records_in_scope(&app, &m).await {
        Ok(r) => r,
        Err(r) => return r,
    };
    // Actions with an extension request not yet answered (for the quality manager).
    let asked: std::collections::BTreeSet<String> = if m.user.role == Role::QualityManager {
        let res = app
            .pool
            .run(|s| {
                with(s, Mode::Read, |tx| {
                    let mut h = tx.events_of_field(EXTENSION_FIELD)?;
                    h.extend(tx.events_of_field("due")?);
                    h.sort_by_key(|e| e.seq);
                    Ok(h)
                })
            })
            .await;
        let mut by_action: HashMap<String, Vec<Event>> = HashMap::new();
        match res {
            Ok(h) => {
                for e in h {
                    if let Some(id) = e.action_id.clone() {
                        by_action.entry(id).or_default().push(e);
                    }
                }
            }
            Err(e) => return server_error(&app, m.lang(), &e),
        }
        by_action
            .into_iter()
            .filter(|(_, h)| pending_extension(h).is_some())
            .map(|(id, _)| id)
            .collect()
    } else {
        Default::default()
    };
    let today = app.today();
    let lang = m.lang();
    let pending =
        |r: &&Record| matches!(r.action.status, ActionStatus::Open | ActionStatus::Planned);
    let overdue: Vec<&Record> = records
        .iter()
        .filter(|r| days_overdue(&r.action, today).is_some())
        .collect();
    let week: Vec<&Record> = records
        .iter()
        .filter(pending)
        .filter(|r| {
            let d = r.action.due.days_since(today);
            (0..=7).contains(&d)
        })
        .collect();
    let by = |s: ActionStatus| -> Vec<&Record> {
        records.iter().filter(|r| r.action.status == s).collect()
    };
    let mut sections = vec![(t(L.overdue, lang), overdue), (t(L.due_week, lang), week)];
    match m.user.role {
        Role::Auditor => sections.push((t(L.to_verify, lang), by(ActionStatus::Implemented))),
        Role::QualityManager => {
            let ext: Vec<&Record> = records
                .iter()
                .filter(|r| asked.contains(&r.action.id) && !r.action.status.is_final())
                .collect();
            sections.push((t(L.extensions, lang), ext));
            sections.push((t(L.to_verify, lang), by(ActionStatus::Implemented)));
            sections.push((t(L.to_close, lang), by(ActionStatus::Verified)));
        }
        _ => {}
    }
    html(StatusCode::OK, pages::todo(m.pair(), &sections, today))
}

async fn list(
    State(app): State<App>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let m = match me(&app, &headers).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    if m.user.role == Role::Reader {
        return forbidden(&m);
    }
    let records = match records_in_scope(&app, &m).await {
        Ok(r) => r,
        Err(r) => return r,
    };
    let today = app.today();
    let status = q.get("status").and_then(|s| s.parse::<ActionStatus>().ok());
    let overdue = q.get("overdue").is_some_and(|v| v == "1");
    let rows: Vec<&Record> = records
        .iter()
        .filter(|r| status.is_none_or(|s| r.action.status == s))
        .filter(|r| !overdue || days_overdue(&r.action, today).is_some())
        .collect();
    html(
        StatusCode::OK,
        pages::list(
            m.pair(),
            &rows,
            today,
            status.map(|s| s.key()).unwrap_or(""),
            overdue,
        ),
    )
}

async fn show(
    State(app): State<App>,
    headers: HeaderMap,
    UrlPath(id): UrlPath<String>,
) -> Response {
    let m = match me(&app, &headers).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let found = app
        .pool
        .run(move |s| {
            with(s, Mode::Read, |tx| match tx.record(&id)? {
                Some(r) => {
                    let h = tx.events(Some(&r.action.id))?;
                    let files = tx.attachments(&r.action.id)?;
                    Ok(Some((r, h, files)))
                }
                None => Ok(None),
            })
        })
        .await;
    let (r, history, files) = match found {
        Ok(Some(x)) if may_see(&m.user, &x.0) => x,
        Ok(_) => return not_found(&m),
        Err(e) => return server_error(&app, m.lang(), &e),
    };
    let pending = pending_extension(&history);
    html(
        StatusCode::OK,
        pages::action(
            m.pair(),
            &pages::ActionView {
                record: &r,
                history: &history,
                today: app.today(),
                allowed: &allowed(&m.user, &r),
                pending: pending.as_ref(),
                files: &files,
                max_upload: app.cfg.max_upload,
            },
        ),
    )
}

/// What a posted change came to.
enum Outcome {
    Done,
    NotFound,
    Forbidden,
    Stale,
}

fn field(f: &HashMap<String, String>, name: &str) -> Result<Option<String>, RegisterError> {
    match f.get(name) {
        Some(v) if v.chars().count() > MAX_FIELD_CHARS => Err(RegisterError::Invalid(format!(
            "{name}: more than {MAX_FIELD_CHARS} characters"
        ))),
        Some(v) => Ok(Some(v.replace("\r\n", "\n"))),
        None => Ok(None),
    }
}

fn date_field(f: &HashMap<String, String>, name: &str) -> Result<Option<Date>, RegisterError> {
    match field(f, name)?.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => v.parse::<Date>().map(Some).map_err(|_| {
            RegisterError::Invalid(format!(
                "{}: \"{v}\" is not a date (YYYY-MM-DD)",
                field_name(name)
            ))
        }),
    }
}

fn field_name(name: &str) -> &str {
    match name {
        "due" => "due date",
        n => n,
    }
}

async fn act(
    State(app): State<App>,
    headers: HeaderMap,
    UrlPath((id, verb)): UrlPath<(String, String)>,
    Form(f): Form<HashMap<String, String>>,
) -> Response {
    let m = match me(&app, &headers).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    if !csrf_ok(&m, &f) {
        return refuse(&m, StatusCode::FORBIDDEN, t(L.bad_form, m.lang()));
    }
    if !matches!(
        verb.as_str(),
        "update" | "implement" | "verify" | "close" | "cancel" | "extension" | "approve"
    ) {
        return not_found(&m);
    }
    let actor = Actor {
        by: m.user.name.clone(),
        today: app.today(),
    };
    let user = m.user.clone();
    let action_id = id.clone();
    let res = app
        .writer
        .run(move |s| {
            with(s, Mode::Write, |tx| {
                let Some(r) = tx.record(&action_id)? else {
                    return Ok(Outcome::NotFound);
                };
                if !may_see(&user, &r) {
                    return Ok(Outcome::NotFound);
                }
                if !role_may(user.role, &verb) {
                    return Ok(Outcome::Forbidden);
                }
                // The form carries the revision it was made from: a change made meanwhile, or
                // the same form sent twice, is refused instead of silently overwritten.
                let rev = f.get("rev").and_then(|v| v.trim().parse::<u32>().ok());
                if rev != Some(r.action.revision) {
                    return Ok(Outcome::Stale);
                }
                change(tx, &r, &verb, &f, &user, &actor)
            })
        })
        .await;
    match res {
        Ok(Outcome::Done) => redirect(&pages::action_href(&id)),
        Ok(Outcome::NotFound) => not_found(&m),
        Ok(Outcome::Forbidden) => forbidden(&m),
        Ok(Outcome::Stale) => refuse(&m, StatusCode::CONFLICT, t(L.stale, m.lang())),
        Err(e @ (RegisterError::Illegal { .. } | RegisterError::Invalid(_))) => {
            // Said in the page's language: the catalogue's words for the error and its hint.
            let text = match e.hint_text() {
                Some(h) => crate::model::Text::new(crate::model::Say::WithHint)
                    .with_text("message", &e.text())
                    .with_text("hint", &h),
                None => e.text(),
            }
            .render(m.lang());
            refuse(&m, StatusCode::UNPROCESSABLE_ENTITY, &text)
        }
        Err(RegisterError::Stale { .. }) => refuse(&m, StatusCode::CONFLICT, t(L.stale, m.lang())),
        Err(e) => server_error(&app, m.lang(), &e),
    }
}

/// One change of one action, inside the write transaction: the same workflow calls as the CLI.
fn change(
    tx: &mut dyn register::Tx,
    r: &Record,
    verb: &str,
    f: &HashMap<String, String>,
    user: &User,
    actor: &Actor,
) -> Result<Outcome, RegisterError> {
    let a = &r.action;
    let after = match verb {
        "update" => {
            let due = date_field(f, "due")?;
            if due.is_some_and(|d| d != a.due) && user.role != Role::QualityManager {
                return Ok(Outcome::Forbidden);
            }
            let e = Edit {
                owner: field(f, "owner")?,
                due,
                correction: field(f, "correction")?,
                root_cause: field(f, "root_cause")?,
                corrective_action: field(f, "corrective_action")?,
                implementation_note: None,
            };
            workflow::apply_edit(a, &e)?
        }
        "implement" => {
            let note = field(f, "implementation_note")?.unwrap_or_default();
            workflow::apply_implement(a, &note, actor.today)?
        }
        "verify" => {
            let verdict = match f.get("verdict").map(String::as_str) {
                Some("effective") => Verdict::Effective,
                Some("ineffective") => Verdict::Ineffective,
                _ => {
                    return Err(RegisterError::Invalid(
                        "verdict: choose effective or ineffective".into(),
                    ));
                }
            };
            let v = Verification {
                verdict,
                method: field(f, "method")?.unwrap_or_default(),
                note: field(f, "note")?.unwrap_or_default(),
                new_due: date_field(f, "due")?,
            };
            let policy = tx.policy()?;
            workflow::apply_verify(r, &v, &policy, actor)?
        }
        "close" => workflow::apply_close(a, actor.today)?,
        "cancel" => {
            let reason = field(f, "reason")?.unwrap_or_default();
            workflow::apply_cancel(a, &reason)?
        }
        "extension" => {
            if !matches!(a.status, ActionStatus::Open | ActionStatus::Planned) {
                return Err(RegisterError::Invalid(format!(
                    "{}: only an action not yet implemented can be given more time",
                    a.id
                )));
            }
            let Some(due) = date_field(f, "due")? else {
                return Err(RegisterError::Invalid("due date: missing".into()));
            };
            if due <= a.due {
                return Err(RegisterError::Invalid(format!(
                    "{}: the date asked for, {due}, must be after the due date {}",
                    a.id, a.due
                )));
            }
            let reason = field(f, "reason")?.unwrap_or_default();
            if reason.trim().is_empty() {
                return Err(RegisterError::Invalid("reason: missing".into()));
            }
            if pending_extension(&tx.events(Some(&a.id))?).is_some() {
                return Ok(Outcome::Stale);
            }
            tx.append_event(&Event {
                seq: 0,
                action_id: Some(a.id.clone()),
                at: actor.today,
                by: actor.by.clone(),
                field: EXTENSION_FIELD.into(),
                old: Some(a.due.to_string()),
                new: Some(due.to_string()),
                note: reason.trim().to_string(),
            })?;
            return Ok(Outcome::Done);
        }
        "approve" => {
            let Some(p) = pending_extension(&tx.events(Some(&a.id))?) else {
                return Ok(Outcome::Stale);
            };
            let due = p.date.parse::<Date>().map_err(|_| {
                RegisterError::Invalid(format!("{}: the extension request has no date", a.id))
            })?;
            let e = Edit {
                due: Some(due),
                ..Edit::default()
            };
            let after = workflow::apply_edit(a, &e)?;
            workflow::save(tx, a, after, actor, &format!("extension: {}", p.reason))?;
            return Ok(Outcome::Done);
        }
        _ => return Ok(Outcome::NotFound),
    };
    workflow::save(tx, a, after, actor, "")?;
    Ok(Outcome::Done)
}

async fn dashboard(State(app): State<App>, headers: HeaderMap) -> Response {
    let m = match me(&app, &headers).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    if !matches!(m.user.role, Role::QualityManager | Role::Reader) {
        return forbidden(&m);
    }
    let scope = Scope::of(&m.user);
    let today = app.today();
    let office = scope.office().map(str::to_string);
    let res = app
        .pool
        .run(move |s| {
            with(s, Mode::Read, |tx| {
                let audits = tx.audits()?;
                let records = tx.records_of(office.as_deref(), None)?;
                Ok(stats::compute(&records, &audits, today))
            })
        })
        .await;
    match res {
        Ok(st) => html(StatusCode::OK, pages::dashboard(m.pair(), &st, &scope)),
        Err(e) => server_error(&app, m.lang(), &e),
    }
}

/// An evidence file posted with an action's upload form.
async fn attach(
    State(app): State<App>,
    headers: HeaderMap,
    UrlPath(id): UrlPath<String>,
    mut form: Multipart,
) -> Response {
    let m = match me(&app, &headers).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let lang = m.lang();
    let too_big = |m: &Me| {
        let text =
            t(L.too_big, lang).replace("{mb}", &(app.cfg.max_upload / (1024 * 1024)).to_string());
        refuse(m, StatusCode::PAYLOAD_TOO_LARGE, &text)
    };
    let (mut csrf, mut file) = (None, None);
    loop {
        match form.next_field().await {
            Ok(Some(f)) => match f.name() {
                Some("csrf") => csrf = f.text().await.ok(),
                Some("file") => {
                    let name = attachments::clean_name(f.file_name().unwrap_or(""));
                    match f.bytes().await {
                        Ok(b) => file = Some((name, b)),
                        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                            return too_big(&m);
                        }
                        Err(_) => return refuse(&m, StatusCode::BAD_REQUEST, t(L.bad_form, lang)),
                    }
                }
                _ => {}
            },
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return too_big(&m),
            Err(_) => return refuse(&m, StatusCode::BAD_REQUEST, t(L.bad_form, lang)),
        }
    }
    if !csrf.is_some_and(|c| auth::same(&c, &m.session.csrf)) {
        return refuse(&m, StatusCode::FORBIDDEN, t(L.bad_form, lang));
    }
    let Some((name, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return refuse(&m, StatusCode::UNPROCESSABLE_ENTITY, t(L.no_file, lang));
    };
    if bytes.len() > app.cfg.max_upload {
        return too_big(&m);
    }
    let user = m.user.clone();
    let folder = attachments::folder(&app.cfg.register);
    let today = app.today();
    let action_id = id.clone();
    let res = app
        .writer
        .run(move |s| {
            with(s, Mode::Write, |tx| {
                let Some(r) = tx.record(&action_id)? else {
                    return Ok(Outcome::NotFound);
                };
                if !may_see(&user, &r) {
                    return Ok(Outcome::NotFound);
                }
                if !may_attach(user.role) || r.action.status.is_final() {
                    return Ok(Outcome::Forbidden);
                }
                let sha = attachments::sha256(&bytes);
                // The same file twice on one action is a replayed form, not new evidence.
                if tx
                    .attachments(&r.action.id)?
                    .iter()
                    .any(|a| a.sha256 == sha)
                {
                    return Ok(Outcome::Stale);
                }
                // Only now, authorised, are the bytes written.
                attachments::store(&folder, &bytes)?;
                tx.add_attachment(&Attachment {
                    seq: 0,
                    action_id: r.action.id.clone(),
                    sha256: sha.clone(),
                    name: name.clone(),
                    size: bytes.len() as u64,
                    at: today,
                    by: user.name.clone(),
                })?;
                tx.append_event(&Event {
                    seq: 0,
                    action_id: Some(r.action.id.clone()),
                    at: today,
                    by: user.name.clone(),
                    field: ATTACHMENT_FIELD.into(),
                    old: None,
                    new: Some(name),
                    note: format!("sha256 {sha}, {} bytes", bytes.len()),
                })?;
                Ok(Outcome::Done)
            })
        })
        .await;
    match res {
        Ok(Outcome::Done) => redirect(&pages::action_href(&id)),
        Ok(Outcome::NotFound) => not_found(&m),
        Ok(Outcome::Forbidden) => forbidden(&m),
        Ok(Outcome::Stale) => refuse(&m, StatusCode::CONFLICT, t(L.stale, lang)),
        Err(e) => server_error(&app, lang, &e),
    }
}

/// The history field of an attached file (`new`: its name; the note has its hash and size).
const ATTACHMENT_FIELD: &str = "attachment";

/// An attached file, only to those who may see its action, always as a download.
async fn download(
    State(app): State<App>,
    headers: HeaderMap,
    UrlPath((id, seq)): UrlPath<(String, String)>,
) -> Response {
    let m = match me(&app, &headers).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    let Ok(seq) = seq.parse::<i64>() else {
        return not_found(&m);
    };
    let user = m.user.clone();
    let folder = attachments::folder(&app.cfg.register);
    let res = app
        .pool
        .run(move |s| {
            let found = with(s, Mode::Read, |tx| {
                let Some(r) = tx.record(&id)? else {
                    return Ok(None);
                };
                if !may_see(&user, &r) {
                    return Ok(None);
                }
                Ok(tx
                    .attachments(&r.action.id)?
                    .into_iter()
                    .find(|a| a.seq == seq))
            })?;
            let Some(a) = found else { return Ok(None) };
            let bytes = attachments::path_of(&folder, &a.sha256)
                .and_then(|p| std::fs::read(p).ok())
                .ok_or_else(|| {
                    RegisterError::Invalid(format!(
                        "attachment {} of {}: its file {} is missing from {}",
                        a.seq,
                        a.action_id,
                        a.sha256,
                        folder.display()
                    ))
                })?;
            Ok(Some((a, bytes)))
        })
        .await;
    match res {
        Ok(Some((a, bytes))) => {
            let ascii: String = a
                .name
                .chars()
                .map(|c| {
                    if c.is_ascii_graphic() || c == ' ' {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            let utf8: String = a
                .name
                .bytes()
                .map(|b| {
                    if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_') {
                        (b as char).to_string()
                    } else {
                        format!("%{b:02X}")
                    }
                })
                .collect();
            let disposition = HeaderValue::from_str(&format!(
                "attachment; filename=\"{ascii}\"; filename*=UTF-8''{utf8}"
            ))
            .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
            let mut r = (StatusCode::OK, bytes).into_response();
            let h = r.headers_mut();
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/octet-stream"),
            );
            h.insert(header::CONTENT_DISPOSITION, disposition);
            r
        }
        Ok(None) => not_found(&m),
        Err(e) => server_error(&app, m.lang(), &e),
    }
}

/// The quality manager's tracker of what they answer for: the workbook of `actions export`.
async fn export(State(app): State<App>, headers: HeaderMap) -> Response {
    let m = match me(&app, &headers).await {
        Ok(m) => m,
        Err(r) => return r,
    };
    if m.user.role != Role::QualityManager {
        return forbidden(&m);
    }
    let scope = Scope::of(&m.user);
    let today = app.today();
    let lang = m.lang();
    let office = scope.office().map(str::to_string);
    let res = app
        .pool
        .run(move |s| {
            let (records, audits) = with(s, Mode::Read, |tx| {
                Ok((tx.records_of(office.as_deref(), None)?, tx.audits()?))
            })?;
            let st = stats::compute(&records, &audits, today);
            register::tracker::export(&records, &st, today, lang)
                .and_then(|mut wb| crate::xlsx::to_bytes(&mut wb))
                .map_err(|e| RegisterError::Invalid(format!("cannot build the tracker: {e}")))
        })
        .await;
    match res {
        Ok(bytes) => xlsx_download(bytes, "attachment; filename=\"tracker.xlsx\""),
        Err(e) => server_error(&app, lang, &e),
    }
}
