//! The command line's own help in Chinese: one table of the Chinese words of every command and
//! argument of `cli.rs`, and `localize`, which puts them and Chinese headings into the clap
//! command before it parses. Parsing itself is the same command, so it behaves the same.

use clap::{Arg, ArgAction, Command};

/// A command's Chinese words; `path` is its names below the root ("" for the root itself).
struct CmdZh {
    path: &'static str,
    about: &'static str,
    after_help: Option<&'static str>,
    /// Argument groups, so the argument structs flattened into several commands are written once.
    args: &'static [&'static [ArgZh]],
}

/// An argument's Chinese help, by its clap id, with the help of its possible values.
struct ArgZh {
    id: &'static str,
    help: &'static str,
    values: &'static [(&'static str, &'static str)],
}

const fn a(id: &'static str, help: &'static str) -> ArgZh {
    ArgZh {
        id,
        help,
        values: &[],
    }
}

const fn v(
    id: &'static str,
    help: &'static str,
    values: &'static [(&'static str, &'static str)],
) -> ArgZh {
    ArgZh { id, help, values }
}

const JSON: ArgZh = a("json", "输出 JSON");

const REPORT_FORMATS: &[(&str, &str)] = &[
    ("docx", "Word：审核报告，每个不符合项一份表单"),
    ("html", "可在浏览器中直接打开的单个网页"),
];

const POLICY: &[ArgZh] = &[
    a("major", "严重不符合的完成期限天数（默认 30）"),
    a("minor", "一般不符合的完成期限天数（默认 60）"),
    a("observation", "按此天数跟踪观察项，或 `off`（默认 off）"),
    a("ofi", "按此天数跟踪改进机会，或 `off`（默认 off）"),
];

const PROGRAMME_INPUTS: &[ArgZh] = &[
    a("programme", "审核方案：programme.toml，或其所在文件夹"),
    a(
        "register",
        "纠正措施登记册，其中的审核和审核发现计入审核历史（文件不存在时不计）",
    ),
    a(
        "results",
        "`isoaudit audit` 写出的文件夹（或 result.json 文件），其中的审核也计入审核历史",
    ),
];

