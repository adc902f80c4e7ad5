//! The pages, rendered on the server with maud (every value is escaped unless marked otherwise,
//! and nothing user-written is ever marked). No script at all: forms post, links navigate, so the
//! pages work in any browser a government office runs and the CSP can forbid scripts outright.

use super::Scope;
use super::reports::AuditReport;
use crate::model::{Date, Lang, Outcome};
use crate::register::users::{Role, User};
use crate::register::workflow::days_overdue;
use crate::register::{
    ActionStatus, AuditRecord, Event, FindingRecord, Record, Verdict, field_label, stats,
    value_label,
};
use crate::report::labels;
use crate::review::Period;
use maud::{DOCTYPE, Markup, PreEscaped, html};

labels! {
    login: "Log in", "登录";
    user_name: "User name", "用户名";
    password: "Password", "密码";
    logout: "Log out", "退出";
    bad_login: "Wrong user name or password.", "用户名或密码错误。";
    throttled: "Too many failed logins: try again in {s} seconds.", "登录失败次数过多，请 {s} 秒后再试。";
    login_expired: "The login form expired; please try again.", "登录页已过期，请重试。";
    todo: "To do", "待办";
    actions: "Actions", "纠正措施";
    dashboard: "Dashboard", "统计";
    switch_lang: "English", "中文";
    overdue: "Overdue", "已逾期";
    due_week: "Due within 7 days", "7 天内到期";
    to_verify: "Waiting for verification", "待验证";
    to_close: "Verified, ready to close", "已验证，待关闭";
    extensions: "Later due dates asked for", "延期申请待批准";
    export: "Tracker (xlsx)", "跟踪表（xlsx）";
    nothing: "Nothing.", "无。";
    id: "Id", "编号";
    status: "Status", "状态";
    office: "Office", "单位";
    department: "Department", "部门";
    days_late: "Days late", "逾期天数";
    filter: "Filter", "筛选";
    all: "all", "全部";
    only_overdue: "overdue only", "仅逾期";
    finding: "Finding", "不符合项";
    history: "History", "历史记录";
    when: "Date", "日期";
    who: "By", "操作人";
    change: "Change", "变更";
    save: "Save", "保存";
    plan: "Correction and corrective action", "纠正与纠正措施";
    implement: "Mark implemented", "标记为已实施";
    verify: "Verify effectiveness", "验证有效性";
    effective: "effective", "有效";
    ineffective: "ineffective (reopens)", "无效（重新打开）";
    verdict_effective: "effective", "有效";
    verdict_ineffective: "ineffective", "无效";
    new_due: "New due date (optional)", "新的完成期限（可选）";
    close: "Close", "关闭";
    cancel: "Cancel the action", "取消该纠正措施";
    reason: "Reason", "理由";
    request_ext: "Request a later due date", "申请延期";
    requested: "Requested: {date}, by {by}: {reason}", "申请延期至 {date}（{by}）：{reason}";
    approve_ext: "Approve the extension", "批准延期";
    forbidden: "You may not do this.", "您无权执行此操作。";
    not_found: "No such page, or not one of yours.", "页面不存在或不在您的权限范围内。";
    stale: "Someone changed this action since you opened it (or the form was sent twice); nothing was saved.", "自您打开后该纠正措施已被修改（或表单重复提交），未保存任何内容。";
    bad_form: "The form is missing its token or has expired; nothing was saved.", "表单缺少令牌或已过期，未保存任何内容。";
    refused: "Not saved", "未保存";
    back: "Back", "返回";
    as_of: "As of {date}", "统计日期 {date}";
    everything: "all", "全部";
    signed_in: "{name} · {role}", "{name} · {role}";
    files: "Evidence files", "证据文件";
    attach: "Attach a file", "上传文件";
    attach_hint: "at most {mb} MB; downloads only for those who may see this action", "不超过 {mb} MB；仅有权查看本纠正措施的人员可下载";
    too_big: "The file is larger than {mb} MB; nothing was saved.", "文件超过 {mb} MB，未保存。";
    no_file: "No file was chosen.", "未选择文件。";
    error: "The register could not be read; the server's log says why.", "无法读取登记册，详见服务器日志。";
    reports: "Reports", "报告";
    audits: "Audits", "审核";
    audit_report: "Audit report", "审核报告";
    audit_id: "Audit", "审核编号";
    title: "Title", "名称";
    dates: "Dates", "日期";
    lead: "Lead auditor", "审核组长";
    team: "Team", "审核组成员";
    scope: "Scope (clauses)", "审核范围（条款）";
    departments: "Departments audited", "受审部门";
    clauses: "Clauses judged", "审核条款";
    auditors: "Auditors", "审核员";
    findings_by_grade: "Findings", "审核发现";
    figures: "Corrective actions of this audit", "本次审核的纠正措施";
    auditor: "Auditor", "审核员";
    on_time: "Closed on time", "按期关闭";
    yes: "yes", "是";
    no: "no", "否";
    no_action: "no action", "无纠正措施";
    review: "Management review input", "管理评审输入";
    from: "From", "自";
    to: "To", "至";
    show: "Show", "显示";
    review_xlsx: "Workbook (xlsx)", "工作簿（xlsx）";
    review_note: "Without the office's indicators (give them to isoaudit review --indicators).", "不含本单位指标（指标请用 isoaudit review --indicators 提供）。";
    bad_date: "\"{value}\" is not a date (YYYY-MM-DD).", "“{value}”不是日期（YYYY-MM-DD）。";
    no_audits: "No audits in the register yet.", "登记册中尚无审核。";
    new_password: "Choose your password", "设置您的密码";
    password_intro: "Your password is an initial one: choose your own before you go on.", "您的密码是初始密码：请先设置自己的密码。";
    current_password: "Current password", "当前密码";
    password_new: "New password (at least 8 characters)", "新密码（至少 8 个字符）";
    password_again: "The new password again", "再次输入新密码";
    passwords_differ: "The two new passwords differ; nothing was saved.", "两次输入的新密码不一致，未保存。";
    password_short: "The new password is shorter than {n} characters; nothing was saved.", "新密码少于 {n} 个字符，未保存。";
    password_same: "The new password is the current one; choose another.", "新密码与当前密码相同，请另设。";
    wrong_current: "The current password is wrong; nothing was saved.", "当前密码错误，未保存。";
}

