//! The words the commands say on the terminal, both languages side by side, one key each (the
//! compiler refuses a key without both). `{name}` marks where a value goes.

use crate::model::{Lang, Say};
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
    users_imported: "{file}: {added} user(s) added, {known} already in the register and left as they are", "{file}：已添加用户 {added} 个，{known} 个已在登记册中，保持不变";
    user_known: "{name}: already in the register, left as it is", "{name}：已在登记册中，保持不变";
    users_bad_file: "{file}: {n} row(s) cannot be imported; nothing was added", "{file}：{n} 行无法导入，未添加任何用户";
    users_bad_file_hint: "correct the rows named above and import the file again", "修改上述各行后重新导入";
    users_unreadable: "{file}: cannot read the users file: {error}", "{file}：无法读取用户文件：{error}";
    users_syntax: "not a users file: {error}", "不是有效的用户文件：{error}";
    users_syntax_hint: "one [[user]] table per user with name and role, as in samples/bureau/users.toml", "每个用户一个 [[user]] 表，填写 name 和 role，参见 samples/bureau/users.toml";
    user_bad_name: "user name \"{name}\": use 1 to 64 letters, digits, '.', '_' or '-'", "用户名“{name}”：请用 1 至 64 个字母、数字、“.”、“_”或“-”";
    user_bad_role: "user {name}: unknown role \"{role}\"", "用户 {name}：未知角色“{role}”";
    user_bad_role_hint: "role is dept-owner, auditor, quality-manager or reader", "role 可为 dept-owner、auditor、quality-manager 或 reader";
    user_owner_needs: "user {name}: a dept-owner needs office and department", "用户 {name}：部门负责人须填写 office 和 department";
    user_owner_needs_hint: "the department as the checklists name it, e.g. department = \"行政许可股\"", "部门名称与检查表一致，如 department = \"行政许可股\"";
    user_dept_not_owner: "user {name}: department is for a dept-owner, not for a {role}", "用户 {name}：只有部门负责人填写 department，{role} 不填";
    user_dept_not_owner_hint: "leave department out", "删去 department";
    user_bad_name_hint: "e.g. zhangwei, zhang.wei or 张伟", "例如 zhangwei、zhang.wei 或 张伟";
    user_add_owner_hint: "e.g. --office linhu --department 行政许可股 (the department as the checklists name it)", "例如 --office linhu --department 行政许可股（部门名称与检查表一致）";
    user_add_dept_hint: "leave --department out", "去掉 --department";
    user_bad_lang: "user {name}: lang \"{lang}\" is neither zh nor en", "用户 {name}：lang“{lang}”既不是 zh 也不是 en";
    user_bad_lang_hint: "lang = \"zh\" or lang = \"en\" (left out: zh)", "lang = \"zh\" 或 lang = \"en\"（不填即 zh）";
    user_twice: "user {name} is listed twice (first on line {first})", "用户 {name} 重复列出（首次在第 {first} 行）";
    user_twice_hint: "keep one of the two rows", "保留其中一行";
    passwords_exists: "{file} exists already; a passwords file is never overwritten", "{file} 已存在；密码文件从不覆盖";
    passwords_exists_hint: "name a new file with --passwords-out", "用 --passwords-out 指定一个新文件";
    passwords_cannot: "{file}: cannot write the passwords: {error}", "{file}：无法写入密码：{error}";
    passwords_written: "the initial passwords of {n} user(s) are in {file}, readable by you only: hand each person their own, then delete the file", "{n} 个用户的初始密码已写入 {file}（仅您可读）：分别交给本人后删除该文件";
    passwords_printed: "the initial passwords of {n} user(s), shown this once on standard output: hand each person their own", "{n} 个用户的初始密码仅在标准输出显示这一次：请分别交给本人";
    every_office: "every office", "全部单位";
    password_prompt: "password for {name}: ", "{name} 的密码：";
    password_again: "the same password again: ", "再次输入密码：";
    password_mismatch: "the two passwords differ", "两次输入的密码不一致";
    password_mismatch_hint: "type it again", "请重新输入";
    password_none: "no password on standard input", "标准输入中没有密码";
    serve_listening: "serving {register} on http://{addr}/ (Ctrl-C stops)", "正在提供 {register}：http://{addr}/（按 Ctrl-C 停止）";
    serve_public: "{addr} is not a loopback address: pages would cross the network without TLS", "{addr} 不是本机回环地址：页面将不经 TLS 在网络上传输";
    serve_no_users: "the register has no enabled users: nobody can log in", "登记册中没有启用的用户：无人能够登录";
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
    programme_sample_hint: "see samples/bureau/programme.toml for a complete programme, and the README's \"A year of audits\"", "完整的审核方案示例见 samples/bureau/programme.toml";
    programme_fix_hint: "fix the programme, or remove [programme] from the plan", "请修正审核方案文件，或从计划中删去 [programme]";
    decision_known: "{id}: already recorded (owner {owner}, due {due}); left as it is", "{id}：已记录（责任人 {owner}，完成期限 {due}），保持不变";
    independence_unknown: "note: {office}: auditor {auditor} is not in the programme's auditor list ({programme}); independence not checked", "说明：{office}：审核员 {auditor} 不在审核方案的审核员名单中（{programme}），未检查独立性";
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
    pg_tls_refused: "{target}: the PostgreSQL server does not accept TLS connections, which sslmode requires{detail}", "{target}：PostgreSQL 服务器不接受 TLS 加密连接，而 sslmode 要求加密{detail}";
    pg_tls_refused_hint: "ask the server's administrator to turn ssl on, or use sslmode=prefer in the URL (or PGSSLMODE) to fall back to an unencrypted connection", "请联系服务器管理员开启 ssl，或在 URL 中（或 PGSSLMODE）使用 sslmode=prefer，在服务器不支持时改用不加密的连接";
    pg_tls_untrusted: "{target}: the PostgreSQL server's certificate is not signed by a trusted authority{detail}", "{target}：PostgreSQL 服务器的证书不是由受信任的证书机构签发的{detail}";
    pg_tls_untrusted_hint: "name the authority that signed the server's certificate with sslrootcert=FILE in the URL (or PGSSLROOTCERT); sslmode=require encrypts without checking it", "请在 URL 中用 sslrootcert=文件（或 PGSSLROOTCERT）指定签发服务器证书的机构的证书；sslmode=require 只加密、不核验证书";
    pg_tls_host: "{target}: the PostgreSQL server's certificate is for another host name{detail}", "{target}：PostgreSQL 服务器的证书属于另一个主机名{detail}";
    pg_tls_host_hint: "connect with the host name the certificate names, or use sslmode=verify-ca to check only who signed it", "请使用证书上写明的主机名连接，或使用 sslmode=verify-ca 只核验签发机构";
    pg_tls_root: "{target}: cannot read the trusted authority's certificate{detail}", "{target}：无法读取受信任证书机构的证书{detail}";
    pg_tls_root_hint: "give a PEM file of the authority's certificate with sslrootcert=FILE in the URL (or PGSSLROOTCERT); without one, ~/.postgresql/root.crt is read", "请在 URL 中用 sslrootcert=文件（或 PGSSLROOTCERT）提供 PEM 格式的机构证书；未指定时读取 ~/.postgresql/root.crt";
    pg_tls_failed: "{target}: the TLS handshake with the PostgreSQL server failed{detail}", "{target}：与 PostgreSQL 服务器的 TLS 握手失败{detail}";
    pg_tls_failed_hint: "check sslmode in the URL (or PGSSLMODE) and the server's TLS settings", "请检查 URL 中的 sslmode（或 PGSSLMODE）以及服务器的 TLS 设置";
}

