#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""Write the sample bureau's procedure folders (samples/bureau/offices/<code>/procedures/).

Python standard library only. Output is deterministic (fixed zip dates, no clocks), so running
it again gives the same bytes:

    python3 samples/bureau/tools/make_procedures.py

Formats: docx (zip + WordprocessingML written by hand, with a header part and a table), md
(UTF-8), txt in GBK with CRLF line ends, and PDF with a Chinese text layer in the predefined
CMap font STSong-Light / UniGB-UCS2-H (no embedded font). Deliberately missing documents:
linhu has no quality policy/objectives document, anhe no QMS scope. Deliberately unreadable:
linhu has a WPS Office file, anhe a scanned PDF with no text layer.
"""

import os
import zipfile
import zlib
from xml.sax.saxutils import escape

import procedures_text as T

HERE = os.path.dirname(os.path.abspath(__file__))
OFFICES = os.path.join(HERE, "..", "offices")

OFFICE_FACTS = {
    "hq": dict(org="东港市质量技术监督局", prefix="DGZJ", office="办公室", quality="质量科",
               licensing="行政许可科", enforcement="稽查支队", metrology="计量科", head="局长",
               office_en="General Office", quality_en="Quality Section"),
    "linhu": dict(org="临湖县质量技术监督局", prefix="LHZJ", office="综合股", quality="综合股",
                  licensing="行政许可股", enforcement="稽查大队", metrology="计量检定所", head="局长",
                  office_en="General Affairs Unit", quality_en="General Affairs Unit"),
    "anhe": dict(org="安河区质量技术监督局", prefix="AHZJ", office="办公室", quality="质量计量科",
                 licensing="审批服务科", enforcement="执法大队", metrology="质量计量科", head="局长",
                 office_en="General Office", quality_en="Quality and Metrology Section"),
}

# office -> [(procedure, format)]; what is absent is absent on purpose (see the docstring).
PLAN = {
    "hq": [
        (T.QM_MANUAL, "md"), (T.QP01, "docx"), (T.QP02, "txt"), (T.QP03, "docx"),
        (T.QP04, "pdf"), (T.QP05, "md"), (T.QP06, "txt"), (T.QP07, "docx"),
        (T.QP08_EN, "docx"), (T.WI01, "docx"), (T.WI02, "pdf"), (T.WI03, "md"),
    ],
    "linhu": [
        (T.QM_SCOPE, "md"), (T.QP01, "docx"), (T.QP03, "md"), (T.QP04, "docx"),
        (T.QP05, "txt"), (T.QP06, "pdf"), (T.QP07, "docx"), (T.WI01, "pdf"),
        (T.WI02, "docx"), (T.WI03, "txt"),
    ],
    "anhe": [
        (T.QM_POLICY, "docx"), (T.QP01, "md"), (T.QP02, "docx"), (T.QP03, "pdf"),
        (T.QP04, "txt"), (T.QP05, "docx"), (T.QP06, "md"), (T.QP07_EN, "md"),
        (T.QP08, "txt"), (T.WI01, "docx"), (T.WI02, "md"),
    ],
}


def fill(s, facts):
    return s.format(**facts)


def doc_lines(proc, facts):
    """(number, title, [(heading, [paragraphs])]) with the office's facts filled in."""
    code, title, sections = proc
    number = f"{facts['prefix']}-{code}"
    return number, title, [(fill(h, facts), [fill(p, facts) for p in ps]) for h, ps in sections]


# ------------------------------------------------------------------------------------- md, txt

def write_md(path, proc, facts):
    number, title, sections = doc_lines(proc, facts)
    out = [f"# {number} {title}", "", f"{facts['org']}　受控文件　版本：A/1", ""]
    for h, ps in sections:
        out += [f"## {h}", ""]
        for p in ps:
            out += [p, ""]
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(out))


def write_gbk_txt(path, proc, facts):
    number, title, sections = doc_lines(proc, facts)
    out = [f"{number} {title}", f"{facts['org']}", ""]
    for h, ps in sections:
        out.append(h)
        out += ps
        out.append("")
    with open(path, "wb") as f:
        f.write("\r\n".join(out).encode("gbk"))