pub(crate) fn t(key: [&'static str; 2], lang: Lang) -> &'static str {
    crate::report::pick(key, lang)
}

fn fill(key: [&'static str; 2], lang: Lang, values: &[(&str, &str)]) -> String {
    let mut s = t(key, lang).to_string();
    for (k, v) in values {
        s = s.replace(&format!("{{{k}}}"), v);
    }
    s
}

const EXTRA_STYLE: &str = r#"
nav { display: flex; gap: 1em; align-items: center; border-bottom: 1px solid #ccc; padding-bottom: .5em; flex-wrap: wrap; }
nav .me { margin-left: auto; color: #555; }
nav form { display: inline; }
.overdue, .overdue a { color: #C00000; font-weight: bold; }
.msg { padding: .5em 1em; border: 1px solid #C00000; background: #F4B6B6; }
form.act { border: 1px solid #ccc; padding: .5em 1em; margin: 1em 0; }
form.act label { display: block; margin: .4em 0 .1em; }
form.act textarea, form.act input[type=text] { width: 100%; box-sizing: border-box; }
dl.kv { display: grid; grid-template-columns: 12em 1fr; gap: .2em 1em; }
dl.kv dt { color: #555; }
dl.kv dd { margin: 0; white-space: pre-wrap; }
"#;

/// A whole page. `me`: the logged-in user and the session's CSRF token.
pub fn layout(title: &str, lang: Lang, me: Option<(&User, &str)>, body: Markup) -> String {
    let tag = match lang {
        Lang::Zh => "zh-CN",
        Lang::En => "en",
    };
    html! {
        (DOCTYPE)
        html lang=(tag) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " — isoaudit" }
                style { (PreEscaped(crate::report::html::STYLE)) (PreEscaped(EXTRA_STYLE)) }
            }
            body {
                @if let Some((u, csrf)) = me {
                    nav {
                        @if u.role != Role::Reader {
                            a href="/todo" { (t(L.todo, lang)) }
                            a href="/actions" { (t(L.actions, lang)) }
                        }
                        @if matches!(u.role, Role::QualityManager | Role::Reader) {
                            a href="/dashboard" { (t(L.dashboard, lang)) }
                            a href="/reports" { (t(L.reports, lang)) }
                        }
                        @if u.role == Role::QualityManager {
                            a href="/export" download { (t(L.export, lang)) }
                        }
                        span.me { a href="/password" { (fill(L.signed_in, lang, &[("name", &u.name), ("role", u.role.label(lang))])) } }
                        form method="post" action="/lang" {
                            input type="hidden" name="csrf" value=(csrf);
                            input type="hidden" name="lang" value=(if lang == Lang::Zh { "en" } else { "zh" });
                            button type="submit" { (t(L.switch_lang, if lang == Lang::Zh { Lang::En } else { Lang::Zh })) }
                        }
                        form method="post" action="/logout" {
                            input type="hidden" name="csrf" value=(csrf);
                            button type="submit" { (t(L.logout, lang)) }
                        }
                    }
                }
                h1 { (title) }
                (body)
            }
        }
    }
    .into_string()
}

pub fn login(lang: Lang, token: &str, message: Option<&str>) -> String {
    let body = html! {
        @if let Some(m) = message { p.msg { (m) } }
        form.act method="post" action="/login" {
            input type="hidden" name="token" value=(token);
            label for="user" { (t(L.user_name, lang)) }
            input #user type="text" name="user" autocomplete="username" required;
            label for="password" { (t(L.password, lang)) }
            input #password type="password" name="password" autocomplete="current-password" required;
            p { button #login type="submit" { (t(L.login, lang)) } }
        }
        p {
            a href=(if lang == Lang::Zh { "/login?lang=en" } else { "/login?lang=zh" }) {
                (t(L.switch_lang, if lang == Lang::Zh { Lang::En } else { Lang::Zh }))
            }
        }
    };
    layout(t(L.login, lang), lang, None, body)
}

/// A short page saying why a request was refused.
pub fn message(lang: Lang, me: Option<(&User, &str)>, heading: &str, text: &str) -> String {
    let body = html! {
        p.msg { (text) }
        p { a href="/" { (t(L.back, lang)) } }
    };
    layout(heading, lang, me, body)
}

/// The path of an action's page (the id percent-encoded as one path segment).
pub fn action_href(id: &str) -> String {
    format!("/actions/{}", segment(id))
}

/// `s` percent-encoded as one path segment.
fn segment(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The path of an audit's report page.
pub fn audit_href(audit_id: &str, office: &str) -> String {
    format!("/reports/audits/{}/{}", segment(audit_id), segment(office))
}

fn status_label(s: ActionStatus, lang: Lang) -> &'static str {
    lang.pick(s.key(), s.label_zh())
}

/// A table of actions; overdue rows in red.
pub fn table(rows: &[&Record], today: Date, lang: Lang) -> Markup {
    html! {
        @if rows.is_empty() {
            p { (t(L.nothing, lang)) }
        } @else {
            table {
                thead { tr {
                    th { (t(L.id, lang)) }
                    th { (t(L.status, lang)) }
                    th { (t(L.office, lang)) }
                    th { (t(L.department, lang)) }
                    th { (field_label("clause", lang)) }
                    th { (field_label("owner", lang)) }
                    th { (field_label("due", lang)) }
                    th { (t(L.days_late, lang)) }
                } }
                tbody {
                    @for r in rows {
                        @let late = days_overdue(&r.action, today);
                        tr class=[late.map(|_| "overdue")] {
                            td { a href=(action_href(&r.action.id)) { (r.action.id) } }
                            td { (status_label(r.action.status, lang)) }
                            td { (r.finding.office_code) }
                            td { (r.finding.department) }
                            td { (r.finding.clause) }
                            td { (r.action.owner) }
                            td { (r.action.due.to_string()) }
                            td { @if let Some(d) = late { (d) } }
                        }
                    }
                }
            }
        }
    }
}

/// The to-do page: sections of (heading, rows).
pub fn todo(me: (&User, &str), sections: &[(&str, Vec<&Record>)], today: Date) -> String {
    let lang = me.0.lang();
    let body = html! {
        p { (fill(L.as_of, lang, &[("date", &today.to_string())])) }
        @for (h, rows) in sections {
            h2 { (h) " (" (rows.len()) ")" }
            (table(rows, today, lang))
        }
    };
    layout(t(L.todo, lang), lang, Some(me), body)
}

pub fn list(
    me: (&User, &str),
    rows: &[&Record],
    today: Date,
    status: &str,
    overdue: bool,
) -> String {
    let lang = me.0.lang();
    let body = html! {
        form method="get" action="/actions" {
            label { (t(L.status, lang)) " "
                select name="status" {
                    option value="" selected[status.is_empty()] { (t(L.all, lang)) }
                    @for s in ActionStatus::ALL {
                        option value=(s.key()) selected[status == s.key()] { (status_label(s, lang)) }
                    }
                }
            }
            " "
            label { input type="checkbox" name="overdue" value="1" checked[overdue]; " " (t(L.only_overdue, lang)) }
            " "
            button type="submit" { (t(L.filter, lang)) }
        }
        (table(rows, today, lang))
    };
    layout(t(L.actions, lang), lang, Some(me), body)
}

/// What the viewer may do on an action's page.
pub struct Allowed {
    pub update: bool,
    pub change_due: bool,
    pub implement: bool,
    pub verify: bool,
    pub close: bool,
    pub cancel: bool,
    pub request_extension: bool,
    pub approve_extension: bool,
    pub attach: bool,
}

/// A pending extension request: the date asked for, who asked, why.
pub struct Pending {
    pub date: String,
    pub by: String,
    pub reason: String,
}

/// Everything an action's page shows.
pub struct ActionView<'a> {
    pub record: &'a Record,
    pub history: &'a [Event],
    pub today: Date,
    pub allowed: &'a Allowed,
    pub pending: Option<&'a Pending>,
    pub files: &'a [crate::register::attachments::Attachment],
    /// The largest evidence file accepted, in bytes.
    pub max_upload: usize,
}

pub fn action(me: (&User, &str), v: &ActionView) -> String {
    let ActionView {
        record: r,
        history,
        today,
        allowed,
        pending,
        files,
        max_upload,
    } = *v;
    let lang = me.0.lang();
    let csrf = me.1;
    let a = &r.action;
    let f = &r.finding;
    let late = days_overdue(a, today);
    let hidden = html! {
        input type="hidden" name="csrf" value=(csrf);
        input type="hidden" name="rev" value=(a.revision);
    };
    let text_area = |name: &str, value: &str| {
        html! {
            label for=(name) { (field_label(name, lang)) }
            textarea id=(name) name=(name) rows="3" { (value) }
        }
    };
    let post = |verb: &str| format!("{}/{verb}", action_href(&a.id));
    let body = html! {
        h2 { (t(L.finding, lang)) }
        dl.kv {
            dt { (t(L.office, lang)) } dd { (f.office_code) }
            dt { (field_label("department", lang)) } dd { (f.department) }
            dt { (field_label("clause", lang)) } dd { (f.clause) }
            dt { (field_label("grade", lang)) } dd { (f.grade.label(lang)) }
            dt { (field_label("statement", lang)) } dd { (f.statement) }
            dt { (field_label("evidence", lang)) } dd { (f.evidence) }
            dt { (field_label("raised", lang)) } dd { (f.raised.to_string()) }
        }
        h2 { (t(L.actions, lang)) }
        dl.kv {
            dt { (t(L.status, lang)) } dd #status { (status_label(a.status, lang)) }
            dt { (field_label("due", lang)) }
            dd class=[late.map(|_| "overdue")] {
                (a.due.to_string())
                @if let Some(d) = late { " (" (t(L.overdue, lang)) " " (d) ")" }
            }
            dt { (field_label("owner", lang)) } dd { (a.owner) }
            dt { (field_label("correction", lang)) } dd { (a.correction) }
            dt { (field_label("root_cause", lang)) } dd { (a.root_cause) }
            dt { (field_label("corrective_action", lang)) } dd { (a.corrective_action) }
            dt { (field_label("implementation_note", lang)) } dd { (a.implementation_note) }
            @if let Some(v) = a.verdict {
                dt { (field_label("verdict", lang)) } dd {
                    (if v == Verdict::Effective { t(L.verdict_effective, lang) } else { t(L.verdict_ineffective, lang) })
                    " · " (a.verification_method) " · " (a.verified_by)
                }
            }
            @if a.ineffective_count > 0 {
                dt { (field_label("ineffective_count", lang)) } dd { (a.ineffective_count) }
            }
            @if !a.cancel_reason.is_empty() {
                dt { (field_label("cancel_reason", lang)) } dd { (a.cancel_reason) }
            }
        }
        @if let Some(p) = pending {
            p.msg #pending { (fill(L.requested, lang, &[("date", &p.date), ("by", &p.by), ("reason", &p.reason)])) }
        }
        @if allowed.update {
            form.act #update method="post" action=(post("update")) {
                h3 { (t(L.plan, lang)) }
                (hidden)
                label for="owner" { (field_label("owner", lang)) }
                input #owner type="text" name="owner" value=(a.owner);
                @if allowed.change_due {
                    label for="due" { (field_label("due", lang)) }
                    input #due type="text" name="due" value=(a.due.to_string());
                }
                (text_area("correction", &a.correction))
                (text_area("root_cause", &a.root_cause))
                (text_area("corrective_action", &a.corrective_action))
                p { button type="submit" { (t(L.save, lang)) } }
            }
        }
        @if allowed.implement {
            form.act #implement method="post" action=(post("implement")) {
                h3 { (t(L.implement, lang)) }
                (hidden)
                (text_area("implementation_note", &a.implementation_note))
                p { button type="submit" { (t(L.implement, lang)) } }
            }
        }
        @if allowed.request_extension {
            form.act #extension method="post" action=(post("extension")) {
                h3 { (t(L.request_ext, lang)) }
                (hidden)
                label for="ext-date" { (field_label("due", lang)) }
                input #ext-date type="text" name="due" placeholder="YYYY-MM-DD";
                label for="ext-reason" { (t(L.reason, lang)) }
                input #ext-reason type="text" name="reason";
                p { button type="submit" { (t(L.request_ext, lang)) } }
            }
        }
        @if allowed.approve_extension && pending.is_some() {
            form.act #approve method="post" action=(post("approve")) {
                (hidden)
                button type="submit" { (t(L.approve_ext, lang)) }
            }
        }
        @if allowed.verify {
            form.act #verify method="post" action=(post("verify")) {
                h3 { (t(L.verify, lang)) }
                (hidden)
                label { input type="radio" name="verdict" value="effective" checked; " " (t(L.effective, lang)) }
                label { input #ineffective type="radio" name="verdict" value="ineffective"; " " (t(L.ineffective, lang)) }
                label for="method" { (field_label("verification_method", lang)) }
                input #method type="text" name="method";
                label for="vnote" { (field_label("verification_note", lang)) }
                input #vnote type="text" name="note";
                label for="vdue" { (t(L.new_due, lang)) }
                input #vdue type="text" name="due" placeholder="YYYY-MM-DD";
                p { button type="submit" { (t(L.verify, lang)) } }
            }
        }
        @if allowed.close {
            form.act #close method="post" action=(post("close")) {
                (hidden)
                button type="submit" { (t(L.close, lang)) }
            }
        }
        @if allowed.cancel {
            form.act #cancel method="post" action=(post("cancel")) {
                h3 { (t(L.cancel, lang)) }
                (hidden)
                label for="reason" { (t(L.reason, lang)) }
                input #reason type="text" name="reason";
                p { button type="submit" { (t(L.cancel, lang)) } }
            }
        }
        h2 { (t(L.files, lang)) }
        @if files.is_empty() {
            p { (t(L.nothing, lang)) }
        } @else {
            ul #files {
                @for f in files {
                    li {
                        a href=(format!("{}/files/{}", action_href(&a.id), f.seq)) download { (f.name) }
                        " (" (f.size.div_ceil(1024)) " KB, " (f.by) ", " (f.at.to_string()) ")"
                    }
                }
            }
        }
        @if allowed.attach {
            form.act #attach method="post" action=(post("attach")) enctype="multipart/form-data" {
                h3 { (t(L.attach, lang)) }
                input type="hidden" name="csrf" value=(csrf);
                input #file type="file" name="file" required;
                p { (fill(L.attach_hint, lang, &[("mb", &(max_upload / (1024 * 1024)).to_string())])) }
                p { button type="submit" { (t(L.attach, lang)) } }
            }
        }
        h2 { (t(L.history, lang)) }
        table {
            thead { tr { th { (t(L.when, lang)) } th { (t(L.who, lang)) } th { (t(L.change, lang)) } } }
            tbody {
                @for e in history {
                    tr {
                        td { (e.at.to_string()) }
                        td { (e.by) }
                        td {
                            (field_label(&e.field, lang)) ": "
                            (e.old.as_deref().map(|v| value_label(&e.field, v, lang)).unwrap_or_default())
                            " → "
                            (e.new.as_deref().map(|v| value_label(&e.field, v, lang)).unwrap_or_default())
                            @if !e.note.is_empty() { " (" (e.note) ")" }
                        }
                    }
                }
            }
        }
    };
    layout(&a.id, lang, Some(me), body)
}

