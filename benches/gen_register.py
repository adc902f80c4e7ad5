#!/usr/bin/env python3
"""Result files for a large register: `gen_register.py OUT N` writes OUT/<audit>/<office>/result.json
for two audits (2025, 2026) of 20 offices, N findings in all, every finding of the 2026 audit
repeating a 2025 one (same office, same clause), so `actions stats` has repeats to find.
Used for docs/reliability-figures.md:

    python3 benches/gen_register.py /tmp/reg 100000
    isoaudit actions sync /tmp/reg --register /tmp/reg.db --today 2026-06-01 --quiet
    /usr/bin/time -v isoaudit actions stats --register /tmp/reg.db --today 2026-06-01 --json > /dev/null
    /usr/bin/time -v isoaudit actions export --register /tmp/reg.db --today 2026-06-01 -o /tmp/t.xlsx
"""
import json
import os
import sys

out, n = sys.argv[1], int(sys.argv[2])
audits = [("IA-2025", "2025-03-18"), ("IA-2026", "2026-03-18")]
offices = [f"o{i:02}" for i in range(20)]
clauses = ["4.1", "5.3", "6.1.2", "7.1.5.1", "7.2", "7.5.2", "7.5.3.1", "8.2.1", "8.4.1",
           "8.5.1", "8.5.2", "8.7.1", "9.1.1", "9.2.2", "9.3.1", "10.2.1"]
per = n // (len(audits) * len(offices))
for audit, date in audits:
    for office in offices:
        ncs = []
        for i in range(per):
            ncs.append({
                "id": f"{audit}-{office}-NC{i + 1:05}",
                "key": f"{office}{i:08x}",
                "clause": clauses[i % len(clauses)],
                "clause_title_en": "", "clause_title_zh": "",
                "grade": "major" if i % 7 == 0 else "minor",
                "evidence": f"抽查记录第{i}份", "statement": f"第{i}项不符合",
                "department": f"科室{i % 9}", "auditor": "李强", "date": date,
                "source": {"file": "检查表.xlsx", "sheet": "检查表", "line": i + 2},
            })
        r = {
            "schema_version": 1,
            "audit": {"audit_id": audit, "office_code": office, "office_name": office,
                      "start_date": date, "end_date": date},
            "checklists": ["检查表.xlsx"], "nonconformities": ncs, "observations": [],
            "systemic": [], "coverage": [], "not_audited": [], "candidate_gaps": [],
            "figures": {"rows": 0, "by_result": {}, "by_chapter": [], "by_department": []},
            "diagnostics": [],
        }
        d = os.path.join(out, audit, office)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "result.json"), "w", encoding="utf-8") as f:
            json.dump(r, f, ensure_ascii=False)
