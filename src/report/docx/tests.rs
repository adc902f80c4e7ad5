use super::*;
use crate::model::{AuditInfo, Location};

fn nc(id: &str, grade: Outcome, statement: &str) -> Finding {
    Finding {
        id: id.into(),
        key: String::new(),
        clause: "7.5.3".parse().unwrap(),
        clause_title_en: "Control of documented information".into(),
        clause_title_zh: "成文信息的控制".into(),
        grade,
        grade_defaulted: false,
        procedure: "LHZJ-QP-01 文件控制程序".into(),
        question: "受控文件是否为现行有效版本？".into(),
        evidence: "受理窗口使用作废版登记表".into(),
        statement: statement.into(),
        department: "综合股".into(),
        auditor: "李强".into(),
        date: "2026-03-18".parse().ok(),
        source: Location::file("检查表.xlsx"),
    }
}

fn result() -> AuditResult {
    AuditResult {
        audit: AuditInfo {
            audit_id: "DGZJ-2026-IA01".into(),
            office_code: "linhu".into(),
            office_name: "临湖县局".into(),
            start_date: "2026-03-16".parse().ok(),
            end_date: "2026-03-18".parse().ok(),
            lead_auditor: "王敏".into(),
            team: vec!["李强".into(), "陈静".into()],
            ..AuditInfo::default()
        },
        nonconformities: vec![
            nc(
                "DGZJ-2026-IA01-linhu-NC01",
                Outcome::Major,
                "未收回作废文件 <b>&",
            ),
            nc("DGZJ-2026-IA01-linhu-NC02", Outcome::Minor, "登记表缺签名"),
            nc("DGZJ-2026-IA01-linhu-NC03", Outcome::Minor, "第三项"),
        ],
        ..AuditResult::default()
    }
}

fn part(docx: &[u8], name: &str) -> String {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut s = String::new();
    std::io::Read::read_to_string(&mut z.by_name(name).unwrap(), &mut s).unwrap();
    s
}

/// Each NC has its own page with its fields filled; fonts are named for Chinese; the footer
/// counts pages.
#[test]
fn one_page_per_nonconformity_with_every_field() {
    let r = result();
    let docx = to_docx(&r, Kind::NcReports, Lang::Zh, None).unwrap();
    let doc = part(&docx, "word/document.xml");
    assert_eq!(doc.matches(r#"<w:br w:type="page"/>"#).count(), 2, "{doc}");
    for f in &r.nonconformities {
        assert_eq!(doc.matches(f.id.as_str()).count(), 1, "{}", f.id);
    }
    assert!(doc.contains("未收回作废文件 &lt;b&gt;&amp;"));
    assert!(doc.contains("■ 严重不符合"));
    assert_eq!(doc.matches("■ 一般不符合").count(), 2);
    assert!(doc.contains("GB/T 19001-2016 7.5.3 成文信息的控制"));
    assert!(doc.contains("受审核部门负责人确认"));
    assert!(!doc.contains("{{"), "a placeholder is left");
    let styles = part(&docx, "word/styles.xml");
    assert!(styles.contains(r#"w:eastAsia="宋体""#) && styles.contains(r#"w:eastAsia="黑体""#));
    let footer = part(&docx, "word/footer1.xml");
    assert!(footer.contains("NUMPAGES") && footer.contains("第 "));
    // The same result, the same bytes.
    assert_eq!(docx, to_docx(&r, Kind::NcReports, Lang::Zh, None).unwrap());
}

#[test]
fn audit_report_in_english_has_cover_findings_and_signatures() {
    let docx = to_docx(&result(), Kind::AuditReport, Lang::En, None).unwrap();
    let doc = part(&docx, "word/document.xml");
    for want in [
        "Internal audit report",
        "DGZJ-2026-IA01",
        "临湖县局 (linhu)",
        "2026-03-16 – 2026-03-18",
        "李强、陈静",
        "Prepared by",
        "Approved by",
        "DGZJ-2026-IA01-linhu-NC03",
    ] {
        assert!(doc.contains(want), "{want}");
    }
    assert!(!doc.contains("{{"));
    assert!(
        !doc.contains("不符合"),
        "English report with Chinese labels"
    );
}

/// A bureau's own form: our template opened, renumbered and restyled in Word (here: text
/// changed, a placeholder split across runs as Word does), then used in its place.
#[test]
fn a_bureaus_template_is_filled_and_its_errors_are_named() {
    let ours = default_template(Kind::NcReports, Lang::Zh).unwrap();
    let doc = part(&ours, "word/document.xml").replacen(
        "不符合报告</w:t>",
        "QR-08 不符合报告 {{nc</w:t></w:r><w:r><w:t>_count}} 项</w:t>",
        1,
    );
    let theirs = package::template_package(&ours, &doc).unwrap();
    let t = Template {
        path: "QR-08.docx",
        bytes: &theirs,
    };
    let out = to_docx(&result(), Kind::NcReports, Lang::Zh, Some(&t)).unwrap();
    let filled = part(&out, "word/document.xml");
    assert_eq!(
        filled.matches("QR-08 不符合报告 3 项").count(),
        3,
        "{filled}"
    );
    // Every other part of their package is kept.
    assert_eq!(
        part(&out, "word/styles.xml"),
        part(&theirs, "word/styles.xml")
    );

    let bad =
        package::template_package(&ours, &doc.replacen("{{department}}", "{{部门}}", 1)).unwrap();
    let t = Template {
        path: "QR-08.docx",
        bytes: &bad,
    };
    let e = to_docx(&result(), Kind::NcReports, Lang::Zh, Some(&t)).unwrap_err();
    assert_eq!(
        e.to_string(),
        "template QR-08.docx: unknown placeholder {{部门}}"
    );
    let t = Template {
        path: "notes.txt",
        bytes: b"not a zip",
    };
    let e = to_docx(&result(), Kind::NcReports, Lang::Zh, Some(&t)).unwrap_err();
    assert!(
        e.to_string().starts_with("template notes.txt: damaged"),
        "{e}"
    );
}