/// The dashboard: the figures of `actions stats` over what the viewer answers for.
pub fn dashboard(me: (&User, &str), st: &stats::Stats, scope: &Scope) -> String {
    let lang = me.0.lang();
    let groups: Vec<&stats::Figures> = std::iter::once(&st.overall).chain(&st.offices).collect();
    let body = html! {
        p { (fill(L.as_of, lang, &[("date", &st.today.to_string())])) " · " (scope.label(lang)) }
        (figures_table(&groups, lang))
    };
    layout(t(L.dashboard, lang), lang, Some(me), body)
}

/// The figures of `actions stats`, a column per group (`all`, then offices).
fn figures_table(groups: &[&stats::Figures], lang: Lang) -> Markup {
    html! {
        table #figures {
            thead { tr {
                th {}
                @for g in groups {
                    th { @if g.key == "all" { (t(L.everything, lang)) } @else { (g.key) } }
                }
            } }
            tbody {
                @for row in crate::cmd::printer::STATS_ROWS {
                    tr class=[(row.0 == "overdue").then_some("overdue")] {
                        th { (lang.pick(row.0, row.1)) }
                        @for g in groups { td { ((row.2)(g)) } }
                    }
                }
            }
        }
    }
}

fn dates(a: &AuditRecord) -> String {
    match (a.start_date, a.end_date) {
        (Some(s), Some(e)) if s != e => format!("{s} – {e}"),
        (Some(d), _) | (None, Some(d)) => d.to_string(),
        (None, None) => String::new(),
    }
}