const TABLE: &[CmdZh] = &[
    CmdZh {
        path: "",
        about: "ISO 9001:2015 / GB/T 19001-2016 内部审核：条款、检查表、程序文件映射、不符合报告、纠正措施",
        after_help: Some(
            "示例：\n  isoaudit clauses show 7.5 --lang zh\n  isoaudit checklist new --scope 4-10 -o 内审检查表.xlsx\n  isoaudit map samples/bureau/offices/linhu/procedures\n  isoaudit audit samples/bureau -o out",
        ),
        args: &[&[
            a(
                "catalog",
                "使用此条款目录，代替内置的 ISO 9001:2015 条款目录",
            ),
            a(
                "lang",
                "输出的语言（默认：区域设置为 zh 时用中文，否则用英文）",
            ),
            a("quiet", "标准错误输出上不显示进度条和汇总"),
        ]],
    },
    CmdZh {
        path: "clauses",
        about: "浏览 ISO 9001:2015 条款目录（英文标题及 GB/T 19001-2016 标题）",
        after_help: Some(
            "示例：\n  isoaudit clauses\n  isoaudit clauses show 7.5 --lang zh\n  isoaudit clauses find 形成文件的信息\n  isoaudit clauses --from-2008 4.2.3\n  isoaudit clauses --json",
        ),
        args: &[&[
            a("from_2008", "ISO 9001:2008 条款号对应的 2015 版条款"),
            a("json", "输出 JSON（条款对象数组），不输出文本"),
        ]],
    },
    CmdZh {
        path: "clauses list",
        about: "列出条款树（默认）",
        after_help: None,
        args: &[],
    },
    CmdZh {
        path: "clauses show",
        about: "显示一个条款及其下级条款、成文信息和与 2008 版的对应关系",
        after_help: None,
        args: &[&[a("id", "条款号，如 7.5 或 8.5.1")]],
    },
    CmdZh {
        path: "clauses find",
        about: "在两种语言的条款号和标题中查找（形成文件的信息 = 成文信息 等同义词视为同一词）",
        after_help: None,
        args: &[&[a("text", "要查找的文字")]],
    },
    CmdZh {
        path: "checklist",
        about: "生成空白检查表工作簿，或检查已填写的检查表（xlsx、xls、ods、csv）",
        after_help: Some(
            "示例：\n  isoaudit checklist new --scope 4-10 --lang zh --office 临湖县局 --audit-id DGZJ-2026-IA01 --date 2026-03-16 -o 内审检查表.xlsx\n  isoaudit checklist new --scope 7.5,8.4,9.2 -o checklist.xlsx\n  isoaudit checklist check 内审检查表.xlsx anhe.csv\n  isoaudit checklist check samples/bureau/offices/*/checklists/* --json",
        ),
        args: &[],
    },
    CmdZh {
        path: "checklist new",
        about: "生成空白检查表：封面、审核范围内各条款的审核内容、填写说明",
        after_help: Some(
            "示例：\n  isoaudit checklist new -o checklist.xlsx\n  isoaudit checklist new --scope 7.5,8.4,9.2 --lang zh --office 临湖县局 -o 内审检查表.xlsx",
        ),
        args: &[&[
            a(
                "scope",
                "要审核的条款：范围（4-10、8.2-8.5）或列表（7.5,8.4,9.2），含下级条款",
            ),
            a("office", "受审核部门，显示在封面上"),
            a("audit_id", "审核编号，显示在封面上（如 DGZJ-2026-IA01）"),
            a("date", "审核日期，YYYY-MM-DD；同时记为工作簿的创建日期"),
            a("output", "要写入的工作簿（.xlsx）"),
            a("force", "输出文件已存在时覆盖"),
        ]],
    },
    CmdZh {
        path: "checklist check",
        about: "读取已填写的检查表，按文件、工作表和单元格报告每个问题，并汇总",
        after_help: Some(
            "退出状态：所有文件读取无误（允许有警告）时为 0，任一文件有错误时为 2。\n\n示例：\n  isoaudit checklist check 内审检查表.xlsx\n  isoaudit checklist check a.xlsx b.csv --json > checklists.json",
        ),
        args: &[&[
            a("files", "检查表文件：.xlsx、.xlsm、.xls、.ods、.csv、.tsv"),
            a(
                "json",
                "在标准输出上以 JSON 输出读取的检查表（汇总改为输出到标准错误）",
            ),
        ]],
    },
    CmdZh {
        path: "map",
        about: "将程序文件目录映射到 ISO 9001 条款，给出证据、覆盖情况和差距",
        after_help: Some(
            "示例：\n  isoaudit map samples/bureau/offices/linhu/procedures\n  isoaudit map procedures --format json -o mapping.json\n  isoaudit map procedures --format xlsx -o 映射.xlsx --lang zh\n  isoaudit map procedures --rules my-rules.toml\n  isoaudit map --print-terms > terms.txt\n\n修正：DIR 中的 isoaudit-overrides.toml（[[override]]，含 document、add、remove、by、why）\n为文件增删条款；map、report --docs 和 audit 将其显示为审核员已确认。",
        ),
        args: &[&[
            a(
                "dir",
                "程序文件目录（txt、md、csv、html、docx、odt、xlsx/xls/ods、pdf），逐级扫描；或单个文件",
            ),
            v(
                "format",
                "输出格式",
                &[
                    ("table", "在标准输出上显示的表格"),
                    (
                        "json",
                        "完整的映射结果：文件、覆盖情况、差距、无法读取的文件",
                    ),
                    ("md", "Markdown 表格"),
                    ("xlsx", "工作簿：文件×条款矩阵、差距、证据（须加 -o）"),
                ],
            ),
            a("output", "写入此文件，不输出到标准输出（xlsx 必须指定）"),
            a(
                "rules",
                "使用此映射规则，代替内置规则（参见 checklists/iso9001-2015/rules.toml）",
            ),
            a("force", "OUT 已存在时覆盖"),
            a(
                "print_terms",
                "逐行输出规则中的字面词语（供 `rg -c -F -f TERMS` 使用）后退出",
            ),
            a(
                "explain",
                "逐个文件显示未计入证据的格式性内容（页眉页脚、文件元数据、修订记录表）",
            ),
        ]],
    },
    CmdZh {
        path: "template",
        about: "将本工具默认的 Word 表单写成 .docx，供各局改成自己的表单（再在审核计划的 [templates] 中指定）",
        after_help: Some(
            "示例：\n  isoaudit template nc-reports --lang zh -o QR-08不符合报告.docx\n  isoaudit template audit-report -o audit-report.docx\n\n在 Word 或 WPS 中编辑表单（编号、标志、版式），保留其中的占位符（{{id}}、{{statement}} 等；\n{{#ncs/page}} … {{/ncs}} 为每个不符合项重复一页），并在审核计划中指定：\n  [templates]\n  nc_reports = \"QR-08不符合报告.docx\"\n  audit_report = \"内部审核报告.docx\"",
        ),
        args: &[&[
            v(
                "kind",
                "",
                &[
                    ("audit-report", "内部审核报告"),
                    ("nc-reports", "不符合报告：每个不符合项一页"),
                    (
                        "corrective-actions",
                        "纠正措施报告：每项纠正措施一页，取自登记册",
                    ),
                    (
                        "audit-programme",
                        "年度内部审核方案：全年的审核安排，取自 `programme plan`",
                    ),
                ],
            ),
            a("output", "要写入的 .docx 文件"),
            a("force", "FILE 已存在时覆盖"),
        ]],
    },
    CmdZh {
        path: "report",
        about: "根据已填写的检查表生成不符合报告（xlsx、Markdown、JSON）",
        after_help: Some(
            "示例：\n  isoaudit report checklists/*.csv --audit-id DGZJ-2026-IA01 --office linhu -o out\n  isoaudit report 内审检查表.csv --scope 7.5,8.4 --lang zh --format xlsx,md -o out --force\n  isoaudit report samples/bureau/offices/linhu/checklists/* --plan samples/bureau/audit.toml --office linhu --docs samples/bureau/offices/linhu/procedures -o out\n\n在 OUTDIR 中写入 nc-report.xlsx、report.md 和 result.json。检查表有错误时退出码为 2\n（报告仍列出能读取的内容，错误列在其“诊断信息”工作表中）。",
        ),
        args: &[&[
            a(
                "checklists",
                "已填写的检查表：xlsx、xlsm、xls、ods、csv 或 tsv，中文或英文表头",
            ),
            a(
                "scope",
                "审核范围内的条款，如 4-10 或 7.5,8.4（默认：整个标准）",
            ),
            a(
                "audit_id",
                "审核发现编号中的审核编号（默认：检查表中的编号，否则为 AUDIT）",
            ),
            a(
                "office",
                "审核发现编号中的单位代码，如 linhu（与 --plan 同用时：审核计划中该代码的单位）",
            ),
            a(
                "docs",
                "该单位的程序文件目录：对其进行映射，并将差距列为待确认的审核发现",
            ),
            a(
                "rules",
                "--docs 使用此映射规则，代替内置规则（默认：审核计划 [mapping] 中的规则）",
            ),
            a(
                "plan",
                "从此审核计划读取审核信息（编号、名称、审核准则、日期、审核组、范围、删减）",
            ),
            a("date", "审核日期 YYYY-MM-DD（默认：检查表记录的日期）"),
            v(
                "format",
                "要写入的文件（默认：审核计划 [output] 中的格式，否则为 xlsx,md,json）",
                REPORT_FORMATS,
            ),
            a("output", "输出文件夹（不存在时创建）"),
            a("force", "覆盖 OUTDIR 中已有的报告"),
        ]],
    },
    CmdZh {
        path: "audit",
        about: "一次审核审核计划中的全部单位：各单位的报告，另加一份汇总",
        after_help: Some(
            "示例：\n  isoaudit audit samples/bureau -o out\n  isoaudit audit plan.toml -o out --fail-on major --force\n  isoaudit audit samples/bureau -o out --register isoaudit.db\n\n为每个单位写入 OUTDIR/<单位代码>/{nc-report.xlsx,report.md,result.json}，为全局写入\nOUTDIR/summary.xlsx 和 OUTDIR/summary.md。\n退出码：0 无问题；1 --fail-on 门限发现了审核发现；2 有输入无法读取。",
        ),
        args: &[&[
            a("plan", "审核计划文件（audit.toml），或其所在文件夹"),
            a(
                "output",
                "输出文件夹（默认：审核计划 [output] 中的 dir，否则为 ./out）",
            ),
            v(
                "fail_on",
                "存在该级别的审核发现且没有其他失败时，退出码为 1（优先于 [gate]）",
                &[
                    ("major", "任一严重不符合"),
                    ("minor", "任一不符合，严重或一般"),
                    ("any", "任一审核发现，包括观察项和改进机会"),
                ],
            ),
            v(
                "format",
                "每个单位要写入的文件（默认：审核计划 [output] 中的格式，否则为全部）",
                REPORT_FORMATS,
            ),
            a(
                "rules",
                "使用此映射规则，代替内置规则（默认：审核计划 [mapping] 中的规则）",
            ),
            a("force", "覆盖 OUTDIR 中已有的报告"),
            a(
                "register",
                "将各单位的不符合项同步到此纠正措施登记册：SQLite 文件或 postgres:// URL（优先于审核计划 [register] 中的 path）",
            ),
            a("today", "登记册历史记录中记录的日期（默认：系统日期）"),
            a("by", "同步人，记入登记册历史记录（默认：操作系统用户）"),
        ]],
    },
    CmdZh {
        path: "actions",
        about: "纠正措施登记册：根据审核结果提出纠正措施，跟踪至验证有效后关闭",
        after_help: Some(
            "示例：\n  isoaudit actions sync out/linhu/result.json\n  isoaudit actions list --overdue --today 2026-05-01\n  isoaudit actions update linhu-NC01 --owner 张伟 --correction … --root-cause … --action …\n  isoaudit actions implement linhu-NC01 --note \"新版受理登记表已启用\"\n  isoaudit actions verify linhu-NC01 --effective --method \"抽查5月案卷\"\n  isoaudit actions close linhu-NC01\n  isoaudit actions stats --json\n  isoaudit actions export -o tracker.xlsx\n  isoaudit actions import tracker.xlsx --dry-run",
        ),
        args: &[&[
            a(
                "register",
                "登记册：SQLite 文件，或 PostgreSQL URL（postgres://USER@HOST:PORT/DATABASE，密码放在 PGPASSWORD 中）。不存在时由 `sync` 或 `policy` 创建",
            ),
            a("by", "操作人，记入历史记录（默认：操作系统用户）"),
            a(
                "today",
                "办理和计算所依据的日期，YYYY-MM-DD（默认：系统日期）",
            ),
        ]],
    },
    CmdZh {
        path: "actions sync",
        about: "为 result.json 文件（或其所在文件夹）中的每个不符合项提出一项纠正措施；重复运行结果不变",
        after_help: None,
        args: &[
            &[a(
                "files",
                "result.json 文件，或从中查找 result.json 的文件夹",
            )],
            POLICY,
        ],
    },
    CmdZh {
        path: "actions policy",
        about: "显示或修改登记册的完成期限政策",
        after_help: None,
        args: &[POLICY, &[JSON]],
    },
    CmdZh {
        path: "actions list",
        about: "列出纠正措施，可筛选",
        after_help: None,
        args: &[&[
            a(
                "status",
                "只列这些状态（可重复或以逗号分隔）：open、planned、implemented、verified、closed、cancelled",
            ),
            a("overdue", "只列已过完成期限且尚未实施的"),
            a("office", "只列此单位（代码，如 linhu）"),
            a("clause", "只列此条款及其下级条款（7.5 包括 7.5.3）"),
            a("owner", "只列责任人包含此文字的"),
            a("audit", "只列此审核编号的"),
            JSON,
        ]],
    },
    CmdZh {
        path: "actions show",
        about: "显示一项纠正措施及其审核发现和全部历史记录",
        after_help: None,
        args: &[&[
            a(
                "id",
                "纠正措施编号（即审核发现编号），或其唯一的结尾部分，如 linhu-NC01",
            ),
            JSON,
        ]],
    },
    CmdZh {
        path: "actions update",
        about: "填写责任人、完成期限、纠正、原因分析或纠正措施（后三项都填写后为“已制定措施”）",
        after_help: None,
        args: &[&[
            a("action", "纠正措施"),
            a("note", "修改理由（记入历史记录）"),
        ]],
    },
    CmdZh {
        path: "actions implement",
        about: "记录已制定的纠正措施已经实施",
        after_help: None,
        args: &[&[a("note", "做了什么，证据在何处")]],
    },
    CmdZh {
        path: "actions verify",
        about: "记录已实施纠正措施的有效性验证",
        after_help: None,
        args: &[&[
            a("effective", "有效：纠正措施变为已验证，可以关闭"),
            a("ineffective", "无效：纠正措施重新打开，并设定新的完成期限"),
            a(
                "method",
                "有效性的验证方法（查阅记录、再次审核、抽查案卷等）",
            ),
            a(
                "due",
                "无效时的新完成期限（默认：今天加上政策中该性质的天数）",
            ),
        ]],
    },
    CmdZh {
        path: "actions close",
        about: "关闭已验证有效的纠正措施",
        after_help: None,
        args: &[],
    },
    CmdZh {
        path: "actions cancel",
        about: "取消纠正措施（误提、已被替代等）；记录保留，从不删除",
        after_help: None,
        args: &[],
    },
    CmdZh {
        path: "actions stats",
        about: "各单位及全局的统计：未关闭、已逾期、时长分布、关闭用时、有效性、重复发生",
        after_help: None,
        args: &[&[JSON]],
    },
    CmdZh {
        path: "actions export",
        about: "导出未关闭纠正措施的 Excel 跟踪表，供各部门填写",
        after_help: None,
        args: &[&[
            a(
                "ids",
                "与 --format docx 同用：要写纠正措施报告的纠正措施（编号或唯一的结尾部分）；不写则为全部",
            ),
            a(
                "format",
                "xlsx：供各部门填写的跟踪表；docx：纠正措施报告，每项一页",
            ),
            a(
                "template",
                "本局自己的纠正措施报告表单（参见 `isoaudit template corrective-actions`）",
            ),
            a("force", "文件已存在时覆盖"),
        ]],
    },
    CmdZh {
        path: "actions remind",
        about: "向每个有逾期纠正措施的部门发出一份逾期通知：在 OUTDIR 中写入每个部门一个工作表的工作簿，和每个部门一页的 Word 通知",
        after_help: None,
        args: &[&[
            a("as_of", "按此日期计算逾期（默认：--today，否则为系统日期）"),
            a("force", "覆盖先前生成的通知"),
        ]],
    },
    CmdZh {
        path: "actions import",
        about: "读回已填写的跟踪表：逐行校验，应用修改，拒绝有冲突的行",
        after_help: None,
        args: &[&[a("dry_run", "只检查和报告，不作修改")]],
    },
    CmdZh {
        path: "actions migrate",
        about: "将整个登记册复制到新的空登记册（SQLite 文件复制到 PostgreSQL，或反向），并将副本中的每次审核、每项审核发现、纠正措施和历史记录与原登记册逐一比对",
        after_help: Some(
            "示例：\n  PGPASSWORD=… isoaudit actions migrate --from isoaudit.db --to postgres://quality@db.example/isoaudit\n  isoaudit actions migrate --from postgres://quality@db.example/isoaudit --to backup.db",
        ),
        args: &[&[
            a("from", "要复制的登记册：SQLite 文件或 postgres:// URL"),
            a(
                "to",
                "要创建的登记册：新的 SQLite 文件，或空的 PostgreSQL 数据库",
            ),
            a("dry_run", "复制并比对，然后回滚副本"),
        ]],
    },
    CmdZh {
        path: "review",
        about: "根据登记册和单位的指标，生成某一期间的管理评审输入：审核结果、不符合项和纠正措施、指标、改进机会",
        after_help: Some(
            "示例：\n  isoaudit review --from 2026-01-01 --to 2026-12-31 -o review-2026\n  isoaudit review --from 2026-01-01 --to 2026-06-30 --indicators 指标.csv --lang zh -o out\n  isoaudit review --from 2026-01-01 --to 2026-12-31 --previous-from 2024-01-01 --previous-to 2024-12-31 -o out --force\n\n写入 OUTDIR/管理评审输入.xlsx（--lang en 时为 management-review-input.xlsx）、OUTDIR/review.md\n和 OUTDIR/review.json。对比期间默认为紧接其前、长度相同的期间。\n退出码：0 正常；2 有输入有错误（其余内容仍已写入）或参数有误。",
        ),
        args: &[&[
            a("from", "期间的第一天，YYYY-MM-DD"),
            a("to", "期间的最后一天，YYYY-MM-DD"),
            a(
                "previous_from",
                "对比期间的第一天（默认：紧接 --from 之前、长度相同的期间）",
            ),
            a("previous_to", "对比期间的最后一天"),
            a(
                "indicators",
                "监视和测量结果：CSV 或工作簿，列为 indicator,period,value,target（或 指标,期间,数值,目标值）",
            ),
            a(
                "register",
                "登记册：SQLite 文件，或 PostgreSQL URL（postgres://USER@HOST/DATABASE）",
            ),
            a("output", "写入的文件夹（不存在时创建）"),
            a("force", "覆盖该文件夹中先前评审的文件"),
        ]],
    },
    CmdZh {
        path: "review record",
        about: "将管理评审的一项决定（ISO 9001 9.3.3）作为来源为“管理评审”的纠正措施记入登记册，与其他纠正措施一样跟踪；下次管理评审将其列出",
        after_help: Some(
            "示例：\n  isoaudit review record --review MR-2026 --office hq --date 2026-12-28 --decision \"在全局推行电子档案系统\" --owner 办公室 --due 2027-06-30\n  isoaudit review record --review MR-2026 --office hq --date 2026-12-28 --sheet 管理评审决定.xlsx\n  isoaudit actions list --owner 办公室\n\n该决定在登记册中的编号为 <review>-<office>-MR<nn>：`isoaudit actions show MR01`。",
        ),
        args: &[&[
            a("review", "管理评审编号，如 MR-2026（不是审核编号）"),
            a("office", "进行管理评审的单位（代码）"),
            a("date", "管理评审日期，YYYY-MM-DD"),
            a("decision", "决定的内容"),
            a("owner", "责任人"),
            a("due", "完成期限，YYYY-MM-DD"),
            a(
                "sheet",
                "改为读取管理评审决定表（CSV 或工作簿；表头为 decision,owner,due,department,clause 或 决定,责任人,完成期限,部门,条款）；再次读取时只记录尚未记录的决定",
            ),
            a("clause", "所对应的条款"),
            a("department", "涉及的部门"),
            a("register", "登记册文件（SQLite）；不存在时创建"),
            a("by", "记录人（默认：操作系统用户）"),
            a("today", "历史记录中记录的日期（默认：系统日期）"),
        ]],
    },
    CmdZh {
        path: "programme",
        about: "审核方案（programme.toml）：各单位、部门和条款在本周期内的应审情况，以及由独立审核员承担的年度审核安排建议",
        after_help: Some(
            "示例：\n  isoaudit programme status samples/bureau --as-of 2026-12-31\n  isoaudit programme status samples/bureau --register isoaudit.db -o status --lang zh\n  isoaudit programme plan samples/bureau --year 2027 -o plan-2027\n\n审核方案即 programme.toml（参见 samples/bureau/programme.toml）。审核历史取自\n登记册（--register）、审核方案 [history] 指定的审核计划，以及 --results 文件夹。",
        ),
        args: &[],
    },
    CmdZh {
        path: "programme status",
        about: "按单位×部门×条款：上次审核时间及结果，本周期内应审或已逾期；覆盖率（百分比）。输出摘要，或用 -o 写入工作簿、Markdown 和 JSON",
        after_help: Some(
            "示例：\n  isoaudit programme status samples/bureau --as-of 2026-12-31\n  isoaudit programme status programme.toml --json > status.json\n  isoaudit programme status samples/bureau -o status --force\n\n用 -o 时写入 OUTDIR/审核覆盖矩阵.xlsx（--lang en 时为 audit-coverage.xlsx）、\nprogramme-status.md 和 programme-status.json。输入有错误时退出码为 2。",
        ),
        args: &[
            PROGRAMME_INPUTS,
            &[
                a(
                    "as_of",
                    "报告所依据的日期（默认：系统日期）；此日期之后的审核历史不计",
                ),
                a("json", "在标准输出上以 JSON 输出状态"),
                a(
                    "output",
                    "写入工作簿、Markdown 和 JSON 的文件夹（不存在时创建）",
                ),
                a("force", "覆盖该文件夹中先前的状态文件"),
            ],
        ],
    },
    CmdZh {
        path: "programme plan",
        about: "提出年度审核安排（单位、部门、条款、月份、审核员），写出年度内部审核方案，并为每次审核写一个 audit.toml",
        after_help: Some(
            "示例：\n  isoaudit programme plan samples/bureau --year 2027 -o plan-2027\n  isoaudit programme plan programme.toml --year 2027 --register isoaudit.db -o plan-2027 --lang zh\n\n写入 OUTDIR/年度内部审核方案.xlsx（--lang en 时为 annual-audit-programme.xlsx）、programme-plan.md、\nprogramme-plan.json 和 OUTDIR/plans/<审核编号>/audit.toml。已存在的审核计划文件无论是否加\n--force 都不覆盖：其中可能有审核组的修改。",
        ),
        args: &[
            PROGRAMME_INPUTS,
            &[
                a("year", "要安排的年度"),
                a("output", "写入的文件夹（不存在时创建）"),
                a(
                    "template",
                    "本局自己的年度内部审核方案表单（参见 `isoaudit template audit-programme`）",
                ),
                a(
                    "force",
                    "覆盖先前方案的工作簿、Word 文件、Markdown 和 JSON（从不覆盖 audit.toml 文件）",
                ),
            ],
        ],
    },
    CmdZh {
        path: "users",
        about: "可使用 `isoaudit serve` 的人员：添加、修改密码、停用、列出",
        after_help: Some(
            "示例：\n  isoaudit users add zhangwei --role dept-owner --office linhu --department 行政许可股\n  isoaudit users add wangfang --role auditor --office linhu\n  isoaudit users add liqiang --role quality-manager            （不加 --office：全局）\n  printf '%s\\n' \"$PASSWORD\" | isoaudit users passwd zhangwei\n  isoaudit users disable zhangwei\n  isoaudit users list\n\n密码在终端上输入（两次）；标准输入不是终端时，读取其第一行。密码从不作为参数，\n因此不会留在 shell 的历史记录中。",
        ),
        args: &[&[a("register", "登记册文件（SQLite）")]],
    },
    CmdZh {
        path: "users add",
        about: "添加用户（需输入密码）",
        after_help: None,
        args: &[&[
            a("name", "登录名"),
            a("role", "dept-owner、auditor、quality-manager 或 reader"),
            a("office", "用户负责的单位代码（默认：所有单位）"),
            a(
                "department",
                "dept-owner 处理其纠正措施的部门（名称与审核发现一致）",
            ),
            a("page_lang", "用户页面的语言"),
            a(
                "display_name",
                "检查表中该用户的姓名（`陈静`）：审核员可看到审核员为此姓名的审核发现（默认：登录名）",
            ),
        ]],
    },
    CmdZh {
        path: "users import",
        about: "添加用户文件（samples/bureau/users.toml）中尚未在登记册中的用户，各配一个只显示一次的随机初始密码；已在登记册中的用户保持不变",
        after_help: None,
        args: &[&[
            a(
                "file",
                "用户文件：每个用户一个 [[user]] 表（name、role、office、department、display_name、lang）",
            ),
            a(
                "passwords_out",
                "将初始密码写入此新文件（权限 0600；从不覆盖），不输出到标准输出",
            ),
        ]],
    },
    CmdZh {
        path: "users passwd",
        about: "设置新密码（需输入）；同时解除停用",
        after_help: None,
        args: &[],
    },
    CmdZh {
        path: "users disable",
        about: "停用用户：不能再登录，已登录的会话在下次请求时结束",
        after_help: None,
        args: &[],
    },
    CmdZh {
        path: "users list",
        about: "列出全部用户及其角色、单位和部门",
        after_help: None,
        args: &[],
    },
    CmdZh {
        path: "serve",
        about: "以网页提供登记册：各部门更新本部门的纠正措施，审核员验证，质量负责人查看总览",
        after_help: Some(
            "示例：\n  isoaudit serve --register isoaudit.db\n  isoaudit serve --register isoaudit.db --listen 0.0.0.0:8080 --behind-proxy\n\n用户由 `isoaudit users add` 添加；没有默认账户。不加 --behind-proxy 时服务器只监听本机回环\n地址：要通过网络访问，必须置于提供 TLS 的反向代理之后（会话 Cookie 随之标记为 Secure）。",
        ),
        args: &[&[
            a("register", "登记册文件（SQLite）"),
            a("listen", "监听的地址和端口"),
            a(
                "behind_proxy",
                "前面有终结 TLS 的反向代理：允许监听本机回环以外的地址，Cookie 标记为 Secure，客户端地址取代理的 X-Forwarded-For",
            ),
            a(
                "session_seconds",
                "登录后会话的有效时长，单位为秒（默认：八小时）",
            ),
            a(
                "today",
                "计算完成期限和记录修改所依据的日期（默认：每天的系统日期）",
            ),
            a(
                "max_upload_mb",
                "可接受的最大证据文件，单位为 MB（按内容存放在登记册旁的 DB.files/ 中）",
            ),
        ]],
    },
];

