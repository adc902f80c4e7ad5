#!/usr/bin/env python3
"""A PDF of N pages, one line of Helvetica text each: `gen_pdf_pages.py OUT.pdf N`. Used for
the PDF figures in docs/reliability-figures.md:

    mkdir -p /tmp/pdfdir && python3 benches/gen_pdf_pages.py /tmp/pdfdir/long.pdf 20000
    /usr/bin/time -v isoaudit map /tmp/pdfdir --format json -o /tmp/m.json
"""
import sys

out, n = sys.argv[1], int(sys.argv[2])
objs = {}
objs[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
objs[3] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
kids = []
for i in range(n):
    page, content = 4 + 2 * i, 5 + 2 * i
    text = f"BT /F1 12 Tf 72 720 Td (Page {i + 1}: document control procedure, issue and withdrawal of controlled documents) Tj ET".encode()
    objs[content] = b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream"
    objs[page] = b"<< /Type /Page /Parent 2 0 R /Contents %d 0 R >>" % content
    kids.append(b"%d 0 R" % page)
objs[2] = (b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d" % n
           + b" /Resources << /Font << /F1 3 0 R >> >> /MediaBox [0 0 595 842] >>")
body = bytearray(b"%PDF-1.5\n")
offsets = {}
for k in sorted(objs):
    offsets[k] = len(body)
    body += b"%d 0 obj\n" % k + objs[k] + b"\nendobj\n"
xref = len(body)
size = max(objs) + 1
body += b"xref\n0 %d\n0000000000 65535 f \n" % size
for k in range(1, size):
    body += b"%010d 00000 n \n" % offsets[k]
body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
with open(out, "wb") as f:
    f.write(body)
