#!/usr/bin/env python3
"""Seeded corpus generator for isoaudit's benchmarks (standard library only).

The same arguments give the same corpus, byte for byte (for one Python version).

  gen_corpus.py text      --out DIR --files 10000 --kb 100      plain text (txt/md, UTF-8 and GBK)
  gen_corpus.py checklists --out DIR --files 1000 --rows 200     checklist workbooks (xlsx)
  gen_corpus.py docx      --out DIR --files 2000 --kb 20        procedure documents (docx)
  gen_corpus.py bureau    --out DIR --offices 40                 a whole plan: audit.toml + offices

Text uses realistic audit vocabulary of an administrative office in Chinese and English, so the
shipped rules find real work to do (a few percent of lines carry a rule term).
"""
import argparse
import os
import random
import zipfile
from xml.sax.saxutils import escape

ZH_TERMS = [
    "文件控制", "记录控制", "内部审核", "管理评审", "纠正措施", "不符合", "行政许可", "受理", "审批",
    "办结时限", "投诉", "满意度", "计量", "检定", "校准", "培训", "能力", "质量方针", "质量目标",
    "风险和机遇", "服务供方", "外部供方", "成文信息", "岗位职责", "沟通", "行政执法", "案件审理",
    "听证", "说理式执法", "变更", "持续改进", "监视和测量", "数据分析", "相关方", "组织环境",
]
ZH_FILLER = [
    "本科室应当按照规定的程序办理有关事项，并做好登记。",
    "经办人员对材料的完整性进行核对，发现问题及时告知。",
    "各股室负责人对本部门工作的执行情况进行检查。",
    "相关资料应当归档保存，保存期限按档案管理规定执行。",
    "工作中遇到的特殊情况，由分管领导协调处理。",
    "办公室负责汇总各部门的工作情况，每季度形成简报。",
    "对于群众反映的问题，应当做到件件有回音。",
    "执法人员应当出示执法证件，并告知当事人依法享有的权利。",
    "单位每年组织一次业务知识考试，成绩记入个人档案。",
    "窗口工作人员应当文明用语，热情服务，一次性告知所需材料。",
]
EN_TERMS = [
    "document control", "internal audit", "management review", "corrective action",
    "nonconformity", "licence application", "customer satisfaction", "complaint", "calibration",
    "training", "competence", "quality policy", "quality objectives", "risks and opportunities",
    "external provider", "documented information", "communication", "monitoring and measurement",
    "interested parties", "continual improvement", "control of changes", "traceability",
]
EN_FILLER = [
    "The section head checks that the file is complete before it is passed on.",
    "Staff record the date of each step in the case register.",
    "Questions from the public are answered on the same working day where possible.",
    "The office keeps its files for the period set by the archive rules.",
    "Any exception is referred to the deputy director in charge.",
    "Each quarter the general office summarises the work of all sections.",
    "Officers show their warrant card and explain the rights of the party concerned.",
    "An annual test of professional knowledge is held for all staff.",
]


def zh_line(rng):
    s = "".join(rng.choice(ZH_FILLER) for _ in range(rng.randint(1, 4)))
    if rng.random() < 0.08:
        t = rng.choice(ZH_TERMS)
        cut = rng.randint(0, len(s))
        s = s[:cut] + t + s[cut:]
    return s


def en_line(rng):
    s = " ".join(rng.choice(EN_FILLER) for _ in range(rng.randint(1, 3)))
    if rng.random() < 0.08:
        s += " This covers " + rng.choice(EN_TERMS) + "."
    return s


def document(rng, target_bytes, chinese, md):
    out, size, n = [], 0, 0
    title = ("# " if md else "") + (rng.choice(ZH_TERMS) + "程序" if chinese else rng.choice(EN_TERMS).title() + " procedure")
    out.append(title)
    while size < target_bytes:
        n += 1
        if n % 25 == 0:
            h = (f"## {n // 25} " if md else f"{n // 25} ") + (rng.choice(ZH_TERMS) if chinese else rng.choice(EN_TERMS).title())
            out.append(h)
        line = zh_line(rng) if chinese else en_line(rng)
        out.append(line)
        size += len(line.encode("utf-8")) + 1
    return "\n".join(out) + "\n"