/// The period form of the review, GET to `/reports/review`.
fn period_form(period: Period, lang: Lang) -> Markup {
    html! {
        form #period method="get" action="/reports/review" {
            label { (t(L.from, lang)) " " input #from type="text" name="from" value=(period.from.to_string()); }
            " "
            label { (t(L.to, lang)) " " input #to type="text" name="to" value=(period.to.to_string()); }
            " "
            button type="submit" { (t(L.show, lang)) }
        }
    }
}

/// `/reports`: the audits the user may read, and the review's period.
pub fn reports(me: (&User, &str), audits: &[AuditRecord], scope: &Scope, period: Period) -> String {
    let lang = me.0.lang();
    let body = html! {
        p { (scope.label(lang)) }
        h2 { (t(L.audits, lang)) }
        @if audits.is_empty() {
            p { (t(L.no_audits, lang)) }
        } @else {
            table #audits {
                thead { tr {
                    th { (t(L.audit_id, lang)) }
                    th { (t(L.office, lang)) }
                    th { (t(L.title, lang)) }
                    th { (t(L.dates, lang)) }
                    th { (t(L.lead, lang)) }
                } }
                tbody {
                    @for a in audits {
                        tr {
                            td { a href=(audit_href(&a.audit_id, &a.office_code)) { (a.audit_id) } }
                            td { (a.office_code) " " (a.office_name) }
                            td { (a.title) }
                            td { (dates(a)) }
                            td { (a.lead_auditor) }
                        }
                    }
                }
            }
        }
        h2 { (t(L.review, lang)) }
        (period_form(period, lang))
    };
    layout(t(L.reports, lang), lang, Some(me), body)
}

