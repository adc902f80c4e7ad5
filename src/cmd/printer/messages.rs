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
    // The audit programme (`isoaudit programme …`, independence in `audit`).
    programme_total: "{title}: as of {as_of}, cycle {from} – {to}: {done} of {cells} department × clause cells done ({pct} %), {due} due, {overdue} overdue", "{title}：截至 {as_of}，审核周期 {from} – {to}：部门×条款 {cells} 项中已完成 {done} 项（{pct}%），待审核 {due} 项，已逾期 {overdue} 项";
    programme_office: "  {office}: {done}/{cells} done ({pct} %), {due} due, {overdue} overdue", "  {office}：已完成 {done}/{cells}（{pct}%），待审核 {due} 项，已逾期 {overdue} 项";
    programme_overdue: "  overdue: {office} {department} {clause} (due {due}, last audited {last})", "  已逾期：{office} {department} {clause}（应审日期 {due}，上次审核 {last}）";
    programme_never: "never", "从未审核";
    wrote_programme_status: "wrote {dir}: coverage {pct} % of {cells} department × clause cells, {overdue} overdue", "已写入 {dir}：部门×条款 {cells} 项，覆盖率 {pct}%，已逾期 {overdue} 项";
    wrote_programme_plan: "wrote {dir}: {audits} audit(s) proposed for {year}, {plans} audit plan(s) written, {kept} kept as they were", "已写入 {dir}：{year} 年建议审核 {audits} 次，已写审核计划 {plans} 份，保留原有计划 {kept} 份";
    plan_kept: "note: {path} exists: kept as it is (a proposed plan never replaces one that may hold edits)", "说明：{path} 已存在，保持不变（建议计划不覆盖可能已修改的计划）";
    independence_own: "warning: {office}: {auditor} audited {department}, the department they work in ({programme}); auditors do not audit their own work (ISO 9001 9.2.2 c)", "警告：{office}：{auditor} 审核了其本人所在部门 {department}（{programme}）；审核员不得审核自己的工作（ISO 9001 9.2.2 c）";
    independence_barred: "warning: {office}: {auditor} audited {department}, which the programme bars them from ({programme})", "警告：{office}：{auditor} 审核了方案规定其不得审核的部门 {department}（{programme}）";
    decision_recorded: "recorded {id}: a management-review decision, owner {owner}, due {due}; track it with `isoaudit actions`", "已记录 {id}：管理评审决定，责任人 {owner}，完成期限 {due}；请用 isoaudit actions 跟踪";
    decision_known: "{id}: already recorded (owner {owner}, due {due}); left as it is", "{id}：已记录（责任人 {owner}，完成期限 {due}），保持不变";
    independence_unknown: "note: {office}: auditor {auditor} is not in the programme's auditor list ({programme}); independence not checked", "说明：{office}：审核员 {auditor} 不在审核方案的审核员名单中（{programme}），未检查独立性";
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
            L.programme_total,
            L.programme_office,
            L.programme_overdue,
            L.wrote_programme_status,
            L.wrote_programme_plan,
            L.plan_kept,
            L.independence_own,
            L.independence_barred,
            L.independence_unknown,
            L.decision_recorded,
            L.decision_known,
        ] {
            assert_eq!(places(en), places(zh), "{en}");
        }
        assert_eq!(
            say(L.nothing_changed, Lang::Zh, &[("id", &"linhu-NC01")]),
            "linhu-NC01：无变化"
        );
    }
}