/// clap's own words, in Chinese: the sections are the headings given to every argument.
const COMMANDS: &str = "命令";
const ARGUMENTS: &str = "参数";
const OPTIONS: &str = "选项";
const HELP_ABOUT: &str = "显示本帮助，或所给子命令的帮助";

fn entry(path: &str) -> Option<&'static CmdZh> {
    TABLE.iter().find(|c| c.path == path)
}

fn arg_entry(cmd: Option<&'static CmdZh>, id: &str) -> Option<&'static ArgZh> {
    cmd?.args.iter().flat_map(|g| g.iter()).find(|a| a.id == id)
}

/// The command with Chinese help: the table's words, Chinese headings and clap's own flags and
/// `help` subcommands in Chinese. It comes back built, so nothing clap adds later is English.
pub fn localize(cmd: Command) -> Command {
    let mut cmd = localize_tree(cmd, "").disable_version_flag(true).arg(
        Arg::new("version")
            .short('V')
            .long("version")
            .action(ArgAction::Version)
            .help("显示版本")
            .help_heading(OPTIONS)
            .display_order(1000),
    );
    // clap makes the `help` subcommands and the usage lines only when it builds the tree.
    cmd.build();
    localize_help_subcommands(&mut cmd);
    localize_usage(&mut cmd);
    cmd
}

/// The help template of each command with clap's usage line in it, `[选项]` for its `[OPTIONS]`
/// and continuation lines under the first; written out rather than set as `override_usage`, so
/// the usage of clap's error messages stays the one fitted to what was typed.
fn localize_usage(cmd: &mut Command) {
    let usage = cmd.render_usage().to_string();
    let usage = usage_words(usage.strip_prefix("Usage: ").unwrap_or(&usage));
    let template = format!(
        "{{before-help}}{{about-with-newline}}\n用法: {usage}\n\n{{all-args}}{{after-help}}"
    );
    *cmd = std::mem::take(cmd).help_template(template);
    for sub in cmd.get_subcommands_mut() {
        localize_usage(sub);
    }
}

/// The table's words for `cmd` at `path` and below, clap's headings and notes in Chinese, and
/// a Chinese `--help` flag on each command.
fn localize_tree(mut cmd: Command, path: &str) -> Command {
    let zh = entry(path);
    if let Some(zh) = zh {
        cmd = cmd.about(zh.about);
        if let Some(after) = zh.after_help {
            cmd = cmd.after_help(after);
        }
    }
    let long = cmd.get_arguments().any(has_value_help);
    // `mut_args` keeps the arguments in place: positionals are numbered by their order.
    cmd = cmd.mut_args(|arg| {
        let t = arg_entry(zh, arg.get_id().as_str());
        localize_arg(arg, t)
    });
    let help = Arg::new("help")
        .short('h')
        .long("help")
        .action(ArgAction::Help)
        .help_heading(OPTIONS)
        .display_order(999);
    let help = if long {
        help.help("显示帮助（--help 显示详细帮助）")
            .long_help("显示帮助（-h 显示摘要）")
    } else {
        help.help("显示帮助")
    };
    cmd = headings(cmd.disable_help_flag(true).arg(help));
    cmd.mut_subcommands(|sub| {
        let p = if path.is_empty() {
            sub.get_name().to_string()
        } else {
            format!("{path} {}", sub.get_name())
        };
        localize_tree(sub, &p)
    })
}

/// clap's usage after its heading, in Chinese: `[选项]` for `[OPTIONS]`, and continuation lines
/// under the first (the Chinese heading, 用法: or 用法：, is six columns where `Usage: ` is seven).
pub(crate) fn usage_words(usage: &str) -> String {
    usage
        .replace("[OPTIONS]", "[选项]")
        .replace("\n       ", "\n      ")
}

fn headings(cmd: Command) -> Command {
    cmd.subcommand_help_heading(COMMANDS)
        .subcommand_value_name(COMMANDS)
}

/// The `help` subcommands of the built tree, and the copies of the tree they hold.
fn localize_help_subcommands(cmd: &mut Command) {
    for sub in cmd.get_subcommands_mut() {
        if sub.get_name() == "help" {
            *sub = help_tree(std::mem::take(sub));
        } else {
            localize_help_subcommands(sub);
        }
    }
}

/// A copy of the tree under a `help` subcommand: Chinese headings, and its own `help` said so.
fn help_tree(cmd: Command) -> Command {
    let cmd = if cmd.get_name() == "help" {
        cmd.about(HELP_ABOUT)
    } else {
        cmd
    };
    headings(cmd).mut_subcommands(help_tree)
}

fn has_value_help(arg: &Arg) -> bool {
    arg.get_possible_values()
        .iter()
        .any(|pv| !pv.is_hide_set() && pv.get_help().is_some())
}

/// An argument with its Chinese help under a Chinese heading, and its environment variable,
/// default and possible values said in Chinese where clap would say them in English.
fn localize_arg(arg: Arg, zh: Option<&ArgZh>) -> Arg {
    let heading = if arg.is_positional() {
        ARGUMENTS
    } else {
        OPTIONS
    };
    let help = match zh {
        Some(t) => t.help.to_string(),
        None => arg.get_help().map(|h| h.to_string()).unwrap_or_default(),
    };
    let takes = arg.get_action().takes_values();
    let mut notes = Vec::new();
    if let Some(env) = arg.get_env().filter(|_| !arg.is_hide_env_set()) {
        notes.push(format!("[环境变量: {}]", env.to_string_lossy()));
    }
    let defaults: Vec<_> = arg
        .get_default_values()
        .iter()
        .map(|d| d.to_string_lossy())
        .filter(|d| !d.is_empty())
        .collect();
    // A flag's default (false) says nothing; an empty default only that the option is optional.
    if takes && !arg.is_hide_default_value_set() && !defaults.is_empty() {
        notes.push(format!("[默认: {}]", defaults.join(", ")));
    }
    let values: Vec<_> = arg
        .get_possible_values()
        .into_iter()
        .filter(|pv| !pv.is_hide_set())
        .collect();
    let show_values = takes && !values.is_empty() && !arg.is_hide_possible_values_set();
    let mut short = help.clone();
    for n in &notes {
        push_note(&mut short, n, " ");
    }
    if show_values {
        let names: Vec<_> = values.iter().map(|pv| pv.get_name()).collect();
        push_note(&mut short, &format!("[可选值: {}]", names.join(", ")), " ");
    }
    // clap refuses these settings on a flag, and has nothing of its own to say there.
    let hide = takes;
    let hide_env = arg.get_env().is_some();
    let mut arg = arg
        .help_heading(heading)
        .hide_env(hide_env)
        .hide_default_value(hide)
        .hide_possible_values(hide)
        .help(short);
    if show_values && values.iter().any(|pv| pv.get_help().is_some()) {
        let width = values
            .iter()
            .map(|pv| pv.get_name().len())
            .max()
            .unwrap_or(0);
        let mut list = String::from("可选值:");
        for pv in &values {
            let name = format!("{}:", pv.get_name());
            let said = zh
                .and_then(|t| t.values.iter().find(|(n, _)| *n == pv.get_name()))
                .map(|(_, h)| h.to_string())
                .or_else(|| pv.get_help().map(|h| h.to_string()))
                .unwrap_or_default();
            list.push_str(&format!("\n- {name:<w$} {said}", w = width + 1));
        }
        let mut long = help;
        push_note(&mut long, &list, "\n\n");
        for n in &notes {
            push_note(&mut long, n, "\n\n");
        }
        arg = arg.long_help(long);
    }
    arg
}

fn push_note(s: &mut String, note: &str, sep: &str) {
    if !s.is_empty() {
        s.push_str(sep);
    }
    s.push_str(note);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Cli;
    use clap::{CommandFactory, Parser};

    /// Every command of `cmd` and below with its path, as the table names it.
    fn commands(cmd: &Command, path: String, out: &mut Vec<(String, Command)>) {
        for sub in cmd.get_subcommands() {
            let p = if path.is_empty() {
                sub.get_name().to_string()
            } else {
                format!("{path} {}", sub.get_name())
            };
            commands(sub, p, out);
        }
        out.push((path, cmd.clone()));
    }

    fn english() -> Vec<(String, Command)> {
        let mut out = Vec::new();
        commands(&Cli::command(), String::new(), &mut out);
        out
    }

    #[test]
    fn every_english_help_has_its_chinese_in_the_table() {
        for (path, cmd) in english() {
            let zh = entry(&path).unwrap_or_else(|| panic!("no table entry for `{path}`"));
            assert!(cmd.get_about().is_some() && !zh.about.is_empty(), "{path}");
            // The table has no long texts because cli.rs has none; one there needs one here.
            assert!(cmd.get_long_about().is_none(), "{path}: long_about");
            assert_eq!(
                cmd.get_after_help().is_some(),
                zh.after_help.is_some(),
                "{path}: after_help"
            );
            for arg in cmd.get_arguments() {
                let id = arg.get_id().as_str();
                assert!(arg.get_long_help().is_none(), "{path} {id}: long_help");
                if arg.get_help().is_some() {
                    let t = arg_entry(Some(zh), id)
                        .unwrap_or_else(|| panic!("no Chinese help for `{path}` {id}"));
                    assert!(!t.help.is_empty(), "{path} {id}");
                }
                for pv in arg.get_possible_values() {
                    if pv.get_help().is_some() {
                        let t = arg_entry(Some(zh), id);
                        assert!(
                            t.is_some_and(|t| t.values.iter().any(|(n, _)| *n == pv.get_name())),
                            "no Chinese help for `{path}` {id} {}",
                            pv.get_name()
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn every_table_entry_names_a_real_command_and_argument() {
        let english = english();
        for (i, zh) in TABLE.iter().enumerate() {
            assert!(
                TABLE[..i].iter().all(|c| c.path != zh.path),
                "`{}` twice",
                zh.path
            );
            let (_, cmd) = english
                .iter()
                .find(|(p, _)| p == zh.path)
                .unwrap_or_else(|| panic!("the table names no command: `{}`", zh.path));
            let mut ids = Vec::new();
            for t in zh.args.iter().flat_map(|g| g.iter()) {
                assert!(!ids.contains(&t.id), "`{}` {} twice", zh.path, t.id);
                ids.push(t.id);
                let arg = cmd
                    .get_arguments()
                    .find(|a| a.get_id() == t.id)
                    .unwrap_or_else(|| panic!("`{}` has no argument {}", zh.path, t.id));
                assert_eq!(
                    arg.get_help().is_some(),
                    !t.help.is_empty(),
                    "`{}` {}: Chinese help where the English has none, or none where it has",
                    zh.path,
                    t.id
                );
                for (name, _) in t.values {
                    let pv = arg.get_possible_values();
                    assert!(
                        pv.iter()
                            .any(|pv| pv.get_name() == *name && pv.get_help().is_some()),
                        "`{}` {}: no value {name} with an English help",
                        zh.path,
                        t.id
                    );
                }
            }
        }
    }

    /// Each English help sentence, to be absent from the Chinese help.
    fn english_sentences() -> Vec<String> {
        let mut out = Vec::new();
        for (_, cmd) in english() {
            out.extend(cmd.get_about().map(|s| s.to_string()));
            for arg in cmd.get_arguments() {
                out.extend(arg.get_help().map(|s| s.to_string()));
                for pv in arg.get_possible_values() {
                    out.extend(pv.get_help().map(|s| s.to_string()));
                }
            }
        }
        out.extend(
            [
                "Usage:",
                "Commands:",
                "Options:",
                "Arguments:",
                "Print help",
                "Print version",
                "Print this message",
                "Possible values",
                "possible values",
                "[default:",
                "[env:",
                "Examples:",
                "<COMMAND>",
                "[OPTIONS]",
            ]
            .map(String::from),
        );
        out
    }

    #[test]
    fn no_english_in_any_chinese_help() {
        let english = english_sentences();
        let mut all = Vec::new();
        commands(&localize(Cli::command()), String::new(), &mut all);
        assert!(all.iter().any(|(p, _)| p == "help"));
        for (path, mut cmd) in all {
            for text in [cmd.render_help(), cmd.render_long_help()] {
                let text = text.to_string();
                assert!(text.contains("用法: "), "{path}:\n{text}");
                for e in &english {
                    assert!(!text.contains(e.as_str()), "`{path}` says {e:?}:\n{text}");
                }
            }
        }
    }

    #[test]
    fn the_chinese_command_parses_as_the_english_one() {
        let lines: &[&[&str]] = &[
            &["map", "procedures", "--format", "json", "-o", "m.json"],
            &[
                "--lang", "zh", "report", "a.csv", "-o", "out", "--format", "xlsx,md",
            ],
            &[
                "actions",
                "--register",
                "r.db",
                "list",
                "--overdue",
                "--status",
                "open",
            ],
            &[
                "actions",
                "verify",
                "X-NC01",
                "--effective",
                "--today",
                "2026-05-01",
            ],
            &[
                "review",
                "--from",
                "2026-01-01",
                "--to",
                "2026-12-31",
                "-o",
                "out",
            ],
            &[
                "review",
                "record",
                "--review",
                "MR-1",
                "--office",
                "hq",
                "--date",
                "2026-12-28",
                "--sheet",
                "s.csv",
            ],
            &["programme", "plan", "--year", "2027", "-o", "p"],
            &["clauses", "show", "7.5", "--json"],
            &["template", "nc-reports", "-o", "f.docx", "-q"],
            &[
                "users",
                "add",
                "zw",
                "--role",
                "auditor",
                "--page-lang",
                "en",
            ],
            &["serve", "--listen", "0.0.0.0:1"],
            // Errors: the same kind in both.
            &["map"],
            &["review", "--from", "2026-01-01"],
            &["actions", "verify", "X", "--effective", "--ineffective"],
            &["map", "d", "--format", "pdf"],
            &["nosuch"],
            &["programme", "plan", "--year", "99999", "-o", "p"],
            &["--help"],
            &["map", "-h"],
            &["--version"],
        ];
        for line in lines {
            let args: Vec<&str> = std::iter::once("isoaudit")
                .chain(line.iter().copied())
                .collect();
            let en = Cli::try_parse_from(&args);
            let mut zh_cmd = localize(Cli::command());
            let zh = zh_cmd
                .try_get_matches_from_mut(&args)
                .and_then(|m| <Cli as clap::FromArgMatches>::from_arg_matches(&m));
            match (en, zh) {
                (Ok(e), Ok(z)) => assert_eq!(format!("{e:?}"), format!("{z:?}"), "{line:?}"),
                (Err(e), Err(z)) => assert_eq!(e.kind(), z.kind(), "{line:?}"),
                (e, z) => panic!("{line:?}: {e:?} against {z:?}"),
            }
        }
    }
}
