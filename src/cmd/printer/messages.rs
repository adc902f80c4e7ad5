//! The words the commands say on the terminal, both languages side by side, one key each (the
//! compiler refuses a key without both). `{name}` marks where a value goes.

use crate::model::Lang;
use crate::report::labels;

labels! {
    wrote_open_actions: "wrote {path}: {n} open action(s)", "已写入 {path}：未关闭的纠正措施 {n} 项";
    wrote_forms: "wrote {path}: {n} corrective action report(s)", "已写入 {path}：纠正措施报告 {n} 份";
    nothing_changed: "{id}: nothing changed", "{id}：无变化";
    transition: "{id}: {from} → {to} (revision {rev}), due {due}", "{id}：{from} → {to}（第 {rev} 版），完成期限 {due}";
    import_conflict: "error: {file}: row {row}: {id}: changed in the register since the export (tracker revision {trev}, register revision {rrev}); not applied: {fields}", "错误：{file}：第 {row} 行：{id}：导出后登记册中已有修改（跟踪表版本 {trev}，登记册版本 {rrev}），未应用：{fields}";
    would_apply: "would apply", "将应用";
    applied: "applied", "已应用";
    import_summary: "{dry}{applied} row(s) applied, {unchanged} unchanged, {conflicts} conflict(s), {errors} error(s)", "{dry}已应用 {applied} 行，未变 {unchanged} 行，冲突 {conflicts} 行，错误 {errors} 个";
    dry_run: "dry run, nothing changed: ", "试运行，未作任何修改：";
    import_hint: "hint: export a fresh tracker (`isoaudit actions export`) and re-enter the conflicting rows there", "提示：重新导出跟踪表（isoaudit actions export），在新表中重新填写冲突的行";
    map_summary: "{docs} documents mapped, {bad} unreadable, {gaps} gaps", "已映射文件 {docs} 个，无法读取 {bad} 个，差距 {gaps} 项";
    report_summary: "{office}: {rows} rows, {ncs} nonconformities ({major} major, {minor} minor), {obs} observations, {ofi} OFIs, {not_audited} clauses in scope not audited, {errors} errors", "{office}：检查项 {rows} 项，不符合 {ncs} 项（严重 {major} 项，一般 {minor} 项），观察项 {obs} 项，改进机会 {ofi} 项，审核范围内未审核条款 {not_audited} 个，错误 {errors} 个";
    sync_summary: "synced {files} file(s): {added} action(s) raised, {unchanged} finding(s) unchanged, {changed} wording changed, {untracked} not tracked by the policy", "已同步 {files} 个文件：新建纠正措施 {added} 项，未变 {unchanged} 项，措辞有变 {changed} 项，不按政策跟踪 {untracked} 项";
    sync_wording: "warning: {source}: {id}: wording changed since the last sync ({fields}); the action was left as it is", "警告：{source}：{id}：自上次同步后措辞有变（{fields}），纠正措施保持不变";
    sync_field: "warning: {source}: {id}: the same finding now has {field} {new} (was {old}); recorded in its history", "警告：{source}：{id}：同一发现的{field}现为 {new}（原为 {old}），已记入历史";
    sync_due: "warning: {id}: grade or date changed: due date counted again, {old} → {new}", "警告：{id}：性质或日期有变，完成期限重新计算：{old} → {new}";
    sync_relabelled: "note: {source}: the finding shown as {shown} is {id} in the register; its action keeps that id", "说明：{source}：报告中编号为 {shown} 的发现在登记册中为 {id}，其纠正措施沿用该编号";
    wrote_review: "wrote {dir}: management review input of {audits} audit(s), {findings} finding(s), {indicators} indicator(s)", "已写入 {dir}：管理评审输入，审核 {audits} 次，审核发现 {findings} 项，指标 {indicators} 项";
    wrote_notices: "wrote {dir}: overdue notices to {departments} department(s), {n} action(s) past due on {date}", "已写入 {dir}：向 {departments} 个部门发出逾期通知，截至 {date} 逾期纠正措施 {n} 项";
    user_added: "added user {name}: {role}, office {office}, department {department}", "已添加用户 {name}：{role}，单位 {office}，部门 {department}";
    user_password: "{name}: password changed", "{name}：密码已修改";
    user_disabled: "{name}: disabled; open sessions end at their next request", "{name}：已停用，已登录的会话在下次请求时结束";
    user_exists: "user {name} exists already", "用户 {name} 已存在";
    user_missing: "no user {name} in the register", "登记册中没有用户 {name}";
    users_none: "no users yet", "尚无用户";
    every_office: "every office", "全部单位";
    password_prompt: "password for {name}: ", "{name} 的密码：";
    password_again: "the same password again: ", "再次输入密码：";
    password_mismatch: "the two passwords differ", "两次输入的密码不一致";
    password_none: "no password on standard input", "标准输入中没有密码";
    serve_listening: "serving {register} on http://{addr}/ (Ctrl-C stops)", "正在提供 {register}：http://{addr}/（按 Ctrl-C 停止）";
    serve_public: "{addr} is not a loopback address: pages would cross the network without TLS", "{addr} 不是本机回环地址：页面将不经 TLS 在网络上传输";
    serve_no_users: "the register has no enabled users: nobody can log in", "登记册中没有启用的用户：无人能够登录";
    sync_missing: "warning: {id}: no longer in its audit's result; kept in the register", "警告：{id}：已不在其审核结果中，仍保留在登记册";
}

/// The message `key` in `lang` with its `{name}` places filled.
pub(crate) fn say(
    key: [&'static str; 2],
    lang: Lang,
    values: &[(&str, &dyn std::fmt::Display)],
) -> String {
    let mut s = crate::report::pick(key, lang).to_string();
    for (name, v) in values {
        s = s.replace(&format!("{{{name}}}"), &v.to_string());
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Both languages of a message name the same places.
    #[test]
    fn both_languages_name_the_same_places() {
        let places = |s: &str| {
            let mut v: Vec<String> = s
                .split('{')
                .skip(1)
                .filter_map(|p| p.split_once('}').map(|(n, _)| n.to_string()))
                .collect();
            v.sort();
            v
        };
        for [en, zh] in [
            L.wrote_open_actions,
            L.wrote_forms,
            L.nothing_changed,
            L.transition,
            L.import_conflict,
            L.import_summary,
            L.map_summary,
            L.report_summary,
            L.sync_summary,
            L.sync_wording,
            L.sync_field,
            L.sync_due,
            L.sync_relabelled,
            L.sync_missing,
            L.wrote_review,
            L.wrote_notices,
            L.user_added,
            L.user_password,
            L.user_disabled,
            L.user_exists,
            L.user_missing,
            L.password_prompt,
            L.serve_listening,
            L.serve_public,
        ] {
            assert_eq!(places(en), places(zh), "{en}");
        }
        assert_eq!(
            say(L.nothing_changed, Lang::Zh, &[("id", &"linhu-NC01")]),
            "linhu-NC01：无变化"
        );
    }
}
