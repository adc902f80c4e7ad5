#!/usr/bin/env python3
"""A large audit programme and its history: `gen_programme.py OUT OFFICES YEARS` writes
OUT/programme.toml (OFFICES offices of 10 departments each, 8 auditors per 10 offices) and
OUT/results/<year>/<office>/result.json: one audit a year per office, each department judged
on a seeded third of its clauses, one finding in twelve a nonconformity (one in ten of those
major). Seeded: the same arguments give the same files. Used by benches/programme.sh.
"""
import json
import os
import random
import sys

out, n_offices, years = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(9001)
clauses = ["4.1", "4.2", "4.3", "4.4", "5.1", "5.2", "5.3", "6.1", "6.2", "6.3", "7.1", "7.2",
           "7.3", "7.4", "7.5", "8.1", "8.2", "8.4", "8.5", "8.6", "8.7", "9.1", "9.2", "9.3",
           "10.1", "10.2", "10.3"]
offices = [f"o{i:03}" for i in range(n_offices)]
depts = [f"科室{j}" for j in range(10)]
os.makedirs(out, exist_ok=True)
with open(os.path.join(out, "programme.toml"), "w", encoding="utf-8") as f:
    f.write('[programme]\ntitle = "bench"\naudit_prefix = "B"\nstart = 2015-01-01\n'
            'cycle_months = 12\nclauses = "4-10"\nexclusions = ["8.3"]\n\n'
            '[risk]\nmajor_months = 6\nineffective_months = 6\n\n')
    for o in offices:
        f.write(f'[[office]]\ncode = "{o}"\ndepartments = {json.dumps(depts, ensure_ascii=False)}\n\n')
    for i in range(max(8, n_offices * 8 // 10)):
        o = offices[i % n_offices]
        f.write(f'[[auditor]]\nname = "审核员{i:03}"\noffice = "{o}"\ndepartment = "{depts[i % 10]}"\n'
                f'lead = {"true" if i % 4 == 0 else "false"}\n\n')
    f.write('[history]\nresults = ["results"]\n')
for y in range(2026 - years, 2026):
    for o in offices:
        date = f"{y}-{rng.randint(1, 12):02}-{rng.randint(1, 28):02}"
        by_dept, ncs, n = [], [], 0
        for d in depts:
            judged = sorted(rng.sample(clauses, 9), key=lambda c: [int(x) for x in c.split(".")])
            by_dept.append({"key": d, "audited": 9, "conform": 9, "minor": 0, "major": 0,
                            "observation": 0, "ofi": 0, "rate": None,
                            "auditors": [f"审核员{rng.randint(0, 7):03}"], "clauses": judged})
            for c in judged:
                if rng.random() < 1 / 12:
                    n += 1
                    ncs.append({"id": f"B-{y}-{o}-NC{n:03}", "clause": c, "clause_title_en": "",
                                "clause_title_zh": "", "grade": "major" if rng.random() < 0.1 else "minor",
                                "evidence": "e", "statement": "s", "department": d, "auditor": "a",
                                "source": {"file": "x.xlsx"}})
        r = {"schema_version": 1,
             "audit": {"audit_id": f"B-{y}", "office_code": o, "start_date": date, "end_date": date,
                       "scope": clauses},
             "checklists": [], "nonconformities": ncs, "observations": [], "systemic": [],
             "coverage": [], "not_audited": [], "candidate_gaps": [],
             "figures": {"rows": 90, "by_result": {}, "by_chapter": [], "by_department": by_dept},
             "diagnostics": []}
        d = os.path.join(out, "results", str(y), o)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "result.json"), "w", encoding="utf-8") as f:
            json.dump(r, f, ensure_ascii=False)
