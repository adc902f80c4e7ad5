//! Crafted and broken inputs through the real binary: decompression bombs, deep and
//! entity-laden XML, huge and sparse sheets, renamed, empty, unreadable and changing files,
//! link loops, non-UTF-8 names; then spreadsheet and Markdown injection in every output, and
//! user strings that try to become paths. Each case: no panic, a diagnostic naming the file,
//! and the good file beside it still read. Inputs are generated on the fly and stay small on
//! disk (the bombs are a few MB that inflate to a GiB).

use crate::harness::isoaudit;
use calamine::{Data, Reader};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Output;

/// Run the binary under an address-space limit (Linux `ulimit -v`, in KiB): a reader that
/// inflated a bomb into memory would die of it instead of passing.
fn isoaudit_limited(kib: u64, args: &[&std::ffi::OsStr]) -> Output {
    let bin = assert_cmd::cargo::cargo_bin("isoaudit");
    std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {kib} && exec \"$0\" \"$@\""))
        .arg(bin)
        .args(args)
        .env("MALLOC_ARENA_MAX", "2")
        .env("RAYON_NUM_THREADS", "2")
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Exit 0 or 2, never a panic (101) or a signal (no code).
fn assert_no_crash(o: &Output) {
    let code = o.status.code();
    assert!(
        matches!(code, Some(0) | Some(2)),
        "exit {:?}\nstdout: {}\nstderr: {}",
        o.status,
        stdout(o),
        stderr(o)
    );
    assert!(!stderr(o).contains("panicked"), "{}", stderr(o));
}

/// A small checklist that reads cleanly: the "rest of the run" in every case.
const GOOD_CSV: &str = "条款,审核内容,结论,部门,审核发现,不符合事实\n7.2,培训记录是否齐全,符合,办公室,抽查5人,\n7.5.3,作废文件是否收回,不符合,办公室,窗口仍有旧版表格,使用了作废的申请表\n";

/// A procedure that maps to 7.5: the good document of every `map` case.
const GOOD_MD: &str = "# 文件控制程序\n\n1 目的\n\n规定成文信息的编制、审批、发放、更改和作废的控制要求，确保使用有效版本。\n";

// ---------------------------------------------------------------------------------------------
// Zip containers written by hand, so a part can inflate to a GiB from a few MB of input and
// the headers can declare whatever size we like.

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// Deflate bits, least significant first (RFC 1951 §3.1.1).
struct Bits {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl Bits {
    fn put(&mut self, value: u32, len: u32) {
        self.acc |= u64::from(value) << self.n;
        self.n += len;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }

    /// A Huffman code goes in most significant bit first.
    fn code(&mut self, code: u32, len: u32) {
        let rev = code.reverse_bits() >> (32 - len);
        self.put(rev, len);
    }