def gen_text(out, files, kb, seed):
    rng = random.Random(seed)
    total = 0
    for i in range(files):
        d = os.path.join(out, f"dir{i // 500:03d}")
        os.makedirs(d, exist_ok=True)
        chinese = i % 2 == 0
        md = i % 4 in (0, 1)
        gbk = chinese and i % 8 == 2
        text = document(rng, kb * 1024, chinese, md)
        name = os.path.join(d, f"doc{i:05d}.{'md' if md else 'txt'}")
        data = text.encode("gbk") if gbk else text.encode("utf-8")
        with open(name, "wb") as f:
            f.write(data)
        total += len(data)
    return total


def col(n):
    s = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


CT_XLSX = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
           '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
           '<Default Extension="xml" ContentType="application/xml"/>'
           '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
           '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
           '</Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="{target}"/>'
        '</Relationships>')
WB = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
      '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
      '<sheets><sheet name="检查表" sheetId="1" r:id="rId1"/></sheets></workbook>')
WB_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
           '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
           '</Relationships>')
CLAUSES = ["4.1", "4.2", "4.3", "5.2.2", "5.3", "6.1.2", "6.2.1", "7.1.5.1", "7.2", "7.4", "7.5.2",
           "7.5.3.1", "8.2.1", "8.2.3.2", "8.4.1", "8.5.1", "8.5.2", "8.7.2", "9.1.2", "9.2.2", "9.3.3", "10.2.2"]
RESULTS = ["符合"] * 14 + ["一般不符合", "观察项", "改进机会", "不适用", "严重不符合"]
DEPTS = ["办公室", "法规科", "计量科", "质量科", "行政许可科", "稽查支队"]
AUDITORS = ["王敏", "李强", "陈静"]


def write_zip(path, parts):
    # Fixed timestamps so the same arguments give the same bytes.
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=(2026, 3, 16, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)


def checklist_xlsx(path, rng, rows):
    header = ["序号", "条款", "审核内容", "审核记录", "结论", "不符合描述", "部门", "审核员"]
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']

    def row(r, values):
        cells = []
        for c, v in enumerate(values):
            cells.append(f'<c r="{col(c)}{r}" t="inlineStr"><is><t>{escape(str(v))}</t></is></c>')
        out.append(f'<row r="{r}">' + "".join(cells) + "</row>")

    row(1, header)
    for i in range(rows):
        res = rng.choice(RESULTS)
        nc = "不符合" in res
        row(i + 2, [i + 1, rng.choice(CLAUSES), zh_line(rng)[:40], zh_line(rng),
                    res, ("抽查发现" + zh_line(rng)[:30]) if nc or res in ("观察项", "改进机会") else "",
                    rng.choice(DEPTS), rng.choice(AUDITORS)])
    out.append("</sheetData></worksheet>")
    write_zip(path, [("[Content_Types].xml", CT_XLSX), ("_rels/.rels", RELS.format(target="xl/workbook.xml")),
                     ("xl/workbook.xml", WB), ("xl/_rels/workbook.xml.rels", WB_RELS),
                     ("xl/worksheets/sheet1.xml", "".join(out))])


def gen_checklists(out, files, rows, seed):
    rng = random.Random(seed)
    os.makedirs(out, exist_ok=True)
    for i in range(files):
        checklist_xlsx(os.path.join(out, f"checklist{i:04d}.xlsx"), rng, rows)


CT_DOCX = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
           '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
           '<Default Extension="xml" ContentType="application/xml"/>'
           '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
           '</Types>')


