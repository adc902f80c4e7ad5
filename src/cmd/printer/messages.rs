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
    sync_missing: "warning: {id}: no longer in its audit's result; kept in the register", "警告：{id}：已不在其审核结果中，仍保留在登记册";
    migrated: "{dry}copied {from} → {to}: {audits} audit(s), {findings} finding(s), {actions} action(s), {events} history line(s); the copy was read back and is equal", "{dry}已复制 {from} → {to}：审核 {audits} 次，审核发现 {findings} 项，纠正措施 {actions} 项，历史记录 {events} 条；已回读核对，完全一致";
    pg_unreachable: "{target}: cannot reach the PostgreSQL server{detail}", "{target}：无法连接 PostgreSQL 服务器{detail}";
    pg_unreachable_hint: "check the host and port in the URL (or PGHOST, PGPORT) and that the server is running and accepts connections from this machine", "请检查 URL 中的主机和端口（或 PGHOST、PGPORT），并确认服务器已启动且接受本机连接";
    pg_auth: "{target}: the PostgreSQL server refused the user name or password{detail}", "{target}：PostgreSQL 服务器拒绝了用户名或密码{detail}";
    pg_auth_hint: "check the user in the URL (or PGUSER) and give the password in PGPASSWORD rather than in the URL", "请检查 URL 中的用户名（或 PGUSER），密码请通过 PGPASSWORD 提供，不要写在 URL 中";
    pg_no_database: "{target}: the PostgreSQL server has no such database{detail}", "{target}：PostgreSQL 服务器上没有这个数据库{detail}";
    pg_no_database_hint: "create it first (`createdb NAME` as a user allowed to), or name an existing database in the URL", "请先创建该数据库（由有权限的用户运行 createdb 数据库名），或在 URL 中写已有的数据库";
    pg_foreign: "{target}: this database is not an isoaudit register (it has tables of another program); it was left untouched{detail}", "{target}：该数据库不是 isoaudit 登记册（其中有其他程序的表），未作任何修改{detail}";
    pg_foreign_hint: "give isoaudit a database of its own (`createdb isoaudit`), or a schema of its own with ?options=-csearch_path%3DNAME", "请为 isoaudit 单独建一个数据库（createdb isoaudit），或用 ?options=-csearch_path%3D模式名 指定单独的模式";
    pg_bad_url: "{target}: not a valid PostgreSQL URL{detail}", "{target}：不是有效的 PostgreSQL URL{detail}";
    pg_bad_url_hint: "write it as postgres://USER@HOST:PORT/DATABASE", "格式为 postgres://用户名@主机:端口/数据库";
    pg_busy: "{target}: another command kept the register locked for 30 seconds{detail}", "{target}：另一个命令占用登记册已超过 30 秒{detail}";
    pg_busy_hint: "run the command again when the other one (a large sync or import) has finished", "请待另一个命令（如大批量同步或导入）结束后重新运行";
    pg_failed: "{target}: the PostgreSQL server refused the command{detail}", "{target}：PostgreSQL 服务器拒绝执行该命令{detail}";
    pg_failed_hint: "run the command again; if it fails again, ask the database's administrator", "请重新运行该命令；如仍失败，请联系数据库管理员";
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
            L.migrated,
            L.pg_unreachable,
            L.pg_auth,
            L.pg_no_database,
            L.pg_foreign,
            L.pg_bad_url,
            L.pg_busy,
            L.pg_failed,
        ] {
            assert_eq!(places(en), places(zh), "{en}");
        }
        assert_eq!(
            say(L.nothing_changed, Lang::Zh, &[("id", &"linhu-NC01")]),
            "linhu-NC01：无变化"
        );
    }
}