    fn literal(&mut self, b: u8) {
        // Fixed code: literals 0..=143 are 8 bits from 0x30.
        assert!(b < 144);
        self.code(0x30 + u32::from(b), 8);
    }
}

/// A raw deflate stream of `prefix` then `fill` repeated to `total` bytes: one fixed-Huffman
/// block of (length 258, distance 1) matches, 13 bits per 258 bytes.
fn deflate_bomb(prefix: &[u8], fill: u8, total: u64) -> Vec<u8> {
    let mut b = Bits {
        out: Vec::new(),
        acc: 0,
        n: 0,
    };
    b.put(1, 1); // BFINAL
    b.put(1, 2); // BTYPE = fixed Huffman
    for &c in prefix {
        b.literal(c);
    }
    b.literal(fill);
    let mut left = total - prefix.len() as u64 - 1;
    while left >= 258 {
        b.code(0xC5, 8); // length code 285 = 258
        b.code(0, 5); // distance code 0 = 1
        left -= 258;
    }
    for _ in 0..left {
        b.literal(fill);
    }
    b.code(0, 7); // end of block
    b.put(0, 7);
    b.out
}

/// One zip entry: name, data as stored, method (0 stored, 8 deflated), declared size, crc.
struct Entry {
    name: String,
    data: Vec<u8>,
    method: u16,
    size: u32,
    crc: u32,
}

fn stored(name: &str, text: &str) -> Entry {
    Entry {
        name: name.into(),
        data: text.as_bytes().to_vec(),
        method: 0,
        size: text.len() as u32,
        crc: crc32(text.as_bytes()),
    }
}

fn zip_bytes(entries: &[Entry]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    let le16 = |v: &mut Vec<u8>, x: u16| v.extend_from_slice(&x.to_le_bytes());
    let le32 = |v: &mut Vec<u8>, x: u32| v.extend_from_slice(&x.to_le_bytes());
    for e in entries {
        let offset = out.len() as u32;
        le32(&mut out, 0x0403_4b50);
        for x in [20, 0, e.method, 0, 0x21] {
            le16(&mut out, x);
        }
        le32(&mut out, e.crc);
        le32(&mut out, e.data.len() as u32);
        le32(&mut out, e.size);
        le16(&mut out, e.name.len() as u16);
        le16(&mut out, 0);
        out.extend_from_slice(e.name.as_bytes());
        out.extend_from_slice(&e.data);

        le32(&mut central, 0x0201_4b50);
        for x in [20, 20, 0, e.method, 0, 0x21] {
            le16(&mut central, x);
        }
        le32(&mut central, e.crc);
        le32(&mut central, e.data.len() as u32);
        le32(&mut central, e.size);
        le16(&mut central, e.name.len() as u16);
        for x in [0, 0, 0, 0] {
            le16(&mut central, x);
        }
        le32(&mut central, 0);
        le32(&mut central, offset);
        central.extend_from_slice(e.name.as_bytes());
    }
    let cd_offset = out.len() as u32;
    out.extend_from_slice(&central);
    le32(&mut out, 0x0605_4b50);
    for x in [0, 0, entries.len() as u16, entries.len() as u16] {
        le16(&mut out, x);
    }
    le32(&mut out, central.len() as u32);
    le32(&mut out, cd_offset);
    le16(&mut out, 0);
    out
}

const DOCX_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

fn docx(document_xml: &str) -> Vec<u8> {
    zip_bytes(&[
        stored("[Content_Types].xml", DOCX_TYPES),
        stored("word/document.xml", document_xml),
    ])
}

const XLSX_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="检查表" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
const SHEET_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#;
const SHEET_TAIL: &str = "</sheetData></worksheet>";

fn xlsx_with_sheet(sheet: Entry) -> Vec<u8> {
    zip_bytes(&[
        stored("[Content_Types].xml", XLSX_TYPES),
        stored("_rels/.rels", ROOT_RELS),
        stored("xl/workbook.xml", WORKBOOK),
        stored("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
        sheet,
    ])
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// An inline-string cell.
fn cell(r: usize, c: usize, text: &str) -> String {
    let col = (b'A' + c as u8) as char;
    format!(
        r#"<c r="{col}{r}" t="inlineStr"><is><t xml:space="preserve">{}</t></is></c>"#,
        xml_escape(text)
    )
}

/// A sheet XML of header and rows (each a list of cells from column A).
fn sheet_xml(rows: &[Vec<String>], extra: &str) -> String {
    let mut s = String::from(SHEET_HEAD);
    for (i, row) in rows.iter().enumerate() {
        s.push_str(&format!(r#"<row r="{}">"#, i + 1));
        for (j, t) in row.iter().enumerate() {
            s.push_str(&cell(i + 1, j, t));
        }
        s.push_str("</row>");
    }
    s.push_str(extra);
    s.push_str(SHEET_TAIL);
    s
}

fn checklist_rows(rows: &[[&str; 6]]) -> Vec<Vec<String>> {
    let mut all = vec![
        ["条款", "审核内容", "结论", "部门", "审核发现", "不符合事实"]
            .map(String::from)
            .to_vec(),
    ];
    all.extend(rows.iter().map(|r| r.map(String::from).to_vec()));
    all
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

const GIB: u64 = 1 << 30;

/// The bombs: a docx and an xlsx whose one part inflates to 1 GiB. With honest headers they
/// are refused from the declared size; with headers that claim 1 KB the inflating reader stops
/// at the limit. Either way under a 1 GiB address-space limit, next to a good file that is read,
/// whether the xlsx comes as a checklist or as a tracker to import.
#[cfg(target_os = "linux")]
#[test]
fn decompression_bombs_stop_at_the_limit_with_bounded_memory() {
    let d = tempfile::tempdir().unwrap();
    let docs = d.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    write(&docs, "a-good.md", GOOD_MD.as_bytes());
    let prefix = format!(r#"<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>"#);
    let body = deflate_bomb(prefix.as_bytes(), b'a', GIB);
    assert!(body.len() < 8 * 1024 * 1024, "{}", body.len());
    let sheet_body = deflate_bomb(SHEET_HEAD.as_bytes(), b' ', GIB);
    for (label, declared) in [("honest", GIB as u32), ("lying", 1024)] {
        let part = |name: &str, data: &Vec<u8>| Entry {
            name: name.into(),
            data: data.clone(),
            method: 8,
            size: declared,
            crc: 0,
        };
        let docx = zip_bytes(&[
            stored("[Content_Types].xml", DOCX_TYPES),
            part("word/document.xml", &body),
        ]);
        let xlsx = xlsx_with_sheet(part("xl/worksheets/sheet1.xml", &sheet_body));
        write(&docs, &format!("bomb-{label}.docx"), &docx);
        let x = write(d.path(), &format!("bomb-{label}.xlsx"), &xlsx);
        let good = write(d.path(), "good.csv", GOOD_CSV.as_bytes());

        let o = isoaudit_limited(
            1024 * 1024,
            &[
                "checklist".as_ref(),
                "check".as_ref(),
                x.as_os_str(),
                good.as_os_str(),
            ],
        );
        assert_no_crash(&o);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        let err = stderr(&o);
        let line = err
            .lines()
            .find(|l| l.contains(&format!("bomb-{label}.xlsx")))
            .unwrap_or_else(|| panic!("{label}: no diagnostic naming the xlsx: {err}"));
        assert!(
            line.contains("refused") || line.contains("damaged") || line.contains("not a readable"),
            "{line}"
        );
        assert!(stdout(&o).contains("good.csv: 2 rows"), "{}", stdout(&o));

        // The tracker import opens workbooks through the same guard.
        let register = d.path().join(format!("register-{label}.db"));
        isoaudit()
            .args(["actions", "policy", "--major", "30", "--register"])
            .arg(&register)
            .assert()
            .success();
        let o = isoaudit_limited(
            1024 * 1024,
            &[
                "actions".as_ref(),
                "import".as_ref(),
                x.as_os_str(),
                "--register".as_ref(),
                register.as_os_str(),
            ],
        );
        assert_no_crash(&o);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        let err = stderr(&o);
        assert!(
            err.lines()
                .any(|l| l.contains(&format!("bomb-{label}.xlsx"))
                    && (l.contains("refused") || l.contains("damaged"))),
            "{label}: {err}"
        );

        let o = isoaudit_limited(
            1024 * 1024,
            &[
                "map".as_ref(),
                "--format".as_ref(),
                "json".as_ref(),
                docs.as_os_str(),
            ],
        );
        assert_no_crash(&o);
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let bad = v["unreadable"].as_array().unwrap();
        let mine = bad
            .iter()
            .find(|u| u["path"] == format!("bomb-{label}.docx").as_str())
            .unwrap_or_else(|| panic!("{label}: {v}"));
        let reason = mine["reason"].as_str().unwrap();
        assert!(
            reason.starts_with("refused") || reason.starts_with("damaged"),
            "{reason}"
        );
        assert!(v["documents"].to_string().contains("a-good.md"), "{v}");
    }
}

/// Deep nesting in a docx, an odt, an html page and a sheet: read or refused, never a stack
/// overflow; the good file beside them is mapped.
#[test]
fn deeply_nested_xml_does_not_overflow() {
    let d = tempfile::tempdir().unwrap();
    let depth = 50_000;
    let nest = |open: &str, close: &str| format!("{}x{}", open.repeat(depth), close.repeat(depth));
    let docx_xml = format!(
        r#"<w:document xmlns:w="{W}"><w:body>{}</w:body></w:document>"#,
        nest("<w:p><w:r>", "</w:r></w:p>")
    );
    write(d.path(), "deep.docx", &docx(&docx_xml));
    let odt = zip_bytes(&[
        stored("mimetype", "application/vnd.oasis.opendocument.text"),
        stored(
            "content.xml",
            &format!(
                r#"<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>{}</office:text></office:body></office:document-content>"#,
                nest("<text:span>", "</text:span>")
            ),
        ),
    ]);
    write(d.path(), "deep.odt", &odt);
    write(d.path(), "deep.html", nest("<div>", "</div>").as_bytes());
    write(d.path(), "good.md", GOOD_MD.as_bytes());
    let o = isoaudit()
        .args(["map", "--format", "json"])
        .arg(d.path())
        .output()
        .unwrap();
    assert_no_crash(&o);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["documents"].to_string().contains("good.md"));
    for f in ["deep.docx", "deep.odt", "deep.html"] {
        assert!(
            v.to_string().contains(f),
            "{f} neither read nor reported: {v}"
        );
    }

    let sheet = format!(
        "{SHEET_HEAD}{}{SHEET_TAIL}",
        nest("<row r=\"1\">", "</row>")
    );
    let x = write(
        d.path(),
        "deep.xlsx",
        &xlsx_with_sheet(stored("xl/worksheets/sheet1.xml", &sheet)),
    );
    let good = write(d.path(), "good.csv", GOOD_CSV.as_bytes());
    let o = isoaudit()
        .args(["checklist", "check"])
        .arg(&x)
        .arg(&good)
        .output()
        .unwrap();
    assert_no_crash(&o);
    assert!(stderr(&o).contains("deep.xlsx"), "{}", stderr(&o));
    assert!(stdout(&o).contains("good.csv: 2 rows"));
}

/// Entity declarations (billion laughs, an external file) are never expanded.
#[test]
fn xml_entities_are_not_expanded() {
    let d = tempfile::tempdir().unwrap();
    let mut dtd = String::from(r#"<!DOCTYPE d [<!ENTITY l0 "lol">"#);
    for i in 1..10 {
        let prev = format!("&l{};", i - 1);
        dtd.push_str(&format!(r#"<!ENTITY l{i} "{}">"#, prev.repeat(10)));
    }
    dtd.push_str(r#"<!ENTITY ext SYSTEM "file:///etc/passwd">]>"#);
    let xml = format!(
        r#"<?xml version="1.0"?>{dtd}<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>文件控制 &l9; &ext; 成文信息</w:t></w:r></w:p></w:body></w:document>"#
    );
    write(d.path(), "laughs.docx", &docx(&xml));
    write(
        d.path(),
        "laughs.html",
        format!("{dtd}<html><body><p>文件控制 &l9; &ext;</p></body></html>").as_bytes(),
    );
    let o = isoaudit()
        .args(["map", "--format", "json"])
        .arg(d.path())
        .output()
        .unwrap();
    assert_no_crash(&o);
    let out = stdout(&o);
    assert!(!out.contains("lollol"), "an entity was expanded");
    assert!(!out.contains("root:"), "an external entity was read");
    assert!(out.contains("laughs.docx") && out.contains("laughs.html"));

    // The same in a workbook's sheet: calamine must not expand them either.
    let sheet = format!(
        r#"<?xml version="1.0"?>{dtd}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">{}{}{}</row><row r="2">{}<c r="B2" t="inlineStr"><is><t>&l9;&ext;</t></is></c>{}</row></sheetData></worksheet>"#,
        cell(1, 0, "条款"),
        cell(1, 1, "审核内容"),
        cell(1, 2, "结论"),
        cell(2, 0, "7.2"),
        cell(2, 2, "符合"),
    );
    let x = write(
        d.path(),
        "laughs.xlsx",
        &xlsx_with_sheet(stored("xl/worksheets/sheet1.xml", &sheet)),
    );
    let out = d.path().join("out");
    let o = isoaudit()
        .args(["report", "--format", "json", "-o"])
        .arg(&out)
        .arg(&x)
        .output()
        .unwrap();
    assert_no_crash(&o);
    if out.join("result.json").exists() {
        let json = std::fs::read_to_string(out.join("result.json")).unwrap();
        assert!(!json.contains("lollol") && !json.contains("root:"));
    } else {
        assert!(stderr(&o).contains("laughs.xlsx"), "{}", stderr(&o));
    }
}

/// A million rows: the sheet part unpacks beyond the per-part limit and is refused up front.
/// 150,000 rows fit the part limit: the first 100,000 are read and a warning says so.
#[test]
fn huge_sheets_are_bounded() {
    let d = tempfile::tempdir().unwrap();
    let rows_xml = |n: usize| {
        let mut s = String::with_capacity(n * 40);
        s.push_str(SHEET_HEAD);
        s.push_str(r#"<row r="1">"#);
        for (j, h) in ["条款", "审核内容", "结论"].iter().enumerate() {
            s.push_str(&cell(1, j, h));
        }
        s.push_str("</row>");
        s.push_str(&format!(
            r#"<row r="2">{}{}{}</row>"#,
            cell(2, 0, "7.2"),
            cell(2, 1, "培训记录是否齐全"),
            cell(2, 2, "符合")
        ));
        for r in 3..=n {
            s.push_str(&format!(r#"<row r="{r}"><c r="Z{r}"><v>{r}</v></c></row>"#));
        }
        s.push_str(SHEET_TAIL);
        s
    };
    let million = write(
        d.path(),
        "million.xlsx",
        &xlsx_with_sheet(stored("xl/worksheets/sheet1.xml", &rows_xml(1_000_000))),
    );
    let many = write(
        d.path(),
        "many.xlsx",
        &xlsx_with_sheet(stored("xl/worksheets/sheet1.xml", &rows_xml(110_000))),
    );
    // One cell at the far corner: calamine alone would ask for a dense 1,048,576 × 16,384 grid.
    let far = sheet_xml(
        &checklist_rows(&[["7.2", "培训记录是否齐全", "符合", "办公室", "", ""]]),
        r#"<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#,
    );
    let far = write(
        d.path(),
        "far.xlsx",
        &xlsx_with_sheet(stored("xl/worksheets/sheet1.xml", &far)),
    );
    let good = write(d.path(), "good.csv", GOOD_CSV.as_bytes());
    let o = isoaudit()
        .args(["checklist", "check"])
        .args([&million, &many, &far, &good])
        .output()
        .unwrap();
    assert_no_crash(&o);
    let err = stderr(&o);
    let out = stdout(&o);
    assert!(
        err.lines()
            .any(|l| l.contains("million.xlsx") && l.contains("refused")),
        "{err}"
    );
    assert!(
        err.lines()
            .any(|l| l.contains("many.xlsx") && l.contains("only the first 100000 rows")),
        "{err}"
    );
    assert!(out.contains("many.xlsx: 1 rows"), "{out}");
    assert!(
        err.lines()
            .any(|l| l.contains("far.xlsx") && l.contains("only the first")),
        "{err}"
    );
    assert!(out.contains("far.xlsx: 1 rows"), "{out}");
    assert!(out.contains("good.csv: 2 rows"), "{out}");
}

/// A finding of 10 MB in one cell: read, and cut to what an Excel cell holds in the report
/// workbook instead of failing it.
#[test]
fn a_ten_megabyte_cell() {
    let d = tempfile::tempdir().unwrap();
    let big = "作废文件仍在使用。".repeat(10 * 1024 * 1024 / 27 + 1);
    assert!(big.len() >= 10 * 1024 * 1024);
    let sheet = sheet_xml(
        &checklist_rows(&[[
            "7.5.3",
            "作废文件是否收回",
            "不符合",
            "办公室",
            "窗口仍有旧版表格",
            &big,
        ]]),
        "",
    );
    let x = write(
        d.path(),
        "big.xlsx",
        &xlsx_with_sheet(stored("xl/worksheets/sheet1.xml", &sheet)),
    );
    let out = d.path().join("out");
    let o = isoaudit()
        .args(["report", "--lang", "en", "--format", "xlsx", "-o"])
        .arg(&out)
        .arg(&x)
        .output()
        .unwrap();
    assert_no_crash(&o);
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(out.join("nc-report.xlsx")).unwrap();
    let mut longest = 0;
    for name in wb.sheet_names() {
        let r = wb.worksheet_range(&name).unwrap();
        for c in r.used_cells() {
            if let Data::String(s) = c.2 {
                longest = longest.max(s.chars().count());
            }
        }
    }
    assert_eq!(
        longest, 32_767,
        "the finding cell holds as much as Excel allows"
    );
}

/// Renamed, empty and unreadable files: each one named in a diagnostic, the good one read.
#[test]
fn renamed_empty_and_unreadable_files() {
    let d = tempfile::tempdir().unwrap();
    let pdf = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("samples/bureau/offices/anhe/procedures/AHZJ-QP-03 内部审核程序.pdf"),
    )
    .unwrap();
    let fake = write(d.path(), "really-a-pdf.xlsx", &pdf);
    let empty_x = write(d.path(), "empty.xlsx", b"");
    let empty_c = write(d.path(), "empty.csv", b"");
    let locked = write(d.path(), "locked.csv", GOOD_CSV.as_bytes());
    let good = write(d.path(), "good.csv", GOOD_CSV.as_bytes());
    #[cfg(unix)]
    let blocked = {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
        // root reads anything: then the permission cannot block the read, only the rest is checked.
        let blocked = std::fs::read(&locked).is_err();
        if !blocked {
            eprintln!("running as root: chmod 000 does not block reads; skipping that assertion");
        }
        blocked
    };
    #[cfg(not(unix))]
    let blocked = false;
    let o = isoaudit()
        .args(["checklist", "check"])
        .args([&fake, &empty_x, &empty_c, &locked, &good])
        .output()
        .unwrap();
    assert_no_crash(&o);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    let said = |f: &str, what: &str| err.lines().any(|l| l.contains(f) && l.contains(what));
    assert!(said("really-a-pdf.xlsx", "not a spreadsheet"), "{err}");
    assert!(said("empty.xlsx", "empty file"), "{err}");
    assert!(said("empty.csv", "error"), "{err}");
    if blocked {
        assert!(said("locked.csv", "cannot read"), "{err}");
    }
    assert!(stdout(&o).contains("good.csv: 2 rows"));

    // The same files as procedures.
    let docs = d.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    std::fs::copy(&fake, docs.join("really-a-pdf.xlsx")).unwrap();
    write(&docs, "empty.docx", b"");
    write(&docs, "good.md", GOOD_MD.as_bytes());
    let locked_md = write(&docs, "locked.md", GOOD_MD.as_bytes());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&locked_md, std::fs::Permissions::from_mode(0o000)).unwrap();
    }
    let o = isoaudit()
        .args(["map", "--format", "json"])
        .arg(&docs)
        .output()
        .unwrap();
    assert_no_crash(&o);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let reason = |f: &str| {
        v["unreadable"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["path"] == f)
            .map(|u| u["reason"].as_str().unwrap().to_string())
    };
    assert!(reason("really-a-pdf.xlsx").is_some(), "{v}");
    assert_eq!(
        reason("empty.docx").as_deref(),
        Some("no text: empty file (0 bytes)")
    );
    if blocked {
        assert!(reason("locked.md").unwrap().contains("cannot be read"));
    }
    assert!(v["documents"].to_string().contains("good.md"));
}

/// Link loops (a folder linking to itself, two links to each other, a dangling link) are
/// reported and not followed; the run ends and reads the real file.
#[cfg(unix)]
#[test]
fn symlink_loops() {
    use std::os::unix::fs::symlink;
    let d = tempfile::tempdir().unwrap();
    let docs = d.path().join("docs");
    std::fs::create_dir_all(docs.join("sub")).unwrap();
    write(&docs, "good.md", GOOD_MD.as_bytes());
    symlink(&docs, docs.join("sub/up")).unwrap();
    symlink("b.md", docs.join("a.md")).unwrap();
    symlink("a.md", docs.join("b.md")).unwrap();
    symlink("nowhere.md", docs.join("dangling.md")).unwrap();
    let o = isoaudit()
        .args(["map", "--format", "json"])
        .arg(&docs)
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    assert_no_crash(&o);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let bad: Vec<&str> = v["unreadable"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["path"].as_str().unwrap())
        .collect();
    for f in ["a.md", "b.md", "dangling.md", "sub/up"] {
        assert!(bad.contains(&f), "{f} not reported: {bad:?}");
    }
    assert_eq!(v["documents"].as_array().unwrap().len(), 1, "{v}");
}

/// File names that are not UTF-8 (a GBK name from an old share) are read and shown lossily.
#[cfg(target_os = "linux")]
#[test]
fn non_utf8_file_names() {
    use std::os::unix::ffi::OsStrExt;
    let d = tempfile::tempdir().unwrap();
    let gbk_name = |stem: &str, ext: &str| {
        let mut b = encoding_rs::GBK.encode(stem).0.into_owned();
        b.extend_from_slice(ext.as_bytes());
        std::ffi::OsStr::from_bytes(&b).to_owned()
    };
    let docs = d.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    std::fs::write(docs.join(gbk_name("文件控制程序", ".md")), GOOD_MD).unwrap();
    std::fs::write(docs.join(std::ffi::OsStr::from_bytes(b"\xff\xfe.txt")), "x").unwrap();
    let o = isoaudit()
        .args(["map", "--format", "json"])
        .arg(&docs)
        .output()
        .unwrap();
    assert_no_crash(&o);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let docs_json = v["documents"].as_array().unwrap();
    assert_eq!(
        docs_json.len() + v["unreadable"].as_array().unwrap().len(),
        2
    );
    assert!(v.to_string().contains('\u{fffd}'), "{v}");

    let cl = d.path().join(gbk_name("检查表", ".csv"));
    std::fs::write(&cl, GOOD_CSV).unwrap();
    let out = d.path().join("out");
    let o = isoaudit()
        .args(["report", "--format", "xlsx,md,json", "-o"])
        .arg(&out)
        .arg(&cl)
        .output()
        .unwrap();
    assert_no_crash(&o);
    assert!(out.join("nc-report.xlsx").exists(), "{}", stderr(&o));
    let json = std::fs::read_to_string(out.join("result.json")).unwrap();
    assert!(
        json.contains(".csv"),
        "the checklist is named in the result"
    );
}

/// A file truncated and rewritten while `map` reads the folder: whatever it sees, no crash.
#[test]
fn a_file_that_changes_while_scanned() {
    let d = tempfile::tempdir().unwrap();
    let docs = d.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    for i in 0..20 {
        write(&docs, &format!("p{i:02}.md"), GOOD_MD.as_bytes());
    }
    let full = docx(&format!(
        r#"<w:document xmlns:w="{W}"><w:body>{}</w:body></w:document>"#,
        "<w:p><w:r><w:t>文件控制 成文信息的控制</w:t></w:r></w:p>".repeat(2000)
    ));
    let moving = write(&docs, "moving.docx", &full);
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let stop = stop.clone();
        let moving = moving.clone();
        std::thread::spawn(move || {
            let mut i = 0usize;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let cut = (i * 7919) % full.len();
                let _ = std::fs::write(&moving, &full[..cut]);
                let _ = std::fs::write(&moving, &full);
                if let Ok(mut f) = std::fs::OpenOptions::new().append(true).open(&moving) {
                    let _ = f.write_all(b"garbage");
                }
                i += 1;
            }
        })
    };
    for _ in 0..5 {
        let o = isoaudit()
            .args(["map", "--format", "json"])
            .arg(&docs)
            .output()
            .unwrap();
        assert_no_crash(&o);
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert!(v["documents"].as_array().unwrap().len() >= 20);
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    writer.join().unwrap();
}

// ---------------------------------------------------------------------------------------------
// Injection: text that a spreadsheet would run, and Markdown that would break a table or run
// HTML, comes back as plain text from every output.

const NASTY: [&str; 8] = [
    "=HYPERLINK(\"http://x.invalid\",\"click\")",
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "a|b <script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
];

/// Every string cell of every sheet, and the sheets' XML has no formula element.
fn xlsx_strings(path: &Path) -> Vec<String> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        if name.starts_with("xl/worksheets/") {
            let mut s = String::new();
            f.read_to_string(&mut s).unwrap();
            assert!(
                !s.contains("<f>") && !s.contains("<f "),
                "{}: {} has a formula",
                path.display(),
                name
            );
        }
    }
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(path).unwrap();
    let mut out = Vec::new();
    for name in wb.sheet_names() {
        let r = wb.worksheet_range(&name).unwrap();
        for (_, _, c) in r.used_cells() {
            if let Data::String(s) = c {
                out.push(s.clone());
            }
        }
        let f = wb.worksheet_formula(&name).unwrap();
        assert_eq!(f.used_cells().count(), 0, "{name} has formulas");
    }
    out
}

fn assert_md_safe(md: &str, what: &str) {
    assert!(!md.contains("<script>"), "{what}: raw HTML\n{md}");
    assert!(!md.contains("<img"), "{what}: raw HTML\n{md}");
    for line in md
        .lines()
        .filter(|l| l.contains("alert(1)") && l.starts_with('|'))
    {
        assert!(!line.contains("a|b"), "{what}: unescaped pipe: {line}");
    }
}

fn nasty_checklist() -> String {
    let mut s = String::from("条款,审核内容,结论,部门,审核发现,不符合事实\n");
    for (i, n) in NASTY.iter().enumerate() {
        let q = |t: &str| format!("\"{}\"", t.replace('"', "\"\""));
        s.push_str(&format!(
            "7.5.3,{},不符合,{},{},{}\n",
            q(&format!("{n} 问题{i}")),
            q(n),
            q(n),
            q(n)
        ));
    }
    s
}

/// report (nc-report.xlsx, report.md), audit (summary.xlsx, summary.md), actions export and
/// map (xlsx and md): the nasty strings are string cells and escaped Markdown.
#[test]
fn spreadsheet_and_markdown_injection() {
    let d = tempfile::tempdir().unwrap();
    let cl = write(d.path(), "nasty.csv", nasty_checklist().as_bytes());
    let out = d.path().join("report");
    let o = isoaudit()
        .args([
            "report",
            "--office",
            "linhu",
            "--audit-id",
            "DGZJ-2026-IA01",
            "--date",
            "2026-03-16",
            "-o",
        ])
        .arg(&out)
        .arg(&cl)
        .output()
        .unwrap();
    assert_no_crash(&o);
    let strings = xlsx_strings(&out.join("nc-report.xlsx"));
    for n in NASTY {
        assert!(
            strings.iter().any(|s| s.contains(n.trim())),
            "{n:?} not kept as text in nc-report.xlsx"
        );
    }
    assert_md_safe(
        &std::fs::read_to_string(out.join("report.md")).unwrap(),
        "report.md",
    );

    // audit: one office with this checklist.
    let plan = d.path().join("audit.toml");
    std::fs::write(
        &plan,
            "[audit]\nid = \"DGZJ-2026-IA01\"\ntitle = \"=1+1 <b>|x\"\nstart = 2026-03-16\nend = 2026-03-20\n\n[[office]]\ncode = \"linhu\"\nname = \"=HYPERLINK(\\\"x\\\") <script>alert(1)</script>|\"\nchecklists = [\"nasty.csv\"]\n"
    )
    .unwrap();
    let aout = d.path().join("audit");
    let o = isoaudit()
        .arg("audit")
        .arg(&plan)
        .arg("-o")
        .arg(&aout)
        .output()
        .unwrap();
    assert_no_crash(&o);
    let strings = xlsx_strings(&aout.join("summary.xlsx"));
    assert!(
        strings.iter().any(|s| s.starts_with("=HYPERLINK")),
        "{strings:?}"
    );
    let md = std::fs::read_to_string(aout.join("summary.md")).unwrap();
    assert_md_safe(&md, "summary.md");
    assert!(md.contains("&lt;script&gt;"), "{md}");

    // actions: sync the result into a register, export the tracker.
    let db = d.path().join("reg.db");
    let o = isoaudit()
        .args([
            "actions",
            "--today",
            "2026-03-21",
            "--by",
            "王敏",
            "--register",
        ])
        .arg(&db)
        .arg("sync")
        .arg(out.join("result.json"))
        .output()
        .unwrap();
    assert_no_crash(&o);
    let tracker = d.path().join("tracker.xlsx");
    let o = isoaudit()
        .args(["actions", "--today", "2026-03-21", "--register"])
        .arg(&db)
        .arg("export")
        .arg("-o")
        .arg(&tracker)
        .output()
        .unwrap();
    assert_no_crash(&o);
    let strings = xlsx_strings(&tracker);
    assert!(
        strings.iter().any(|s| s.starts_with("@SUM")),
        "{}\n{strings:?}",
        stderr(&o)
    );

    // map: a document whose name and text look like formulas and HTML.
    let docs = d.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    write(
        &docs,
        "=cmd|' calc'!A0 <b>.md",
        format!("# =1+1 <script>alert(1)</script>|\n\n{GOOD_MD}\n@SUM(A1) 文件控制 <img src=x onerror=alert(1)>\n").as_bytes(),
    );
    let mx = d.path().join("map.xlsx");
    let o = isoaudit()
        .args(["map", "--format", "xlsx", "-o"])
        .arg(&mx)
        .arg(&docs)
        .output()
        .unwrap();
    assert_no_crash(&o);
    let strings = xlsx_strings(&mx);
    assert!(strings.iter().any(|s| s.starts_with("=cmd")), "{strings:?}");
    let o = isoaudit()
        .args(["map", "--format", "md"])
        .arg(&docs)
        .output()
        .unwrap();
    assert_no_crash(&o);
    assert_md_safe(&stdout(&o), "map md");

    // checklist new writes only our own text, still all as string cells.
    let tpl = d.path().join("new.xlsx");
    let o = isoaudit()
        .args(["checklist", "new", "-o"])
        .arg(&tpl)
        .output()
        .unwrap();
    assert_no_crash(&o);
    assert!(!xlsx_strings(&tpl).is_empty());
}

// ---------------------------------------------------------------------------------------------
// Output paths.

/// Every file under `dir`, relative.
fn files_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.unwrap();
        if e.file_type().is_file() {
            out.push(
                e.path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
            );
        }
    }
    out
}

/// Office codes, office names, checklist names and audit ids with `../`, `/` and reserved
/// characters never put a file outside the output folder.
#[test]
fn user_strings_never_become_paths_outside_the_output() {
    let d = tempfile::tempdir().unwrap();
    let work = d.path().join("work");
    std::fs::create_dir(&work).unwrap();
    let cl = write(&work, "..%2f..%2fevil:*?.csv", GOOD_CSV.as_bytes());
    let out = work.join("out");
    let o = isoaudit()
        .args([
            "report",
            "--office",
            "../../escape",
            "--audit-id",
            "../../../tmp/x",
            "-o",
        ])
        .arg(&out)
        .arg(&cl)
        .output()
        .unwrap();
    assert_no_crash(&o);
    // The reports, and the marker that keeps the folder from being read as procedures.
    assert_eq!(
        files_under(&out),
        [
            ".isoaudit-output",
            "audit-report.docx",
            "nc-report.xlsx",
            "nonconformity-reports.docx",
            "report.html",
            "report.md",
            "result.json"
        ]
    );

    // A plan whose office code climbs out is refused before anything is written.
    for code in ["../evil", "a/b", "..", "c:\\x", "x*?"] {
        let plan = work.join("audit.toml");
        std::fs::write(
            &plan,
            format!(
                "[audit]\nid = \"../../A\"\n\n[[office]]\ncode = '{code}'\nname = \"../../n\"\nchecklists = [\"*.csv\"]\n"
            ),
        )
        .unwrap();
        let o = isoaudit()
            .arg("audit")
            .arg(&plan)
            .arg("-o")
            .arg(work.join("aout"))
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{code}: {}", stderr(&o));
        assert!(stderr(&o).contains("office.code"), "{code}: {}", stderr(&o));
        assert!(!work.join("aout").exists(), "{code}");
    }
    // Names with separators are fine where they are only names.
    let plan = work.join("audit.toml");
    std::fs::write(
        &plan,
        "[audit]\nid = \"../../A/B\"\n\n[[office]]\ncode = \"linhu\"\nname = \"../../临湖/县局\"\nchecklists = [\"*.csv\"]\n",
    )
    .unwrap();
    let aout = work.join("aout");
    let o = isoaudit()
        .arg("audit")
        .arg(&plan)
        .arg("-o")
        .arg(&aout)
        .output()
        .unwrap();
    assert_no_crash(&o);
    let files = files_under(&aout);
    assert!(
        files.iter().all(|f| f.starts_with("linhu/")
            || f.starts_with("summary.")
            || f == ".isoaudit-output"),
        "{files:?}"
    );
    let everything = files_under(d.path());
    assert!(
        everything.iter().all(|f| f.starts_with("work/")),
        "{everything:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Inputs the fuzzers found (tests/fixtures/fuzz/TARGET/NAME; the first byte picks the type as in
// fuzz/fuzz_targets), replayed through the real binary under a memory limit.

#[cfg(target_os = "linux")]
#[test]
fn fuzz_regressions() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz");
    let d = tempfile::tempdir().unwrap();
    let mut replayed = 0;
    for (target, exts) in [
        ("checklist", &["xlsx", "ods", "csv", "xls"][..]),
        ("extract", &["docx", "html", "odt", "txt", "md", "pdf"][..]),
    ] {
        let Ok(entries) = std::fs::read_dir(root.join(target)) else {
            continue;
        };
        for e in entries {
            let input = std::fs::read(e.unwrap().path()).unwrap();
            let (pick, body) = input.split_first().unwrap();
            let name = format!("{target}-{replayed}.{}", exts[*pick as usize % exts.len()]);
            let dir = d.path().join(format!("case{replayed}"));
            std::fs::create_dir(&dir).unwrap();
            let file = write(&dir, &name, body);
            let args: Vec<&std::ffi::OsStr> = if target == "checklist" {
                vec!["checklist".as_ref(), "check".as_ref(), file.as_os_str()]
            } else {
                vec!["map".as_ref(), dir.as_os_str()]
            };
            let o = isoaudit_limited(2 * 1024 * 1024, &args);
            assert_no_crash(&o);
            assert!(
                stderr(&o).contains(&name) || stdout(&o).contains(&name),
                "{name}"
            );
            replayed += 1;
        }
    }
    assert!(replayed >= 1);
}

/// File names and cell text are data: an escape sequence in them reaches the terminal shown
/// as `\u{1b}`, never as a control character that could clear the screen or retitle it.
#[cfg(unix)]
#[test]
fn control_characters_from_files_never_reach_the_terminal() {
    let d = tempfile::tempdir().unwrap();
    let docs = d.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    write(&docs, "a\x1b]0;pwned\x07\x1b[2J.md", GOOD_MD.as_bytes());
    let csv = write(
        d.path(),
        "bad.csv",
        "条款,问题,结果\n7.5.3,文件\x1b[31m受控?,合格?\x1b[0m\n".as_bytes(),
    );
    let map = isoaudit().arg("map").arg(&docs).output().unwrap();
    let check = isoaudit()
        .args(["checklist", "check"])
        .arg(&csv)
        .output()
        .unwrap();
    for o in [&map, &check] {
        assert_no_crash(o);
        for stream in [&o.stdout, &o.stderr] {
            assert!(!stream.contains(&0x1b) && !stream.contains(&0x07));
        }
    }
    assert!(
        stdout(&map).contains("a\\u{1b}]0;pwned\\u{7}"),
        "{}",
        stdout(&map)
    );
    assert!(stderr(&check).contains("\\u{1b}[0m"), "{}", stderr(&check));
}