/// An audit's page: its facts, departments, the figures of its actions, its findings by grade.
pub fn audit_report(me: (&User, &str), rep: &AuditReport) -> String {
    let lang = me.0.lang();
    let a = &rep.audit;
    let qm = me.0.role == Role::QualityManager;
    let grades = [
        Outcome::Major,
        Outcome::Minor,
        Outcome::Observation,
        Outcome::Ofi,
    ];
    let body = html! {
        dl.kv {
            dt { (t(L.audit_id, lang)) } dd { (a.audit_id) }
            dt { (t(L.office, lang)) } dd { (a.office_code) " " (a.office_name) }
            dt { (t(L.title, lang)) } dd { (a.title) }
            dt { (t(L.dates, lang)) } dd { (dates(a)) }
            dt { (t(L.lead, lang)) } dd { (a.lead_auditor) }
            dt { (t(L.team, lang)) } dd { (a.team.join(lang.pick(", ", "、"))) }
            dt { (t(L.scope, lang)) } dd { (a.scope.join(" ")) }
        }
        h2 { (t(L.departments, lang)) }
        @if a.departments.is_empty() {
            p { (t(L.nothing, lang)) }
        } @else {
            table #departments {
                thead { tr {
                    th { (t(L.department, lang)) }
                    th { (t(L.clauses, lang)) }
                    th { (t(L.auditors, lang)) }
                } }
                tbody {
                    @for d in &a.departments {
                        tr {
                            td { (d.name) }
                            td { (d.clauses.join(" ")) }
                            td { (d.auditors.join(lang.pick(", ", "、"))) }
                        }
                    }
                }
            }
        }
        h2 { (t(L.figures, lang)) }
        p { (fill(L.as_of, lang, &[("date", &rep.today.to_string())])) }
        (figures_table(&[&rep.figures], lang))
        h2 { (t(L.findings_by_grade, lang)) }
        @for g in grades {
            @let rows: Vec<&(FindingRecord, Option<Record>)> =
                rep.findings.iter().filter(|(f, _)| f.grade == g).collect();
            @if !rows.is_empty() {
                h3 { (g.label(lang)) " (" (rows.len()) ")" }
                table.findings {
                    thead { tr {
                        th { (t(L.id, lang)) }
                        th { (field_label("clause", lang)) }
                        th { (t(L.department, lang)) }
                        th { (t(L.auditor, lang)) }
                        th { (field_label("statement", lang)) }
                        th { (t(L.status, lang)) }
                        th { (field_label("due", lang)) }
                        th { (t(L.on_time, lang)) }
                        th { (field_label("verdict", lang)) }
                    } }
                    tbody {
                        @for (f, r) in rows {
                            @let late = r.as_ref().and_then(|r| days_overdue(&r.action, rep.today));
                            tr class=[late.map(|_| "overdue")] {
                                td {
                                    @if qm && r.is_some() {
                                        a href=(action_href(&f.id)) { (f.id) }
                                    } @else {
                                        (f.id)
                                    }
                                }
                                td { (f.clause) }
                                td { (f.department) }
                                td { (f.auditor) }
                                td { (f.statement) }
                                @if let Some(r) = r {
                                    td { (status_label(r.action.status, lang)) }
                                    td {
                                        (r.action.due.to_string())
                                        @if let Some(d) = late { " (" (t(L.overdue, lang)) " " (d) ")" }
                                    }
                                    td { @match stats::closed_on_time(&r.action) {
                                        Some(true) => (t(L.yes, lang)),
                                        Some(false) => (t(L.no, lang)),
                                        None => "—",
                                    } }
                                    td {
                                        // The verdict now, and how often it was found ineffective.
                                        @let n = r.action.ineffective_count;
                                        @match r.action.verdict {
                                            Some(Verdict::Effective) => (t(L.verdict_effective, lang)),
                                            Some(Verdict::Ineffective) => (t(L.verdict_ineffective, lang)),
                                            None => "—",
                                        }
                                        @if n > 0 {
                                            @if r.action.verdict == Some(Verdict::Ineffective) {
                                                " × " (n)
                                            } @else {
                                                " (" (t(L.verdict_ineffective, lang)) " × " (n) ")"
                                            }
                                        }
                                    }
                                } @else {
                                    td colspan="4" { (t(L.no_action, lang)) }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    layout(
        &format!(
            "{} {} · {}",
            t(L.audit_report, lang),
            a.audit_id,
            a.office_code
        ),
        lang,
        Some(me),
        body,
    )
}

/// The management-review input of `period`: the form, the workbook's link, and `body`, the
/// review's own HTML (escaped by its writer).
pub fn review(me: (&User, &str), scope: &Scope, period: Period, body: &str) -> String {
    let lang = me.0.lang();
    let query = format!("?from={}&to={}", period.from, period.to);
    let page = html! {
        p { (scope.label(lang)) }
        (period_form(period, lang))
        p {
            a #xlsx href=(format!("/reports/review.xlsx{query}")) download { (t(L.review_xlsx, lang)) }
        }
        p { (t(L.review_note, lang)) }
        div #review { (PreEscaped(body)) }
    };
    layout(t(L.review, lang), lang, Some(me), page)
}

/// The form for a new password, with what went wrong with the last one.
pub fn password(me: (&User, &str), message: Option<&str>) -> String {
    let lang = me.0.lang();
    let body = html! {
        @if me.0.must_change { p { (t(L.password_intro, lang)) } }
        @if let Some(m) = message { p.msg { (m) } }
        form.act #password method="post" action="/password" {
            input type="hidden" name="csrf" value=(me.1);
            label for="current" { (t(L.current_password, lang)) }
            input #current type="password" name="current" autocomplete="current-password" required;
            label for="new" { (t(L.password_new, lang)) }
            input #new type="password" name="new" autocomplete="new-password" required;
            label for="again" { (t(L.password_again, lang)) }
            input #again type="password" name="again" autocomplete="new-password" required;
            p { button type="submit" { (t(L.save, lang)) } }
        }
    };
    layout(t(L.new_password, lang), lang, Some(me), body)
}