/// The words of every key a stage can say ([`Say`]), both languages side by side: diagnostics of
/// the readers, the assessment and the batch, and why a document was not read. The match is
/// exhaustive, so a key without words does not compile.
macro_rules! words {
    ($($key:ident: $en:expr, $zh:expr;)*) => {
        impl Say {
            /// The English and the Chinese of this message; `{name}` marks a place.
            pub fn words(self) -> [&'static str; 2] {
                match self { $(Say::$key => [$en, $zh],)* }
            }
        }
        /// Every key, for the tests of the catalogue.
        #[cfg(test)]
        pub(crate) const EVERY_SAY: &[Say] = &[$(Say::$key,)*];
    };
}

// Diagnostics of the readers and the assessment (issue 23).
words! {
    Verbatim: "{text}", "{text}";
    LevelError: "error", "错误";
    LevelWarning: "warning", "警告";
    DiagnosticLine: "{level}: {location}: {message}", "{level}：{location}：{message}";
    ErrorLine: "error: {message}", "错误：{message}";
    ProgressOffices: "{spinner} offices {pos}/{len} {wide_bar} {msg}", "{spinner} 单位 {pos}/{len} {wide_bar} {msg}";
    WithHint: "{message} ({hint})", "{message}（{hint}）";
    HintLine: "hint: {hint}", "提示：{hint}";
    AtSheet: ": sheet {sheet}", "：工作表 {sheet}";
    AtSheetCell: ": sheet {sheet}, cell {cell}", "：工作表 {sheet}，单元格 {cell}";
    AtSheetRow: ": sheet {sheet}, row {row}", "：工作表 {sheet}，第 {row} 行";
    AtCell: ", cell {cell}", "，单元格 {cell}";
    AtLine: ": line {line}", "：第 {line} 行";
    AtAudit: "(audit)", "（审核）";
    FileTooLarge: "file too large ({size} MB; the limit is {limit} MB)", "文件过大（{size} MB，上限 {limit} MB）";
    CannotReadFile: "cannot read the file: {reason}", "无法读取文件：{reason}";
    CannotReadFileHint: "check the path and that you may read it", "请检查路径以及是否有读取权限";
    NotASpreadsheet: "not a spreadsheet", "不是电子表格";
    NotASpreadsheetHint: "checklists are read from .xlsx, .xlsm, .xls, .ods, .csv and .tsv files", "检查表可为 .xlsx、.xlsm、.xls、.ods、.csv 和 .tsv 文件";
    SheetCut: "only the first {rows} rows and {columns} columns were read (at most {total} rows in all the workbook's sheets)", "只读取了前 {rows} 行、前 {columns} 列（整个工作簿的各工作表合计最多 {total} 行）";
    SheetCutHint: "a checklist is far smaller; split the sheet or delete the unused cells", "检查表远没有这么大；请拆分工作表或删除未使用的单元格";
    CsvReadAs: "read as {encoding} (no byte order mark)", "按 {encoding} 读取（文件没有字节顺序标记）";
    CsvReadAsHint: "save the CSV as UTF-8 (Excel: CSV UTF-8) to be sure it reads the same everywhere", "请将 CSV 另存为 UTF-8（Excel：CSV UTF-8），以便各处读取一致";
    CsvMixed: "the file mixes encodings: {gbk} line(s) in GBK ({gbk_lines}) and {utf8} in UTF-8 ({utf8_lines}); each line was read in its own", "文件混用两种编码：GBK {gbk} 行（第 {gbk_lines} 行），UTF-8 {utf8} 行（第 {utf8_lines} 行）；每行按各自的编码读取";
    CsvSplitHint: "rows after this point were not read; check quoting in the file", "此处之后的行未读取；请检查文件中的引号";
    FileTooLargeHint: "a checklist is far smaller; is this the right file?", "检查表远没有这么大；是否选错了文件？";
    CsvMixedHint: "save the CSV again as UTF-8 (Excel: CSV UTF-8) and check that copy", "请将 CSV 重新另存为 UTF-8（Excel：CSV UTF-8）后检查该副本";
    CsvReplaced: "some bytes are not valid {encoding} and were replaced (line {lines}); a file of mixed encodings?", "部分字节不是有效的 {encoding}，已替换（第 {lines} 行）；文件是否混用了多种编码？";
    CsvCannotSplit: "cannot split the CSV: {reason}", "无法拆分 CSV：{reason}";
    CsvTooManyCells: "more than {max} cells on one line; not a checklist, nothing read", "一行超过 {max} 个单元格；不是检查表，未读取任何内容";
    CsvTooManyRows: "more than {max} rows; the rest of the file was not read", "超过 {max} 行；文件其余部分未读取";
    CsvPastColumn: "rows with text past cell {max}; the cells past it were not read", "有的行在第 {max} 个单元格之后还有文字；其后的单元格未读取";
    CsvRunOn: "a quoted cell opened on this line runs on to line {to} and holds what look like rows ({lines} lines read as one cell); the rows in it were not read", "此行开始的带引号单元格一直延续到第 {to} 行，其中似乎包含多行（{lines} 行被读成一个单元格）；其中的行未读取";
    CsvRunOnUnclosed: "a quoted cell opened on this line runs on to line {to} and holds what look like rows ({lines} lines read as one cell), its quote never closed; the rows in it were not read", "此行开始的带引号单元格一直延续到第 {to} 行，其中似乎包含多行（{lines} 行被读成一个单元格），且引号没有闭合；其中的行未读取";
    BlankTemplate: "a blank template: its rows hold placeholders, none is filled in", "空白模板：各行只有占位文字，尚未填写";
    BlankTemplateHint: "fill in the results of the audit, then check the filled copy", "请填写审核结果，再检查填写后的文件";
    EmptyChecklist: "empty checklist: no question rows below the header", "检查表为空：表头下没有检查项";
    EmptyChecklistHint: "fill in at least one row (clause and question or result) below the header row", "请在表头下至少填写一行（条款以及审核内容或结论）";
    NoHeader: "no checklist header row in the first {rows} rows", "前 {rows} 行中没有检查表的表头行";
    NoHeaderSheets: "no checklist header row in the first {rows} rows of any visible sheet ({sheets})", "各可见工作表（{sheets}）的前 {rows} 行中都没有检查表的表头行";
    NoHeaderEncoding: "{message}; the file was read as {encoding}", "{message}；文件按 {encoding} 读取";
    NoHeaderUndecoded: "{message}; the file was read as {encoding} and {n} line(s) did not decode as {encoding} (line {lines})", "{message}；文件按 {encoding} 读取，其中 {n} 行无法按 {encoding} 解码（第 {lines} 行）";
    NoHeaderHint: "the header needs a clause column (条款 / clause), a question (审核内容 / question) or result column (结论 / result), and at least three known titles; `isoaudit checklist new` writes one", "表头须有条款列（条款），审核内容列或结论列，并且至少有三个可识别的列名；`isoaudit checklist new` 可生成标准格式的检查表";
    MoreProblems: "{n} more problem(s) in this file not listed ({errors} error(s), {warnings} warning(s)); only the first {shown} are", "本文件另有 {n} 个问题未列出（错误 {errors} 个，警告 {warnings} 个），只列出前 {shown} 个";
    MoreProblemsHint: "fix the problems listed and check the file again", "请改正所列问题后重新检查该文件";
    RowNoClause: "row has no clause", "该行没有条款";
    RowNoClauseHint: "write the clause the row audits, e.g. 7.5.3 or 第7.5.3条", "请填写该行审核的条款，如 7.5.3 或 第7.5.3条";
    UnknownResult: "unknown result \"{value}\"", "无法识别的结论“{value}”";
    UnknownResultHint: "use one of 符合, 一般不符合, 严重不符合, 观察项, 改进机会, 不适用, 未审核 (or conform, minor NC, major NC, observation, OFI, N/A, not audited; plain 不符合 counts as minor)", "请使用以下之一：符合、一般不符合、严重不符合、观察项、改进机会、不适用、未审核（只写“不符合”按一般不符合计）";
    NoStatement: "{result} without a finding statement", "{result}没有不符合事实描述";
    NoStatementHint: "state the nonconformity: which requirement (clause or procedure) is not met, and how; add a finding column (不符合描述) if the sheet has none", "请写明不符合事实：哪项要求（条款或程序）未满足、如何未满足；工作表没有该列时请增加“不符合描述”列";
    NoEvidence: "{result} without evidence", "{result}没有审核证据";
    NoEvidenceHint: "record the objective evidence in the audit record column (审核记录): what was seen, where, when, who", "请在“审核记录”列记录客观证据：看到了什么，在哪里，何时，涉及何人";
    SameQuestion: "the same question for the same clause and department as row {row}", "与第 {row} 行的条款、部门和审核内容相同";
    SameQuestionHint: "delete the duplicate row, or merge its record into the first one", "请删除重复的行，或将其记录并入第一行";
    NotADate: "\"{value}\" is not a calendar date; read as no date", "“{value}”不是有效日期，按无日期处理";
    NotADateHint: "write the date as YYYY-MM-DD, e.g. 2026-03-16", "请按 年-月-日 填写日期，如 2026-03-16";
    ClauseUnknown: "unknown clause \"{value}\"", "无法识别的条款“{value}”";
    ClauseUnknownHint: "write a clause number such as 7.5.3, 第7.5.3条 or ISO 9001:2015 7.5.3", "请填写条款号，如 7.5.3、第7.5.3条 或 ISO 9001:2015 7.5.3";
    ClauseNearestHint: "did you mean {ids}? `isoaudit clauses` lists them all", "是否指 {ids}？`isoaudit clauses` 列出全部条款";
    ClausesListHint: "run `isoaudit clauses` to list the clauses", "运行 `isoaudit clauses` 查看全部条款";
    ClausesOutsideCatalog: "{n} row(s) cite clauses that are not ISO 9001 clauses ({clauses}); their findings are kept in the report as \"clause not in the catalog\"", "有 {n} 行引用的条款不是 ISO 9001 的条款（{clauses}）；这些行的审核发现保留在报告中，标为“条款不在目录中”";
    ClausesOutsideCatalogHint: "a checklist of another standard (ISO 27001 Annex A, ISO 14001, …) is read, but its clauses are not mapped to ISO 9001", "其他标准（如 ISO 27001 附录 A、ISO 14001）的检查表可以读取，但其条款不对应到 ISO 9001";
    ClauseExcluded: "clause {clause} is excluded from the audit (under {exclusion}) but the row records {result}; the row is assessed anyway", "条款 {clause} 已从审核中删减（属于 {exclusion}），但该行记录为{result}；该行仍予评定";
    ClauseOutsideScope: "clause {clause} is outside the audit scope; the row is assessed anyway", "条款 {clause} 不在审核范围内；该行仍予评定";
    ClauseOutsideScopeHint: "widen --scope, or remove the row", "请扩大 --scope，或删除该行";
    NoAuditDate: "no audit date: {n} finding(s) have no date, so no due date can be counted for their actions", "没有审核日期：{n} 项审核发现没有日期，无法计算其纠正措施的完成期限";
    NoAuditDateHint: "pass --date YYYY-MM-DD, or date the checklist (审核日期)", "请用 --date 年-月-日 指定，或在检查表中填写审核日期";
    NoAuditId: "no audit id: used AUDIT", "没有审核编号：使用 AUDIT";
    NoAuditIdHint: "pass --audit-id, e.g. --audit-id DGZJ-2026-IA01", "请用 --audit-id 指定，如 --audit-id DGZJ-2026-IA01";
    NoOfficeCode: "no office code: used OFFICE", "没有单位代码：使用 OFFICE";
    NoOfficeCodeHint: "pass --office, e.g. --office linhu", "请用 --office 指定，如 --office linhu";
    ScopeUnreadable: "the checklist's scope \"{value}\" cannot be read ({reason}); the whole standard is in scope", "无法识别检查表中的审核范围“{value}”（{reason}），按整个标准审核";
    ScopeUnreadableHint: "pass --scope, e.g. --scope 7.5,8.2-8.5", "请用 --scope 指定，如 --scope 7.5,8.2-8.5";
    RowNoClauseNotAssessed: "row has no clause; not assessed (result: {result})", "该行没有条款，未予评定（结论：{result}）";
    RowNoClauseNotAssessedHint: "write the clause number, e.g. 7.5.3, in the clause (条款) column", "请在“条款”列填写条款号，如 7.5.3";
    UnknownClauseNotAssessed: "unknown clause \"{value}\"; row not assessed (result: {result})", "无法识别的条款“{value}”，该行未予评定（结论：{result}）";
    ProceduresNotFound: "office {office}: procedures folder not found", "单位 {office}：找不到程序文件目录";
    ProceduresNotFoundHint: "check `procedures` of office \"{office}\" in {plan}", "请检查 {plan} 中单位“{office}”的 `procedures`";
    NoChecklistHere: "office {office}: no checklist found here", "单位 {office}：此处没有检查表";
    NoChecklistHereHint: "check `checklists` of office \"{office}\" in {plan}", "请检查 {plan} 中单位“{office}”的 `checklists`";
    NoChecklistsNamed: "office {office}: the plan names no checklists", "单位 {office}：审核计划没有列出检查表";
    NoChecklistsNamedHint: "add checklists = [\"offices/<code>/checklists\"] to the office", "请在该单位下添加 `checklists = [\"offices/<代码>/checklists\"]`";
    LabelsCountedAfresh: "{message}; finding numbers counted afresh, not carried over from it", "{message}；审核发现重新编号，未沿用其中的编号";
    OverridesBrokenHint: "see `isoaudit map --help`: [[override]] document, add, remove, by, why", "见 `isoaudit map --help`：`[[override]]` 的 `document`、`add`、`remove`、`by`、`why`";
    OverrideNoDocument: "override for \"{path}\": no such document in the folder", "“{path}”的修正：目录中没有该文件";
    OvNotToml: "not valid TOML: {reason}", "不是有效的 TOML：{reason}";
    OvUnknownClause: "override #{n} ({document}): unknown clause \"{clause}\"", "第 {n} 条修正（{document}）：无法识别的条款“{clause}”";
    OvWhoWhy: "override #{n} ({document}): say who decided (by) and why", "第 {n} 条修正（{document}）：请写明由谁决定（`by`）及理由（`why`）";
    OvTwice: "override #{n} ({document}): the document is listed twice", "第 {n} 条修正（{document}）：该文件列出了两次";
    Unreadable: "unreadable: {reason}", "无法读取：{reason}";
    UnreadableHint: "repair or re-save the file, or remove it from the folder", "请修复或重新保存该文件，或将其移出目录";
    NotMapped: "not mapped: {reason}", "未映射：{reason}";
    MapperCrashed: "isoaudit crashed while mapping this file (a bug; please report it)", "isoaudit 映射此文件时崩溃（程序缺陷，请报告）";
    NotReadDoc: "not read: legacy Word 97-2003 .doc; save it as .docx or PDF", "未读取：旧版 Word 97-2003 .doc 文件，请另存为 .docx 或 PDF";
    NotReadWps: "not read: WPS Office .{ext} file; save it as .docx, .xlsx or PDF", "未读取：WPS Office .{ext} 文件，请另存为 .docx、.xlsx 或 PDF";
    NotReadRtf: "not read: .rtf; save it as .docx or PDF", "未读取：.rtf 文件，请另存为 .docx 或 PDF";
    NotReadPresentation: "not read: presentation .{ext}; save it as PDF", "未读取：演示文稿 .{ext}，请另存为 PDF";
    NotReadImage: "no text layer: image .{ext} (scanned pages need OCR, which isoaudit does not do)", "没有文字层：图片 .{ext}（扫描页需要文字识别，isoaudit 不做文字识别）";
    NotReadNoExtension: "not read: no extension and not plain text", "未读取：没有扩展名，也不是纯文本";
    NotReadFormat: "not read: .{ext} is not a document format isoaudit reads", "未读取：isoaudit 不读取 .{ext} 格式的文件";
    NotReadSymlink: "not read: a symbolic link (links are not followed)", "未读取：符号链接（不跟随链接）";
    EmptyFile: "no text: empty file (0 bytes)", "没有文字：空文件（0 字节）";
    EmptyDocument: "no text: the document is empty", "没有文字：文件为空";
    EmptyPage: "no text: the page has no visible text", "没有文字：网页没有可见文字";
    EmptyWorkbook: "no text: the workbook has no cell text", "没有文字：工作簿的单元格中没有文字";
    CannotBeRead: "cannot be read: {reason}", "无法读取：{reason}";
    ReaderCrashed: "the reader crashed on this file ({reason})", "读取此文件时读取器崩溃（{reason}）";
    EncryptedWorkbook: "encrypted: password-protected workbook", "已加密：工作簿设有密码";
    EncryptedPdf: "encrypted: password-protected PDF", "已加密：PDF 设有密码";
    DamagedWorkbook: "damaged workbook: {reason}", "工作簿已损坏：{reason}";
    DamagedWord: "damaged Word file: {reason}", "Word 文件已损坏：{reason}";
    DamagedWordNoMain: "damaged Word file: no main document part (not a .docx?)", "Word 文件已损坏：没有主文档部分（不是 .docx 文件？）";
    DamagedOdt: "damaged OpenDocument file: {reason}", "OpenDocument 文件已损坏：{reason}";
    DamagedPdf: "damaged PDF: {reason}", "PDF 已损坏：{reason}";
    NoPdfHeader: "no %PDF header", "没有 %PDF 文件头";
    PartMissing: "the part {part} is missing", "缺少部件 {part}";
    NoPdfPages: "no text layer: the PDF has no pages", "没有文字层：PDF 没有页面";
    PdfNoText: "no text layer: {pages} page(s) but no text (a scan? isoaudit does not do OCR)", "没有文字层：共 {pages} 页但没有文字（扫描件？isoaudit 不做文字识别）";
    PdfNoUsableText: "no usable text layer: the fonts carry no character mapping (text comes out as U+FFFD or private-use code points)", "没有可用的文字层：字体没有字符映射（提取出的文字是 U+FFFD 或私用区字符）";
    TextReplaced: "some bytes are not valid {encoding}; they were replaced", "部分字节不是有效的 {encoding}，已替换";
    NotCsvReadAsText: "not valid CSV; read as plain text", "不是有效的 CSV，按纯文本读取";
    SheetUnreadable: "sheet {sheet}: cannot be read: {reason}", "工作表 {sheet}：无法读取：{reason}";
    SheetPartlyRead: "sheet {sheet}: only the first rows and columns were read", "工作表 {sheet}：只读取了前面的行和列";
    XmlErrorLost: "{part}: XML error, text after it is lost: {reason}", "{part}：XML 错误，其后的文字丢失：{reason}";
    XmlError: "{part}: XML error: {reason}", "{part}：XML 错误：{reason}";
    TextCutOff: "text cut off after {size} MB (the limit for one document)", "文字在 {size} MB 处截断（单个文件的上限）";
    PdfPagesCut: "only the first {max} of {pages} pages read (the limit per PDF)", "只读取了 {pages} 页中的前 {max} 页（单个 PDF 的上限）";
    PdfPageNoText: "page {page}: no text read ({reason})", "第 {page} 页：未读取到文字（{reason}）";
    PdfPartsNoText: "{n} part(s) of its pages gave no text (first: {reason})", "页面中有 {n} 部分未读取到文字（第一处：{reason}）";
    IndicatorsNoHeader: "no header row naming the indicator and value columns; nothing read", "没有列出指标列和数值列的表头行，未读取任何内容";
    IndicatorsNoHeaderHint: "put a header row first: indicator,period,value,target (or 指标,期间,数值,目标值)", "请在第一行写表头：指标,期间,数值,目标值";
    IndicatorNoName: "no indicator name; row left out", "没有指标名称，该行未读取";
    IndicatorNoNameHint: "name the indicator in the first column", "请在第一列写指标名称";
    IndicatorValueNaN: "{name}: value \"{value}\" is not a number; row left out", "{name}：数值“{value}”不是数字，该行未读取";
    IndicatorValueNaNHint: "write the value as a number, e.g. 98.5 or 98.5%", "请把数值写成数字，如 98.5 或 98.5%";
    IndicatorTargetNaN: "{name}: target \"{value}\" is not a number; row left out", "{name}：目标值“{value}”不是数字，该行未读取";
    IndicatorTargetNaNHint: "write the target as a number, with ≥ or ≤ before it where it matters, e.g. ≥95% or ≤5", "请把目标值写成数字，需要时在前面加 ≥ 或 ≤，如 ≥95% 或 ≤5";
    IndicatorsUnreadable: "cannot read the indicators: {reason}", "无法读取指标：{reason}";
    IndicatorsUnreadableHint: "give a .csv or .xlsx with a header row indicator,period,value,target", "请提供带表头行（指标,期间,数值,目标值）的 .csv 或 .xlsx 文件";
    ResultCannotRead: "cannot read: {reason}", "无法读取：{reason}";
    ResultNotJson: "not valid JSON: {reason}", "不是有效的 JSON：{reason}";
    ResultGiveHint: "give the result.json written by `isoaudit report` or `isoaudit audit`", "请提供 `isoaudit report` 或 `isoaudit audit` 写出的 result.json";
    ResultSchema: "result schema version {found}; this isoaudit reads version {reads}", "结果文件格式版本为 {found}；本版 isoaudit 读取版本 {reads}";
    ResultSchemaHint: "re-run the report with this isoaudit version, or use the matching isoaudit to sync", "请用本版 isoaudit 重新生成报告，或用对应版本的 isoaudit 同步";
    ResultNoSchema: "no schema_version: not an isoaudit result file", "没有 `schema_version`：不是 isoaudit 的结果文件";
    ResultLayout: "unexpected layout: {reason}", "文件结构不符：{reason}";
    ResultLayoutHint: "the file may have been edited by hand; re-run the report", "文件可能被手工修改过；请重新生成报告";
    ResultNoIds: "the result names no audit id or office code", "结果文件没有审核编号或单位代码";
    ResultNoIdsHint: "finding ids are <audit id>-<office code>-NC<nn>; re-run the report with both", "审核发现编号为 `<审核编号>-<单位代码>-NC<序号>`；请填写两者后重新生成报告";
    ResultDuplicates: "the result lists findings more than once: {ids}; nothing synced from it", "结果文件中有重复的审核发现：{ids}；该文件未同步";
    ResultDuplicatesHint: "the file was edited or merged by hand; re-run the report", "文件被手工修改或合并过；请重新生成报告";
    ResultSecond: "a second result for audit {audit} of office {office}; nothing synced from it", "审核 {audit} 单位 {office} 的第二个结果文件；该文件未同步";
    ResultSecondHint: "sync one result per audit and office", "每次审核、每个单位只同步一个结果文件";
    ResultNoKeys: "the result has no finding keys (written by an older isoaudit): findings are matched by their number, and a number that now names another clause or grade is refused", "结果文件没有审核发现标识（由旧版 isoaudit 写出）：按编号匹配审核发现，编号对应的条款或性质有变的不予同步";
    ResultNoKeysHint: "re-run the report with this isoaudit version", "请用本版 isoaudit 重新生成报告";
    FindingNoDate: "finding {id}: no date to count the due date from", "审核发现 {id}：没有日期，无法计算完成期限";
    FindingNoDateHint: "give the finding a date, or the audit an end date", "请为该审核发现填写日期，或为审核填写结束日期";
    FindingBadGrade: "finding \"{id}\": grade {grade} is not a finding", "审核发现“{id}”：性质 {grade} 不是审核发现";
    FindingNotSynced: "finding {id}: {why}; not synced, its action left as it is", "审核发现 {id}：{why}；未同步，其纠正措施保持不变";
    FindingNotSyncedHint: "re-run the report with this isoaudit version; if it is a new finding, cancel or check the old action by hand", "请用本版 isoaudit 重新生成报告；如是新的审核发现，请手工取消或核对原纠正措施";
    FindingOtherAudit: "{id} is registered for audit {audit} of office {office}", "{id} 已登记在审核 {audit} 单位 {office} 名下";
    FindingOtherClause: "{id} was registered as clause {old_clause} ({old_grade}) and is now clause {new_clause} ({new_grade}), and {side} has no finding key to tell whether it is the same finding", "{id} 登记时为条款 {old_clause}（{old_grade}），现为条款 {new_clause}（{new_grade}），且{side}没有审核发现标识，无法判断是否同一审核发现";
    TheRegister: "the register", "登记册";
    TheResult: "the result", "结果文件";
    TheIndicators: "the indicators", "指标文件";
    AChecklist: "a checklist", "检查表";
    ThisFormat: "this format", "此格式";
    AFolderOfReports: "a folder of reports", "报告文件夹";
    KindFifo: "FIFO", "命名管道";
    KindDevice: "device", "设备文件";
    KindSocket: "socket", "套接字";
    KindSymlink: "symbolic link", "符号链接";
    KindFolder: "folder", "文件夹";
    KindSpecialFile: "special file", "特殊文件";
    DueSetByHand: "{id}: grade or date changed, but its due date {due} was set by hand; left as it is", "{id}：性质或日期有变，但其完成期限 {due} 为手工设定，保持不变";
    NoSuchAction: "no action \"{id}\" in the register", "登记册中没有纠正措施“{id}”";
    NoSuchActionHint: "the id column is locked; use the tracker exported from this register", "编号列已锁定；请使用从本登记册导出的跟踪表";
    // The audit programme's history and proposal.
    ProgrammeAuditNoDate: "audit {audit} of office {office} has no date; left out of the history", "审核 {audit}（单位 {office}）没有日期，未计入审核历史";
    ProgrammeAuditNoDateHint: "give the plan's [audit] a start and an end date", "请在计划的 `[audit]` 中填写开始和结束日期";
    ProgrammeResultsMissing: "not found", "未找到";
    ProgrammeNoResults: "no result.json here", "此处没有 `result.json`";
    ProgrammeResultsHint: "name a folder `isoaudit audit` wrote, or a result.json", "请指定 `isoaudit audit` 写出的文件夹，或一个 `result.json`";
    ProgrammeResultVersion: "result layout version {version} is not one this isoaudit reads", "结果文件格式版本 {version} 不是本版 `isoaudit` 能读取的";
    ProgrammeResultVersionHint: "re-run the audit with this isoaudit", "请用本版 `isoaudit` 重新运行该审核";
    ProgrammeNotAResult: "not an isoaudit result: {reason}", "不是 `isoaudit` 的结果文件：{reason}";
    ProgrammeNotAResultHint: "name the result.json files `isoaudit report` or `audit` wrote", "请指定 `isoaudit report` 或 `audit` 写出的 `result.json`";
    ProgrammeHistoryPlanHint: "the programme's [history] plans name audit plans (audit.toml or its folder)", "审核方案 `[history]` 的 `plans` 应指向审核计划（`audit.toml` 或其所在文件夹）";
    ProgrammeNoAuditor: "no auditor in the programme may audit {office}/{department}: every one belongs to it or is barred from it", "方案中没有审核员可以审核 {office}/{department}：每位审核员都属于该部门或不得审核该部门";
    ProgrammeNoAuditorHint: "add an [[auditor]] from another department", "请增加一名其他部门的审核员（`[[auditor]]`）";
    ProgrammeUnlistedDepartment: "audit {audit} audited department \"{department}\" of office {office}, which the programme does not list; not counted", "审核 {audit} 审核了单位 {office} 的部门“{department}”，审核方案未列出该部门，未计入";
    ProgrammeUnlistedDepartmentHint: "add it to the departments of office {office} in {programme}, or name it as the programme does", "请在 {programme} 中把它加入单位 {office} 的部门，或按方案中的名称填写";
    TrackerCannotOpen: "cannot open the workbook: {reason}", "无法打开工作簿：{reason}";
    TrackerGiveHint: "give the .xlsx written by `isoaudit actions export`", "请提供 `isoaudit actions export` 写出的 .xlsx 文件";
    TrackerNoSheet: "no sheet \"{sheet}\"", "没有工作表“{sheet}”";
    TrackerNoSheetHint: "give the .xlsx written by `isoaudit actions export`, with its sheets as they were", "请提供 `isoaudit actions export` 写出的 .xlsx 文件，工作表保持原样";
    TrackerNoColumn: "no column \"{column}\" in the header row", "表头行中没有“{column}”列";
    TrackerNoColumnHint: "keep the header row as exported", "请保持导出时的表头行";
    TrackerFormula: "the cell holds a formula (={formula}) with no saved value; the row is not applied", "单元格是没有保存值的公式（={formula}），该行未应用";
    TrackerFormulaHint: "type the text itself, or open and save the file in Excel so the value is saved", "请直接输入文字，或用 Excel 打开并保存文件以保存其值";
    TrackerErrorValue: "cannot read the error value {value}; the row is not applied", "无法读取错误值 {value}，该行未应用";
    TrackerDuration: "cannot read a duration; the row is not applied", "无法读取时长值，该行未应用";
    TrackerUnknownValue: "cannot read a value of an unknown kind; the row is not applied", "无法读取未知类型的值，该行未应用";
    TrackerPlainTextHint: "type plain text in this cell", "请在此单元格输入纯文本";
    TrackerIdChanged: "the locked id cell was changed: this row was exported for {exported}, it now says {id}; the row is refused as tampered", "锁定的编号单元格被改动：该行导出时为 {exported}，现为 {id}；该行视为被篡改，不予应用";
    TrackerRowNotExported: "row not in the export (id {id}); the row is refused as tampered", "该行不在导出内容中（编号 {id}）；视为被篡改，不予应用";
    TrackerTamperedHint: "use the tracker as exported; export a fresh one with `isoaudit actions export`", "请使用导出的跟踪表原样；可用 `isoaudit actions export` 重新导出";
    TrackerNoId: "row has no action id", "该行没有纠正措施编号";
    TrackerNoIdHint: "rows cannot be added in the tracker; actions come from `isoaudit actions sync`", "跟踪表中不能添加行；纠正措施来自 `isoaudit actions sync`";
    TrackerRevision: "revision \"{value}\" is not a whole number", "版本“{value}”不是整数";
    TrackerRevisionHint: "the revision column is locked; use the tracker as exported", "版本列已锁定；请使用导出的跟踪表原样";
    TrackerNoStatus: "status is empty", "状态为空";
    TrackerStatusHint: "pick a status from the dropdown", "请从下拉列表中选择状态";
    TrackerRowDeleted: "{id}: exported in this row but no longer in the tracker (row deleted?); nothing applied for it", "{id}：导出时在此行，但跟踪表中已没有（行被删除？）；未对其作任何修改";
    TrackerRowDeletedHint: "the action stays as it is in the register", "该纠正措施在登记册中保持不变";
    WorkbookEmpty: "empty file", "空文件";
    WorkbookEmptyHint: "the file has no content; was it saved completely?", "文件没有内容；是否完整保存了？";
    WorkbookEncrypted: "the workbook is encrypted (password protected)", "工作簿已加密（设有密码）";
    WorkbookEncryptedHint: "open it with the password and save an unprotected copy, then use that copy", "请用密码打开并另存一份不加密的副本，再使用该副本";
    WorkbookNotSpreadsheet: "not a spreadsheet: the file holds no xls, xlsx or ods content (truncated, or another kind of file renamed)", "不是电子表格：文件中没有 xls、xlsx 或 ods 内容（文件不完整，或是改了扩展名的其他文件）";
    WorkbookResaveHint: "open it in Excel or WPS and save it again as .xlsx, then use that copy", "请用 Excel 或 WPS 打开后重新另存为 .xlsx，再使用该副本";
    WorkbookCorrupt: "the workbook is corrupt (the spreadsheet reader failed on it: {reason})", "工作簿已损坏（电子表格读取器无法读取：{reason}）";
    WorkbookNotReadable: "not a readable {format} workbook ({reason}); the file may be truncated or corrupt", "不是可读取的 {format} 工作簿（{reason}）；文件可能不完整或已损坏";
    WorkbookCannotOpen: "cannot open the workbook", "无法打开工作簿";
    NoVisibleSheet: "no visible worksheet", "没有可见的工作表";
    WorkbookIsWord: "a Word document, not a spreadsheet", "这是 Word 文件，不是电子表格";
    ZipNotValid: "damaged {what} file: not a valid zip container ({reason})", "{what}文件已损坏：不是有效的 zip 容器（{reason}）";
    ZipPartTooBig: "refused: part {part} would unpack to {size} MB (limit {limit} MB; a decompression bomb?)", "拒绝读取：部件 {part} 解压后为 {size} MB（上限 {limit} MB；压缩炸弹？）";
    ZipTooBig: "refused: the {what} would unpack to {size} MB (limit {limit} MB; a decompression bomb?)", "拒绝读取：该{what}解压后为 {size} MB（上限 {limit} MB；压缩炸弹？）";
    ZipPartDamaged: "damaged part {part}: {reason}", "部件 {part} 已损坏：{reason}";
    ZipEncrypted: "encrypted: the file is password protected", "已加密：文件设有密码";
    ZipPartInflates: "refused: part {part} unpacks to more than {limit} MB (a decompression bomb?)", "拒绝读取：部件 {part} 解压后超过 {limit} MB（压缩炸弹？）";
    ZipInflates: "refused: the {what} unpacks to more than {limit} MB (a decompression bomb?)", "拒绝读取：该{what}解压后超过 {limit} MB（压缩炸弹？）";
    ZipIndexDamaged: "damaged {what} file: part {part}: {reason}", "{what}文件已损坏：第 {part} 个部件：{reason}";
    OleLoops: "damaged xls: a sector chain in the file loops back on itself", "xls 文件已损坏：文件中的扇区链循环指向自身";
    FileTooLargeLimit: "file too large (the limit is {limit} MB)", "文件过大（上限 {limit} MB）";
    KindWord: "Word", "Word ";
    KindOpenDocument: "OpenDocument", "OpenDocument ";
    KindWorkbook: "workbook", "工作簿";
    KindTemplate: "template", "模板";
    OutExists: "{path}: already exists", "{path}：已存在";
    OutExistsHint: "pass --force to overwrite it, or choose another name", "加 --force 覆盖，或另选名称";
    OutNotRegular: "{path}: is a {kind}, not a regular file; it is never replaced", "{path}：是{kind}，不是普通文件，不会被替换";
    OutStdout: "-o -: {what} cannot be written to stdout", "-o -：{what}不能写到标准输出";
    OutStdoutHint: "give a file or folder name with -o", "请用 -o 指定文件或文件夹名";
    OutIsInput: "{path}: is {what} this command reads; it is never written over", "{path}：是本命令读取的{what}，不会被覆盖";
    OutChooseAnother: "choose another output name", "请另选输出名称";
    OutBusy: "{path}: another isoaudit run is writing into this folder", "{path}：另一个 isoaudit 正在写入该文件夹";
    OutBusyHint: "wait for the other run to finish, or choose another -o folder", "请等待另一个运行结束，或另选 -o 文件夹";
    OutIo: "{path}: {reason}", "{path}：{reason}";
    OutChooseFolder: "choose another -o folder", "请另选 -o 文件夹";
    OutReportsExist: "{path} already exists ({n} report files in all)", "{path} 已存在（共 {n} 个报告文件）";
    OutReportsExistHint: "pass --force to overwrite them, or choose another -o folder", "加 --force 覆盖，或另选 -o 文件夹";
    NotAFolder: "{path}: not a folder", "{path}：不是文件夹";
    NoSuchFolderOrFile: "{path}: no such folder or file", "{path}：没有这个文件夹或文件";
    OfficeFolderHint: "give the folder that holds the office's procedures", "请给出存放该单位程序文件的文件夹";
    PlanHint: "see samples/bureau/audit.toml for a complete plan", "完整的审核计划可参考 samples/bureau/audit.toml";
    TplUnknown: "unknown placeholder {{{name}}}", "无法识别的占位符 {{{name}}}";
    TplUnclosed: "{{#{name}}} is not closed by {{/{name}}}", "{{#{name}}} 没有对应的 {{/{name}}}";
    TplUnknownList: "unknown list {{#{name}}}", "无法识别的列表 {{#{name}}}";
    TplBroken: "a placeholder is not closed: {text}", "占位符没有闭合：{text}";
    TplAt: "template {path}: {message}", "模板 {path}：{message}";
    TplHint: "keep the placeholders as `isoaudit template` writes them ({{id}}, {{statement}}, {{#ncs/page}} … {{/ncs}})", "请保持 `isoaudit template` 写出的占位符（`{{id}}`、`{{statement}}`、`{{#ncs/page}}` … `{{/ncs}}`）";
    PlanAt: "{file}: line {line}: {key}: {message}", "{file}：第 {line} 行：{key}：{message}";
    PlanUnknownClause: "unknown clause \"{value}\"; {hint}", "无法识别的条款“{value}”；{hint}";
    PlanEmptyId: "must not be empty", "不能为空";
    PlanNotADate: "{value} is not a calendar date (expected YYYY-MM-DD, e.g. 2026-03-16)", "{value} 不是有效日期（应为 年-月-日，如 2026-03-16）";
    PlanEndBeforeStart: "{end} is before the start {start}", "{end} 早于开始日期 {start}";
    PlanNeedsJustification: "excluding {clause} needs a justification", "删减 {clause} 须说明理由";
    PlanBadCode: "\"{code}\" must be letters, digits, - or _ (it names the output folder)", "“{code}”只能由字母、数字、- 或 _ 组成（它是输出文件夹的名称）";
    PlanCodeTwice: "\"{code}\" appears twice", "“{code}”出现了两次";
    PlanNoOffice: "the plan lists no [[office]]", "审核计划中没有 `[[office]]`";
    PlanLang: "use zh or en", "请用 `zh` 或 `en`";
    PlanFormat: "unknown format \"{value}\"; use xlsx, md, json, docx or html", "无法识别的格式“{value}”；请用 `xlsx`、`md`、`json`、`docx` 或 `html`";
    PlanFailOn: "use major, minor or any", "请用 `major`、`minor` 或 `any`";
    ProgrammeMonths: "{value} is not a number of months from 1 to 120", "{value} 不是 1 至 120 之间的月数";
    ProgrammeNoStart: "missing: the first day of the first cycle (e.g. start = 2026-01-01)", "缺少：第一个审核周期的第一天（如 `start = 2026-01-01`）";
    ProgrammeDepth: "{value} is not a clause depth from 1 (chapters) to 4", "{value} 不是 1（章）至 4 之间的条款层级";
    ProgrammeNoClauseLeft: "\"{spec}\" leaves no clause to audit", "“{spec}”中没有可审核的条款";
    ProgrammeBadPrefix: "\"{value}\" must be letters, digits, - or _ (it starts every audit id)", "“{value}”只能由字母、数字、- 或 _ 组成（它是每个审核编号的开头）";
    ProgrammeBadCode: "\"{code}\" must be letters, digits, - or _ (it names folders and audit ids)", "“{code}”只能由字母、数字、- 或 _ 组成（它用于文件夹名称和审核编号）";
    ProgrammeDepartmentNoName: "a department needs a name", "部门须有名称";
    ProgrammeDepartmentTwice: "\"{department}\" appears twice in office {office}", "“{department}”在单位 {office} 中出现了两次";
    ProgrammeNoDepartments: "office {office} lists no departments (departments = [\"办公室\", …])", "单位 {office} 没有列出部门（`departments = [\"办公室\", …]`）";
    ProgrammeNoOffice: "the programme lists no [[office]]", "审核方案中没有 `[[office]]`";
    ProgrammeUnknownOffice: "no office \"{office}\" in the programme", "审核方案中没有单位“{office}”";
    ProgrammeUnknownDepartment: "office \"{office}\" has no department \"{department}\"", "单位“{office}”没有部门“{department}”";
    ProgrammeMayNotAuditForms: "{message} (write \"office/department\", \"office/*\", or a department of the auditor's own office)", "{message}（请写“单位/部门”、“单位/*”或审核员本单位的部门）";
    TheProgramme: "the audit programme", "审核方案";
    ProgrammeTplHint: "keep the form's placeholders: {{#audits}} … {{/audits}}, {{id}}, {{departments}} …", "请保留表单中的占位符：`{{#audits}}` … `{{/audits}}`、`{{id}}`、`{{departments}}` …";
    ProgrammeUnknownKey: "unknown key `{key}`; the keys here are {keys}", "无法识别的键 `{key}`；此处可用的键：{keys}";
    ProgrammeMissingKey: "missing: `{key}`", "缺少 `{key}`";
    ProgrammeNotRead: "cannot be read as a programme: {reason}", "无法作为审核方案读取：{reason}";
    ScopeAt: "scope \"{spec}\": {message}", "审核范围“{spec}”：{message}";
    ScopeBackwards: "range {range} runs backwards", "范围 {range} 起止颠倒";
    ScopeHint: "write clauses and ranges, e.g. --scope 4-10 or --scope 7.5,8.4", "请写条款或范围，如 --scope 4-10 或 --scope 7.5,8.4";
    ScopeNewHint: "write a range (4-10, 8.2-8.5) or a list (7.5,8.4,9.2)", "请写范围（4-10、8.2-8.5）或列表（7.5,8.4,9.2）";
    DaysOrOff: "--{what} {value}: expected a number of days or `off`", "--{what} {value}：应为天数或 `off`";
    DaysOrOffHint: "e.g. --{what} 90, or --{what} off to stop tracking", "如 --{what} 90；写 `--{what} off` 则不再跟踪";
    DaysTooMany: "--{what} {days}: more than {max} days (ten years)", "--{what} {days}：超过 {max} 天（十年）";
    DaysTooManyHint: "give the days allowed to implement an action, e.g. --{what} 60", "请给出实施纠正措施的天数，如 --{what} 60";
    StatusHint: "e.g. --status open,planned", "如 `--status open,planned`";
    ClauseFlagHint: "e.g. --clause 7.5", "如 --clause 7.5";
    NothingToUpdate: "nothing to update", "没有要更新的内容";
    NothingToUpdateHint: "give --owner, --due, --correction, --root-cause or --action", "请给出 --owner、--due、--correction、--root-cause 或 --action";
    WritableHint: "check that the folder exists and is writable", "请检查文件夹是否存在、是否可写";
    No2008Clause: "no ISO 9001:2015 clause correlates with 2008 clause \"{value}\"", "没有与 2008 版条款“{value}”对应的 ISO 9001:2015 条款";
    No2008ClauseHint: "2008 references run from 4 to 8.5.3, e.g. 4.2.3 or 8.2.2", "2008 版条款号从 4 到 8.5.3，如 4.2.3 或 8.2.2";
    NoClauseMatches: "no clause matches \"{value}\"", "没有与“{value}”匹配的条款";
    NoClauseMatchesHint: "search a word of a title (\"audit\", \"成文信息\") or a number (\"8.5\")", "请搜索标题中的词（如“成文信息”、“审核”）或条款号（如“8.5”）";
    ProceduresFolderHint: "give the folder that holds the procedures, e.g. samples/bureau/offices/linhu/procedures", "请给出存放程序文件的文件夹，如 samples/bureau/offices/linhu/procedures";
    XlsxNeedsOutput: "--format xlsx needs an output file", "--format xlsx 需要输出文件";
    XlsxNeedsOutputHint: "add -o mapping.xlsx", "请加 -o mapping.xlsx";
    PeriodBackwards: "--from {from} is after --to {to}", "--from {from} 晚于 --to {to}";
    PeriodBackwardsHint: "give the first day of the period, then the last, e.g. --from 2026-01-01 --to 2026-12-31", "请先给出期间的第一天，再给出最后一天，如 --from 2026-01-01 --to 2026-12-31";
    PreviousBackwards: "--previous-from {from} is after --previous-to {to}", "--previous-from {from} 晚于 --previous-to {to}";
    PreviousBackwardsHint: "give the first day of the period to compare with, then the last", "请先给出对比期间的第一天，再给出最后一天";
    RegNewerSchema: "{path}: register schema version {found} is newer than this isoaudit understands ({supported}); the file was left untouched", "{path}：登记册格式版本 {found} 比本版 isoaudit 支持的（{supported}）新；文件未作改动";
    RegNewerSchemaHint: "use the isoaudit version that last wrote this register, or a newer one", "请使用最后写入该登记册的 isoaudit 版本或更新的版本";
    RegMissing: "{path}: no register here", "{path}：此处没有登记册";
    RegMissingHint: "run `isoaudit actions sync RESULT.json` first, or point --register (ISOAUDIT_REGISTER) at the register", "请先运行 `isoaudit actions sync RESULT.json`，或用 `--register`（`ISOAUDIT_REGISTER`）指向登记册";
    RegNotFound: "no action \"{id}\" in the register", "登记册中没有纠正措施“{id}”";
    RegNotFoundHint: "`isoaudit actions list` shows the ids", "`isoaudit actions list` 列出全部编号";
    RegAmbiguous: "\"{id}\" matches several actions: {ids}", "“{id}”与多项纠正措施匹配：{ids}";
    RegAmbiguousHint: "give more of the id", "请写出更完整的编号";
    PgPassOpen: "the password file can be read by its group or by others: not used", "密码文件可被同组用户或其他用户读取，未使用";
    PgPassOpenHint: "make it readable by its owner only: `chmod 600 {path}`", "请设为仅所有者可读：`chmod 600 {path}`";
    RegIllegal: "{id}: cannot {verb} an action that is {status}: {missing}", "{id}：状态为“{status}”的纠正措施不能{verb}：{missing}";
    RegIllegalHint: "the workflow is open → planned → implemented → verified → closed; `isoaudit actions show ID` shows where it stands", "流程为 待处理 → 已制定措施 → 已实施 → 已验证 → 已关闭；`isoaudit actions show 编号` 显示当前所处环节";
    RegStale: "{id}: changed by someone else while this command ran (revision {expected} expected)", "{id}：本命令运行期间已被他人修改（应为第 {expected} 版）";
    RegStaleHint: "run the command again", "请重新运行该命令";
    RegPasswordShort: "the password is too short: at least {n} characters", "密码太短：至少 {n} 个字符";
    RegPasswordShortHint: "choose a longer one; a few words make a password easy to remember", "请选用更长的密码；几个词连成的密码好记";
    UnknownStatus: "unknown status \"{value}\" (use one of {list})", "无法识别的状态“{value}”（请用以下之一：{list}）";
    VerbUpdate: "update", "更新";
    VerbPlan: "plan", "制定措施";
    VerbImplement: "implement", "实施";
    VerbVerify: "verify", "验证";
    VerbClose: "close", "关闭";
    VerbCancel: "cancel", "取消";
    VerbReopen: "reopen", "重新打开";
    IllClosed: "it was closed on {date}; closed actions are final", "已于 {date} 关闭；关闭的纠正措施不能再改动";
    IllCancelled: "it was cancelled ({reason}); cancelled actions are final", "已取消（{reason}）；取消的纠正措施不能再改动";
    IllKeepPlan: "these must stay written: {fields}", "以下内容必须保留：{fields}";
    IllPlanFirst: "write the plan first, missing: {fields}", "请先制定措施，缺少：{fields}";
    IllMissing: "missing: {fields}", "缺少：{fields}";
    IllImplementedOn: "it was already implemented on {date}", "已于 {date} 实施";
    IllNotImplemented: "it is not implemented yet (`isoaudit actions implement ID` first)", "尚未实施（请先运行 `isoaudit actions implement 编号`）";
    IllVerified: "it was already verified effective; close it", "已验证有效；请关闭";
    IllNoMethod: "missing: the verification method (--method), e.g. \"record review of 3 later case files\"", "缺少：验证方法（--method），如“查阅其后 3 份案卷记录”";
    IllNoDue: "missing: a new due date (--due YYYY-MM-DD); the policy gives none for this grade", "缺少：新的完成期限（--due 年-月-日）；政策未为该性质规定期限";
    IllNoVerification: "missing: an effective verification (`isoaudit actions verify ID --effective --method …`)", "缺少：有效性验证（`isoaudit actions verify 编号 --effective --method …`）";
    IllNothingDone: "missing: implementation and an effective verification", "缺少：实施和有效性验证";
    IllNoReason: "missing: the reason (--reason)", "缺少：取消理由（--reason）";
    FieldCorrection: "correction (--correction)", "纠正（--correction）";
    FieldRootCause: "root cause (--root-cause)", "原因分析（--root-cause）";
    FieldAction: "corrective action (--action)", "纠正措施（--action）";
    VerbEmptyPlan: "empty the plan of", "清空措施内容";
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
            L.programme_fix_hint,
            L.programme_sample_hint,
            L.decision_recorded,
            L.migrated,
            L.pg_unreachable,
            L.pg_auth,
            L.pg_no_database,
            L.pg_foreign,
            L.pg_bad_url,
            L.pg_busy,
            L.pg_failed,
            L.pg_tls_refused,
            L.pg_tls_untrusted,
            L.pg_tls_host,
            L.pg_tls_root,
            L.pg_tls_failed,
            L.decision_known,
            L.wrote_notices,
            L.user_added,
            L.user_password,
            L.user_disabled,
            L.user_exists,
            L.user_missing,
            L.users_imported,
            L.user_known,
            L.users_bad_file,
            L.users_unreadable,
            L.users_syntax,
            L.user_bad_name,
            L.user_bad_role,
            L.user_owner_needs,
            L.user_dept_not_owner,
            L.user_bad_lang,
            L.user_twice,
            L.passwords_exists,
            L.passwords_cannot,
            L.passwords_written,
            L.passwords_printed,
            L.password_prompt,
            L.serve_listening,
            L.serve_public,
        ] {
            assert_eq!(places(en), places(zh), "{en}");
        }
        for key in EVERY_SAY {
            let [en, zh] = key.words();
            assert!(!en.is_empty() && !zh.is_empty(), "{key:?}");
            assert_eq!(places(en), places(zh), "{key:?}: {en}");
        }
        assert_eq!(
            say(L.nothing_changed, Lang::Zh, &[("id", &"linhu-NC01")]),
            "linhu-NC01：无变化"
        );
    }

    /// The Chinese of a stage's message holds no English word beyond the places, the command
    /// lines and options it quotes, and names (ISO, PDF, UTF-8, file extensions).
    #[test]
    fn chinese_messages_have_no_english_words() {
        let allowed = [
            "ISO",
            "GB",
            "PDF",
            "CSV",
            "UTF",
            "XML",
            "JSON",
            "TOML",
            "zip",
            "xls",
            "xlsx",
            "ods",
            "Word",
            "WPS",
            "Office",
            "Excel",
            "OpenDocument",
            "MB",
            "AUDIT",
            "OFFICE",
            "DGZJ",
            "IA",
            "linhu",
            "isoaudit",
            "FFFD",
        ];
        for key in EVERY_SAY {
            let zh = key.words()[1];
            // Places, quoted commands and options, and file extensions are not prose.
            let mut prose = String::new();
            let mut depth = 0;
            let mut quoted = false;
            for c in zh.chars() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    '`' => quoted = !quoted,
                    _ if depth == 0 && !quoted => prose.push(c),
                    _ => {}
                }
            }
            for word in prose
                .split(|c: char| {
                    !c.is_ascii_alphanumeric()
                        && c != '.'
                        && c != '-'
                        && c != '['
                        && c != ']'
                        && c != '='
                        && c != '"'
                        && c != '<'
                        && c != '>'
                        && c != '/'
                })
                // A lone letter names something (ISO 27001's Annex A), it is no word.
                .filter(|w| w.chars().filter(|c| c.is_ascii_alphabetic()).count() > 1)
            {
                // A dotted token is a file name (result.json) or an extension (.docx).
                let ok = word.contains('.')
                    || word.starts_with("--")
                    || word.contains('=')
                    || word.contains('[')
                    || word.contains('/')
                    || word.contains('"')
                    || allowed
                        .iter()
                        .any(|a| word.trim_matches(['.', '-']).starts_with(a));
                assert!(ok, "{key:?}: English word {word:?} in {zh}");
            }
        }
    }
}