def docx(path, rng, kb, chinese):
    text = document(rng, kb * 1024, chinese, False).splitlines()
    body = []
    for i, line in enumerate(text):
        style = '<w:pPr><w:pStyle w:val="Heading1"/></w:pPr>' if i == 0 else ""
        body.append(f'<w:p>{style}<w:r><w:t xml:space="preserve">{escape(line)}</w:t></w:r></w:p>')
    body.append('<w:tbl><w:tr><w:tc><w:p><w:r><w:t>职责</w:t></w:r></w:p></w:tc>'
                '<w:tc><w:p><w:r><w:t>办公室</w:t></w:r></w:p></w:tc></w:tr></w:tbl>')
    doc = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
           + "".join(body) + "</w:body></w:document>")
    write_zip(path, [("[Content_Types].xml", CT_DOCX), ("_rels/.rels", RELS.format(target="word/document.xml")),
                     ("word/document.xml", doc)])


def gen_docx(out, files, kb, seed):
    rng = random.Random(seed)
    os.makedirs(out, exist_ok=True)
    for i in range(files):
        docx(os.path.join(out, f"procedure{i:04d}.docx"), rng, kb, i % 3 != 0)


def gen_bureau(out, offices, seed, docs_per_office=30, checklists_per_office=3, rows=120):
    rng = random.Random(seed)
    os.makedirs(out, exist_ok=True)
    plan = ['[audit]', 'id = "BENCH-2026-IA01"', 'title = "benchmark audit"', 'start = 2026-03-16',
            'end = 2026-03-20', 'lead_auditor = "王敏"', 'team = ["李强", "陈静"]', 'scope = "4-10"', '']
    for o in range(offices):
        code = f"office{o:03d}"
        pdir = os.path.join(out, "offices", code, "procedures")
        cdir = os.path.join(out, "offices", code, "checklists")
        os.makedirs(pdir, exist_ok=True)
        os.makedirs(cdir, exist_ok=True)
        for d in range(docs_per_office):
            chinese = d % 3 != 0
            if d % 5 == 0:
                docx(os.path.join(pdir, f"p{d:02d}.docx"), rng, 20, chinese)
            else:
                text = document(rng, 20 * 1024, chinese, d % 2 == 0)
                data = text.encode("gbk") if chinese and d % 4 == 1 else text.encode("utf-8")
                with open(os.path.join(pdir, f"p{d:02d}.{'md' if d % 2 == 0 else 'txt'}"), "wb") as f:
                    f.write(data)
        for c in range(checklists_per_office):
            checklist_xlsx(os.path.join(cdir, f"c{c}.xlsx"), rng, rows)
        plan += ['[[office]]', f'code = "{code}"', f'name = "第{o}分局"',
                 f'procedures = "offices/{code}/procedures"', f'checklists = ["offices/{code}/checklists"]', '']
    plan += ['[output]', 'formats = ["xlsx", "md", "json"]', '']
    with open(os.path.join(out, "audit.toml"), "w", encoding="utf-8") as f:
        f.write("\n".join(plan))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("kind", choices=["text", "checklists", "docx", "bureau"])
    ap.add_argument("--out", required=True)
    ap.add_argument("--files", type=int, default=100)
    ap.add_argument("--kb", type=int, default=100)
    ap.add_argument("--rows", type=int, default=200)
    ap.add_argument("--offices", type=int, default=10)
    ap.add_argument("--seed", type=int, default=9001)
    a = ap.parse_args()
    if a.kind == "text":
        total = gen_text(a.out, a.files, a.kb, a.seed)
        print(f"{a.files} files, {total / 1e6:.1f} MB")
    elif a.kind == "checklists":
        gen_checklists(a.out, a.files, a.rows, a.seed)
    elif a.kind == "docx":
        gen_docx(a.out, a.files, a.kb, a.seed)
    else:
        gen_bureau(a.out, a.offices, a.seed)


if __name__ == "__main__":
    main()