# ------------------------------------------------------------------------------------- docx

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' \
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def w_par(text, style=None):
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def w_table(rows):
    out = ['<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/></w:tblPr>']
    for row in rows:
        out.append("<w:tr>" + "".join(f"<w:tc>{w_par(c)}</w:tc>" for c in row) + "</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles {W}>
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:eastAsia="宋体" w:hAnsi="Times New Roman"/><w:sz w:val="24"/></w:rPr></w:rPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:pPr><w:jc w:val="center"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:rFonts w:eastAsia="黑体"/><w:b/><w:sz w:val="36"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:rFonts w:eastAsia="黑体"/><w:b/><w:sz w:val="28"/></w:rPr></w:style>
<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/></w:style>
</w:styles>"""


def write_docx(path, proc, facts):
    number, title, sections = doc_lines(proc, facts)
    body = [w_par(f"{number} {title}", "Title")]
    english = title.isascii()
    body.append(w_par(f"{facts['org']}" + ("  Controlled document, revision A/1" if english else "　受控文件　版本：A/1")))
    for h, ps in sections:
        body.append(w_par(h, "Heading1"))
        # A responsibilities section becomes a two-column table, as offices usually write it.
        if h.endswith("职责") or h.endswith("Responsibilities"):
            rows = [["部门" if not english else "Department", "职责" if not english else "Responsibility"]]
            for p in ps:
                for part in p.replace("；", ";").split(";"):
                    part = part.strip().rstrip("。.")
                    if part:
                        rows.append([part.split("负责")[0][:12] if "负责" in part else "—", part])
            body.append(w_table(rows))
        else:
            body += [w_par(p) for p in ps]
    body.append('<w:sectPr><w:headerReference w:type="default" r:id="rId2"/>'
                '<w:pgSz w:w="11906" w:h="16838"/></w:sectPr>')
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<w:document {W}><w:body>{"".join(body)}</w:body></w:document>')
    header = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              f'<w:hdr {W}>{w_par(facts["org"] + "  " + number)}</w:hdr>')
    parts = {
        "[Content_Types].xml": """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>
</Types>""",
        "_rels/.rels": """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>""",
        "word/_rels/document.xml.rels": """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>
</Relationships>""",
        "word/document.xml": document,
        "word/styles.xml": STYLES,
        "word/header1.xml": header,
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))


# ------------------------------------------------------------------------------------- pdf

def wrap(text, width=34):
    """Break a paragraph into lines of about `width` full-width characters (ASCII counts half).
    Chinese words get split across lines, as in real PDFs."""
    lines, cur, w = [], "", 0.0
    for ch in text:
        cw = 0.5 if ord(ch) < 128 else 1.0
        if w + cw > width:
            lines.append(cur)
            cur, w = "", 0.0
        cur += ch
        w += cw
    if cur:
        lines.append(cur)
    return lines


def pdf_bytes(pages_streams, font=True):
    """A PDF from raw content streams; with `font`, F1 is STSong-Light / UniGB-UCS2-H."""
    objs = []  # index i holds object i+1

    def add(body):
        objs.append(body)
        return len(objs)

    catalog = add(None)
    pages = add(None)
    font_ref = None
    if font:
        desc = add(b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880]"
                   b" /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>")
        cid = add(b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light"
                  b" /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >>"
                  b" /FontDescriptor %d 0 R /DW 1000 >>" % desc)
        font_ref = add(b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H"
                       b" /DescendantFonts [%d 0 R] >>" % cid)
    kids = []
    for stream in pages_streams:
        data = zlib.compress(stream, 9)
        content = add(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream")
        res = b"<< /Font << /F1 %d 0 R >> >>" % font_ref if font else b"<< >>"
        page = add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources " % pages
                   + res + b" /Contents %d 0 R >>" % content)
        kids.append(page)
    objs[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages
    objs[pages - 1] = (b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids)
                       + b"] /Count %d >>" % len(kids))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offsets:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, catalog, xref)
    return bytes(out)


def write_pdf(path, proc, facts):
    number, title, sections = doc_lines(proc, facts)
    lines = [(16, f"{number} {title}"), (10, facts["org"]), (10, "")]
    for h, ps in sections:
        lines.append((12, h))
        for p in ps:
            lines += [(10.5, l) for l in wrap(p)]
        lines.append((10.5, ""))
    streams, cur, y = [], [], 790
    for size, text in lines:
        if y < 60:
            streams.append(b"\n".join(cur))
            cur, y = [], 790
        if text:
            hexs = text.encode("utf-16-be").hex().upper().encode()
            cur.append(b"BT /F1 %s Tf 56 %d Td <%s> Tj ET" % (str(size).encode(), y, hexs))
        y -= int(size * 1.8)
    streams.append(b"\n".join(cur))
    with open(path, "wb") as f:
        f.write(pdf_bytes(streams))


def write_scanned_pdf(path):
    """A 'scanned' page: only grey bands where the text would be, no text layer."""
    bands = b"\n".join(b"0.85 g 56 %d 480 9 re f" % y for y in range(780, 100, -18))
    with open(path, "wb") as f:
        f.write(pdf_bytes([bands], font=False))


def write_wps(path):
    """A WPS Office document: an OLE2 container isoaudit does not read (listed as unreadable)."""
    header = bytes.fromhex("D0CF11E0A1B11AE1") + bytes(16) + bytes.fromhex("3E000300FEFF0900")
    with open(path, "wb") as f:
        f.write(header + bytes(512 - len(header)))


WRITERS = {"md": write_md, "txt": write_gbk_txt, "docx": write_docx, "pdf": write_pdf}


def main():
    for office, plan in PLAN.items():
        facts = OFFICE_FACTS[office]
        d = os.path.join(OFFICES, office, "procedures")
        os.makedirs(d, exist_ok=True)
        for proc, fmt in plan:
            number, title, _ = doc_lines(proc, facts)
            WRITERS[fmt](os.path.join(d, f"{number} {title}.{fmt}"), proc, facts)
    write_wps(os.path.join(OFFICES, "linhu", "procedures", "LHZJ-服务承诺公告.wps"))
    write_scanned_pdf(os.path.join(OFFICES, "anhe", "procedures", "AHZJ-WI-03 计量检定工作规范（扫描件）.pdf"))


if __name__ == "__main__":
    main()
